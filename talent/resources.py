"""The column mapping of the talent files. The headers are a public interface: keep them exactly."""

from import_export import fields, widgets

from enterprises.resources import DAY, RegistryResource

from .models import Talent, TalentNeed


class TalentNeedResource(RegistryResource):
    """(十六) 统一社会信用代码, 年度, 岗位, 专业方向, 需求人数, [学历要求]."""

    kind = "talent-needs"
    optional_columns = ("学历要求",)

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    year = fields.Field("year", column_name="年度", widget=widgets.IntegerWidget())
    position = fields.Field("position", column_name="岗位")
    specialty = fields.Field("specialty", column_name="专业方向")
    headcount = fields.Field("headcount", column_name="需求人数", widget=widgets.IntegerWidget())
    education = fields.Field("education", column_name="学历要求")

    class Meta:
        model = TalentNeed
        name = "人才需求"
        fields = ("credit_code", "year", "position", "specialty", "headcount", "education")
        export_order = fields


class TalentResource(RegistryResource):
    """(十七) 统一社会信用代码, 姓名, 人才层次, 认定日期, 认定文号 — personal data: the admin offers it to
    system administrators only."""

    kind = "talents"

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    name = fields.Field("name", column_name="姓名")
    level = fields.Field("level", column_name="人才层次")
    recognised_on = fields.Field("recognised_on", column_name="认定日期", widget=widgets.DateWidget(DAY))
    document_number = fields.Field("document_number", column_name="认定文号")

    class Meta:
        model = Talent
        name = "高层次人才"
        fields = ("credit_code", "name", "level", "recognised_on", "document_number")
        export_order = fields

    def dehydrate_level(self, talent):
        return talent.get_level_display()
