"""`import_data vocabulary FILE`: headers exactly 类别, 名称 (类别 技术领域 or 产品类别)."""

from import_export import fields

from enterprises.resources import RegistryResource

from .models import Term


class TermResource(RegistryResource):
    kind = "vocabulary"
    exact_columns = True

    category = fields.Field("category", column_name="类别")
    name = fields.Field("name", column_name="名称")

    class Meta:
        model = Term
        name = "词表"
        fields = ("category", "name")
        export_order = fields

    def dehydrate_category(self, term):
        return term.get_category_display()
