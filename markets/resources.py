"""The column mapping of the markets file kinds (六 logistics, 十五 honours, 十八 fairs and e-commerce). The headers
are a public interface: the bureaus fill them in their own workbooks, so keep them exactly."""

from import_export import fields, widgets

from enterprises.resources import DAY, RegistryResource

from .models import FairParticipation, Honour, LogisticsSupport, OnlineSales

CREDIT_CODE = "统一社会信用代码"


class LogisticsSupportResource(RegistryResource):
    """(六) 统一社会信用代码, 年度, 支持方式, 降低物流成本（万元）."""

    kind = "logistics"
    exact_columns = True

    credit_code = fields.Field("enterprise__credit_code", column_name=CREDIT_CODE)
    year = fields.Field("year", column_name="年度", widget=widgets.IntegerWidget())
    mode = fields.Field("mode", column_name="支持方式")
    cost_saved_wan = fields.Field("cost_saved_wan", column_name="降低物流成本（万元）", widget=widgets.DecimalWidget())

    class Meta:
        model = LogisticsSupport
        name = "物流降本支持"
        fields = ("credit_code", "year", "mode", "cost_saved_wan")
        export_order = fields

    def dehydrate_mode(self, record):
        return record.get_mode_display()


class HonourResource(RegistryResource):
    """(十五) 统一社会信用代码, 类别, 名称, 级别, 获得日期, [文号]."""

    kind = "honours"
    optional_columns = ("文号",)

    credit_code = fields.Field("enterprise__credit_code", column_name=CREDIT_CODE)
    category = fields.Field("category", column_name="类别")
    name = fields.Field("name", column_name="名称")
    level = fields.Field("level", column_name="级别")
    granted_on = fields.Field("granted_on", column_name="获得日期", widget=widgets.DateWidget(DAY))
    document_number = fields.Field("document_number", column_name="文号")

    class Meta:
        model = Honour
        name = "质量品牌荣誉"
        fields = ("credit_code", "category", "name", "level", "granted_on", "document_number")
        export_order = fields

    def dehydrate_category(self, record):
        return record.get_category_display()

    def dehydrate_level(self, record):
        return record.get_level_display()


class FairParticipationResource(RegistryResource):
    """(十八) 统一社会信用代码, 展会名称, 举办地, 开始日期, 结束日期, [意向成交额（万元）]."""

    kind = "fairs"
    optional_columns = ("意向成交额（万元）",)

    credit_code = fields.Field("enterprise__credit_code", column_name=CREDIT_CODE)
    fair_name = fields.Field("fair_name", column_name="展会名称")
    venue = fields.Field("venue", column_name="举办地")
    starts_on = fields.Field("starts_on", column_name="开始日期", widget=widgets.DateWidget(DAY))
    ends_on = fields.Field("ends_on", column_name="结束日期", widget=widgets.DateWidget(DAY))
    intended_deals_wan = fields.Field("intended_deals_wan", column_name="意向成交额（万元）",
                                      widget=widgets.DecimalWidget())

    class Meta:
        model = FairParticipation
        name = "参展记录"
        fields = ("credit_code", "fair_name", "venue", "starts_on", "ends_on", "intended_deals_wan")
        export_order = fields


class OnlineSalesResource(RegistryResource):
    """(十八) 统一社会信用代码, 年度, 平台, 网络销售额（万元）, 是否跨境."""

    kind = "ecommerce"
    exact_columns = True

    credit_code = fields.Field("enterprise__credit_code", column_name=CREDIT_CODE)
    year = fields.Field("year", column_name="年度", widget=widgets.IntegerWidget())
    platform = fields.Field("platform", column_name="平台")
    sales_wan = fields.Field("sales_wan", column_name="网络销售额（万元）", widget=widgets.DecimalWidget())
    cross_border = fields.Field("cross_border", column_name="是否跨境")

    class Meta:
        model = OnlineSales
        name = "网络销售"
        fields = ("credit_code", "year", "platform", "sales_wan", "cross_border")
        export_order = fields

    def dehydrate_cross_border(self, record):
        return "是" if record.cross_border else "否"


RESOURCES = (LogisticsSupportResource, HonourResource, FairParticipationResource, OnlineSalesResource)
