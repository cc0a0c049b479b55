"""Demo financing data: a listing reserve pool of 12 white-list enterprises at every stage (2 listed), about 40
supported loans over 2024–2026, and two recorded list pushes. Everything goes through the services; a second
run adds nothing."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from enterprises.models import Area, Enterprise, User
from enterprises.selectors import today, white_list

from . import services
from .models import ListingReserveEntry, ListPush, LoanSupport
from .stages import Board, ListingStage

BANKS = [
    "桂林银行股份有限公司", "中国工商银行桂林分行", "中国农业银行桂林分行", "中国银行桂林分行", "中国建设银行桂林分行",
    "交通银行桂林分行", "广西桂林农村商业银行", "中国邮政储蓄银行桂林市分行",
]
# (stage reached, board, entry date, dates of the following steps): two listed inside the goal window.
POOL_PLAN = [
    (ListingStage.LISTED, Board.BSE, date(2023, 3, 10),
     [date(2023, 8, 1), date(2024, 3, 15), date(2024, 9, 20), date(2024, 12, 18)]),
    (ListingStage.LISTED, Board.NEEQ, date(2023, 4, 20),
     [date(2023, 10, 9), date(2024, 6, 3), date(2025, 1, 10), date(2025, 4, 28)]),
    (ListingStage.APPROVED, Board.BSE, date(2023, 6, 1), [date(2024, 2, 1), date(2025, 3, 3), date(2026, 6, 12)]),
    (ListingStage.ACCEPTED, Board.CHINEXT, date(2023, 6, 15), [date(2024, 5, 6), date(2025, 11, 20)]),
    (ListingStage.ACCEPTED, Board.BSE, date(2024, 1, 8), [date(2024, 9, 2), date(2026, 3, 27)]),
    (ListingStage.TUTORING, Board.STAR, date(2024, 3, 1), [date(2025, 5, 15)]),
    (ListingStage.TUTORING, Board.BSE, date(2024, 7, 1), [date(2025, 9, 1)]),
    (ListingStage.TUTORING, Board.NEEQ, date(2025, 1, 6), [date(2026, 4, 10)]),
    (ListingStage.IN_POOL, Board.BSE, date(2025, 3, 3), []),
    (ListingStage.IN_POOL, Board.NEEQ, date(2025, 6, 16), []),
    (ListingStage.IN_POOL, Board.CHINEXT, date(2026, 1, 12), []),
    (ListingStage.IN_POOL, Board.BSE, date(2026, 2, 23), []),
]
STEP_ORDER = [ListingStage.TUTORING, ListingStage.ACCEPTED, ListingStage.APPROVED, ListingStage.LISTED]
STEP_NOTES = {
    ListingStage.TUTORING: "在广西证监局完成辅导备案",
    ListingStage.ACCEPTED: "申报材料获受理",
    ListingStage.APPROVED: "审核通过并完成注册",
    ListingStage.LISTED: "正式上市（挂牌）交易",
}


def seed(*, actor, rng):
    if ListingReserveEntry.objects.exists() or LoanSupport.objects.exists() or ListPush.objects.exists():
        return "融资支持演示数据已存在，跳过"
    officer = User.objects.filter(username="jinrong").first() or actor
    now = today()
    entries = _seed_pool(officer, now)
    loans = _seed_loans(officer, rng, now)
    pushes = _seed_pushes(officer)
    return f"上市后备企业 {entries} 家（其中已上市/挂牌 2 家），贷款支持 {loans} 笔，名单推送 {pushes} 次"


def _pick(entered_on, now, used_firms, used_areas):
    """A firm on the white list on its entry day, preferably still on it today, from an area not used yet."""
    still_listed = set(white_list(on=now).values_list("pk", flat=True))
    candidates = [e for e in white_list(on=entered_on).order_by("pk") if e.pk not in used_firms]
    candidates.sort(key=lambda e: (e.pk not in still_listed, e.area_id in used_areas, e.pk))
    return candidates[0] if candidates else None


def _seed_pool(officer, now):
    used_firms, used_areas = set(), set()
    created = 0
    for stage, board, entered_on, steps in POOL_PLAN:
        if entered_on > now:
            continue
        enterprise = _pick(entered_on, now, used_firms, used_areas)
        if enterprise is None:
            continue
        used_firms.add(enterprise.pk)
        used_areas.add(enterprise.area_id)
        entry = services.enter_pool(actor=officer, enterprise=enterprise, board=board, entered_on=entered_on)
        created += 1
        for to_stage, on in zip(STEP_ORDER[: STEP_ORDER.index(stage) + 1] if stage in STEP_ORDER else [], steps,
                                strict=False):
            if on > now:
                break
            entry = services.advance_stage(actor=officer, entry=entry, to_stage=to_stage, on=on,
                                           note=STEP_NOTES[to_stage])
    return created


def _seed_loans(officer, rng, now):
    created = 0
    for year, count in ((2024, 12), (2025, 15), (2026, 13)):
        last = min(date(year, 12, 31), now)
        firms = list(white_list(on=date(year, 6, 30)).order_by("pk").values_list("pk", flat=True))
        for pk in rng.sample(firms, min(count, len(firms))):
            granted_on = date(year, 1, 1) + timedelta(days=rng.randrange(0, (last - date(year, 1, 1)).days + 1))
            amount = Decimal(rng.randrange(50, 2000) * 10000)
            term = rng.choice([12, 12, 24, 36])
            programme = rng.choice([LoanSupport.Programme.GUIHUIDAI] * 3 + [LoanSupport.Programme.HUIQIDAI] * 2
                                   + [LoanSupport.Programme.OTHER])
            # Guihuidai-style subsidy: about 1.5 points a year on the principal, for at most one year.
            subsidy = (amount * Decimal("0.015") * min(term, 12) / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
            services.record_loan(
                actor=officer, enterprise=Enterprise.objects.get(pk=pk), programme=programme,
                programme_name="科创贷" if programme == LoanSupport.Programme.OTHER else "",
                bank=rng.choice(BANKS), amount=amount, term_months=term,
                annual_rate=Decimal(rng.randrange(3000, 4300)) / 1000, granted_on=granted_on,
                interest_subsidy=subsidy if programme != LoanSupport.Programme.OTHER else Decimal("0"),
            )
            created += 1
    return created


def _seed_pushes(officer):
    pushed = 0
    if white_list().exists():
        services.record_push(actor=officer, recipient_kind=ListPush.RecipientKind.BANK,
                             recipient_name="桂林银行股份有限公司", note="“桂惠贷”优先推荐名单")
        pushed += 1
    # The power supplier gets the list of the area with the most white-list firms (ties: first in area order).
    busiest = (
        Enterprise.objects.filter(pk__in=white_list().values("pk")).values("area").annotate(n=Count("pk"))
        .order_by("-n", "area__sort_order").first()
    )
    if busiest:
        services.record_push(actor=officer, recipient_kind=ListPush.RecipientKind.POWER,
                             recipient_name="广西电网有限责任公司桂林供电局", area=Area.objects.get(pk=busiest["area"]),
                             note="有序用电方案优先保障名单（第五条）")
        pushed += 1
    return pushed
