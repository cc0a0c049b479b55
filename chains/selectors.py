"""Reads of the chain records, scoped by user, each in a fixed number of queries: the chain map and its gap list
(十一), the candidates of a purchase plan and the plans' progress (十二), and the three reads the dashboards, the
one-firm file and the measure workbooks take from every capability."""

from datetime import date

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from enterprises.filings import counted
from enterprises.reach import ReachSource
from enterprises.record_tables import RecordTable
from enterprises.scoping import scope
from enterprises.selectors import tier_subqueries, today, white_list
from policy.levels import WHITE_LIST_LEVELS, Level
from policy.selectors import level_names

from .models import ChainLink, ChainMember, MemberRole, Outcome, Procurement, ProcurementRecommendation, Product
from .rules import group_chains

BUREAU = "市工信局"
CHAIN_MEASURE, MATCHING_MEASURE = 11, 12  # (十一) 产业链, (十二) 大中小企业融通
# Tiers the chain map names: the white list and the first tier (创新型 / 科技和创新型中小企业).
SHOWN_TIERS = (*WHITE_LIST_LEVELS, Level.INNOVATIVE)


# ---- (十一) the chain map and its gap list ------------------------------------------------------------------------

def links():
    return ChainLink.objects.order_by("chain", "position", "name", "pk")


def members_for(user):
    return scope(ChainMember.objects.select_related("enterprise__area", "link"), user, via="enterprise")


def _with_tiers(members, on):
    tier, rank = tier_subqueries(on, "enterprise_id")
    return members.annotate(tier=tier, tier_rank=rank).order_by("-tier_rank", "role", "enterprise__name", "pk")


def _chain_views(members, on):
    """[ChainView] for all links with `members` placed on them, tiers named. 3 queries."""
    names = level_names()
    by_link = {}
    for member in _with_tiers(members, on):
        member.srdi = member.tier in WHITE_LIST_LEVELS
        member.tier_name = names.name(member.tier, on) if member.tier in SHOWN_TIERS else ""
        by_link.setdefault(member.link_id, []).append(member)
    return group_chains(links(), by_link)


def chain_map(user, *, area_id=None, on=None):
    """(十一) Every chain, its links upstream to downstream, each link's members (of `user`'s scope, of one area when
    `area_id` is given) best tier first. A link with no SRDI member among those is a gap. 3 queries."""
    members = members_for(user)
    if area_id:
        members = members.filter(enterprise__area_id=area_id)
    return _chain_views(members, on or today())


def gap_rows(chains):
    """(十一) The gap list for investment promotion: weak links and links with no local SRDI enterprise."""
    rows = []
    for chain in chains:
        for view in chain.links:
            if view.gap_reasons:
                link = view.link
                rows.append([chain.name, link.name, link.get_position_display(), "是" if link.weak else "否",
                             "；".join(view.gap_reasons), link.gap_note, view.srdi_count, len(view.members)])
    return rows


GAP_HEADERS = ["产业链", "环节", "环节位置", "是否薄弱环节", "缺口类型", "关键短板说明", "本地专精特新企业（家）",
               "链上企业（家）"]


# ---- (十二) purchase plans and their candidates -------------------------------------------------------------------

def plans_for(user):
    """Purchase plans whose purchaser `user` may see, with how many enterprises were recommended and signed."""
    queryset = Procurement.objects.select_related("enterprise__area", "category").annotate(
        recommended_count=Count("recommendations"),
        signed_count=Count("recommendations", filter=Q(recommendations__outcome=Outcome.SIGNED)),
    )
    return scope(queryset, user, via="enterprise").order_by("-deadline", "-pk")


def plan_for(user, pk):
    """One plan `user` may see; Procurement.DoesNotExist (→ 404) otherwise."""
    return scope(Procurement.objects.select_related("enterprise__area", "category"), user, via="enterprise").get(pk=pk)


def candidates(plan, *, on=None, user=None):
    """(十二) The SRDI enterprises with a confirmed product in `plan`'s category, the purchaser left out, ranked: higher
    tier first, then the best domestic market share of such a product (none last), then the purchaser's own area
    first, then by name. Each carries `current_tier`, `tier_rank`, `best_share`, `same_area`. One query."""
    products = counted(Product.objects.filter(category_id=plan.category_id, enterprise=OuterRef("pk")))
    best_share = products.order_by(F("domestic_share").desc(nulls_last=True)).values("domestic_share")[:1]
    purchaser_area = Procurement.objects.filter(pk=plan.pk).values("enterprise__area_id")[:1]
    queryset = (
        white_list(on=on or today(), user=user).filter(Exists(products)).exclude(pk=plan.enterprise_id)
        .annotate(best_share=Subquery(best_share),
                  same_area=Case(When(area_id=Subquery(purchaser_area), then=Value(1)), default=Value(0),
                                 output_field=IntegerField()))
    )
    return queryset.order_by("-tier_rank", F("best_share").desc(nulls_last=True), "-same_area", "name", "pk")


def recommend(plan, *, on=None, user=None):
    """(十二) The ranked recommendation list of a plan, each candidate with `tier_name` and `recommendation` (the one
    already sent, or None). 3 queries."""
    on = on or today()
    names = level_names()
    sent = {r.enterprise_id: r for r in ProcurementRecommendation.objects.filter(plan=plan)}
    ranked = list(candidates(plan, on=on, user=user))
    for enterprise in ranked:
        enterprise.tier_name = names.name(enterprise.current_tier, on)
        enterprise.recommendation = sent.get(enterprise.pk)
    return ranked


def recommendations_of(plan):
    return (ProcurementRecommendation.objects.filter(plan=plan)
            .select_related("enterprise__area", "recommended_by", "outcome_by").order_by("-recommended_at", "-pk"))


def recommendation_for(user, pk):
    queryset = ProcurementRecommendation.objects.select_related("plan", "enterprise")
    return scope(queryset, user, via="plan__enterprise").get(pk=pk)


# ---- products an enterprise files ---------------------------------------------------------------------------------

def products_of(enterprise):
    return Product.objects.filter(enterprise=enterprise).select_related("category").order_by("-created_at", "-pk")


# ---- what the dashboards, the one-firm file and the workbooks read ------------------------------------------------

def _listed_by(year):
    return ChainMember.objects.filter(listed_at__year__lte=year)


def _recommended_in(year):
    return ProcurementRecommendation.objects.filter(recommended_at__year=year)


def reach_sources():
    """(十一) An enterprise on the chain list by the end of the year (the list is a standing roster: a member counts
    from the year it was listed on); (十二) an enterprise recommended to a chain leader's purchase plan that year."""
    return [
        ReachSource(measure=CHAIN_MEASURE, label="进入产业链清单", bureau=BUREAU, reached=_listed_by),
        ReachSource(measure=MATCHING_MEASURE, label="获得融通对接推荐", bureau=BUREAU, reached=_recommended_in),
    ]


def _local(dt):
    return timezone.localtime(dt).date() if dt else None


def firm_file_tables(enterprise, user):
    """The enterprise's chain places, products, recommendations received and (a chain leader) purchase plans,
    newest first. 4 queries; no personal data."""
    members = ChainMember.objects.filter(enterprise=enterprise).select_related("link").order_by("-listed_at", "-pk")
    products = products_of(enterprise)
    received = (ProcurementRecommendation.objects.filter(enterprise=enterprise)
                .select_related("plan__enterprise").order_by("-recommended_at", "-pk"))
    plans = (Procurement.objects.filter(enterprise=enterprise).select_related("category")
             .annotate(recommended_count=Count("recommendations")).order_by("-deadline", "-pk"))
    return [
        RecordTable("（十一）产业链", ["产业链", "环节", "环节位置", "角色", "是否薄弱环节", "列入日期"], [
            [m.link.chain, m.link.name, m.link.get_position_display(), m.get_role_display(),
             "是" if m.link.weak else "否", _local(m.listed_at)] for m in members
        ]),
        RecordTable("（十二）企业产品", ["产品名称", "产品类别", "细分市场", "国内市场占有率（%）", "填报状态"], [
            [p.name, p.category.name, p.segment, p.domestic_share, p.get_filing_state_display()] for p in products
        ]),
        RecordTable("（十二）获得融通对接推荐", ["采购项目", "采购方", "推荐日期", "对接结果", "说明"], [
            [r.plan.title, r.plan.enterprise.name, _local(r.recommended_at), r.get_outcome_display(), r.note]
            for r in received
        ]),
        RecordTable("（十二）链主采购计划", ["采购项目", "产品类别", "预计金额（万元）", "截止日期", "已推荐企业（家）"], [
            [p.title, p.category.name, p.amount_wan, p.deadline, p.recommended_count] for p in plans
        ]),
    ]


def _chain_sheets(year, area_ids):
    """(十一) The gap list of the area(s) and the SRDI-relevant members listed by the end of `year`. 4 queries."""
    on = min(today(), date(year, 12, 31))
    members = ChainMember.objects.select_related("enterprise__area", "link").filter(listed_at__year__lte=year)
    if area_ids is not None:
        members = members.filter(enterprise__area_id__in=list(area_ids))
    chains = _chain_views(members, on)
    member_rows = [
        [m.enterprise.name, m.enterprise.credit_code, m.enterprise.area.name, chain.name, view.link.name,
         view.link.get_position_display(), m.get_role_display(), m.tier_name or "—", _local(m.listed_at)]
        for chain in chains for view in chain.links for m in view.members
    ]
    return [
        RecordTable(f"（十一）产业链缺口清单 {year}", GAP_HEADERS, gap_rows(chains),
                    note="缺口：薄弱环节，或本地无专精特新企业的环节；供招商引资使用"),
        RecordTable(f"（十一）产业链企业 {year}", ["企业名称", "统一社会信用代码", "所属区域", "产业链", "环节", "环节位置",
                                            "角色", "当前梯度", "列入日期"], member_rows),
    ]


def _matching_sheets(year, area_ids):
    """(十二) The purchase plans open in `year` and the recommendations made in `year` with their outcomes. 2 queries."""
    plans = (Procurement.objects.select_related("enterprise__area", "category").filter(deadline__year__gte=year)
             .filter(created_at__year__lte=year)
             .annotate(recommended_count=Count("recommendations", filter=Q(recommendations__recommended_at__year=year)),
                       signed_count=Count("recommendations", filter=Q(recommendations__recommended_at__year=year,
                                                                      recommendations__outcome=Outcome.SIGNED)))
             .order_by("enterprise__area__sort_order", "enterprise__name", "title"))
    recommendations = (_recommended_in(year).select_related("enterprise__area", "plan__enterprise", "plan__category")
                       .order_by("enterprise__area__sort_order", "enterprise__name", "recommended_at"))
    if area_ids is not None:
        plans = plans.filter(enterprise__area_id__in=list(area_ids))
        recommendations = recommendations.filter(enterprise__area_id__in=list(area_ids))
    return [
        RecordTable(f"（十二）链主采购计划 {year}", ["采购方", "统一社会信用代码", "所属区域", "采购项目", "产品类别",
                                            "预计金额（万元）", "截止日期", "推荐企业（家）", "已签约（家）"], [
            [p.enterprise.name, p.enterprise.credit_code, p.enterprise.area.name, p.title, p.category.name,
             p.amount_wan, p.deadline, p.recommended_count, p.signed_count] for p in plans
        ]),
        RecordTable(f"（十二）融通对接推荐 {year}", ["企业名称", "统一社会信用代码", "所属区域", "采购项目", "采购方",
                                            "产品类别", "推荐日期", "对接结果", "说明"], [
            [r.enterprise.name, r.enterprise.credit_code, r.enterprise.area.name, r.plan.title,
             r.plan.enterprise.name, r.plan.category.name, _local(r.recommended_at), r.get_outcome_display(), r.note]
            for r in recommendations
        ]),
    ]


def workbook_sheets():
    return {CHAIN_MEASURE: _chain_sheets, MATCHING_MEASURE: _matching_sheets}


def leader_ids():
    """The enterprises that lead a chain (链主企业 on some link): the purchasers a plan may name. One query."""
    return set(ChainMember.objects.filter(role=MemberRole.LEADER).values_list("enterprise_id", flat=True))
