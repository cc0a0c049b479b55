"""One importer per file kind: how a row is read, keyed, compared with what exists, and turned into a model.

Each importer loads what it needs for the whole file in `prepare` (a handful of queries, whatever the number of
rows), so that `parse` runs without touching the database. Used by `enterprises.importing` only.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from policy.levels import Level, level_from_label
from policy.rules import term_end
from policy.selectors import edition_standing_on

from .cells import CellError, is_blank, iso_date, money, text, whole_number
from .credit_codes import credit_code_error, normalise_credit_code
from .models import AnnualFigures, Area, Designation, Enterprise
from .scoping import enterprise_q, scope, scope_areas
from .selectors import area_by_name_or_code

EARLIEST_YEAR = 1990  # the figures_year_range constraint
LEVEL_LABELS = "、".join(level.label for level in Level)


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the column header, or "整行" / "" for the row as a whole
    reason: str

    def __str__(self):
        where = f"第 {self.row} 行"
        return f"{where}【{self.column}】：{self.reason}" if self.column else f"{where}：{self.reason}"


def in_chunks(values):
    """Split an IN (...) list where the backend limits query parameters (SQLite); PostgreSQL takes it whole."""
    values = list(values)
    size = connection.features.max_query_params or 50_000
    for start in range(0, len(values), size):
        yield values[start:start + size]


def restricted(actor):
    """Whether `actor` sees only part of the registry (None: the command line without --user sees all of it)."""
    return actor is not None and enterprise_q(actor) != Q()


def bounded_text(limit):
    def parse(value):
        value = text(value)
        if len(value) > limit:
            raise CellError(f"内容过长（{len(value)} 字），最多 {limit} 字")
        return value

    return parse


class RowImporter:
    model = None

    def __init__(self, *, actor, today, columns):
        self.actor = actor
        self.today = today
        self.header = {name: column.column_name for name, column in columns.items()}
        self.restricted = restricted(actor)
        self._codes = {}

    # -- reading cells -------------------------------------------------------------------------------------------

    def read(self, number, cells, errors, name, parse, *, required=True):
        """The parsed cell, or None when it is blank (an error if required) or unusable (an error)."""
        raw = cells.get(name)
        if is_blank(raw):
            if required:
                errors.append(RowError(number, self.header[name], "不能为空"))
            return None
        try:
            return parse(raw)
        except CellError as error:
            errors.append(RowError(number, self.header[name], str(error)))
            return None

    def credit_code(self, value):
        if isinstance(value, int | float) and abs(value) >= 1e15:
            # Excel keeps 15 significant digits: an all-digit code typed into a number cell is already corrupted.
            raise CellError("统一社会信用代码被 Excel 存成了数字，后几位已丢失：请将该列设为“文本”格式后重新填写")
        raw = text(value)
        if raw not in self._codes:
            self._codes[raw] = (normalise_credit_code(raw), credit_code_error(raw))
        code, error = self._codes[raw]
        if error:
            raise CellError(error)
        return code

    def past_date(self, value):
        day = iso_date(value)
        if day > self.today:
            raise CellError(f"日期 {day:%Y-%m-%d} 晚于今天")
        return day

    def codes_in(self, rows):
        return {normalise_credit_code(text(cells.get("credit_code"))) for _, cells in rows}

    def visible_enterprise_ids(self, codes):
        """{credit code: enterprise id} for the file's codes that the actor may see: one query (per 999 on SQLite)."""
        found = {}
        for chunk in in_chunks(codes):
            queryset = Enterprise.objects.filter(credit_code__in=chunk)
            if self.restricted:
                queryset = scope(queryset, self.actor)
            found.update(queryset.values_list("credit_code", "pk"))
        return found

    def enterprise_id(self, value):
        code = self.credit_code(value)
        if code not in self.enterprise_ids:
            where = "或不在您的管辖范围内" if self.restricted else ""
            raise CellError(f"企业库中没有统一社会信用代码为 {code} 的企业{where}，请先导入企业")
        return self.enterprise_ids[code]

    # -- comparing and building ----------------------------------------------------------------------------------

    def apply(self, instance, values):
        """Copy the differing values onto `instance`; the names of the fields that changed."""
        changed = []
        for name, value in values.items():
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed.append(name)
        return changed

    def build(self, values):
        return self.model(**values)


class EnterpriseImporter(RowImporter):
    """Upsert on the credit code: 统一社会信用代码, 企业名称, 所属区域, [成立日期], [所属行业]."""

    model = Enterprise

    def prepare(self, rows):
        self.areas = area_by_name_or_code()
        self.allowed_area_ids = (
            set(scope_areas(Area.objects.all(), self.actor, via="").values_list("pk", flat=True))
            if self.restricted else None
        )
        codes = self.codes_in(rows)
        self.by_code = {}
        for chunk in in_chunks(codes):
            self.by_code.update((e.credit_code, e) for e in Enterprise.objects.filter(credit_code__in=chunk))
        self.visible_ids = set(self.visible_enterprise_ids(codes).values()) if self.restricted else None

    def area(self, value):
        name = text(value).replace("(", "（").replace(")", "）")
        area = self.areas.get(name) or self.areas.get(text(value))
        if area is None:
            raise CellError(f"所属区域“{text(value)}”不存在，请填写区域名称（如 秀峰区、高新区）或 6 位区划代码")
        if self.allowed_area_ids is not None and area.pk not in self.allowed_area_ids:
            raise CellError(f"无权导入“{area.name}”的企业，只能导入本区域的企业")
        return area

    def parse(self, number, cells, errors):
        code = self.read(number, cells, errors, "credit_code", self.credit_code)
        values = {
            "credit_code": code,
            "name": self.read(number, cells, errors, "name", bounded_text(200)),
        }
        area = self.read(number, cells, errors, "area", self.area)
        values["area_id"] = area.pk if area else None
        founded_on = self.read(number, cells, errors, "founded_on", self.past_date, required=False)
        if founded_on is not None:
            values["founded_on"] = founded_on
        industry = self.read(number, cells, errors, "industry", bounded_text(100), required=False)
        if industry:
            values["industry"] = industry
        known = self.by_code.get(code)
        if known is not None and self.visible_ids is not None and known.pk not in self.visible_ids:
            errors.append(RowError(number, self.header["credit_code"], "该企业登记在其他区域，您无权修改"))
        return values

    def key(self, values):
        return values["credit_code"]

    def duplicate_reason(self, first_row):
        return f"与第 {first_row} 行的统一社会信用代码重复"

    def existing(self, keys):
        return self.by_code


class DesignationImporter(RowImporter):
    """Upsert on credit code + level + granted-on: 统一社会信用代码, 认定层级, 认定日期, [有效期至], [认定文号]."""

    model = Designation

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))
        self.policies = {}

    @staticmethod
    def level(value):
        level = level_from_label(text(value))
        if level is None:
            raise CellError(f"认定层级“{text(value)}”无效，应为以下之一：{LEVEL_LABELS}")
        return level

    def parse(self, number, cells, errors):
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "level": self.read(number, cells, errors, "level", self.level),
            "granted_on": self.read(number, cells, errors, "granted_on", self.past_date),
        }
        valid_until = self.read(number, cells, errors, "valid_until", iso_date, required=False)
        if valid_until is not None:
            if values["granted_on"] and valid_until < values["granted_on"]:
                errors.append(RowError(number, self.header["valid_until"], "有效期至早于认定日期"))
            values["valid_until"] = valid_until
        document_number = self.read(number, cells, errors, "document_number", bounded_text(100), required=False)
        if document_number:
            values["document_number"] = document_number
        return values

    def key(self, values):
        return (values["enterprise_id"], values["level"], values["granted_on"])

    def duplicate_reason(self, first_row):
        return f"与第 {first_row} 行重复：同一企业、同一认定层级、同一认定日期只能有一行"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({enterprise_id for enterprise_id, _, _ in keys}):
            for designation in Designation.objects.filter(enterprise_id__in=chunk):
                key = (designation.enterprise_id, designation.level, designation.granted_on)
                if key in keys:
                    found[key] = designation
        return found

    def build(self, values):
        if "valid_until" not in values:
            values["valid_until"] = term_end(
                values["granted_on"], self.validity_years(values["level"], values["granted_on"]),
            )
        return Designation(source=Designation.Source.IMPORT, **values)

    def validity_years(self, level, granted_on):
        """Years of validity under the policy record in force on the grant date: one query per distinct date."""
        if granted_on not in self.policies:
            self.policies[granted_on] = edition_standing_on(granted_on)
        return self.policies[granted_on].validity_years(level)


class FiguresImporter(RowImporter):
    """Upsert on credit code + year: 统一社会信用代码, 年度, 工业总产值（元）, 纳税总额（元）, [营业收入（元）],
    [研发费用（元）], [从业人员数]."""

    model = AnnualFigures
    OPTIONAL_MONEY = ("revenue", "rd_expense")

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))

    def year(self, value):
        return whole_number(value, what="年度", minimum=EARLIEST_YEAR, maximum=self.today.year)

    def parse(self, number, cells, errors):
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "year": self.read(number, cells, errors, "year", self.year),
            "output_value": self.read(number, cells, errors, "output_value", money),
            "tax_paid": self.read(number, cells, errors, "tax_paid", money),
        }
        for name in self.OPTIONAL_MONEY:
            amount = self.read(number, cells, errors, name, money, required=False)
            if amount is not None:
                values[name] = amount
        employees = self.read(number, cells, errors, "employees", self.employees, required=False)
        if employees is not None:
            values["employees"] = employees
        return values

    @staticmethod
    def employees(value):
        return whole_number(value, what="从业人员数")

    def key(self, values):
        return (values["enterprise_id"], values["year"])

    def duplicate_reason(self, first_row):
        return f"与第 {first_row} 行重复：同一企业同一年度只能有一行"

    def existing(self, keys):
        found = {}
        years = {year for _, year in keys}
        for chunk in in_chunks({enterprise_id for enterprise_id, _ in keys}):
            for figures in AnnualFigures.objects.filter(enterprise_id__in=chunk, year__in=years):
                key = (figures.enterprise_id, figures.year)
                if key in keys:
                    found[key] = figures
        return found

    def apply(self, instance, values):
        changed = super().apply(instance, values)
        if changed:
            instance.updated_at = timezone.now()  # bulk_update does not run auto_now
            changed.append("updated_at")
        return changed


IMPORTERS = {"enterprises": EnterpriseImporter, "designations": DesignationImporter, "figures": FiguresImporter}
