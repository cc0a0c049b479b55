"""(七) reads of the service carriers: the packages offered to an enterprise, the coverage of each service field
among SRDI enterprises, and the rows of the one-firm file and the measure workbook. Each in a fixed number of
queries, whatever the number of enterprises or records."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from enterprises import selectors as registry
from enterprises.models import Enterprise
from enterprises.record_tables import RecordTable
from enterprises.scoping import scope
from policy.rules import reference_day

from .models import ServiceField, ServicePackage, ServicePackageItem, ServiceProvider, ServiceRecord

MEASURE = 7  # (七) 提升基地、平台载体发展能级; a plain number, as the pages above use it
BUREAU = "市工业和信息化局、市科技局"
REACHED_LABEL = "接受载体服务"


def today():
    return timezone.localdate()


def srdi_on(year):
    """SRDI status of a year is read on 31 December, or today for the running year."""
    return reference_day(year, today())


def service_records_in(year):
    """The service records of `year` (every record counts: the bureau and counties enter them)."""
    return ServiceRecord.objects.filter(served_on__gte=date(year, 1, 1), served_on__lte=date(year, 12, 31))


# --- coverage per service field ------------------------------------------------------------------------------------

def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class FieldCoverage:
    field: ServiceField
    served: int  # SRDI enterprises served in this field in the year
    srdi_total: int

    @property
    def label(self):
        return self.field.label

    @property
    def share(self):
        """Percent (Decimal, 1 place), None when there is no SRDI enterprise."""
        return _percent(self.served, self.srdi_total)

    @property
    def unserved(self):
        return self.srdi_total - self.served


@dataclass
class ServiceCoverage:
    year: int
    as_of: date
    srdi_total: int = 0
    served_any: int = 0  # SRDI enterprises served in at least one field
    fields: list = field(default_factory=list)  # FieldCoverage, in the text's order

    @property
    def share(self):
        return _percent(self.served_any, self.srdi_total)


def service_coverage(year, area_ids=None) -> ServiceCoverage:
    """For each of the eight service fields: SRDI enterprises (on the year's reference day; `area_ids` None for the
    city) that received a service of that field in `year`, against all of them. One query."""
    on = srdi_on(year)
    records = service_records_in(year).filter(enterprise=OuterRef("pk"))
    enterprises = Enterprise.objects.filter(registry.srdi_exists(on))
    if area_ids is not None:
        enterprises = enterprises.filter(area_id__in=list(area_ids))
    annotations = {f"served_{f.value}": Exists(records.filter(category=f)) for f in ServiceField}
    annotations["served_any"] = Exists(records)
    # Exists in the filter itself: an aggregate over annotations would let Django prune them from its subquery.
    counts = enterprises.aggregate(
        total=Count("pk"), **{name: Count("pk", filter=Q(condition)) for name, condition in annotations.items()},
    )
    return ServiceCoverage(
        year=year, as_of=on, srdi_total=counts["total"], served_any=counts["served_any"],
        fields=[FieldCoverage(f, counts[f"served_{f.value}"], counts["total"]) for f in ServiceField],
    )


# --- the service package offered to an enterprise --------------------------------------------------------------------

@dataclass
class PackageOffer:
    enterprise: Enterprise
    on: date
    srdi: bool
    packages: list = field(default_factory=list)  # ServicePackage with .sorted_items
    received: list = field(default_factory=list)  # the enterprise's service records of the year, newest first

    @property
    def reason(self):
        """Why nothing is offered, in Chinese; "" when packages are offered."""
        if not self.srdi:
            return ("专属服务包面向持有有效市级及以上“专精特新”认定的企业（白名单企业）提供。"
                    "贵企业目前不在白名单上，获得认定（或复核通过）后即可享受。")
        if not self.packages:
            return f"{self.on.year} 年度专属服务包尚未发布，请留意市工业和信息化局通知。"
        return ""


def package_offer(enterprise, on=None) -> PackageOffer:
    """(七) the active packages of the year offered to `enterprise` if it is on the white list on `on` (today), and
    the services it received that year. Four queries: the white-list check, the records, the packages, their items
    with providers."""
    on = on or today()
    srdi = Enterprise.objects.filter(pk=enterprise.pk).filter(registry.srdi_exists(on)).exists()
    offer = PackageOffer(enterprise=enterprise, on=on, srdi=srdi, received=list(
        service_records_in(on.year).filter(enterprise=enterprise).select_related("provider_ref")
        .order_by("-served_on", "-pk")
    ))
    if not srdi:
        return offer
    items = ServicePackageItem.objects.select_related("provider").order_by("pk")
    order = {f.value: index for index, f in enumerate(ServiceField)}
    for package in (
        ServicePackage.objects.filter(active=True, year=on.year)
        .prefetch_related(Prefetch("items", queryset=items)).order_by("name", "pk")
    ):
        package.sorted_items = sorted(package.items.all(), key=lambda item: (order[item.field], item.pk))
        offer.packages.append(package)
    return offer


# --- one-firm file and the measure workbook --------------------------------------------------------------------------

RECORD_HEADERS = ["服务日期", "服务机构", "载体类型", "服务领域", "服务内容"]


def _carrier(record):
    return record.provider_ref.get_carrier_type_display() if record.provider_ref_id else ""


def service_record_table(enterprise, user) -> RecordTable:
    """The enterprise's service records, newest first, as far as `user` may see them. One query."""
    records = scope(ServiceRecord.objects.filter(enterprise=enterprise), user, via="enterprise")
    rows = [
        [r.served_on, r.provider, _carrier(r), r.get_category_display(), r.content]
        for r in records.select_related("provider_ref").order_by("-served_on", "-pk")
    ]
    return RecordTable(title=f"（七）{REACHED_LABEL}", headers=RECORD_HEADERS, rows=rows)


def workbook_tables(year, area_ids=None) -> list[RecordTable]:
    """(七) for 市工业和信息化局、市科技局: the SRDI enterprises served in `year` and by whom, the coverage of each
    field, and the providers with the SRDI enterprises each served. Three queries."""
    on = srdi_on(year)
    records = service_records_in(year).filter(registry.srdi_exists(on, "enterprise_id"))
    if area_ids is not None:
        records = records.filter(enterprise__area_id__in=list(area_ids))
    served = [
        [r.enterprise.name, r.enterprise.credit_code, r.enterprise.area.name, r.served_on, r.provider, _carrier(r),
         r.get_category_display(), r.content]
        for r in records.select_related("enterprise__area", "provider_ref")
        .order_by("enterprise__area__sort_order", "enterprise__name", "-served_on", "pk")
    ]
    coverage = service_coverage(year, area_ids)
    in_scope = Q(service_records__in=records.values("pk"))
    providers = [
        [p.name, p.get_carrier_type_display(), p.service_fields_label, p.contact_person, p.contact_phone, p.srdi_served]
        for p in ServiceProvider.objects.annotate(
            srdi_served=Count("service_records__enterprise", filter=in_scope, distinct=True),
        ).order_by("-srdi_served", "name")
    ]
    return [
        RecordTable(
            title=f"（七）{REACHED_LABEL}企业",
            headers=["企业名称", "统一社会信用代码", "所属区域", *RECORD_HEADERS],
            rows=served, note=f"专精特新企业按 {on:%Y-%m-%d} 的认定状态计。",
        ),
        RecordTable(
            title="服务领域覆盖",
            headers=["服务领域", "已服务专精特新企业（家）", "专精特新企业（家）", "覆盖率（%）"],
            rows=[[c.label, c.served, c.srdi_total, c.share] for c in coverage.fields]
            + [["任一领域", coverage.served_any, coverage.srdi_total, coverage.share]],
        ),
        RecordTable(
            title="服务机构（载体）",
            headers=["机构名称", "载体类型", "服务领域", "联系人", "联系电话", "服务专精特新企业（家）"],
            rows=providers,
        ),
    ]
