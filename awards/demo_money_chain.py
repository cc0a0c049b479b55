"""Demo of the money chain, after the awards demo has moved awards along the flow: a credit entry holding a payment
back, an objection dismissed and one upheld, a payment batch reconciled from the bank's receipt file (one transfer
failed and due again), and a paid award whose inputs changed, flagged and resolved with a recovery (追回). The
lapsed edition needs no seeding: the demo's only edition ran to 2024-12-31, and every award page says so.

Idempotent: once a batch exists the whole story is there and a second run adds nothing."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from audit import PUBLIC
from enterprises import services as registry
from enterprises.models import CreditEntry, CreditStatus, User
from enterprises.selectors import figures_of

from . import batches, objection_services, services
from .models import Award, AwardObjection, PaymentBatch
from .objections import ObjectionStatus
from .recompute import recompute_eligibility
from .states import AwardKind, AwardState


def _user(username, fallback):
    return User.objects.filter(username=username).first() or fallback


def seed(*, actor, rng):
    if PaymentBatch.objects.exists() or AwardObjection.objects.exists():
        return "兑付批次已存在，跳过资金链条演示"
    reviewer, finance = _user("shenhe", actor), _user("caizheng", actor)
    today = timezone.localdate()
    lines = []

    # 2024's confirmed awards: most approved and noticed in spring 2025 (due now), three go on notice today
    confirmed = list(Award.objects.filter(year=2024, state=AwardState.CONFIRMED).order_by("pk"))
    approved, _ = services.approve_awards(awards=confirmed, actor=reviewer)
    services.publish_notice(awards=approved[3:], actor=reviewer, starts_on=today.replace(year=today.year - 1))

    # 1. 信用审查: one award due for payment belongs to an enterprise listed as 失信被执行人 — the batch leaves it out
    due = list(Award.objects.filter(year=2024, state=AwardState.PUBLIC_NOTICE, notice_ends_on__lt=today)
               .select_related("enterprise").order_by("pk"))
    if due:
        listed = due[0]
        registry.save_credit_entry(actor=actor, entry=CreditEntry(
            enterprise=listed.enterprise, status=CreditStatus.JUDGMENT_DEFAULTER, listed_on=today - timedelta(days=30),
            authority="桂林市中级人民法院"))
        lines.append(f"信用审查拦截 1 项（{listed.enterprise.name}）")

    # 2. 异议: three approved awards go on notice today; two draw objections, one dismissed and one upheld
    services.publish_notice(awards=approved[:3], actor=reviewer, starts_on=today - timedelta(days=2))
    for award, status, finding in zip(approved[:3], (ObjectionStatus.DISMISSED, ObjectionStatus.UPHELD), (
        "经核查，企业年度产值数据与统计部门联网直报数据一致，异议所称数据不实的情况不存在，异议不成立。",
        "经核查，企业在公示期内被查实存在虚报研发投入的情况，异议成立，不予奖励。",
    ), strict=False):
        objection_services.lodge_award_objection(
            award=award, objector_name="王先生", objector_phone="13800000000",
            facts="该企业上年度产值数据与我所了解的实际经营情况明显不符，请核查。", actor=PUBLIC)
        objection = AwardObjection.objects.filter(award=award, status=ObjectionStatus.OPEN).get()
        objection_services.decide_award_objection(objection=objection, actor=reviewer, status=status, finding=finding)
    lines.append("公示异议 2 件（不成立 1，成立 1）")

    # 3. 兑付批次 and the bank's receipt: every transfer succeeds but one (the account was closed)
    result = batches.create_payment_batch(year=2024, actor=finance, today=today)
    if result.batch is not None:
        rows = ["批次号,统一社会信用代码,金额（元）,交易流水号,交易日期,交易结果,失败原因"]
        for index, item in enumerate(result.items):
            failed = index == len(result.items) - 1 and len(result.items) > 1
            rows.append(",".join((
                result.batch.number, item.award.enterprise.credit_code, f"{item.amount:.2f}",
                "" if failed else f"GLB{today:%Y%m%d}{index + 1:06d}", f"{today:%Y-%m-%d}",
                "失败" if failed else "成功", "收款账户已销户" if failed else "",
            )))
        report = batches.import_bank_receipts(content=("\ufeff" + "\n".join(rows) + "\n").encode(),
                                              file_name="银行回单.csv", actor=finance, today=today)
        if report.errors:
            raise RuntimeError("演示回单未能导入：" + "；".join(report.errors))
        lines.append(f"兑付批次 {result.batch.number}：{len(result.items)} 笔，回单成功 {len(report.succeeded)}、"
                     f"失败 {len(report.failed)}；被拦截 {len(result.held)} 项")

    # 4. a paid award whose inputs change: flagged, then the reviewer accepts the new result — a recovery opens
    paid = (Award.objects.filter(state=AwardState.PAID, kind=AwardKind.GROWTH, year=2023)
            .select_related("enterprise").order_by("pk").first())
    if paid is not None:
        rows = {row.year: row for row in figures_of(paid.enterprise)}
        prior, current = rows.get(2022), rows.get(2023)
        if prior is not None and current is not None:
            lowered = (Decimal(prior.output_value) * Decimal("1.10")).quantize(Decimal("1"))
            registry.save_annual_figures(actor=actor, enterprise=paid.enterprise, year=2023, output_value=lowered,
                                         tax_paid=current.tax_paid)
            recompute_eligibility(year=2023, actor=actor)  # the write's own task runs once this commits: nothing left
            paid.refresh_from_db()
            if paid.needs_attention:
                services.resolve_flag(award=paid, actor=reviewer, accept=True,
                                      reason="县级工信部门更正了 2023 年产值，按更正后的数据不再符合成长奖励条件")
                lines.append(f"复核标记处理 1 项并立项追回（{paid.enterprise.name}）")
    return "；".join(lines) or "无可演示的奖励"
