"""Import mapping of the yearly area targets (分解指标): columns 所属区域, 年度, 新增市级专精特新目标（家）."""

from import_export import fields, resources, widgets

from enterprises.models import AreaTarget
from enterprises.selectors import area_by_name_or_code

AREA_COLUMN, YEAR_COLUMN, TARGET_COLUMN = "所属区域", "年度", "新增市级专精特新目标（家）"
COLUMNS = (AREA_COLUMN, YEAR_COLUMN, TARGET_COLUMN)
YEARS = range(2000, 2101)


class AreaWidget(widgets.ForeignKeyWidget):
    """An area by its name (full- or half-width parentheses) or its six-digit code."""

    def __init__(self):
        super().__init__(AreaTarget._meta.get_field("area").related_model)
        self._index = None

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError("所属区域不能为空")
        if self._index is None:
            self._index = area_by_name_or_code()
        area = self._index.get(text)
        if area is None:
            raise ValueError(f"未知区域“{text}”（应为 20 个指标单位之一）")
        return area


class WholeNumberWidget(widgets.IntegerWidget):
    def __init__(self, label, allowed=None):
        super().__init__()
        self.label, self.allowed = label, allowed

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            raise ValueError(f"{self.label}不能为空")
        try:
            number = super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(f"{self.label}“{value}”不是整数") from None
        if number != float(str(value).strip()):
            raise ValueError(f"{self.label}“{value}”不是整数")
        if number < 0 or (self.allowed is not None and number not in self.allowed):
            raise ValueError(f"{self.label}“{value}”超出范围")
        return number


class AreaTargetResource(resources.ModelResource):
    area = fields.Field(attribute="area", column_name=AREA_COLUMN, widget=AreaWidget())
    year = fields.Field(attribute="year", column_name=YEAR_COLUMN, widget=WholeNumberWidget("年度", YEARS))
    new_municipal_target = fields.Field(
        attribute="new_municipal_target", column_name=TARGET_COLUMN, widget=WholeNumberWidget("目标"),
    )

    class Meta:
        model = AreaTarget
        fields = ("area", "year", "new_municipal_target")
        import_id_fields = ("area", "year")
        skip_unchanged = True
        clean_model_instances = True  # run the model's validators, not just the widgets
        use_bulk = False  # save() per row, so django-simple-history records each change

    def __init__(self, *, actor=None):
        super().__init__()
        self.actor = actor

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.actor
