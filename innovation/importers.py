"""The importers of (十三) demands and achievements and (十四) renovation projects: each file read in a handful of
queries (the credit codes, the vocabulary, the rows that exist), every bad row named, tokens computed once here."""

from decimal import Decimal

from enterprises.cells import CellError, iso_date, money, text
from enterprises.import_rows import RowError, RowImporter, bounded_text, in_chunks
from vocabulary.models import Category
from vocabulary.selectors import TermParser

from .models import RenovationProject, TechAchievement, TechDemand
from .rules import token_text
from .states import Maturity, RenovationKind, TransferMode

WAN_LIMIT = Decimal("1e10")  # DecimalField(max_digits=12, decimal_places=2)


def wan(value):
    """A non-negative amount in 万元 with at most two decimals."""
    try:
        amount = money(value)
    except CellError as error:
        raise CellError(str(error).replace("（单位：元）", "（单位：万元）")) from None
    if amount >= WAN_LIMIT:
        raise CellError(f"金额“{text(value)}”超出范围（单位：万元）")
    return amount


def choice(choices, what):
    by_label = {label: value for value, label in choices}

    def parse(value):
        found = by_label.get(text(value))
        if found is None:
            raise CellError(f"{what}“{text(value)}”无效，应为以下之一：{'、'.join(by_label)}")
        return found

    return parse


class DemandImporter(RowImporter):
    """(十三) Upsert on credit code + 需求名称: 统一社会信用代码, 需求名称, 技术领域, 需求描述, [拟投入（万元）], [截止日期]."""

    model = TechDemand

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))
        self.field = TermParser(Category.TECH_FIELD)

    def parse(self, number, cells, errors):
        field = self.read(number, cells, errors, "field", self.field)
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "name": self.read(number, cells, errors, "name", bounded_text(100)),
            "field_id": field.pk if field else None,
            "description": self.read(number, cells, errors, "description", bounded_text(2000)),
        }
        budget = self.read(number, cells, errors, "budget_wan", wan, required=False)
        if budget is not None:
            values["budget_wan"] = budget
        deadline = self.read(number, cells, errors, "deadline", iso_date, required=False)
        if deadline is not None:
            values["deadline"] = deadline
        if not errors:
            values["tokens"] = token_text(values["name"], values["description"])
        return values

    def key(self, values):
        return (values["enterprise_id"], values["name"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业的需求名称不能重复"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({enterprise_id for enterprise_id, _ in keys}):
            for demand in TechDemand.objects.filter(enterprise_id__in=chunk):
                if (demand.enterprise_id, demand.name) in keys:
                    found[(demand.enterprise_id, demand.name)] = demand
        return found


class AchievementImporter(RowImporter):
    """(十三) Upsert on 成果名称 + 完成单位 (universities' achievements, no enterprise): 成果名称, 完成单位, 技术领域,
    成果简介, 成熟度, 转化方式. The bureau imports the catalogue; a county may not (it names no area)."""

    model = TechAchievement
    maturity = staticmethod(choice(Maturity.choices, "成熟度"))
    transfer_mode = staticmethod(choice(TransferMode.choices, "转化方式"))

    def prepare(self, rows):
        self.field = TermParser(Category.TECH_FIELD)
        names = {text(cells.get("name")) for _, cells in rows}
        self.by_key = {}
        for chunk in in_chunks(names):
            for achievement in TechAchievement.objects.filter(name__in=chunk):
                self.by_key[(achievement.name, achievement.institution)] = achievement

    def parse(self, number, cells, errors):
        if self.restricted:
            errors.append(RowError(number, "", "技术成果目录由市级部门导入，县（市、区）账号不能导入"))
            return {}
        field = self.read(number, cells, errors, "field", self.field)
        values = {
            "name": self.read(number, cells, errors, "name", bounded_text(100)),
            "institution": self.read(number, cells, errors, "institution", bounded_text(100)),
            "field_id": field.pk if field else None,
            "summary": self.read(number, cells, errors, "summary", bounded_text(2000)),
            "maturity": self.read(number, cells, errors, "maturity", self.maturity),
            "transfer_mode": self.read(number, cells, errors, "transfer_mode", self.transfer_mode),
        }
        if not errors:
            values["tokens"] = token_text(values["name"], values["summary"])
        return values

    def key(self, values):
        return (values["name"], values["institution"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一完成单位的成果名称不能重复"

    def existing(self, keys):
        return {key: self.by_key[key] for key in keys if key in self.by_key}


class RenovationImporter(RowImporter):
    """(十四) Upsert on credit code + 项目名称: 统一社会信用代码, 项目名称, 改造类型, 总投资（万元）, 开工日期."""

    model = RenovationProject
    renovation_kind = staticmethod(choice(RenovationKind.choices, "改造类型"))

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))

    def parse(self, number, cells, errors):
        return {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "name": self.read(number, cells, errors, "name", bounded_text(100)),
            "kind": self.read(number, cells, errors, "kind_label", self.renovation_kind),
            "investment_wan": self.read(number, cells, errors, "investment_wan", wan),
            "started_on": self.read(number, cells, errors, "started_on", iso_date),
        }

    def key(self, values):
        return (values["enterprise_id"], values["name"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业的项目名称不能重复"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({enterprise_id for enterprise_id, _ in keys}):
            for project in RenovationProject.objects.filter(enterprise_id__in=chunk):
                if (project.enterprise_id, project.name) in keys:
                    found[(project.enterprise_id, project.name)] = project
        return found
