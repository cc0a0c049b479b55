"""(七) test data for service carriers, made through the real services as SETUP."""

from datetime import date

from enterprises.tests.factories import SETUP
from liaison import service_catalogue, training_services
from liaison.models import ServiceField, ServicePackage, ServiceProvider

_names = iter(range(1, 100_000))


def provider(name=None, *, fields=(ServiceField.POLICY,), carrier=ServiceProvider.CarrierType.PLATFORM):
    return service_catalogue.save_provider(actor=SETUP, provider=ServiceProvider(
        name=name or f"桂林测试服务平台{next(_names)}", carrier_type=carrier, contact_person="李明",
        contact_phone="0773-2821234",
    ), fields=list(fields))


def served(enterprise, category=ServiceField.POLICY, on=date(2025, 5, 10), *, by=None, content="上门开展政策解读"):
    return training_services.record_service(
        actor=SETUP, enterprise=enterprise, provider="" if by else "某服务机构", provider_ref=by,
        category=category, served_on=on, content=content,
    )


def package(year, *, name="专精特新企业专属服务包", items=(), active=True):
    pkg = service_catalogue.save_package(actor=SETUP, package=ServicePackage(
        name=name, year=year, description="为专精特新企业提供普惠服务", active=active,
    ))
    for who, field_, text in items:
        service_catalogue.add_package_item(actor=SETUP, package=pkg, provider=who, field=field_, description=text)
    return pkg
