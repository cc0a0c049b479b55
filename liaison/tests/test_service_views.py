"""(七) the enterprise's 专属服务包 page, the staff coverage page and the admin pages of the service catalogue, per
role."""

from datetime import date

import pytest
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate, make_user
from liaison import service_selectors
from liaison.models import ServiceField, ServicePackage, ServiceProvider, ServiceRecord
from policy.levels import Level

from .factories import assign, officer, srdi_enterprise
from .service_factories import package, provider, served

pytestmark = pytest.mark.django_db
THIS_YEAR = service_selectors.today().year


@pytest.fixture
def offered(role_users):
    """A package of this year with two providers' services; the enterprise user's firm is SRDI today."""
    designate(role_users["own_enterprise"], Level.MUNICIPAL, date(THIS_YEAR - 1, 3, 1))
    ip = provider("桂林电子科技大学知识产权服务中心", fields=[ServiceField.IP], carrier=ServiceProvider.CarrierType.OTHER)
    platform = provider("桂林市中小企业公共服务平台", fields=[ServiceField.POLICY, ServiceField.FINANCE])
    return package(THIS_YEAR, items=[(ip, ServiceField.IP, "专利布局分析，首次免费"),
                                     (platform, ServiceField.POLICY, "惠企政策一对一解读")])


def test_an_srdi_enterprise_sees_the_package_with_the_providers_contacts(client, role_users, offered):
    served(role_users["own_enterprise"], ServiceField.IP, on=service_selectors.today(), content="已完成专利检索")
    served(role_users["other_enterprise"], ServiceField.IP, on=service_selectors.today(), content="别家企业的服务")
    client.force_login(role_users[Role.ENTERPRISE])
    page = client.get(reverse("liaison:service_package"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{THIS_YEAR} 年专精特新企业专属服务包" in html
    assert "桂林电子科技大学知识产权服务中心" in html and "专利布局分析，首次免费" in html
    assert "李明" in html and "0773-2821234" in html
    assert html.index("政策咨询") < html.index("知识产权")  # in the text's order of the fields
    assert "已接受的载体服务" in html and "已完成专利检索" in html and "别家企业的服务" not in html


def test_an_enterprise_off_the_white_list_is_told_why_it_is_not_offered_yet(client, areas, offered):
    user = make_user(Role.ENTERPRISE, enterprise=EnterpriseFactory(area=areas["秀峰区"]))
    client.force_login(user)
    html = client.get(reverse("liaison:service_package")).content.decode()
    assert "白名单" in html and "不在白名单上" in html
    assert "专利布局分析" not in html


def test_an_inactive_or_last_years_package_is_not_offered(client, role_users, offered):
    offered.active = False
    offered.save()
    package(THIS_YEAR - 1, name="上年度服务包", items=[(ServiceProvider.objects.first(), ServiceField.IP, "旧服务")])
    client.force_login(role_users[Role.ENTERPRISE])
    html = client.get(reverse("liaison:service_package")).content.decode()
    assert "尚未发布" in html and "上年度服务包" not in html and "专利布局分析" not in html


def test_anonymous_is_sent_to_login_and_staff_have_no_enterprise_page(client, role_users):
    response = client.get(reverse("liaison:service_package"))
    assert response.status_code == 302 and reverse("login") in response.url
    client.force_login(role_users[Role.COUNTY])
    assert client.get(reverse("liaison:service_package")).status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_the_package_page_is_constant_in_queries(client, role_users, django_assert_num_queries, n):
    designate(role_users["own_enterprise"], Level.MUNICIPAL, date(THIS_YEAR - 1, 3, 1))
    package(THIS_YEAR, items=[(provider(fields=list(ServiceField)), list(ServiceField)[i % 8], f"服务{i}")
                              for i in range(n)])
    client.force_login(role_users[Role.ENTERPRISE])
    # session, user, the user's enterprise, permissions (user + group), the offer (4)
    with django_assert_num_queries(9):
        assert client.get(reverse("liaison:service_package")).status_code == 200


# --- coverage -------------------------------------------------------------------------------------------------------

def test_coverage_page_a_county_sees_its_area_the_bureau_the_city(client, role_users, areas):
    mine = srdi_enterprise(area=areas["秀峰区"], granted_on=date(2024, 6, 1))
    srdi_enterprise(area=areas["秀峰区"], granted_on=date(2024, 6, 1))
    theirs = srdi_enterprise(area=areas["阳朔县"], granted_on=date(2024, 6, 1))
    served(mine, ServiceField.IP, on=date(2025, 4, 1))
    served(theirs, ServiceField.IP, on=date(2025, 4, 1))
    client.force_login(role_users[Role.COUNTY])
    county = client.get(reverse("liaison:service_coverage"), {"year": 2025})
    assert county.status_code == 200
    coverage = county.context["coverage"]
    assert (coverage.srdi_total, coverage.served_any) == (2, 1)
    assert "秀峰区" in county.content.decode()
    client.force_login(role_users[Role.REVIEWER])
    city = client.get(reverse("liaison:service_coverage"), {"year": 2025}).context["coverage"]
    assert (city.srdi_total, {c.field: c.served for c in city.fields}[ServiceField.IP]) == (3, 2)


def test_coverage_page_is_for_counties_and_the_bureau_only(client, role_users):
    for role in (Role.ENTERPRISE, Role.LIAISON):
        client.force_login(role_users[role])
        assert client.get(reverse("liaison:service_coverage")).status_code == 403


@pytest.mark.parametrize("n", [2, 20])
def test_coverage_page_is_constant_in_queries(client, role_users, areas, django_assert_num_queries, n):
    for index in range(n):
        served(srdi_enterprise(area=areas["秀峰区"], granted_on=date(2024, 6, 1)), list(ServiceField)[index % 8])
    client.force_login(role_users[Role.COUNTY])
    # session, user, permissions (user + group), the county's areas, the coverage, the user's area
    with django_assert_num_queries(7):
        assert client.get(reverse("liaison:service_coverage"), {"year": 2025}).status_code == 200


# --- the admin of the catalogue -------------------------------------------------------------------------------------

def test_the_bureau_keeps_providers_and_packages_a_county_reads_them(client, role_users, offered):
    client.force_login(role_users[Role.REVIEWER])
    assert client.get(reverse("admin:liaison_serviceprovider_changelist")).status_code == 200
    assert client.get(reverse("admin:liaison_serviceprovider_import")).status_code == 200
    assert client.get(reverse("admin:liaison_servicepackage_change", args=[offered.pk])).status_code == 200
    client.force_login(role_users[Role.COUNTY])
    listing = client.get(reverse("admin:liaison_serviceprovider_changelist"))
    assert listing.status_code == 200 and "桂林市中小企业公共服务平台" in listing.content.decode()
    assert client.get(reverse("admin:liaison_serviceprovider_add")).status_code == 403
    assert client.get(reverse("admin:liaison_serviceprovider_import")).status_code == 403
    assert client.get(reverse("admin:liaison_servicepackage_changelist")).status_code == 200
    client.force_login(role_users[Role.ENTERPRISE])
    assert client.get(reverse("admin:liaison_servicepackage_changelist")).status_code == 302  # not staff


def test_a_package_saved_in_the_admin_goes_through_the_services(client, role_users):
    bureau = role_users[Role.REVIEWER]
    who = provider("桂林高新区创业服务中心", fields=[ServiceField.STARTUP])
    client.force_login(bureau)
    response = client.post(reverse("admin:liaison_servicepackage_add"), {
        "name": "专精特新企业专属服务包", "year": THIS_YEAR, "description": "普惠服务", "active": "on",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
        "items-0-field": "startup", "items-0-provider": who.pk, "items-0-description": "创业辅导",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = ServicePackage.objects.get()
    assert [(i.provider, i.field) for i in saved.items.all()] == [(who, "startup")]
    assert saved.history.latest().history_user == bureau
    assert saved.items.get().history.latest().history_user == bureau


def test_an_officer_records_a_service_naming_a_registered_provider_in_the_admin(client, areas):
    me, firm = officer(), srdi_enterprise(area=areas["秀峰区"])
    assign(firm, me)
    platform = provider("桂林市中小企业公共服务平台", fields=[ServiceField.FINANCE])
    client.force_login(me)
    add = reverse("admin:liaison_servicerecord_add")
    data = {"enterprise": firm.pk, "served_on": "2025-04-01", "category": "finance", "provider_ref": platform.pk,
            "provider": "", "content": "财务规范化辅导"}
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = ServiceRecord.objects.get(enterprise=firm)
    assert (record.provider, record.provider_ref) == (platform.name, platform)
    assert record.history.get().history_user == me
    refused = client.post(add, {**data, "provider_ref": "", "provider": ""})
    assert refused.status_code == 200 and "请填写服务机构" in refused.content.decode()


def test_the_admin_links_same_named_records_to_a_provider(client, role_users, areas):
    firm = srdi_enterprise(area=areas["秀峰区"])
    record = served(firm)  # free text "某服务机构", entered before the provider was registered
    bureau = role_users[Role.REVIEWER]
    registered = ServiceProvider.objects.create(
        name="某服务机构", carrier_type=ServiceProvider.CarrierType.OTHER, contact_person="赵", contact_phone="1",
        serves_policy=True,
    )  # as a bulk import writes it: nothing linked yet
    client.force_login(bureau)
    response = client.post(reverse("admin:liaison_serviceprovider_changelist"),
                           {"action": "link_records", "_selected_action": [registered.pk]})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.provider_ref == registered and record.history.latest().history_user == bureau
