"""The chain kinds' columns (public interface: keep the headers exactly) for import_data and the admin buttons."""

from import_export import fields, widgets

from enterprises.resources import RegistryResource

from .models import ChainLink, ChainMember, Procurement, Product

DAY = "%Y-%m-%d"


class ChainLinkResource(RegistryResource):
    kind = "chains"
    optional_columns = ("关键短板说明",)

    chain = fields.Field("chain", column_name="产业链")
    name = fields.Field("name", column_name="环节")
    position = fields.Field("position", column_name="环节位置")
    weak = fields.Field("weak", column_name="是否薄弱环节")
    gap_note = fields.Field("gap_note", column_name="关键短板说明")

    class Meta:
        model = ChainLink
        name = "产业链清单"
        fields = ("chain", "name", "position", "weak", "gap_note")
        export_order = fields

    def dehydrate_position(self, link):
        return link.get_position_display()

    def dehydrate_weak(self, link):
        return "是" if link.weak else "否"


class ChainMemberResource(RegistryResource):
    kind = "chain-members"

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    chain = fields.Field("link__chain", column_name="产业链")
    link = fields.Field("link__name", column_name="环节")
    role = fields.Field("role", column_name="角色")

    class Meta:
        model = ChainMember
        name = "产业链企业"
        fields = ("credit_code", "chain", "link", "role")
        export_order = fields

    def dehydrate_role(self, member):
        return member.get_role_display()


class ProductResource(RegistryResource):
    kind = "products"
    optional_columns = ("细分市场", "国内市场占有率（%）")

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    name = fields.Field("name", column_name="产品名称")
    category = fields.Field("category__name", column_name="产品类别")
    segment = fields.Field("segment", column_name="细分市场")
    domestic_share = fields.Field("domestic_share", column_name="国内市场占有率（%）", widget=widgets.DecimalWidget())

    class Meta:
        model = Product
        name = "企业产品"
        fields = ("credit_code", "name", "category", "segment", "domestic_share")
        export_order = fields


class ProcurementResource(RegistryResource):
    kind = "procurement"

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    title = fields.Field("title", column_name="采购项目")
    category = fields.Field("category__name", column_name="产品类别")
    amount_wan = fields.Field("amount_wan", column_name="预计金额（万元）", widget=widgets.DecimalWidget())
    deadline = fields.Field("deadline", column_name="截止日期", widget=widgets.DateWidget(DAY))

    class Meta:
        model = Procurement
        name = "链主采购计划"
        fields = ("credit_code", "title", "category", "amount_wan", "deadline")
        export_order = fields
