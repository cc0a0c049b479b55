"""The admin's landing page: what waits for the signed-in official, as counts that open the filtered lists.

Each count comes from the selector of the app that owns the records, scoped to the user (a county sees its own
area only). A role sees the queues it works on; an admin sees them all. One query per queue, whatever the number
of rows (the payable awards take the four of awards.holds)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from awards import selectors as awards
from awards.models import Award
from declarations import selectors as declarations
from declarations.models import Declaration
from enterprises import selectors as registry
from enterprises.roles import Role
from liaison import selectors as liaison
from liaison.models import UnassignedEnterprise
from policy import selectors as policy
from policy.models import PolicyRecord


@dataclass(frozen=True)
class QueueItem:
    label: str
    count: int
    url: str
    hint: str = ""
    alert: bool = False  # a count above zero is shown in red: something is late


def _url(model, **params):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _may_view(user, model):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def _declarations(user, roles):
    model = Declaration
    if not _may_view(user, model):
        return []
    items = []
    if Role.COUNTY in roles:
        items.append(QueueItem("待我初审", declarations.first_review_queue(user).count(),
                               _url(model, status__exact="submitted"), "企业已提交、等待县（市、区）初审的申报"))
    if Role.REVIEWER in roles:
        items.append(QueueItem("待我复审", declarations.second_review_queue(user).count(),
                               _url(model, status__exact="recommended"), "县（市、区）已推荐、等待市局复审的申报"))
    if roles & {Role.COUNTY, Role.REVIEWER}:
        items.append(QueueItem("审核已超期", declarations.overdue_review_count(user), reverse("declarations:review_queue"),
                               "超过审核时限（按法定工作日计算）仍未办结的申报", alert=True))
    return items


def _awards(user, roles):
    model = Award
    if not _may_view(user, model):
        return []
    items = []
    if Role.REVIEWER in roles:
        items.append(QueueItem("待审核奖励", awards.awaiting_approval(user).count(),
                               _url(model, state__exact="confirmed"), "企业已确认领取、等待审核的奖励"))
        items.append(QueueItem("奖励审核已超期", len(awards.late_approval_ids(user)), _url(model, queue="late"),
                               "企业确认领取后超过奖励审核时限（法定工作日）仍未审核", alert=True))
        items.append(QueueItem("需复核", awards.flagged_awards(user).count(),
                               _url(model, needs_attention__exact="1"), "决定后输入数据有变化、等待复核的奖励"))
    if Role.FINANCE in roles:
        items.append(QueueItem("待兑付", len(awards.payable_award_ids(user)), _url(model, queue="payable"),
                               "公示期满、收款账户已确认、无拦截，可以兑付的奖励"))
    return items


def _unassigned(user, roles):
    model = UnassignedEnterprise
    if Role.COUNTY not in roles or not _may_view(user, model):
        return []
    return [QueueItem("未配联络员", liaison.unassigned_white_list(user).count(), _url(model),
                      "白名单内尚未指派联络员的企业")]


def _filings(user, roles):
    if Role.COUNTY not in roles:
        return []
    return [
        QueueItem(f"待确认：{model._meta.verbose_name}", registry.submitted_filings(model, user).count(),
                  _url(model, filing_state__exact="submitted"), "企业已提交、等待县（市、区）确认的填报")
        for model in registry.filed_record_models() if _may_view(user, model)
    ]


def _objection_desk(user, roles):
    """An edition whose public notices would give no phone or address for objections: the bureau fills them."""
    model = PolicyRecord
    if Role.REVIEWER not in roles or not _may_view(user, model):
        return []
    return [QueueItem("公示缺异议受理电话或地址", len(policy.editions_without_objection_desk(registry.today())),
                      _url(model, objection_desk="missing"), "现行或待施行的政策版本未填写异议受理电话或地址，公示页面无法向公众公布", alert=True)]


def queue_for(user) -> list[QueueItem]:
    """The queues of the user's role (every queue for an admin), in the order the work flows."""
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    roles = set(Role) if role == Role.ADMIN else {role}
    return [*_declarations(user, roles), *_filings(user, roles), *_unassigned(user, roles), *_awards(user, roles),
            *_objection_desk(user, roles)]


def dashboard_callback(request, context):
    """UNFOLD["DASHBOARD_CALLBACK"]: the landing page's queue (templates/admin/index.html shows it)."""
    context["queue"] = queue_for(request.user)
    return context
