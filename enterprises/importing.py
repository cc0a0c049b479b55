"""The registry's one import service: `manage.py import_data`, the admin's import button and `manage.py
import_targets` all call `import_dataset`.

All or nothing. The rows are read in batches of BATCH_SIZE and checked against lookups made once per file or once
per batch (a fixed number of queries per batch, never one per row); a single bad row and nothing is written, and
every bad row is reported with its spreadsheet row number (the header is row 1) and the reason, in Chinese. While
no row is bad, each batch is compared with what exists and its new and changed rows are staged
(enterprises.bulk_load: COPY into a temporary table on PostgreSQL); once the whole file is checked, they are written
in one transaction, set-based, with history rows naming the acting user. Unchanged rows are not touched, so
importing the same file twice writes nothing the second time.

Blank optional cells, and optional columns left out of the file, keep what the registry already holds.
The history rows name the actor as `audit.bulk_history` does for any bulk write. A file that created or changed
designations or figures tells enterprises.changes once, with every enterprise it touched (fresh results); a dry
run or a file that changed nothing tells no one.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from import_export.results import Result, RowResult
from openpyxl.utils import get_column_letter

from audit import bulk_history, require_actor

from .cells import control_character_reason, is_blank
from .changes import registry_changed
from .import_rows import RowError
from .importers import IMPORTERS
from .resources import RESOURCES
from .spreadsheets import UTF8_OR_GB18030, SpreadsheetError, read_sheet

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000  # rows checked, compared and staged together
PREVIEW_ROWS = 100
SHOWN_ERROR_ROWS = 500  # the admin lists this many bad rows; the command line lists them all
HEADER_ROW = 1
FIRST_DATA_ROW = 2
FILE_COLUMN = "文件"
ROW_COLUMN = "整行"


@dataclass
class ImportReport:
    kind: str
    label: str
    dry_run: bool
    file_errors: list = field(default_factory=list)
    row_errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview: list = field(default_factory=list)  # (row number, "new" | "update" | "skip"), the first rows only

    @property
    def ok(self):
        return not self.file_errors and not self.row_errors

    @property
    def bad_rows(self):
        return sorted({error.row for error in self.row_errors})

    def error_lines(self):
        return [f"文件错误：{message}" for message in self.file_errors] + [str(error) for error in self.row_errors]

    def summary(self):
        if self.file_errors:
            return f"{self.label}导入失败：文件有误，未写入任何数据。"
        if self.row_errors:
            return f"{self.label}导入失败：共 {len(self.bad_rows)} 行有错误，未写入任何数据。请改正后重新导入整个文件。"
        counts = f"新增 {self.created} 条，更新 {self.updated} 条，未变化 {self.unchanged} 条"
        if self.dry_run:
            return f"{self.label}试运行（未写入）：将{counts}。"
        return f"{self.label}导入完成：{counts}。"


def register_import_kind(resource, importer):
    """Let a capability add a KIND to `manage.py import_data` and the admin's import button: `resource` (a
    `resources.RegistryResource` subclass naming its `kind` and columns) and `importer` (an
    `import_rows.RowImporter` subclass). Called from the capability's AppConfig.ready(), so the registry names none
    of the apps above it; the kind then has every promise of the registry's own (all or nothing, bad rows named,
    re-import unchanged, history, scope). Registering the same pair again (a second ready()) is harmless."""
    kind = resource.kind
    if not kind:
        raise ValueError("an import resource must name its kind")
    if RESOURCES.get(kind, resource) is not resource or IMPORTERS.get(kind, importer) is not importer:
        raise ValueError(f"the import kind {kind!r} is already registered")
    RESOURCES[kind] = resource
    IMPORTERS[kind] = importer


def import_dataset(kind, dataset, *, actor, dry_run=False, source_name="", options=None):
    """Validate every row of `dataset` (a tablib Dataset, or a Sheet streamed from disk, read by
    `enterprises.spreadsheets`: its rows are iterated more than once, never indexed), then write all or nothing.
    `actor` (a user, or audit.COMMAND for the command line without --user) is recorded in the history rows
    and limits the rows to what the actor may see. `options` go to the kind's importer (the figures' source, for
    figures a department reports through the open interfaces)."""
    require_actor(actor)
    resource = RESOURCES[kind]
    report = ImportReport(kind=kind, label=resource.get_display_name(), dry_run=dry_run)
    columns = _check_headers(resource, dataset, report)
    if report.file_errors:
        return report
    rows = FileRows(dataset, columns)
    if not rows:
        report.file_errors.append("文件中没有数据行（第 1 行为表头，数据从第 2 行开始）。")
        return report
    if dry_run:
        _run(kind, rows, actor, report, write=False, source_name=source_name, options=options)
        return report
    try:
        with transaction.atomic():
            _run(kind, rows, actor, report, write=True, source_name=source_name, options=options)
    except IntegrityError:
        # A concurrent change broke a constraint between our checks and our writes; the transaction rolled back.
        logger.warning("import of %s (%s) hit a constraint; rolled back", kind, source_name, exc_info=True)
        report.created = report.updated = report.unchanged = 0
        report.file_errors.append("写入时与他人同时进行的修改冲突，未写入任何数据，请稍后重新导入。")
    return report


def _check_headers(resource, dataset, report):
    """{field name: column index}, or file errors for an empty file, a missing, misspelt or repeated column."""
    declared = {f.column_name: name for name, f in resource.fields.items()}
    headers = [("" if h is None else str(h)).replace("\ufeff", "").strip() for h in (dataset.headers or [])]
    if not any(headers):
        report.file_errors.append(f"文件为空或缺少表头。第 1 行应为列名：{'、'.join(declared)}。")
        return {}
    if resource.exact_columns:
        named = headers[:max(index for index, header in enumerate(headers) if header) + 1]
        if sorted(named) != sorted(declared):
            report.file_errors.append(f"表头应为且仅为：{'、'.join(declared)}；实际为：{'、'.join(named)}")
            return {}
    columns, seen = {}, set()
    for index, header in enumerate(headers):
        if reason := control_character_reason(header):
            report.file_errors.append(f"第 {get_column_letter(index + 1)} 列的列名{reason}。")
        elif not header:
            if any(not is_blank(row[index]) for row in dataset):
                report.file_errors.append(f"第 {get_column_letter(index + 1)} 列有数据但没有列名。")
        elif header in seen:
            report.file_errors.append(f"列“{header}”重复出现。")
        elif header in declared:
            columns[declared[header]] = index
        else:
            hint = _closest_header(header, declared)
            report.file_errors.append(
                f"无法识别的列“{header}”" + (f"，应为“{hint}”" if hint else f"（允许的列：{'、'.join(declared)}）") + "。"
            )
        seen.add(header)
    missing = [h for h, name in declared.items() if name not in columns and h not in resource.optional_columns]
    if missing:
        report.file_errors.append(f"缺少必填列：{'、'.join(missing)}（列名须与模板完全一致）。")
    return columns


def _closest_header(header, declared):
    def squeeze(text):
        return text.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")

    for expected in declared:
        if squeeze(header) == squeeze(expected):
            return expected
    return None


class FileRows:
    """The data rows of a dataset as (row number, {field name: raw cell}), blank rows left out (but still counted).
    Read lazily, and again each time it is iterated: no list of the whole file's rows is built."""

    def __init__(self, dataset, columns):
        self.dataset, self.items = dataset, list(columns.items())

    def __iter__(self):
        items = self.items
        for offset, record in enumerate(self.dataset):
            cells = {name: record[index] for name, index in items}
            if all(_blank(value) for value in cells.values()):
                continue
            yield FIRST_DATA_ROW + offset, cells

    def __bool__(self):
        return next(iter(self), None) is not None


def _blank(value):
    if value is None or value == "":
        return True
    if isinstance(value, str):
        return not value.strip()  # str.strip() takes the ideographic space too, as cells.text does
    return is_blank(value)


def _batches(rows, size):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run(kind, rows, actor, report, *, write, source_name, options=None):
    """Check the rows batch by batch (a fixed number of queries per batch); while none is bad, compare each batch
    with what exists and stage what is new or changed; then write it all, or nothing when any row was bad."""
    now = timezone.now()
    importer = IMPORTERS[kind](actor=actor, today=timezone.localdate(), columns=RESOURCES[kind]().fields,
                               **(options or {}))
    importer.prepare(rows)
    writer = None
    if write:
        history = bulk_history(actor, reason=f"批量导入 {source_name}".strip())
        writer = importer.writer(history={**history, "default_date": now})
    first_row_of, touched = {}, set()
    for batch in _batches(rows, BATCH_SIZE):
        candidates = []
        for number, cells in batch:
            errors = []
            values = importer.parse(number, cells, errors)
            if not errors:
                key = importer.key(values)
                if key in first_row_of:
                    errors.append(RowError(number, ROW_COLUMN, importer.duplicate_reason(first_row_of[key], values)))
                else:
                    first_row_of[key] = number
                    candidates.append((number, key, values))
            if errors:
                report.row_errors.extend(errors)
        if report.row_errors or not candidates:
            continue  # the rest of the file is still checked, so that every bad row is named
        held_as_given = importer.held_as_given(candidates)
        existing = importer.existing({key for _, key, _ in candidates} - held_as_given)
        new, changed, changed_fields = [], [], set()
        for number, key, values in candidates:
            instance = existing.get(key)
            if key in held_as_given:
                action = "skip"
            elif instance is None:
                new.append(importer.build(values))
                action = "new"
            else:
                fields = importer.apply(instance, values)
                if fields:
                    changed.append(instance)
                    changed_fields.update(fields)
                    action = "update"
                else:
                    action = "skip"
            if len(report.preview) < PREVIEW_ROWS:
                report.preview.append((number, action))
        report.created += len(new)
        report.updated += len(changed)
        report.unchanged += len(candidates) - len(new) - len(changed)
        if writer is not None:
            writer.stage(new, changed, changed_fields)
            if importer.changes_results:
                touched.update(_enterprise_id(row) for row in new + changed)
        importer.batch_done(write=writer is not None)
    if report.row_errors:
        report.created = report.updated = report.unchanged = 0
        report.preview.clear()
        return
    if writer is not None:
        writer.finish()
        importer.after_write()
        if touched:
            registry_changed(enterprise_ids=touched, actor=actor, figure_years=importer.figure_years)


def _enterprise_id(row):
    return row["enterprise_id"] if isinstance(row, dict) else row.enterprise_id


def import_for_admin(kind, dataset, *, actor, dry_run, source_name):
    """`import_dataset`, answered as django-import-export's admin expects (the resources' `run_import`)."""
    return report_as_result(
        import_dataset(kind, dataset, actor=actor, dry_run=dry_run, source_name=source_name), dataset,
    )


def report_as_result(report, dataset):
    """The report in the shape django-import-export's admin templates render (its `Result`)."""
    result = Result()
    result.report = report
    headers = ["" if h is None else str(h) for h in (dataset.headers or [])]
    result.diff_headers = headers
    result.totals[RowResult.IMPORT_TYPE_NEW] = report.created
    result.totals[RowResult.IMPORT_TYPE_UPDATE] = report.updated
    result.totals[RowResult.IMPORT_TYPE_SKIP] = report.unchanged

    def values_of(number):
        record = dataset[number - FIRST_DATA_ROW] if number >= FIRST_DATA_ROW else headers
        return dict(zip(headers, ["" if value is None else value for value in record], strict=False))

    if report.file_errors:
        result.append_invalid_row(HEADER_ROW, values_of(HEADER_ROW), ValidationError({FILE_COLUMN: report.file_errors}))
    shown = report.row_errors
    bad_rows = report.bad_rows
    if len(bad_rows) > SHOWN_ERROR_ROWS:
        last_shown = bad_rows[SHOWN_ERROR_ROWS - 1]
        shown = [error for error in shown if error.row <= last_shown]
        result.error_rows_note = (
            f"共 {len(bad_rows)} 行有错误，下表仅列出前 {SHOWN_ERROR_ROWS} 行；"
            "可在命令行运行 import_data --dry-run 查看全部错误。"
        )
    for number, errors in groupby(shown, key=lambda error: error.row):
        messages = defaultdict(list)
        for error in errors:
            messages[error.column or ROW_COLUMN].append(error.reason)
        result.append_invalid_row(number, values_of(number), ValidationError(dict(messages)))
    for number, action in report.preview if report.ok else ():
        row = RowResult()
        row.import_type = action
        row.diff = list(values_of(number).values())
        result.append_row_result(row)
    result.total_rows = report.created + report.updated + report.unchanged
    return result


# -- manage.py import_targets: the "targets" kind, reported as that command always has -----------------------------

class TargetImportError(Exception):
    """The file was refused; `errors` are Chinese messages with row numbers. Nothing was written."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class TargetImportSummary:
    new: int
    updated: int
    unchanged: int


def import_targets(*, actor, path):
    """Create or update one AreaTarget per row (area + year) from a .csv (UTF-8, or GB18030 as Chinese Excel saves
    it) or .xlsx file; any bad row refuses the whole file. FileNotFoundError for a missing file."""
    require_actor(actor)
    try:
        dataset = read_sheet(path, encodings=UTF8_OR_GB18030)
    except SpreadsheetError as error:
        raise TargetImportError([str(error)]) from None
    report = import_dataset("targets", dataset, actor=actor, source_name=Path(path).name)
    if not report.ok:
        raise TargetImportError(
            report.file_errors + [f"第 {error.row} 行：{error.reason}" for error in report.row_errors]
        )
    return TargetImportSummary(new=report.created, updated=report.updated, unchanged=report.unchanged)
