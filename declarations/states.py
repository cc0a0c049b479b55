"""The declaration workflow in one place: kinds, states, actions and the table of allowed transitions.

Municipal SRDI application (市级"专精特新"中小企业申报):
    draft → submitted → county 初审 (recommend / return / reject) → bureau 复审 (approve / return / reject)
    → public notice 公示 → recognized (or rejected when an objection is upheld during the notice).
Annual figures report (年度经营数据填报):
    draft → submitted → county confirms (figures enter the registry) / returns for revision.
"""

from dataclasses import dataclass

from django.db import models

from enterprises.roles import Role


class Kind(models.TextChoices):
    APPLICATION = "application", "市级专精特新中小企业申报"
    ANNUAL_REPORT = "annual_report", "年度经营数据填报"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待初审"
    RETURNED = "returned", "退回修改"
    COUNTY_RECOMMENDED = "recommended", "待复审"
    PUBLIC_NOTICE = "public_notice", "公示中"
    RECOGNIZED = "recognized", "已认定"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "未通过"


class Action(models.TextChoices):
    SUBMIT = "submit", "提交申报"
    COUNTY_RECOMMEND = "county_recommend", "初审通过，推荐上报"
    COUNTY_RETURN = "county_return", "初审退回修改"
    COUNTY_REJECT = "county_reject", "初审不予推荐"
    BUREAU_APPROVE = "bureau_approve", "复审通过，进入公示"
    BUREAU_RETURN = "bureau_return", "复审退回修改"
    BUREAU_REJECT = "bureau_reject", "复审不予通过"
    NOTICE_REJECT = "notice_reject", "公示异议成立，不予认定"
    CONCLUDE_NOTICE = "conclude_notice", "公示期满，予以认定"
    COUNTY_CONFIRM = "county_confirm", "确认年度经营数据"


COUNTY_ROLES = (Role.COUNTY, Role.ADMIN)
BUREAU_ROLES = (Role.REVIEWER, Role.ADMIN)


@dataclass(frozen=True)
class Transition:
    kinds: tuple
    sources: tuple
    target: str
    roles: tuple  # who may perform it; `None` in roles means the system (a command with no acting user)
    needs_comment: bool = False


APP = (Kind.APPLICATION,)
ANNUAL = (Kind.ANNUAL_REPORT,)
EDITABLE = (Status.DRAFT, Status.RETURNED)

TRANSITIONS = {
    Action.SUBMIT: Transition(APP + ANNUAL, EDITABLE, Status.SUBMITTED, (Role.ENTERPRISE,)),
    Action.COUNTY_RECOMMEND: Transition(APP, (Status.SUBMITTED,), Status.COUNTY_RECOMMENDED, COUNTY_ROLES),
    Action.COUNTY_RETURN: Transition(APP + ANNUAL, (Status.SUBMITTED,), Status.RETURNED, COUNTY_ROLES, True),
    Action.COUNTY_REJECT: Transition(APP, (Status.SUBMITTED,), Status.REJECTED, COUNTY_ROLES, True),
    Action.BUREAU_APPROVE: Transition(APP, (Status.COUNTY_RECOMMENDED,), Status.PUBLIC_NOTICE, BUREAU_ROLES),
    Action.BUREAU_RETURN: Transition(APP, (Status.COUNTY_RECOMMENDED,), Status.RETURNED, BUREAU_ROLES, True),
    Action.BUREAU_REJECT: Transition(APP, (Status.COUNTY_RECOMMENDED,), Status.REJECTED, BUREAU_ROLES, True),
    Action.NOTICE_REJECT: Transition(APP, (Status.PUBLIC_NOTICE,), Status.REJECTED, BUREAU_ROLES, True),
    Action.CONCLUDE_NOTICE: Transition(APP, (Status.PUBLIC_NOTICE,), Status.RECOGNIZED, BUREAU_ROLES + (None,)),
    # The county confirms its enterprises' figures; only then do they enter the registry (save_annual_figures).
    Action.COUNTY_CONFIRM: Transition(ANNUAL, (Status.SUBMITTED,), Status.CONFIRMED, COUNTY_ROLES),
}

# States in which the declaration is still moving (shown as "open" on the enterprise's home page).
OPEN_STATES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.COUNTY_RECOMMENDED, Status.PUBLIC_NOTICE)

# What an open declaration waits for, as the enterprise reads it.
WAITING_FOR = {
    Status.DRAFT: "待企业完善并提交",
    Status.RETURNED: "已退回，待企业修改后重新提交",
    Status.SUBMITTED: "等待县（市、区）工信部门初审",
    Status.COUNTY_RECOMMENDED: "等待市工业和信息化局复审",
    Status.PUBLIC_NOTICE: "公示中，公示期满无异议后予以认定",
}


def allowed_actions(kind, status, role):
    """The actions a user of `role` may take on a declaration of `kind` in `status` (pure; scope is checked apart)."""
    return [
        action for action, t in TRANSITIONS.items()
        if kind in t.kinds and status in t.sources and role in t.roles and action != Action.CONCLUDE_NOTICE
    ]
