"""The chain kinds of `import_data` (十一, 十二), on the registry's one pipeline: each file is read in a few
queries (`prepare`), all or nothing, re-imports unchanged."""

from enterprises.cells import CellError, iso_date, money, text
from enterprises.import_rows import RowError, RowImporter, bounded_text, in_chunks
from vocabulary.models import Category
from vocabulary.selectors import TermParser

from . import rules, selectors
from .models import ChainLink, ChainMember, Procurement, Product

ONLY_BUREAU = "只有市工业和信息化局可以维护产业链清单"


class ChainLinkImporter(RowImporter):
    """(十一) 产业链, 环节, 环节位置, 是否薄弱环节, [关键短板说明]: upsert on chain + link."""

    model = ChainLink

    def prepare(self, rows):
        self.by_key = {(link.chain, link.name): link for link in ChainLink.objects.all()}

    def parse(self, number, cells, errors):
        if self.restricted:
            errors.append(RowError(number, "", ONLY_BUREAU))
            return {}
        values = {
            "chain": self.read(number, cells, errors, "chain", bounded_text(50)),
            "name": self.read(number, cells, errors, "name", bounded_text(50)),
            "position": self.read(number, cells, errors, "position", rules.position),
            "weak": self.read(number, cells, errors, "weak", rules.yes_no),
        }
        gap_note = self.read(number, cells, errors, "gap_note", bounded_text(500), required=False)
        if gap_note:
            values["gap_note"] = gap_note
        return values

    def key(self, values):
        return (values["chain"], values["name"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一产业链的同一环节只能有一行"

    def existing(self, keys):
        return {key: self.by_key[key] for key in keys if key in self.by_key}


class ChainMemberImporter(RowImporter):
    """(十一) 统一社会信用代码, 产业链, 环节, 角色: the chain and the link must be on the chain list already."""

    model = ChainMember

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))
        self.links = {(link.chain, link.name): link.pk for link in ChainLink.objects.all()}
        self.chains = {chain for chain, _ in self.links}
        self.by_key = {}
        for chunk in in_chunks(self.enterprise_ids.values()):
            for member in ChainMember.objects.filter(enterprise_id__in=chunk):
                self.by_key[(member.enterprise_id, member.link_id)] = member

    def parse(self, number, cells, errors):
        values = {"enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id)}
        chain = self.read(number, cells, errors, "chain", text)
        name = self.read(number, cells, errors, "link", text)
        if chain and chain not in self.chains:
            errors.append(RowError(number, self.header["chain"], f"产业链清单中没有“{chain}”，请先导入产业链清单"))
        elif chain and name:
            link_id = self.links.get((chain, name))
            if link_id is None:
                errors.append(RowError(number, self.header["link"], f"产业链“{chain}”中没有环节“{name}”"))
            values["link_id"] = link_id
        values["role"] = self.read(number, cells, errors, "role", rules.member_role)
        return values

    def key(self, values):
        return (values["enterprise_id"], values["link_id"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业在同一产业链环节只能有一行"

    def existing(self, keys):
        return {key: self.by_key[key] for key in keys if key in self.by_key}


class ProductImporter(RowImporter):
    """(十二) 统一社会信用代码, 产品名称, 产品类别, [细分市场], [国内市场占有率（%）]: upsert on code + product name.
    Imported products are the bureau's own record: confirmed as they arrive."""

    model = Product

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))
        self.category = TermParser(Category.PRODUCT_CATEGORY)
        self.by_key = {}
        for chunk in in_chunks(self.enterprise_ids.values()):
            for product in Product.objects.filter(enterprise_id__in=chunk):
                self.by_key[(product.enterprise_id, product.name)] = product

    def category_id(self, value):
        return self.category(value).pk

    def parse(self, number, cells, errors):
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "name": self.read(number, cells, errors, "name", bounded_text(100)),
            "category_id": self.read(number, cells, errors, "category", self.category_id),
        }
        segment = self.read(number, cells, errors, "segment", bounded_text(100), required=False)
        if segment:
            values["segment"] = segment
        share = self.read(number, cells, errors, "domestic_share", rules.percentage, required=False)
        if share is not None:
            values["domestic_share"] = share
        return values

    def key(self, values):
        return (values["enterprise_id"], values["name"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业的同一产品只能有一行"

    def existing(self, keys):
        return {key: self.by_key[key] for key in keys if key in self.by_key}


class ProcurementImporter(RowImporter):
    """(十二) 统一社会信用代码, 采购项目, 产品类别, 预计金额（万元）, 截止日期: the code is the purchaser's, which must
    be a chain leader (链主企业 on some link of the chain list)."""

    model = Procurement

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))
        self.leaders = selectors.leader_ids()
        self.category = TermParser(Category.PRODUCT_CATEGORY)
        self.by_key = {}
        for chunk in in_chunks(self.enterprise_ids.values()):
            for plan in Procurement.objects.filter(enterprise_id__in=chunk):
                self.by_key[(plan.enterprise_id, plan.title)] = plan

    def purchaser_id(self, value):
        enterprise_id = self.enterprise_id(value)
        if enterprise_id not in self.leaders:
            raise CellError("该企业不是任何产业链的链主企业，请先在产业链企业清单中将其列为“链主企业”")
        return enterprise_id

    def category_id(self, value):
        return self.category(value).pk

    def parse(self, number, cells, errors):
        return {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.purchaser_id),
            "title": self.read(number, cells, errors, "title", bounded_text(100)),
            "category_id": self.read(number, cells, errors, "category", self.category_id),
            "amount_wan": self.read(number, cells, errors, "amount_wan", money),
            "deadline": self.read(number, cells, errors, "deadline", iso_date),
        }

    def key(self, values):
        return (values["enterprise_id"], values["title"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一链主企业的同一采购项目只能有一行"

    def existing(self, keys):
        return {key: self.by_key[key] for key in keys if key in self.by_key}
