"""(七) the service-provider import: upsert on 机构名称 through the registry's one pipeline (enterprises.importing).
Providers are city-wide: only a city-wide actor (the bureau, a command without --user) may import them."""

from enterprises.cells import CellError, text
from enterprises.import_rows import RowError, RowImporter, bounded_text, in_chunks

from .models import ServiceProvider
from .service_fields import UnknownServiceField, flags_of, parse_service_fields

CARRIER_TYPES = {choice.label: choice.value for choice in ServiceProvider.CarrierType}


class ServiceProviderImporter(RowImporter):
    model = ServiceProvider

    def prepare(self, rows):
        names = {text(cells.get("name")) for _, cells in rows}
        self.by_name = {}
        for chunk in in_chunks(names):
            self.by_name.update((p.name, p) for p in ServiceProvider.objects.filter(name__in=chunk))

    @staticmethod
    def carrier_type(value):
        carrier = CARRIER_TYPES.get(text(value))
        if carrier is None:
            raise CellError(f"载体类型“{text(value)}”无效，应为以下之一：{'、'.join(CARRIER_TYPES)}")
        return carrier

    @staticmethod
    def service_fields(value):
        try:
            return flags_of(parse_service_fields(text(value)))
        except UnknownServiceField as error:
            raise CellError(str(error)) from None

    def parse(self, number, cells, errors):
        if self.restricted:
            errors.append(RowError(number, "", "服务机构由市级部门统一登记，您无权导入"))
            return {}
        values = {
            "name": self.read(number, cells, errors, "name", bounded_text(150)),
            "carrier_type": self.read(number, cells, errors, "carrier_type", self.carrier_type),
            "contact_person": self.read(number, cells, errors, "contact_person", bounded_text(50)),
            "contact_phone": self.read(number, cells, errors, "contact_phone", bounded_text(30)),
        }
        values.update(self.read(number, cells, errors, "service_fields", self.service_fields) or {})
        return values

    def key(self, values):
        return values["name"]

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行的机构名称重复"

    def existing(self, keys):
        return {name: provider for name, provider in self.by_name.items() if name in keys}
