"""Enterprise-facing award pages: its own awards with their steps, and the confirmation form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from enterprises.roles import Role

from . import selectors, services
from .forms import ConfirmAwardForm
from .models import Award
from .states import AwardState


def my_awards(request):
    if request.user.role != Role.ENTERPRISE:
        if request.user.is_staff:
            return redirect("admin:awards_award_changelist")
        raise PermissionDenied
    awards = list(selectors.enterprise_awards_for(request.user))
    return render(request, "awards/my_awards.html", {"awards": awards})


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
