"""Enterprise-facing award pages: its own awards with their steps and ledger, the confirmation form; and the
public notice of awards (奖励公示), open to anyone, where objections are lodged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit import PUBLIC
from enterprises.roles import Role
from policy.selectors import NoPolicyEdition, edition_standing_on

from . import holds, objection_limits, objection_services, selectors, services
from .forms import AwardObjectionForm, ConfirmAwardForm
from .models import Award
from .states import AwardState

# Awards an enterprise still waits on: a hold (flag, objection, credit entry) is worth telling it about.
UNDER_WAY = (AwardState.CANDIDATE, AwardState.NOTIFIED, AwardState.CONFIRMED, AwardState.APPROVED,
             AwardState.PUBLIC_NOTICE)
FLAG_NOTE = "审核后企业的认定或经营数据发生变化，市工业和信息化局正在复核本项奖励"
OBJECTION_NOTE = "公示期间收到异议，市工业和信息化局正在依规核查"


def my_awards(request):
    if request.user.role != Role.ENTERPRISE:
        if request.user.is_staff:
            return redirect("admin:awards_award_changelist")
        raise PermissionDenied
    # the ledger in one query for every award; holds in two (objections, credit entries)
    awards = list(selectors.enterprise_awards_for(request.user).prefetch_related("events"))
    under_way = [award for award in awards if award.state in UNDER_WAY]
    today = timezone.localdate()
    objected = holds.holds_for(under_way, on=today, checks=("objection",))
    credit = holds.holds_for(under_way, on=today, checks=("credit",))
    for award in awards:
        award.timeline = list(award.events.all())  # shown with the unit only, never a staff name
        award.review_notes = _review_notes(award, objected, credit) if award.state in UNDER_WAY else []
    return render(request, "awards/my_awards.html", {"awards": awards})


def _review_notes(award, objected, credit):
    """Why an award is held, as the enterprise may read it: no objector's details; its own credit entry is named."""
    notes = [FLAG_NOTE] if award.needs_attention else []
    if award.pk in objected:
        notes.append(OBJECTION_NOTE)
    return notes + credit.get(award.pk, [])


def confirm_award(request, pk):
    try:
        award = selectors.award_for(request.user, pk)
    except Award.DoesNotExist:
        raise Http404("未找到该奖励") from None
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    if award.state != AwardState.NOTIFIED:
        messages.info(request, f"该奖励当前状态为“{award.get_state_display()}”，无需确认。")
        return redirect("awards:mine")
    form = ConfirmAwardForm(request.POST or None, initial={"account_name": award.enterprise.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.confirm_award(
                award=award, actor=request.user, account_name=data["account_name"], bank_name=data["bank_name"],
                account_number=data["account_number"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, "已确认领取，收款账户已提交，请等待市工业和信息化局审核。")
            return redirect("awards:mine")
    return render(request, "awards/confirm.html", {"award": award, "form": form})


# --- 奖励公示 (public) ---------------------------------------------------------------------------------------------

RECEIVED = "异议已收到。市工业和信息化局将依规核查处理，并对异议人信息保密。"


def _notice_groups(entries, today):
    """The entries grouped by the policy edition they were decided under, each with its objection contact."""
    groups = []
    for award in entries:
        if not groups or groups[-1]["edition"] != award.policy:
            groups.append({"edition": award.policy, "entries": []})
        groups[-1]["entries"].append(award)
    for group in groups:
        if group["edition"] is None:  # no edition on the award: the one standing today answers objections
            try:
                group["edition"] = edition_standing_on(today)
            except NoPolicyEdition:
                pass
        group["contact"] = getattr(group["edition"], "objection_desk", "") or "桂林市工业和信息化局"
    return groups


@login_not_required
@require_http_methods(["GET", "POST"])
def public_notices(request):
    """公示: the awards on notice today (no bank details, no personal data) and the objection form."""
    today = timezone.localdate()
    entries = list(objection_services.awards_on_notice(today))
    form = AwardObjectionForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        if objection_limits.limit_reached(request):
            form.add_error(None, objection_limits.THROTTLED)
        else:
            data = form.cleaned_data
            try:
                objection_services.lodge_award_objection(
                    award=data["award"], objector_name=data["objector_name"], objector_phone=data["objector_phone"],
                    facts=data["facts"], actor=PUBLIC,
                )
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                objection_limits.count_objection(request)
                messages.success(request, RECEIVED)
                return redirect("awards:public_notices")
    return render(request, "awards/public_notices.html", {
        "groups": _notice_groups(entries, today), "entries": entries, "form": form, "today": today,
    })
