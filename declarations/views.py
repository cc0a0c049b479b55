"""The enterprise portal: home, the application and annual report forms, the declaration page, attachments,
messages, and the public notice page. Views parse, call one selector or service, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import PUBLIC
from awards import objection_limits
from policy.selectors import NoPolicyEdition, edition_standing_on

from . import objections as objection_services
from . import selectors, services
from .forms import (
    AnnualReportForm,
    AnnualYearForm,
    ApplicationForm,
    AttachmentForm,
    ObjectionForm,
    PortalReviewForm,
    review_choices,
)
from .models import Attachment, Declaration, PortalMessage
from .permissions import is_enterprise_user, reviews_declarations
from .states import WAITING_FOR, Kind, Status


def _declaration_or_404(user, pk):
    try:
        return selectors.declaration_for(user, pk)
    except Declaration.DoesNotExist:
        raise Http404("未找到该申报") from None


def _own_declaration_or_404(user, pk):
    """Only the declaring enterprise edits; anyone else gets the same 404 as for a missing row."""
    declaration = _declaration_or_404(user, pk)
    if not is_enterprise_user(user):
        raise Http404("未找到该申报")
    return declaration


@require_POST
def start_application(request):
    if not is_enterprise_user(request.user):
        raise Http404
    declaration = services.start_application(actor=request.user)
    return redirect("declarations:edit", pk=declaration.pk)


@require_POST
def start_annual_report(request):
    if not is_enterprise_user(request.user):
        raise Http404
    form = AnnualYearForm(request.POST, current_year=selectors.today().year)
    if not form.is_valid():
        messages.error(request, "请选择有效的填报年度")
        return redirect("declarations:home")
    declaration = services.start_annual_report(actor=request.user, year=form.cleaned_data["year"])
    return redirect("declarations:edit", pk=declaration.pk)


def edit(request, pk):
    declaration = _own_declaration_or_404(request.user, pk)
    if not declaration.is_editable:
        messages.info(request, f"该申报当前状态为“{declaration.get_status_display()}”，不能修改。")
        return redirect("declarations:detail", pk=pk)
    is_application = declaration.kind == Kind.APPLICATION
    content = declaration.application if is_application else declaration.annual_report
    form_class = ApplicationForm if is_application else AnnualReportForm
    extra = {"year": declaration.year} if is_application else {}
    submitting = "submit" in request.POST
    if request.method == "POST":
        form = form_class(request.POST, instance=content, submitting=submitting, **extra)
        upload = AttachmentForm(request.POST, request.FILES, prefix="att")
        if form.is_valid() and upload.is_valid():
            outcome = _save_and_maybe_submit(request, declaration, form, upload, submitting)
            if outcome is not None:
                return outcome
        else:
            messages.error(request, "填写内容有误，请按提示修改（已填写的内容已保留）。")
    else:
        form = form_class(instance=content, **extra)
        upload = AttachmentForm(prefix="att")
    context = {"declaration": declaration, "form": form, "upload": upload,
               "attachments": list(declaration.attachments.all()),
               "steps": list(selectors.steps_of(declaration))}
    if is_application:
        if form.is_bound:
            # a bound ModelForm has written the input into `content`, refused values included: the self-check says
            # it reads the saved content, so it reads it again (the form keeps showing the input as typed)
            content.refresh_from_db()
        context["criteria"], context["check"] = services.check_application(content)
    return render(request, "declarations/edit.html", context)


def _save_and_maybe_submit(request, declaration, form, upload, submitting):
    """Save the draft, store an attached file, then submit if asked. None means: render the form again."""
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    save = services.save_application if declaration.kind == Kind.APPLICATION else services.save_annual_report
    save(actor=request.user, declaration=declaration, values=values)
    if upload.cleaned_data.get("file"):
        try:
            services.add_attachment(actor=request.user, declaration=declaration,
                                    uploaded_file=upload.cleaned_data["file"], category=upload.cleaned_data["category"])
        except ValidationError as error:
            upload.add_error("file", error.messages)
            return None
    remove = request.POST.get("remove_attachment")
    if remove:
        attachment = declaration.attachments.filter(pk=remove).first()
        if attachment is None:
            raise Http404("未找到该附件")
        services.remove_attachment(actor=request.user, attachment=attachment)
        messages.success(request, f"已删除附件“{attachment.original_name}”。")
        return redirect("declarations:edit", pk=declaration.pk)
    if not submitting:
        messages.success(request, "草稿已保存。")
        return redirect("declarations:edit", pk=declaration.pk)
    try:
        services.submit(actor=request.user, declaration=declaration)
    except ValidationError as error:
        form.add_error(None, error.messages)
        messages.error(request, "未能提交，请按提示处理（草稿已保存）。")
        return None
    messages.success(request, "已提交，请留意审核进度和站内消息。")
    return redirect("declarations:detail", pk=declaration.pk)


def _detail_context(request, declaration):
    context = {
        "declaration": declaration,
        "attachments": list(declaration.attachments.all()),
        "steps": list(selectors.steps_of(declaration)),
        "waiting_for": WAITING_FOR.get(declaration.status),
        "can_edit": is_enterprise_user(request.user) and declaration.is_editable,
        "can_review": reviews_declarations(request.user) and bool(review_choices(request.user, declaration)),
        # that an objection is being handled, never by whom or why (the bureau reads those in its admin)
        "objection_pending": declaration.status == Status.PUBLIC_NOTICE and selectors.has_open_objection(declaration),
    }
    if declaration.kind == Kind.APPLICATION:
        context["sections"] = ApplicationForm(instance=declaration.application, year=declaration.year).sections()
        if declaration.criteria_edition:
            context["criteria"] = declaration.criteria_edition
            context["check"] = services.check_against(declaration.criteria_edition, declaration.application)
    else:
        context["sections"] = AnnualReportForm(instance=declaration.annual_report).sections()
    return context


def detail(request, pk):
    declaration = _declaration_or_404(request.user, pk)
    return render(request, "declarations/detail.html", _detail_context(request, declaration))


def review_queue(request):
    """What waits for this county official or reviewer: 初审, 复审, notices ready to conclude."""
    if not reviews_declarations(request.user):
        raise Http404
    items, overdue = selectors.review_queue_with_deadlines(request.user)
    return render(request, "declarations/review_queue.html", {"items": items, "overdue": overdue})


def review(request, pk):
    """The declaration with the review form; every decision goes through services.perform."""
    if not reviews_declarations(request.user):
        raise Http404("未找到该申报")
    declaration = _declaration_or_404(request.user, pk)
    form = PortalReviewForm(request.POST or None, user=request.user, declaration=declaration)
    if request.method == "POST" and form.is_valid():
        try:
            services.perform(
                actor=request.user, declaration=declaration, action=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"], expert_score=form.cleaned_data["expert_score"],
                document_number=form.cleaned_data["document_number"],
                document_date=form.cleaned_data["document_date"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已办理：{dict(form.fields['action'].choices)[form.cleaned_data['action']]}。")
            return redirect("declarations:review_queue")
    context = _detail_context(request, declaration)
    context["review_form"] = form
    return render(request, "declarations/detail.html", context)


@require_GET
def download(request, pk):
    """A stored attachment, only to someone who may see its declaration, always as a download."""
    try:
        attachment = selectors.attachments_for(request.user).get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404("未找到该附件") from None
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员") from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def message_list(request):
    items = list(selectors.messages_for(request.user)[:100])
    return render(request, "declarations/messages.html", {"items": items})


def message_detail(request, pk):
    try:
        message = selectors.messages_for(request.user).get(pk=pk)
    except PortalMessage.DoesNotExist:
        raise Http404("未找到该消息") from None
    try:
        services.mark_read(actor=request.user, message=message)
    except PermissionDenied:
        raise Http404 from None
    return render(request, "declarations/message_detail.html", {"message": message})


OBJECTION_RECEIVED = "received"


def _objection_contacts(notices, today):
    """Where objections go: the contact of each listed entry's edition, or of the edition standing today."""
    contacts = list(dict.fromkeys(d.policy.objection_desk for d in notices if d.policy_id))
    if not contacts:
        try:
            contacts = [edition_standing_on(today).objection_desk]
        except NoPolicyEdition:
            contacts = []
    return [contact for contact in contacts if contact]


@login_not_required
@require_http_methods(["GET", "POST"])
def public_notices(request):
    """公示: applications approved by the bureau and now open to objection, the form to object, and the recent
    recognitions. Who objected is never shown back, not even to the objector."""
    today = selectors.today()
    notices = list(selectors.public_notices())
    entries = [d for d in notices if d.notice_starts_on <= today <= d.notice_ends_on]
    chosen = request.GET.get("entry", "")
    form = ObjectionForm(request.POST or None, entries=entries, initial={"declaration": chosen})
    status = 200
    if request.method == "POST":
        if objection_limits.limit_reached(request):  # shared with the awards' notice: one limit per address
            form.add_error(None, objection_limits.THROTTLED)
            status = 429
        elif form.is_valid():
            declaration = next(d for d in entries if d.pk == form.cleaned_data["declaration"])
            try:
                objection_services.lodge_objection(
                    declaration=declaration, objector_name=form.cleaned_data["objector_name"],
                    objector_phone=form.cleaned_data["objector_phone"], facts=form.cleaned_data["facts"],
                    actor=PUBLIC,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                objection_limits.count_objection(request)
                return redirect(f"{reverse('declarations:public_notices')}?objection={OBJECTION_RECEIVED}")
    return render(request, "declarations/public_notices.html", {
        "notices": notices,
        "entries": entries,
        "objection_form": form,
        "objection_received": request.method == "GET" and request.GET.get("objection") == OBJECTION_RECEIVED,
        "contacts": _objection_contacts(notices, today),
        "recognized": list(selectors.recently_recognized()),
        "today": today,
    }, status=status)
