"""Import/export column mapping of the liaison files: (七) the service providers. The headers are a public
interface: keep them exactly."""

from import_export import fields

from enterprises.resources import RegistryResource

from .models import ServiceProvider


class ServiceProviderResource(RegistryResource):
    """(七) enterprise service carriers: 机构名称, 载体类型, 服务领域, 联系人, 联系电话."""

    kind = "service-providers"

    name = fields.Field("name", column_name="机构名称")
    carrier_type = fields.Field("carrier_type", column_name="载体类型")
    service_fields = fields.Field("service_fields_label", column_name="服务领域", readonly=True)
    contact_person = fields.Field("contact_person", column_name="联系人")
    contact_phone = fields.Field("contact_phone", column_name="联系电话")

    class Meta:
        model = ServiceProvider
        name = "服务机构（载体）"
        fields = ("name", "carrier_type", "service_fields", "contact_person", "contact_phone")
        export_order = fields
        import_id_fields = ("name",)

    def dehydrate_carrier_type(self, provider):
        return provider.get_carrier_type_display()
