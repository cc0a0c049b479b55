"""The column mapping of `import_data tech-demands | tech-achievements | renovation-projects` (a public interface:
keep the headers exactly)."""

from import_export import fields, widgets

from enterprises.resources import DAY, RegistryResource

from .models import RenovationProject, TechAchievement, TechDemand


class DemandResource(RegistryResource):
    kind = "tech-demands"
    optional_columns = ("拟投入（万元）", "截止日期")

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    name = fields.Field("name", column_name="需求名称")
    field = fields.Field("field__name", column_name="技术领域")
    description = fields.Field("description", column_name="需求描述")
    budget_wan = fields.Field("budget_wan", column_name="拟投入（万元）", widget=widgets.DecimalWidget())
    deadline = fields.Field("deadline", column_name="截止日期", widget=widgets.DateWidget(DAY))

    class Meta:
        model = TechDemand
        name = "技术需求"
        fields = ("credit_code", "name", "field", "description", "budget_wan", "deadline")
        export_order = fields


class AchievementResource(RegistryResource):
    kind = "tech-achievements"

    name = fields.Field("name", column_name="成果名称")
    institution = fields.Field("institution", column_name="完成单位")
    field = fields.Field("field__name", column_name="技术领域")
    summary = fields.Field("summary", column_name="成果简介")
    maturity = fields.Field("maturity", column_name="成熟度")
    transfer_mode = fields.Field("transfer_mode", column_name="转化方式")

    class Meta:
        model = TechAchievement
        name = "技术成果"
        fields = ("name", "institution", "field", "summary", "maturity", "transfer_mode")
        export_order = fields

    def dehydrate_maturity(self, achievement):
        return achievement.get_maturity_display()

    def dehydrate_transfer_mode(self, achievement):
        return achievement.get_transfer_mode_display()


class RenovationResource(RegistryResource):
    kind = "renovation-projects"

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    name = fields.Field("name", column_name="项目名称")
    kind_label = fields.Field("kind", column_name="改造类型")
    investment_wan = fields.Field("investment_wan", column_name="总投资（万元）", widget=widgets.DecimalWidget())
    started_on = fields.Field("started_on", column_name="开工日期", widget=widgets.DateWidget(DAY))

    class Meta:
        model = RenovationProject
        name = "技术改造项目"
        fields = ("credit_code", "name", "kind_label", "investment_wan", "started_on")
        export_order = fields

    def dehydrate_kind_label(self, project):
        return project.get_kind_display()
