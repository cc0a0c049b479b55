"""django-import-export resources: the column mapping of the registry's three file kinds.

The column headers are a public interface (the bureau checks them with its own files): keep them exactly.
Exports go through the library; imports, in the admin as on the command line, go through the shared service
`enterprises.importing`, so both give the same row-level errors and the same all-or-nothing rule.
"""

from import_export import fields, resources, widgets

from .models import AnnualFigures, Area, Designation, Enterprise

DAY = "%Y-%m-%d"


class RegistryResource(resources.ModelResource):
    #: the KIND of `manage.py import_data KIND FILE`
    kind = None
    #: columns a file may leave out (every other column is required, and so is its value)
    optional_columns = ()

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        # The admin calls this for its preview (dry run) and again on confirmation.
        from .importing import import_dataset, report_as_result

        report = import_dataset(
            self.kind, dataset, actor=kwargs.get("user"), dry_run=dry_run, source_name=kwargs.get("file_name") or "",
        )
        return report_as_result(report, dataset)


class EnterpriseResource(RegistryResource):
    kind = "enterprises"
    optional_columns = ("成立日期", "所属行业")

    credit_code = fields.Field("credit_code", column_name="统一社会信用代码")
    name = fields.Field("name", column_name="企业名称")
    area = fields.Field("area", column_name="所属区域", widget=widgets.ForeignKeyWidget(Area, "name"))
    founded_on = fields.Field("founded_on", column_name="成立日期", widget=widgets.DateWidget(DAY))
    industry = fields.Field("industry", column_name="所属行业")

    class Meta:
        model = Enterprise
        name = "企业"
        fields = ("credit_code", "name", "area", "founded_on", "industry")
        export_order = fields
        import_id_fields = ("credit_code",)


class DesignationResource(RegistryResource):
    kind = "designations"
    optional_columns = ("有效期至", "认定文号")

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    level = fields.Field("level", column_name="认定层级")
    granted_on = fields.Field("granted_on", column_name="认定日期", widget=widgets.DateWidget(DAY))
    valid_until = fields.Field("valid_until", column_name="有效期至", widget=widgets.DateWidget(DAY))
    document_number = fields.Field("document_number", column_name="认定文号")

    class Meta:
        model = Designation
        name = "认定"
        fields = ("credit_code", "level", "granted_on", "valid_until", "document_number")
        export_order = fields

    def dehydrate_level(self, designation):
        return designation.get_level_display()


class AnnualFiguresResource(RegistryResource):
    kind = "figures"
    optional_columns = ("营业收入（元）", "研发费用（元）", "从业人员数")

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    year = fields.Field("year", column_name="年度", widget=widgets.IntegerWidget())
    output_value = fields.Field("output_value", column_name="工业总产值（元）", widget=widgets.DecimalWidget())
    tax_paid = fields.Field("tax_paid", column_name="纳税总额（元）", widget=widgets.DecimalWidget())
    revenue = fields.Field("revenue", column_name="营业收入（元）", widget=widgets.DecimalWidget())
    rd_expense = fields.Field("rd_expense", column_name="研发费用（元）", widget=widgets.DecimalWidget())
    employees = fields.Field("employees", column_name="从业人员数", widget=widgets.IntegerWidget())

    class Meta:
        model = AnnualFigures
        name = "年度经营数据"
        fields = ("credit_code", "year", "output_value", "tax_paid", "revenue", "rd_expense", "employees")
        export_order = fields


RESOURCES = {resource.kind: resource for resource in (EnterpriseResource, DesignationResource, AnnualFiguresResource)}
