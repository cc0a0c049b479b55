"""How an import reads one row: the row error it reports, and the base every kind's importer (enterprises.importers)
builds on — reading cells, credit codes, enterprises and areas within the actor's scope.

Each importer loads what it needs for the whole file in `prepare` (a handful of queries, whatever the number of
rows), so that `parse` runs without touching the database. Used by `enterprises.importing` only.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from .bulk_load import InstanceBulk, RowDefaults, StagedUpsert
from .cells import CONTROL_CHARACTER, CellError, control_character_reason, is_blank, iso_date, text
from .credit_codes import credit_code_error, normalise_credit_code
from .id_arrays import AnyOf
from .models import Area, Enterprise
from .scoping import enterprise_q, scope, scope_areas

# A cell already in the registry's form (18 upper-case letters and digits): compacting it changes nothing.
COMPACT_CODE = re.compile(r"^[0-9A-Z]{18}$")


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
    """Whether `actor` sees only part of the registry (a system actor, like the bureau, sees all of it)."""
    return enterprise_q(actor) != Q()


def bounded_text(limit):
    def parse(value):
        value = text(value)
        if len(value) > limit:
            raise CellError(f"内容过长（{len(value)} 字），最多 {limit} 字")
        return value

    return parse


def header_columns(dataset, required, optional=(), *, what):
    """{column name: index} of a file's header row, and the file errors of a bad one: an empty header, data under no
    name, a name twice or unknown, a required name missing. For the imports with a fixed set of columns (bank receipts,
    budgets); `what` names the file in the messages (“回单”, “预算表”)."""
    headers = [("" if h is None else str(h)).replace("\ufeff", "").strip() for h in (dataset.headers or [])]
    expected = f"{'、'.join(required)}（可选列：{'、'.join(optional)}）" if optional else "、".join(required)
    if not any(headers):
        return {}, [f"文件为空或缺少表头。第 1 行应为列名：{expected}。"]
    columns, errors = {}, []
    for index, header in enumerate(headers):
        if not header:
            if any(not is_blank(record[index]) for record in dataset):
                errors.append(f"第 {index + 1} 列有数据但没有列名。")
        elif header in columns:
            errors.append(f"列“{header}”重复出现。")
        elif header not in (*required, *optional):
            shown = f"{'、'.join(required)}，可选列：{'、'.join(optional)}" if optional else "、".join(required)
            errors.append(f"无法识别的列“{header}”（{what}的列应为：{shown}）。")
        else:
            columns[header] = index
    missing = [name for name in required if name not in columns]
    if missing:
        errors.append(f"缺少必填列：{'、'.join(missing)}（列名须与模板完全一致）。")
    return columns, errors


def read_cell(number, cells, errors, name, parse, *, required=True, column=None, blank_reason="不能为空"):
    """One cell of row `number` of any import file (the registry's kinds, bank receipts, budgets): the parsed value,
    or None with a RowError in `errors` naming the row and the column (`column`, else `name`) — a control character,
    a blank required cell, or a value `parse` refuses (CellError). Every import reads its cells here, so a control
    character is refused before anything looks at the value."""
    raw, column = cells.get(name), column or name
    if raw.__class__ is str:  # the common case, checked without the general path's conversions
        if CONTROL_CHARACTER.search(raw):
            errors.append(RowError(number, column, control_character_reason(raw)))
            return None
        blank = not raw.strip()  # str.strip() takes the ideographic space too, as cells.text does
    else:
        if reason := control_character_reason(raw):
            errors.append(RowError(number, column, reason))
            return None
        blank = is_blank(raw)
    if blank:
        if required:
            errors.append(RowError(number, column, blank_reason))
        return None
    try:
        return parse(raw)
    except CellError as error:
        errors.append(RowError(number, column, str(error)))
        return None


class RowImporter:
    model = None
    #: whether the rows are inputs of the award results (designations, figures): a write tells enterprises.changes
    changes_results = False
    #: the columns of the unique constraint rows are matched on, for an importer that compares rows as dicts
    #: ({column attname: value}, "id" included) and has them COPY-ed and upserted (enterprises.bulk_load); an
    #: importer without it compares model instances and has them bulk-created and bulk-updated
    key_columns = ()
    #: for an importer of annual figures only: the years of the figures it created or changed, told to
    #: enterprises.changes with the enterprises (a re-evaluation judges only what those years feed); None: anything
    figure_years = None

    def __init__(self, *, actor, today, columns):
        self.actor = actor
        self.today = today
        self.now = timezone.now()
        self.header = {name: column.column_name for name, column in columns.items()}
        self.restricted = restricted(actor)
        self._codes = {}
        #: codes the registry holds (as stored: compact, upper case), which need no second check; filled in prepare
        self.registered_codes = set()

    # -- reading cells -------------------------------------------------------------------------------------------

    def blank_reason(self, name):
        return "不能为空"

    def read(self, number, cells, errors, name, parse, *, required=True):
        """The parsed cell, or None when it is blank (an error if required) or unusable (an error)."""
        raw = cells.get(name)
        if raw.__class__ is str and raw.strip() and not CONTROL_CHARACTER.search(raw):
            try:  # the common cell, as read_cell would take it, without its keyword arguments
                return parse(raw)
            except CellError as error:
                errors.append(RowError(number, self.header[name], str(error)))
                return None
        return read_cell(number, cells, errors, name, parse, required=required, column=self.header[name],
                         blank_reason=self.blank_reason(name))

    def credit_code(self, value):
        if value.__class__ is str and value in self.registered_codes:
            return value  # a registered code was checked when it was registered
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

    # -- enterprises and areas, within the actor's scope ---------------------------------------------------------

    def codes_in(self, rows):
        """The file's credit codes to look up; a cell with a control character is left out (PostgreSQL refuses a NUL
        in a query parameter) and refused when its row is read."""
        cells = {cells.get("credit_code") for _, cells in rows}
        return {
            cell if cell.__class__ is str and COMPACT_CODE.match(cell) else normalise_credit_code(text(cell))
            for cell in cells if not control_character_reason(cell)
        }

    def visible_enterprise_ids(self, codes):
        """{credit code: enterprise id} for the file's codes that the actor may see: one query (per 999 on SQLite)."""
        found = {}
        for chunk in in_chunks(codes):
            queryset = Enterprise.objects.filter(AnyOf("credit_code", chunk))
            if self.restricted:
                queryset = scope(queryset, self.actor)
            found.update(queryset.values_list("credit_code", "pk"))
        return found

    def enterprise_id(self, value):
        if value.__class__ is str:
            found = self.enterprise_ids.get(value)  # the cell is the code as stored
            if found is not None:
                return found
        return self._enterprise_id(value)

    def _enterprise_id(self, value):
        code = self.credit_code(value)
        if code not in self.enterprise_ids:
            where = "或不在您的管辖范围内" if self.restricted else ""
            raise CellError(f"企业库中没有统一社会信用代码为 {code} 的企业{where}，请先导入企业")
        return self.enterprise_ids[code]

    def visible_area_ids(self):
        """The ids of the areas the actor may write to, or None for all of them."""
        if not self.restricted:
            return None
        return set(scope_areas(Area.objects.all(), self.actor, via="").values_list("pk", flat=True))

    def find_area(self, value):
        """The area named by a cell (its name, with full- or half-width parentheses, or its 6-digit code), or None.
        `self.areas` is `selectors.area_by_name_or_code()`, loaded in `prepare`."""
        name = text(value).replace("(", "（").replace(")", "）")
        return self.areas.get(name) or self.areas.get(text(value))

    # -- comparing and building ----------------------------------------------------------------------------------

    def duplicate_reason(self, first_row, values):
        raise NotImplementedError

    def held_as_given(self, candidates):
        """The keys of the batch's rows ((row number, key, values)) that the database already holds exactly as given,
        found in SQL so that an unchanged re-import neither fetches nor compares them; none by default."""
        return set()

    def apply(self, instance, values):
        """Copy the differing values onto `instance` (a model instance, or a row dict); the names that changed."""
        changed = []
        if isinstance(instance, dict):
            for name, value in values.items():
                if instance[name] != value:
                    instance[name] = value
                    changed.append(name)
            return changed
        for name, value in values.items():
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed.append(name)
        return changed

    def build(self, values):
        if self.key_columns:
            if not hasattr(self, "_defaults"):
                self._defaults = RowDefaults(self.model, self.now)
            return self._defaults.complete_row(values)
        return self.model(**values)

    def writer(self, *, history):
        """What stages and writes this kind's rows (enterprises.bulk_load)."""
        if self.key_columns:
            return StagedUpsert(self.model, key=self.key_columns, history=history)
        return InstanceBulk(self.model, history=history)

    def batch_done(self, *, write):
        """A batch has been compared (and staged when `write`): let go of what was kept for it; nothing by default."""

    def after_write(self):
        """Write what goes with the rows, once they are written (the figures' sources); nothing by default."""
