"""Annual figures a department reports (POST /api/v1/figures/), written through the registry's one import pipeline
(enterprises.importing, kind "figures"), so the rules are those of a file: all or nothing, every bad item named,
a second identical call unchanged, the awards re-evaluated when a figure changes."""

from decimal import Decimal

import tablib

from enterprises.importing import import_dataset
from enterprises.resources import AnnualFiguresResource

from .actors import institution_actor
from .errors import ApiError

FIELDS = ("credit_code", "year", "output_value", "tax_paid", "revenue", "rd_expense", "employees")
FIRST_DATA_ROW = 2  # the pipeline numbers rows as a spreadsheet does: the header is row 1


def _columns():
    fields = AnnualFiguresResource().fields
    return {name: fields[name].column_name for name in FIELDS}


def _cell(value):
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+6", which a spreadsheet cell would not hold
    return "" if value is None else str(value)


def receive_figures(*, institution, items):
    """{"created", "changed", "unchanged"}, or ApiError 422 listing each bad item by its index (from 0)."""
    columns = _columns()
    dataset = tablib.Dataset(headers=[columns[name] for name in FIELDS])
    for item in items:
        dataset.append([_cell(item.get(name)) for name in FIELDS])
    if not institution.figure_source:
        raise ApiError(403, "本机构未设定经营数据来源（税务或统计），请联系平台管理员在“接口机构”中设定。")
    if not items:
        raise ApiError(422, "请求中没有任何数据项。")
    report = import_dataset(
        "figures", dataset, actor=institution_actor(institution), source_name=f"开放接口 {institution.name}",
        options={"partial": True, "source": institution.figure_source, "reported_by": institution.name},
    )
    if not report.ok:
        field_of = {header: name for name, header in columns.items()}
        errors = [{"index": None, "field": "", "reason": message} for message in report.file_errors]
        errors += [
            {"index": error.row - FIRST_DATA_ROW, "field": field_of.get(error.column, ""), "reason": error.reason}
            for error in report.row_errors
        ]
        raise ApiError(422, f"共 {len({e['index'] for e in errors})} 项有错误，未写入任何数据。", errors)
    return {"created": report.created, "changed": report.updated, "unchanged": report.unchanged}
