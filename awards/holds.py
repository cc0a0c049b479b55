"""What holds an award back from approval, public notice or payment (the money chain, domain.md):

- a flag — its inputs changed after the decision and no reviewer has resolved it (publication, payment);
- an open objection (异议) to it (payment);
- a credit entry (信用审查) of its enterprise in force that day (approval, publication, payment).

`holds_for` answers for many awards in a fixed number of queries; the services refuse on any answer, the admin and
the batch export show them."""

from audit import person
from enterprises.selectors import credit_entries_in_force

from .models import AwardObjection, PaymentItem
from .objections import ObjectionStatus

APPROVE = ("credit",)
PUBLISH = ("flag", "credit")
PAY = ("flag", "objection", "credit")


def credit_reasons(entries):
    return [
        f"企业被列为“{entry.get_status_display()}”（{entry.authority}，{entry.listed_on:%Y-%m-%d} 列入"
        + (f"，{entry.removed_on:%Y-%m-%d} 移出" if entry.removed_on else "") + "），信用审查未通过"
        for entry in entries
    ]


def holds_for(awards, *, on, checks=PAY):
    """{award_id: [reason, …]} for the awards held back on day `on` by any of `checks`; awards not held are absent.
    Two queries at most, whatever the number of awards."""
    awards = list(awards)
    held = {}

    def add(award_id, reason):
        held.setdefault(award_id, []).append(reason)

    if "flag" in checks:
        for award in awards:
            if award.needs_attention:
                add(award.pk, "输入数据已变化，待复核人员处理复核标记后方可继续")
    if "objection" in checks and awards:
        open_ids = set(AwardObjection.objects.filter(
            award_id__in=[a.pk for a in awards], status=ObjectionStatus.OPEN
        ).values_list("award_id", flat=True))
        for award in awards:
            if award.pk in open_ids:
                add(award.pk, "公示期间收到异议，尚未办结")
    if "credit" in checks and awards:
        entries = credit_entries_in_force({a.enterprise_id for a in awards}, on)
        for award in awards:
            for reason in credit_reasons(entries.get(award.enterprise_id, ())):
                add(award.pk, reason)
    return held


def due_problems(awards, *, today):
    """{award_id: [reason, …]} for awards on public notice that may not be paid today, whoever pays: notice not
    ended, bank details missing, nothing to pay, already in an open batch, or held (flag, objection, credit). The
    batch export and the single payment form read the same answer. Three queries whatever the number of awards."""
    awards = list(awards)
    pending = dict(PaymentItem.objects.filter(award_id__in=[a.pk for a in awards], result=PaymentItem.Result.PENDING)
                   .values_list("award_id", "batch__number"))
    held = holds_for(awards, on=today, checks=PAY)
    reasons = {}
    for award in awards:
        problems = []
        if award.pk in pending:
            problems.append(f"已列入兑付批次 {pending[award.pk]}，待银行回单对账，不能另行兑付")
        if award.notice_ends_on is None or today <= award.notice_ends_on:
            end = f"{award.notice_ends_on:%Y-%m-%d}" if award.notice_ends_on else "—"
            problems.append(f"公示期至 {end} 结束，公示期满后方可兑付")
        if not (award.account_name and award.bank_name and award.account_number):
            problems.append("企业尚未确认收款账户")
        if award.amount <= 0:
            problems.append("奖励金额为 0")
        problems.extend(held.get(award.pk, ()))
        if problems:
            reasons[award.pk] = problems
    return reasons


def four_eyes_problem(award, actor):
    """Whoever approved an award does not record its payment (also a database constraint), or None."""
    if award.reviewed_by_id is not None and award.reviewed_by_id == getattr(person(actor), "pk", None):
        return "审核该奖励的人员不能登记其兑付（审核与兑付须由不同人员办理）"
    return None


def payment_problems(award, *, actor, today):
    """Why `actor` cannot pay `award` today (every rule of the money chain but the state), or []."""
    problems = list(due_problems([award], today=today).get(award.pk, ()))
    four_eyes = four_eyes_problem(award, actor)
    return problems + [four_eyes] if four_eyes else problems
