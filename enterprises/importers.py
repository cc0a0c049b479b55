"""One importer per file kind: how a row is read, keyed, compared with what exists, and turned into a model.
The kinds are those of `manage.py import_data KIND` (the column headers live in enterprises.resources)."""

import re
from decimal import Decimal

from django.db import connection

from policy.levels import Level
from policy.selectors import edition_standing_on, editions, level_names

from .bulk_load import StagedUpsert
from .cells import CENT, INT_LIMIT, CellError, iso_date, money, text, whole_number
from .id_arrays import AnyOf
from .import_rows import RowError, RowImporter, bounded_text, in_chunks
from .models import (
    FIGURE_FIELDS,
    AnnualFigures,
    AreaTarget,
    CreditEntry,
    CreditStatus,
    Designation,
    Enterprise,
    FigureReport,
    FigureSource,
)
from .provenance import SETTLEMENT_FIELDS, as_field_value, chosen_source, precedence
from .rules import name_initials
from .selectors import area_by_name_or_code
from .services import default_valid_until

# SETTLEMENT_FIELDS as columns: a source's new value clears the settlement
REPORT_SETTLEMENT_COLUMNS = [FigureReport._meta.get_field(name).attname for name in SETTLEMENT_FIELDS]
# A kept value as the importer stages it: one tuple, the settlement cleared
REPORT_COLUMNS = ("enterprise_id", "year", "field", "source", "value", "received_at", "reported_by",
                  *REPORT_SETTLEMENT_COLUMNS)
EARLIEST_YEAR = 1990  # the figures_year_range constraint
# Cells `money` and `whole_number` would take as they stand; anything else goes through them for its reason.
PLAIN_MONEY = re.compile(r"^\d{1,14}(\.\d{1,2})?$")
PLAIN_WHOLE = re.compile(r"^\d{1,9}$")


def quick_money(value):
    if value.__class__ is str and PLAIN_MONEY.match(value):
        return Decimal(value).quantize(CENT)
    return money(value)


def quick_whole(value, *, what, minimum=0, maximum=INT_LIMIT):
    if value.__class__ is str and PLAIN_WHOLE.match(value):
        number = int(value)
        if minimum <= number <= maximum:
            return number
    return whole_number(value, what=what, minimum=minimum, maximum=maximum)
CREDIT_STATUSES = {status.label: status.value for status in CreditStatus}


class EnterpriseImporter(RowImporter):
    """Upsert on the credit code: 统一社会信用代码, 企业名称, 所属区域, [成立日期], [所属行业]."""

    model = Enterprise
    key_columns = ("credit_code",)

    def prepare(self, rows):
        self.areas = area_by_name_or_code()
        self.allowed_area_ids = self.visible_area_ids()
        codes = self.codes_in(rows)
        self.by_code = {}  # the file's codes the registry holds: {code: id}
        for chunk in in_chunks(codes):
            self.by_code.update(
                Enterprise.objects.filter(AnyOf("credit_code", chunk)).values_list("credit_code", "pk"))
        self.registered_codes = set(self.by_code)
        self.visible_ids = set(self.visible_enterprise_ids(codes).values()) if self.restricted else None

    def area(self, value):
        area = self.find_area(value)
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
        if known is not None and self.visible_ids is not None and known not in self.visible_ids:
            errors.append(RowError(number, self.header["credit_code"], "该企业登记在其他区域，您无权修改"))
        return values

    def key(self, values):
        return values["credit_code"]

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行的统一社会信用代码重复"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks(keys & self.registered_codes):
            found.update((row["credit_code"], row)
                         for row in Enterprise.objects.filter(AnyOf("credit_code", chunk)).values())
        return found

    # Bulk writes skip Enterprise.save(): the initials are derived here, for a new name only (pinyin is slow).
    def build(self, values):
        return super().build({**values, "name_initials": name_initials(values["name"])})

    def apply(self, instance, values):
        if values["name"] != instance["name"]:
            values = {**values, "name_initials": name_initials(values["name"])}
        return super().apply(instance, values)


class DesignationImporter(RowImporter):
    """Upsert on credit code + level + granted-on: 统一社会信用代码, 认定层级, 认定日期, [有效期至], [认定文号].
    A level may be named as any national criteria edition names it (科技和创新型中小企业 is the first tier too)."""

    model = Designation
    changes_results = True
    key_columns = ("enterprise_id", "level", "granted_on")

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))
        self.editions = None  # the policy editions, read once for the whole file
        self.level_names = level_names()  # the criteria editions' tier names, likewise

    def level(self, value):
        level = self.level_names.level_of(text(value))
        if level is None:
            other_names = self.level_names.names(Level.INNOVATIVE)[1:]
            also = f"（第一梯度也可写作：{'、'.join(other_names)}）" if other_names else ""
            raise CellError(f"认定层级“{text(value)}”无效，应为以下之一：{'、'.join(Level.labels)}{also}")
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

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业、同一认定层级、同一认定日期只能有一行"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({enterprise_id for enterprise_id, _, _ in keys}):
            for designation in Designation.objects.filter(AnyOf("enterprise_id", chunk)).values():
                key = (designation["enterprise_id"], designation["level"], designation["granted_on"])
                if key in keys:
                    found[key] = designation
        return found

    def build(self, values):
        if "valid_until" not in values:
            granted_on = values["granted_on"]
            if self.editions is None:
                self.editions = editions()
            edition = edition_standing_on(granted_on, self.editions)
            values["valid_until"] = default_valid_until(values["level"], granted_on, edition)
        return super().build({"source": Designation.Source.IMPORT, **values})


class FiguresImporter(RowImporter):
    """Upsert on credit code + year: 统一社会信用代码, 年度, 工业总产值（元）, 纳税总额（元）, [营业收入（元）],
    [研发费用（元）], [从业人员数]."""

    model = AnnualFigures
    changes_results = True
    key_columns = ("enterprise_id", "year")
    OPTIONAL_MONEY = ("revenue", "rd_expense")
    REQUIRED_MONEY = ("output_value", "tax_paid")

    def __init__(self, *, partial=False, source=FigureSource.IMPORT, reported_by="", **kwargs):
        super().__init__(**kwargs)
        #: a department's report may leave out 工业总产值 and 纳税总额 for a year the registry already holds
        self.partial = partial
        #: where the values come from: a file is 导入; a department's report 税务 or 统计 (enterprises.provenance)
        self.source, self.reported_by = source, reported_by[:100]
        self.pending = []  # FigureReport rows to keep, as tuples in the order of REPORT_COLUMNS
        self.figure_years = set()  # the years of the rows built or changed (RowImporter.figure_years)

    def prepare(self, rows):
        """The file's enterprises, which of their years exist (for a partial report), the precedence. Every
        source's last values are read batch by batch, in `existing`."""
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))
        self.known, self.reports = set(), {}
        if self.partial:
            for chunk in in_chunks(set(self.enterprise_ids.values())):
                self.known.update(
                    AnnualFigures.objects.filter(AnyOf("enterprise_id", chunk)).values_list(
                        "enterprise_id", "year"))
        self.ranks = precedence()
        self.report_writer = None

    def year(self, value):
        return quick_whole(value, what="年度", minimum=EARLIEST_YEAR, maximum=self.today.year)

    def parse(self, number, cells, errors):
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "year": self.read(number, cells, errors, "year", self.year),
        }
        for name in self.REQUIRED_MONEY:
            values[name] = self.read(number, cells, errors, name, quick_money, required=not self.partial)
            if values[name] is None and self.partial:
                del values[name]
                key = (values["enterprise_id"], values["year"])
                if None not in key and key not in self.known:
                    errors.append(RowError(number, self.header[name], "该企业该年度尚无经营数据，首次报送须填写"))
        for name in self.OPTIONAL_MONEY:
            amount = self.read(number, cells, errors, name, quick_money, required=False)
            if amount is not None:
                values[name] = amount
        employees = self.read(number, cells, errors, "employees", self.employees, required=False)
        if employees is not None:
            values["employees"] = employees
        return values

    @staticmethod
    def employees(value):
        return quick_whole(value, what="从业人员数")

    def key(self, values):
        return (values["enterprise_id"], values["year"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业同一年度只能有一行"

    def existing(self, keys):
        """The batch's figures held, and every source's last value of them (one query each)."""
        found, self.reports = {}, {}
        years = {year for _, year in keys}
        for chunk in in_chunks({enterprise_id for enterprise_id, _ in keys}):
            in_batch = AnyOf("enterprise_id", chunk)
            for figures in AnnualFigures.objects.filter(in_batch, year__in=years).values():
                key = (figures["enterprise_id"], figures["year"])
                if key in keys:
                    found[key] = figures
            reports = FigureReport.objects.filter(AnyOf("enterprise_id", chunk), year__in=years)
            for report in reports.values_list("enterprise_id", "year", "field", "source", "value", "received_at"):
                if report[:2] in keys:
                    self.reports.setdefault(report[:3], {})[report[3]] = report[4:]
        return found

    def held_as_given(self, candidates):
        """The batch's rows whose every given figure is held, kept as this source's value and disagreed with by no
        other source's value: the precedence would pick it again and nothing is to be written (one query)."""
        if connection.vendor != "postgresql" or not candidates:
            return set()
        columns = ("enterprise_id", "year", *FIGURE_FIELDS)
        arrays = [[values.get(name) for _, _, values in candidates] for name in columns]
        incoming = "CASE r.field " + " ".join(f"WHEN '{name}' THEN i.{name}" for name in FIGURE_FIELDS) + " END"
        held = " AND ".join(f"(i.{name} IS NULL OR f.{name} = i.{name})" for name in FIGURE_FIELDS)
        given = " + ".join(f"(i.{name} IS NOT NULL)::int" for name in FIGURE_FIELDS)
        with connection.cursor() as cursor:
            # Subqueries per row, each an index lookup whatever the table statistics (a join may hash a table); the
            # sources only for a row whose figures are held as given (CASE keeps that order), so new rows cost little.
            cursor.execute(
                f"SELECT i.enterprise_id, i.year FROM unnest(%s::bigint[], %s::int[], "
                f"{', '.join(['%s::numeric[]'] * len(FIGURE_FIELDS))}) AS i({', '.join(columns)}) "
                f"WHERE CASE WHEN (SELECT {held} FROM {AnnualFigures._meta.db_table} f "
                "WHERE f.enterprise_id = i.enterprise_id AND f.year = i.year) "
                f"THEN (SELECT bool_and({incoming} IS NULL OR r.value = {incoming}) "
                f"AND count(*) FILTER (WHERE r.source = %s AND {incoming} IS NOT NULL) = {given} "
                f"FROM {FigureReport._meta.db_table} r WHERE r.enterprise_id = i.enterprise_id AND r.year = i.year) "
                "ELSE false END",
                [*arrays, self.source],
            )
            return set(cursor.fetchall())

    def used_values(self, values, instance):
        """`values` with each figure replaced by the one the precedence picks once this source's value is kept."""
        enterprise_id, year = values["enterprise_id"], values["year"]
        used = dict(values)
        for name in FIGURE_FIELDS:
            if name not in values:
                continue
            held = instance[name] if instance is not None else None
            reports = self.reports.get((enterprise_id, year, name))
            if reports is None and (held is None or self.source == FigureSource.IMPORT):
                # No source kept yet and none to keep for what is held: this source's value is the one used.
                self.pending.append((enterprise_id, year, name, self.source, Decimal(values[name]), self.now,
                                     self.reported_by, None, None, ""))
                continue
            reports = self.reports.setdefault((enterprise_id, year, name), {})
            if not reports and held is not None and self.source != FigureSource.IMPORT:
                # A value from before sources were kept came from the registry's files or forms: keep it as 导入.
                self._keep(enterprise_id, year, name, FigureSource.IMPORT, Decimal(held), instance["updated_at"], "")
            incoming = Decimal(values[name])
            if self.source not in reports or reports[self.source][0] != incoming:
                self._keep(enterprise_id, year, name, self.source, incoming, self.now, self.reported_by)
            used[name] = as_field_value(name, reports[chosen_source(reports, self.ranks)][0])
        return used

    def _keep(self, enterprise_id, year, name, source, value, received_at, reported_by):
        self.reports[(enterprise_id, year, name)][source] = (value, received_at)
        self.pending.append((enterprise_id, year, name, source, value, received_at, reported_by, None, None, ""))

    def build(self, values):
        self.figure_years.add(values["year"])
        return super().build(self.used_values(values, None))

    def apply(self, instance, values):
        changed = super().apply(instance, self.used_values(values, instance))
        if changed:
            self.figure_years.add(instance["year"])
            instance["updated_at"] = self.now  # a bulk write runs no auto_now
            changed.append("updated_at")
        return changed

    def batch_done(self, *, write):
        """Stage each source's new values of the batch (one row per enterprise, year, field and source)."""
        if write and self.pending:
            if self.report_writer is None:
                self.report_writer = StagedUpsert(
                    FigureReport, key=("enterprise_id", "year", "field", "source"),
                    update_columns=["value", "received_at", "reported_by", *REPORT_SETTLEMENT_COLUMNS],
                    columns=REPORT_COLUMNS,
                )
            self.report_writer.stage_values(self.pending)
        self.pending.clear()
        self.reports = {}

    def after_write(self):
        """Keep each source's new values, once the figures are written."""
        if self.report_writer is not None:
            self.report_writer.finish()


class CreditImporter(RowImporter):
    """Upsert on credit code + status + listed-on (信用审查): 统一社会信用代码, 信用状况, 列入日期, [移出日期], 认定部门.
    A later file with 移出日期 filled records the removal on the listing already held."""

    model = CreditEntry

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))

    @staticmethod
    def status(value):
        status = CREDIT_STATUSES.get(text(value))
        if status is None:
            raise CellError(f"信用状况“{text(value)}”无效，应为以下之一：{'、'.join(CREDIT_STATUSES)}")
        return status

    def parse(self, number, cells, errors):
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "status": self.read(number, cells, errors, "status", self.status),
            "listed_on": self.read(number, cells, errors, "listed_on", self.past_date),
            "authority": self.read(number, cells, errors, "authority", bounded_text(100)),
        }
        removed_on = self.read(number, cells, errors, "removed_on", self.past_date, required=False)
        if removed_on is not None:
            if values["listed_on"] and removed_on <= values["listed_on"]:
                errors.append(RowError(number, self.header["removed_on"], "移出日期须晚于列入日期"))
            values["removed_on"] = removed_on
        return values

    def key(self, values):
        return (values["enterprise_id"], values["status"], values["listed_on"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业、同一信用状况、同一列入日期只能有一行"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({enterprise_id for enterprise_id, _, _ in keys}):
            for entry in CreditEntry.objects.filter(enterprise_id__in=chunk):
                key = (entry.enterprise_id, entry.status, entry.listed_on)
                if key in keys:
                    found[key] = entry
        return found


class TargetImporter(RowImporter):
    """Upsert on area + year: 所属区域, 年度, 新增市级专精特新目标（家） (分解指标, clause 二). The reasons are
    worded as `manage.py import_targets` has always printed them."""

    model = AreaTarget
    YEARS = range(2000, 2101)
    COUNTS = range(0, INT_LIMIT + 1)  # PositiveIntegerField
    LABELS = {"area": "所属区域", "year": "年度", "new_municipal_target": "目标"}

    def prepare(self, rows):
        self.areas = area_by_name_or_code()
        self.area_names = {area.pk: area.name for area in self.areas.values()}
        self.allowed_area_ids = self.visible_area_ids()

    def blank_reason(self, name):
        return f"{self.LABELS[name]}不能为空"

    def area(self, value):
        area = self.find_area(value)
        if area is None:
            raise CellError(f"未知区域“{text(value)}”（应为 20 个指标单位之一）")
        if self.allowed_area_ids is not None and area.pk not in self.allowed_area_ids:
            raise CellError(f"无权导入“{area.name}”的指标，只能导入本区域的指标")
        return area

    @staticmethod
    def whole_in(value, what, allowed):
        try:
            number = whole_number(value, what=what, minimum=-(10**15), maximum=10**15)
        except CellError:
            raise CellError(f"{what}“{text(value)}”不是整数") from None
        if number not in allowed:
            raise CellError(f"{what}“{text(value)}”超出范围")
        return number

    def parse(self, number, cells, errors):
        area = self.read(number, cells, errors, "area", self.area)
        return {
            "area_id": area.pk if area else None,
            "year": self.read(number, cells, errors, "year", lambda v: self.whole_in(v, "年度", self.YEARS)),
            "new_municipal_target": self.read(
                number, cells, errors, "new_municipal_target", lambda v: self.whole_in(v, "目标", self.COUNTS),
            ),
        }

    def key(self, values):
        return (values["area_id"], values["year"])

    def duplicate_reason(self, first_row, values):
        return f"{self.area_names[values['area_id']]} {values['year']} 年与第 {first_row} 行重复"

    def existing(self, keys):
        found = {}
        years = {year for _, year in keys}
        for target in AreaTarget.objects.filter(area_id__in={area_id for area_id, _ in keys}, year__in=years):
            key = (target.area_id, target.year)
            if key in keys:
                found[key] = target
        return found


IMPORTERS = {
    "enterprises": EnterpriseImporter, "designations": DesignationImporter, "figures": FiguresImporter,
    "credit": CreditImporter, "targets": TargetImporter,
}
