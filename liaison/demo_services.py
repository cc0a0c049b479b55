"""Demo service carriers (七): a dozen providers across the four carrier types, the 2026 "专精特新企业专属服务包",
the liaison demo's service records linked to their providers, and services across the eight fields for part of the
white list (so the coverage page has something to show). Through the services; a second run creates nothing."""

from datetime import date

from django.utils import timezone

from enterprises.selectors import white_list

from . import service_catalogue, training_services
from .models import ServiceField, ServicePackage, ServiceProvider, ServiceRecord

F = ServiceField
C = ServiceProvider.CarrierType
PROVIDERS = [
    ("桂林市中小企业公共服务平台", C.PLATFORM, [F.POLICY, F.FINANCING, F.FINANCE, F.DIGITAL], "李明", "0773-2821234"),
    ("桂林市中小企业公共服务示范平台", C.PLATFORM, [F.POLICY, F.DIGITAL, F.MARKET], "周静", "0773-2826688"),
    ("桂林高新区创业服务中心", C.BASE, [F.STARTUP, F.FINANCING, F.TALENT], "王芳", "0773-5812345"),
    ("桂林国家高新区小微企业创业创新示范基地", C.BASE, [F.STARTUP, F.IP, F.TALENT], "覃海", "0773-5819090"),
    ("桂林电子科技大学知识产权服务中心", C.OTHER, [F.IP], "莫凡", "0773-2291234"),
    ("临桂区产业园", C.PARK, [F.POLICY, F.MARKET], "陈刚", "0773-5588123"),
    ("桂林经济技术开发区企业服务中心", C.PARK, [F.POLICY, F.STARTUP, F.FINANCING], "黄蕾", "0773-3690123"),
    ("桂林理工大学技术转移中心", C.OTHER, [F.IP, F.TALENT], "蒋涛", "0773-5896123"),
    ("桂林市生产力促进中心", C.PLATFORM, [F.DIGITAL, F.MARKET, F.TALENT], "唐婷", "0773-2860321"),
    ("广西中小企业服务中心桂林分中心", C.PLATFORM, [F.POLICY, F.FINANCING, F.FINANCE], "廖勇", "0773-2888012"),
    ("桂林市会计服务示范基地", C.BASE, [F.FINANCE], "秦霞", "0773-2813456"),
    ("七星区众创空间", C.BASE, [F.STARTUP, F.MARKET], "蓝峰", "0773-5832100"),
]
PACKAGE = "专精特新企业专属服务包"
PACKAGE_YEAR = 2026
PACKAGE_ITEMS = [
    ("桂林市中小企业公共服务平台", F.POLICY, "惠企政策“一对一”解读，专精特新认定、复核申报辅导。"),
    ("桂林高新区创业服务中心", F.STARTUP, "创新创业辅导、场地对接和投融资路演。"),
    ("桂林电子科技大学知识产权服务中心", F.IP, "专利布局分析、高价值专利培育和知识产权贯标辅导，首次免费。"),
    ("广西中小企业服务中心桂林分中心", F.FINANCING, "对接“桂惠贷”等政策性贷款，组织银企对接会。"),
    ("桂林市生产力促进中心", F.DIGITAL, "数字化转型诊断，出具诊断报告并推荐适配的工业软件。"),
    ("桂林市会计服务示范基地", F.FINANCE, "财务规范化辅导、研发费用归集和加计扣除指导。"),
]
SERVICE_NOTES = {
    F.POLICY: "上门开展惠企政策解读。", F.STARTUP: "开展创新创业辅导。", F.IP: "开展专利布局分析。",
    F.FINANCING: "组织银企对接，推荐政策性贷款。", F.TALENT: "组织经营管理人员培训。", F.MARKET: "组织参加产品推介会。",
    F.DIGITAL: "开展数字化转型诊断。", F.FINANCE: "开展财务规范化辅导。",
}


def _clamp(day):
    return min(day, timezone.localdate())


def seed(*, actor, rng):
    existing = set(ServiceProvider.objects.values_list("name", flat=True))
    linked_before = ServiceRecord.objects.filter(provider_ref__isnull=False).count()
    providers, created = {}, 0
    for name, carrier, fields, person, phone in PROVIDERS:
        if name in existing:
            providers[name] = ServiceProvider.objects.get(name=name)
            continue
        providers[name] = service_catalogue.save_provider(actor=actor, provider=ServiceProvider(
            name=name, carrier_type=carrier, contact_person=person, contact_phone=phone,
        ), fields=fields)
        created += 1
    service_catalogue.link_records_to_providers(actor=actor)  # saving a provider links its records already
    linked = ServiceRecord.objects.filter(provider_ref__isnull=False).count() - linked_before
    packages = items = records = 0
    if not ServicePackage.objects.filter(name=PACKAGE, year=PACKAGE_YEAR).exists():
        package = service_catalogue.save_package(actor=actor, package=ServicePackage(
            name=PACKAGE, year=PACKAGE_YEAR, active=True,
            description="市工业和信息化局、市科技局联合各类服务载体，为“专精特新”中小企业提供质优价廉的普惠服务。",
        ))
        packages = 1
        for name, field, text in PACKAGE_ITEMS:
            service_catalogue.add_package_item(actor=actor, package=package, provider=providers[name], field=field,
                                               description=text)
            items += 1
        records = _services_for_the_white_list(actor, rng, providers)
    return (f"服务机构新建 {created} 家，专属服务包新建 {packages} 个（{items} 项），"
            f"服务记录关联 {linked} 条、新建 {records} 条")


def _services_for_the_white_list(actor, rng, providers):
    """About half the white list served this year, each by a provider of the field, so coverage stays below 100%."""
    by_field = {f: [p for p in providers.values() if f in p.service_fields] for f in ServiceField}
    count = 0
    for index, enterprise in enumerate(white_list().order_by("pk")):
        if index % 2:
            continue
        for field in rng.sample(list(ServiceField), 2):
            provider = rng.choice(by_field[field])
            training_services.record_service(
                actor=actor, enterprise=enterprise, provider_ref=provider, category=field,
                served_on=_clamp(date(PACKAGE_YEAR, 1 + index % 11, 1 + index % 27)), content=SERVICE_NOTES[field],
            )
            count += 1
    return count
