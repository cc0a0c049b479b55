"""(七) the writes of the service catalogue: providers, packages and their items, and service records naming a
registered provider."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.roles import Role
from enterprises.tests.factories import SETUP, make_user
from liaison import service_catalogue, training_services
from liaison.models import ServiceField, ServicePackage, ServiceProvider, ServiceRecord
from liaison.service_fields import UnknownServiceField, parse_service_fields

from .factories import srdi_enterprise
from .service_factories import package, provider, served

pytestmark = pytest.mark.django_db


def test_service_fields_are_parsed_strictly_in_the_texts_order():
    assert parse_service_fields("财务指导、政策咨询,知识产权，政策咨询") == [
        ServiceField.POLICY, ServiceField.IP, ServiceField.FINANCE]
    with pytest.raises(UnknownServiceField, match="法律服务.*政策咨询、创业创新、知识产权"):
        parse_service_fields("政策咨询、法律服务")
    with pytest.raises(UnknownServiceField, match="不能为空"):
        parse_service_fields(" 、 ")


def test_only_the_bureau_keeps_providers_and_a_provider_serves_at_least_one_field(role_users):
    new = ServiceProvider(name="桂林市生产力促进中心", carrier_type=ServiceProvider.CarrierType.PLATFORM,
                          contact_person="唐婷", contact_phone="0773-2860321")
    with pytest.raises(PermissionDenied):
        service_catalogue.save_provider(actor=role_users[Role.COUNTY], provider=new, fields=[ServiceField.DIGITAL])
    with pytest.raises(ValidationError, match="请至少选择一个服务领域"):
        service_catalogue.save_provider(actor=role_users[Role.REVIEWER], provider=new, fields=[])
    saved = service_catalogue.save_provider(actor=role_users[Role.REVIEWER], provider=new,
                                            fields=[ServiceField.DIGITAL, ServiceField.MARKET])
    assert saved.service_fields_label == "市场开发、信息化建设"  # in the text's order
    assert saved.history.latest().history_user == role_users[Role.REVIEWER]


def test_a_registered_provider_names_the_record_and_same_named_records_are_linked(areas):
    firm = srdi_enterprise(area=areas["秀峰区"])
    older = training_services.record_service(
        actor=SETUP, enterprise=firm, provider="桂林市中小企业公共服务平台", category=ServiceField.POLICY,
        served_on=date(2025, 3, 1), content="政策解读",
    )
    other = served(firm, content="别的机构")
    platform = provider("桂林市中小企业公共服务平台")  # registered later: the same-named record is linked
    older.refresh_from_db()
    other.refresh_from_db()
    assert older.provider_ref == platform and other.provider_ref is None
    assert older.history.latest().history_change_reason == SETUP.name
    record = served(firm, by=platform)
    assert (record.provider, record.provider_ref) == ("桂林市中小企业公共服务平台", platform)
    with pytest.raises(ValidationError, match="请填写服务机构"):
        training_services.record_service(actor=SETUP, enterprise=firm, provider=" ", category=ServiceField.IP,
                                         served_on=date(2025, 3, 1), content="x")
    with pytest.raises(ValidationError, match="已有服务记录"):  # a provider with records cannot be removed
        service_catalogue.delete_provider(actor=SETUP, provider=platform)
    assert ServiceRecord.objects.filter(provider_ref=platform).count() == 2


def test_packages_and_items_are_written_by_the_bureau_with_history(role_users):
    bureau, county = role_users[Role.REVIEWER], role_users[Role.COUNTY]
    who = provider(fields=[ServiceField.TALENT])
    with pytest.raises(PermissionDenied):
        service_catalogue.save_package(actor=county, package=ServicePackage(name="服务包", year=2026))
    pkg = service_catalogue.save_package(actor=bureau, package=ServicePackage(name=" 专属服务包 ", year=2026))
    assert pkg.name == "专属服务包"
    item = service_catalogue.add_package_item(actor=bureau, package=pkg, provider=who, field=ServiceField.TALENT,
                                              description="经营管理人员培训")
    with pytest.raises(ValidationError):  # the same provider and field twice in one package
        service_catalogue.add_package_item(actor=bureau, package=pkg, provider=who, field=ServiceField.TALENT,
                                           description="again")
    with pytest.raises(ValidationError):  # one name per year
        package(2026, name="专属服务包")
    service_catalogue.delete_package(actor=bureau, package=pkg)
    assert not ServicePackage.objects.exists()
    assert {h.history_user for h in type(item).history.filter(history_type="-")} == {bureau}


def test_an_enterprise_user_cannot_write_the_catalogue(areas):
    user = make_user(Role.ENTERPRISE, enterprise=srdi_enterprise(area=areas["秀峰区"]))
    with pytest.raises(PermissionDenied):
        service_catalogue.save_package(actor=user, package=ServicePackage(name="服务包", year=2026))
