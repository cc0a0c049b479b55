"""Import/export column mapping of the finance files: (九) financial support. The headers are a public interface:
keep them exactly."""

from import_export import fields, widgets

from enterprises.resources import DAY, RegistryResource

from .models import FinanceSupport


class FinanceSupportResource(RegistryResource):
    """(九) 统一社会信用代码, 支持类型, 金融机构, 金额（万元）, 日期, [备注]."""

    kind = "finance-support"
    optional_columns = ("备注",)

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    kind_label = fields.Field("kind", column_name="支持类型")
    institution = fields.Field("institution", column_name="金融机构")
    amount_wan = fields.Field("amount_wan", column_name="金额（万元）", widget=widgets.DecimalWidget())
    granted_on = fields.Field("granted_on", column_name="日期", widget=widgets.DateWidget(DAY))
    note = fields.Field("note", column_name="备注")

    class Meta:
        model = FinanceSupport
        name = "金融支持"
        fields = ("credit_code", "kind_label", "institution", "amount_wan", "granted_on", "note")
        export_order = fields

    def dehydrate_kind_label(self, support):
        return support.get_kind_display()
