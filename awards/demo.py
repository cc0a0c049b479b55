"""Demo awards: the recompute for the demo years inside the policy period, then some awards moved along the
免申即享 flow (notified, confirmed, approved, on public notice, paid). Idempotent: a second run adds nothing."""

from datetime import date
from decimal import Decimal

from enterprises.models import Enterprise, User
from policy.levels import Level

from . import budgets, services
from .models import Award, AwardBudget
from .recompute import recompute_eligibility
from .states import AwardKind, AwardState

DEMO_YEARS = (2023, 2024)
# The bureau's budgets for the demo years, in yuan; 2024's recognition budget is set short of what was matched
# (below), so the dashboards show the over-budget warning.
DEMO_BUDGETS = {
    (2023, AwardKind.RECOGNITION): Decimal("5000000"), (2023, AwardKind.GROWTH): Decimal("3000000"),
    (2024, AwardKind.GROWTH): Decimal("3000000"),
}


def _user(username, fallback):
    return User.objects.filter(username=username).first() or fallback


def _seed_budgets(actor):
    """The demo years' budgets, once: a budget already there (entered by hand, say) is left as it is."""
    existing = set(AwardBudget.objects.values_list("year", "kind"))
    matched = Award.objects.filter(year=2024, kind=AwardKind.RECOGNITION, outcome="eligible")
    short = sum(matched.values_list("amount", flat=True), Decimal(0)) * Decimal("0.8")
    wanted = {**DEMO_BUDGETS, (2024, AwardKind.RECOGNITION): short.quantize(Decimal("10000"))}
    made = 0
    for (year, kind), amount in sorted(wanted.items()):
        if (year, kind) not in existing:
            budgets.save_budget(actor=actor, year=year, kind=kind, amount=amount, note="演示预算")
            made += 1
    return made


def seed(*, actor, rng):
    runs = [recompute_eligibility(year=year, actor=actor) for year in DEMO_YEARS]
    created = sum(run.created for run in runs)
    budget_rows = _seed_budgets(actor)
    if Award.objects.exclude(state__in=(AwardState.UNMATCHED, AwardState.CANDIDATE)).exists():
        return f"奖励结果已存在（本次新增 {created} 条，预算 {budget_rows} 条），跳过办理流程演示"
    reviewer, finance = _user("shenhe", actor), _user("caizheng", actor)
    # The demo enterprise user (qiye) is bound to this firm: its awards stay "notified" for it to confirm.
    demo_firm = Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()
    candidates = list(Award.objects.filter(state=AwardState.CANDIDATE).select_related("enterprise", "policy")
                      .order_by("year", "kind", "pk"))
    notified, _ = services.notify_awards(awards=candidates, actor=reviewer)
    others = [a for a in notified if demo_firm is None or a.enterprise_id != demo_firm.pk]
    to_confirm = others[: len(others) * 2 // 3]
    for award in to_confirm:
        services.confirm_award(
            award=award, actor=reviewer, account_name=award.enterprise.name, bank_name="桂林银行股份有限公司营业部",
            account_number=f"66{rng.randrange(10**13, 10**14)}",
        )
    to_approve = to_confirm[: len(to_confirm) * 3 // 4]
    approved, _ = services.approve_awards(awards=to_approve, actor=reviewer)
    # 2023's awards went on notice in spring 2024 and most are paid; 2024's are on notice now.
    earlier = [a for a in approved if a.year == 2023]
    later = [a for a in approved if a.year != 2023]
    services.publish_notice(awards=earlier, actor=reviewer, starts_on=date(2024, 4, 1))
    services.publish_notice(awards=later[: len(later) // 2], actor=reviewer, starts_on=date(2025, 4, 1))
    paid = 0
    for index, award in enumerate(earlier[: len(earlier) * 4 // 5]):
        services.record_payment(award=award, actor=finance, paid_on=date(2024, 4, 20 + index % 8),
                                voucher_number=f"桂财企〔2024〕{101 + index}号")
        paid += 1
    if len(to_confirm) > 3:
        services.reject_award(award=to_confirm[-1], actor=reviewer, reason="企业存在未整改的安全生产问题，本年度暂不予奖励")
    eligible = Award.objects.filter(outcome="eligible").count()
    return (f"奖励结果 {created} 条（符合 {eligible} 条）；推送 {len(notified)}，确认 {len(to_confirm)}，"
            f"审核通过 {len(approved)}，兑付 {paid}；奖励资金预算 {budget_rows} 条")
