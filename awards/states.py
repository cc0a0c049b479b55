"""The award vocabulary in one place: kinds, rule outcomes, lifecycle states and the allowed transitions."""

from django.db import models


class AwardKind(models.TextChoices):
    RECOGNITION = "recognition", "认定奖励"  # (三)
    GROWTH = "growth", "成长奖励"  # (四)


class Outcome(models.TextChoices):
    ELIGIBLE = "eligible", "符合"
    INELIGIBLE = "ineligible", "不符合"
    OTHER_POLICY = "other_policy", "适用其他政策"
    NEEDS_REVIEW = "needs_review", "需人工复核"


class AwardState(models.TextChoices):
    """The 免申即享 lifecycle. A result that is not eligible stays UNMATCHED, outside the flow."""

    UNMATCHED = "unmatched", "不适用"
    CANDIDATE = "candidate", "系统比对符合"
    NOTIFIED = "notified", "已推送，待企业确认"
    CONFIRMED = "confirmed", "企业已确认，待审核"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "不予奖励"
    PUBLIC_NOTICE = "public_notice", "公示中"
    PAID = "paid", "已兑付"
    ARCHIVED = "archived", "已归档"


S = AwardState

# (from, to) → the service that performs it. Nothing else moves an award between states.
TRANSITIONS = {
    (S.CANDIDATE, S.NOTIFIED): "notify",
    (S.NOTIFIED, S.CONFIRMED): "confirm",
    (S.CONFIRMED, S.APPROVED): "approve",
    (S.APPROVED, S.PUBLIC_NOTICE): "publish_notice",
    (S.PUBLIC_NOTICE, S.PAID): "record_payment",
    (S.PAID, S.ARCHIVED): "archive",
    # rejected with a reason at any step before payment
    (S.CANDIDATE, S.REJECTED): "reject",
    (S.NOTIFIED, S.REJECTED): "reject",
    (S.CONFIRMED, S.REJECTED): "reject",
    (S.APPROVED, S.REJECTED): "reject",
    (S.PUBLIC_NOTICE, S.REJECTED): "reject",
    (S.REJECTED, S.ARCHIVED): "archive",
    # the recompute only: a result becomes eligible, or stops being so before anyone decided on it
    (S.UNMATCHED, S.CANDIDATE): "match",
    (S.CANDIDATE, S.UNMATCHED): "unmatch",
    (S.NOTIFIED, S.UNMATCHED): "unmatch",
    (S.CONFIRMED, S.UNMATCHED): "unmatch",
}

# What the ledger calls each action (and the money events that do not change the state).
ACTION_LABELS = {
    "match": "系统比对符合", "unmatch": "重新比对不符合", "notify": "精准推送", "confirm": "企业确认领取",
    "approve": "审核通过", "reject": "不予奖励", "publish_notice": "发布公示", "record_payment": "兑付成功",
    "archive": "归档", "flag": "输入变化，标记复核", "resolve_accept": "复核：采纳重新计算结果",
    "resolve_keep": "复核：维持原决定", "batch": "列入兑付批次", "payment_failed": "银行代发失败，退回待兑付",
    "objection": "收到公示异议", "objection_upheld": "异议成立", "objection_dismissed": "异议不成立",
    "recovery": "立项追回", "recovered": "追回完成",
}

# A recomputation may still rewrite these; anything else is a decision it only flags.
UNDECIDED = (S.UNMATCHED, S.CANDIDATE, S.NOTIFIED, S.CONFIRMED)
# In the flow and not yet decided (a result in these states is eligible).
FLOW_UNDECIDED = (S.CANDIDATE, S.NOTIFIED, S.CONFIRMED)
DECIDED = (S.APPROVED, S.REJECTED, S.PUBLIC_NOTICE, S.PAID, S.ARCHIVED)
# States that count as an approved award (dashboards) and as money paid.
APPROVED_OR_LATER = (S.APPROVED, S.PUBLIC_NOTICE, S.PAID, S.ARCHIVED)
PAID_STATES = (S.PAID, S.ARCHIVED)


def sources_of(action):
    """The states from which `action` may be taken."""
    return tuple(src for (src, _dst), name in TRANSITIONS.items() if name == action)


def target_of(action):
    targets = {dst for (_src, dst), name in TRANSITIONS.items() if name == action}
    assert len(targets) == 1, action
    return targets.pop()


def can(action, state):
    return state in sources_of(action)


# The steps an enterprise sees (免申即享): label, and the states in which the step is done.
STEPS = (
    ("系统比对", (S.CANDIDATE, S.NOTIFIED, S.CONFIRMED, S.APPROVED, S.PUBLIC_NOTICE, S.PAID, S.ARCHIVED)),
    ("精准推送", (S.NOTIFIED, S.CONFIRMED, S.APPROVED, S.PUBLIC_NOTICE, S.PAID, S.ARCHIVED)),
    ("意愿确认", (S.CONFIRMED, S.APPROVED, S.PUBLIC_NOTICE, S.PAID, S.ARCHIVED)),
    ("审核", (S.APPROVED, S.PUBLIC_NOTICE, S.PAID, S.ARCHIVED)),
    ("公示", (S.PAID, S.ARCHIVED)),
    ("兑付", (S.PAID, S.ARCHIVED)),
    ("归档", (S.ARCHIVED,)),
)
