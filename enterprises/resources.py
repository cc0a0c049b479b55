"""django-import-export resources: the column mapping of the registry's file kinds.

The column headers are a public interface (the bureau checks them with its own files): keep them exactly.
Exports go through the library; imports, in the admin as on the command line, go through the shared service
`enterprises.importing`, so both give the same row-level errors and the same all-or-nothing rule. That service
reads the columns from here; the admin hands its resources the service as `run_import` (so this module need not
import it back).
"""

from django.core.exceptions import ImproperlyConfigured
from import_export import fields, resources, widgets

from policy.selectors import level_names

from .models import AnnualFigures, Area, AreaTarget, CreditEntry, Designation, Enterprise

DAY = "%Y-%m-%d"


class RegistryResource(resources.ModelResource):
    #: the KIND of `manage.py import_data KIND FILE`
    kind = None
    #: columns a file may leave out (every other column is required, and so is its value)
    optional_columns = ()
    #: whether the header must be exactly the declared columns, in any order, and nothing else
    exact_columns = False

    def __init__(self, *, run_import=None, **kwargs):
        super().__init__(**kwargs)
        #: run_import(kind, dataset, *, actor, dry_run, source_name) -> import_export Result (importing.import_for_admin)
        self.run_import = run_import

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        # The admin calls this for its preview (dry run) and again on confirmation.
        if self.run_import is None:
            raise ImproperlyConfigured("registry imports run through enterprises.importing: pass run_import")
        return self.run_import(
            self.kind, dataset, actor=kwargs.get("user"), dry_run=dry_run, source_name=kwargs.get("file_name") or "",
        )


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
        # The name in force on the grant date (科技和创新型中小企业 from 2026-04-01); the editions read once per export.
        if not hasattr(self, "_level_names"):
            self._level_names = level_names()
        return self._level_names.name(designation.level, designation.granted_on)


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


class CreditEntryResource(RegistryResource):
    """Credit listings (信用审查) from the listing authorities' data."""

    kind = "credit"
    optional_columns = ("移出日期",)

    credit_code = fields.Field("enterprise__credit_code", column_name="统一社会信用代码")
    status = fields.Field("status", column_name="信用状况")
    listed_on = fields.Field("listed_on", column_name="列入日期", widget=widgets.DateWidget(DAY))
    removed_on = fields.Field("removed_on", column_name="移出日期", widget=widgets.DateWidget(DAY))
    authority = fields.Field("authority", column_name="认定部门")

    class Meta:
        model = CreditEntry
        name = "信用记录"
        fields = ("credit_code", "status", "listed_on", "removed_on", "authority")
        export_order = fields

    def dehydrate_status(self, entry):
        return entry.get_status_display()


class AreaTargetResource(RegistryResource):
    """The yearly area targets (分解指标): the columns `manage.py import_targets` has always taken, exactly."""

    kind = "targets"
    exact_columns = True

    area = fields.Field("area", column_name="所属区域", widget=widgets.ForeignKeyWidget(Area, "name"))
    year = fields.Field("year", column_name="年度", widget=widgets.IntegerWidget())
    new_municipal_target = fields.Field(
        "new_municipal_target", column_name="新增市级专精特新目标（家）", widget=widgets.IntegerWidget(),
    )

    class Meta:
        model = AreaTarget
        name = "区域年度指标"
        fields = ("area", "year", "new_municipal_target")
        export_order = fields


RESOURCES = {
    resource.kind: resource
    for resource in (
        EnterpriseResource, DesignationResource, AnnualFiguresResource, CreditEntryResource, AreaTargetResource,
    )
}
TARGET_COLUMNS = tuple(field.column_name for field in AreaTargetResource.fields.values())
