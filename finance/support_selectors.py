"""(九) reads of the financial support records: the share of white-list enterprises each kind reached
(应贴尽贴、应享尽享), the institutions recommended for risk compensation, and the rows of the one-firm file and the
measure workbook. Each in a fixed number of queries, whatever the number of enterprises or records."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from enterprises.models import Enterprise
from enterprises.record_tables import RecordTable
from enterprises.scoping import scope
from enterprises.selectors import area_ids_for, srdi_exists, today
from policy.rules import reference_day

from .models import RISK_COMPENSATION_KINDS, FinanceSupport
from .rules import share

MEASURE = 9  # (九) 完善信贷支持政策
BUREAU = "市金融办、人民银行桂林市分行"
REACHED_LABEL = "获得金融支持"
ZERO = Decimal("0")


def supports_in_year(year):
    return FinanceSupport.objects.filter(granted_on__gte=date(year, 1, 1), granted_on__lte=date(year, 12, 31))


@dataclass(frozen=True)
class KindReach:
    kind: FinanceSupport.Kind
    reached: int  # white-list enterprises with at least one support of this kind in the year
    white_listed: int
    amount_wan: Decimal = ZERO  # the year's amount of this kind to white-list enterprises

    @property
    def label(self):
        return self.kind.label

    @property
    def share(self):
        """A fraction (0.1234), None without white-list enterprises; templates show it with |percent."""
        return share(self.reached, self.white_listed)


@dataclass
class SupportReach:
    year: int
    as_of: date
    white_listed: int = 0
    reached_any: int = 0
    kinds: list = field(default_factory=list)  # KindReach, in the order of FinanceSupport.Kind

    @property
    def share(self):
        return share(self.reached_any, self.white_listed)


def support_reach(year, area_ids=None) -> SupportReach:
    """Per support kind: white-list enterprises (on the year's reference day) that received it in `year`, against
    all white-list enterprises, and the amount. Two queries (the enterprises, the amounts)."""
    as_of = reference_day(year, today())
    supports = supports_in_year(year)
    enterprises = Enterprise.objects.filter(srdi_exists(as_of))
    if area_ids is not None:
        enterprises = enterprises.filter(area_id__in=list(area_ids))
    mine = supports.filter(enterprise=OuterRef("pk"))
    annotations = {f"got_{kind.value}": Exists(mine.filter(kind=kind)) for kind in FinanceSupport.Kind}
    annotations["got_any"] = Exists(mine)
    # Exists in the filter itself (an aggregate over annotations would have them pruned from its subquery).
    counts = enterprises.aggregate(
        total=Count("pk"), **{name: Count("pk", filter=Q(condition)) for name, condition in annotations.items()},
    )
    amounts = supports.filter(srdi_exists(as_of, "enterprise_id"))
    if area_ids is not None:
        amounts = amounts.filter(enterprise__area_id__in=list(area_ids))
    by_kind = dict(amounts.order_by().values("kind").annotate(amount=Sum("amount_wan")).values_list("kind", "amount"))
    return SupportReach(
        year=year, as_of=as_of, white_listed=counts["total"], reached_any=counts["got_any"],
        kinds=[KindReach(kind, counts[f"got_{kind.value}"], counts["total"], by_kind.get(kind.value) or ZERO)
               for kind in FinanceSupport.Kind],
    )


@dataclass(frozen=True)
class InstitutionRank:
    rank: int
    institution: str
    enterprises: int  # white-list enterprises served with guarantee or loan risk compensation in the year
    amount_wan: Decimal
    records: int


def risk_compensation_ranking(year, area_ids=None) -> list[InstitutionRank]:
    """(九) 优先推荐为“专精特新”中小企业提供支持的金融机构享受担保风险补偿和贷款风险补偿: institutions ranked by the
    white-list enterprises they served with 担保风险补偿 / 贷款风险补偿 in `year`, then by amount. One query."""
    as_of = reference_day(year, today())
    supports = supports_in_year(year).filter(kind__in=RISK_COMPENSATION_KINDS).filter(
        srdi_exists(as_of, "enterprise_id"))
    if area_ids is not None:
        supports = supports.filter(enterprise__area_id__in=list(area_ids))
    rows = (
        supports.order_by().values("institution")
        .annotate(enterprises=Count("enterprise", distinct=True), amount=Sum("amount_wan"), records=Count("pk"))
        .order_by("-enterprises", "-amount", "institution")
    )
    return [InstitutionRank(index, r["institution"], r["enterprises"], r["amount"] or ZERO, r["records"])
            for index, r in enumerate(rows, start=1)]


@dataclass(frozen=True)
class SupportOverview:
    reach: SupportReach
    ranking: list


def support_overview(user, year) -> SupportOverview:
    """The finance page's section on financial support, for the user's areas. Three queries."""
    area_ids = area_ids_for(user)
    return SupportOverview(reach=support_reach(year, area_ids), ranking=risk_compensation_ranking(year, area_ids))


# --- one-firm file and the measure workbook --------------------------------------------------------------------------

RECORD_HEADERS = ["日期", "支持类型", "金融机构", "金额（万元）", "备注"]


def support_record_table(enterprise, user) -> RecordTable:
    """The enterprise's financial support, newest first, as far as `user` may see it. One query."""
    supports = scope(FinanceSupport.objects.filter(enterprise=enterprise), user, via="enterprise")
    rows = [[s.granted_on, s.get_kind_display(), s.institution, s.amount_wan, s.note]
            for s in supports.order_by("-granted_on", "-pk")]
    return RecordTable(title=f"（九）{REACHED_LABEL}", headers=RECORD_HEADERS, rows=rows)


def workbook_tables(year, area_ids=None) -> list[RecordTable]:
    """(九) for 市金融办 and 人民银行桂林市分行: the white-list enterprises supported in `year` and how, the share each
    kind reached, and the institutions recommended for risk compensation. Four queries."""
    as_of = reference_day(year, today())
    supports = supports_in_year(year).filter(srdi_exists(as_of, "enterprise_id"))
    if area_ids is not None:
        supports = supports.filter(enterprise__area_id__in=list(area_ids))
    rows = [
        [s.enterprise.name, s.enterprise.credit_code, s.enterprise.area.name, s.granted_on, s.get_kind_display(),
         s.institution, s.amount_wan, s.note]
        for s in supports.select_related("enterprise__area")
        .order_by("enterprise__area__sort_order", "enterprise__name", "-granted_on", "pk")
    ]
    reach = support_reach(year, area_ids)
    ranking = risk_compensation_ranking(year, area_ids)
    return [
        RecordTable(
            title=f"（九）{REACHED_LABEL}企业",
            headers=["企业名称", "统一社会信用代码", "所属区域", *RECORD_HEADERS], rows=rows,
            note=f"白名单企业按 {as_of:%Y-%m-%d} 的认定状态计。",
        ),
        RecordTable(
            title="支持类型覆盖（应贴尽贴、应享尽享）",
            headers=["支持类型", "获支持白名单企业（家）", "白名单企业（家）", "覆盖率（%）", "金额（万元）"],
            rows=[[k.label, k.reached, k.white_listed, _percent(k.share), k.amount_wan] for k in reach.kinds],
        ),
        RecordTable(
            title="推荐风险补偿的金融机构",
            headers=["排名", "金融机构", "服务白名单企业（家）", "风险补偿金额（万元）", "笔数（笔）"],
            rows=[[r.rank, r.institution, r.enterprises, r.amount_wan, r.records] for r in ranking],
        ),
    ]


def _percent(fraction):
    return None if fraction is None else (fraction * 100).quantize(Decimal("0.1"))
