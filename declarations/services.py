"""Writes to declarations. Keyword-only, with the acting user or a named system actor (audit.BEAT, DEMO, COMMAND;
never None); each atomic, locked, state-checked and audited.

Every state change goes through `perform`, which reads the one transitions table (states.TRANSITIONS). A system
actor has the system's role there (None: concluding a notice) and sees the whole city; "who" columns get None
for it (audit.person) and its history rows name it."""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor
from awards import services as award_services
from enterprises import services as registry
from enterprises.models import AnnualFigures, Designation, FigureSource
from enterprises.roles import Role
from enterprises.scoping import scope
from policy.levels import Level
from policy.selectors import criteria_for, edition_standing_on

from . import notifications, selectors
from .models import AnnualReport, Attachment, Declaration, ReviewStep, SrdiApplication
from .rules import notice_period, self_check
from .states import TRANSITIONS, Action, Kind
from .uploads import check_upload

logger = logging.getLogger(__name__)

# Fields an enterprise may write on its application, and those that must be filled before it is submitted.
APPLICATION_FIELDS = (
    "contact_person", "contact_phone", "contact_email", "employees",
    "niche_field", "years_in_niche", "main_product", "main_product_description", "main_product_revenue_share",
    "market_share", "market_description",
    "revenue_prev", "revenue_last", "rd_expense_prev", "rd_expense_last", "net_profit_prev", "net_profit_last",
    "equity_financing", "rd_staff", "rd_institution",
    "invention_patents", "utility_patents", "software_copyrights", "other_ip",
    "certifications", "standards", "honours",
)
APPLICATION_REQUIRED = (
    "contact_person", "contact_phone", "employees", "niche_field", "years_in_niche", "main_product",
    "main_product_description", "main_product_revenue_share", "market_description",
    "revenue_prev", "revenue_last", "rd_expense_prev", "rd_expense_last", "rd_staff",
)
ANNUAL_FIELDS = ("output_value", "tax_paid", "revenue", "rd_expense", "employees")
ANNUAL_REQUIRED = ("output_value", "tax_paid", "revenue", "employees")
# Why an entry on notice is not recognized while someone's objection to it waits for the bureau's finding.
OBJECTION_PENDING = "公示期间收到异议，尚未办结"


def _lock(pk):
    """The one place declarations are locked: by primary key, only the declaration's own row."""
    return Declaration.objects.select_for_update(of=("self",)).select_related("enterprise", "enterprise__area").get(pk=pk)


lock_declaration = _lock  # for the objection services (declarations.objections): the same one lock


def _role(actor):
    """The actor's role in the transitions table; None is the system's (a beat job, a command without --actor)."""
    if getattr(actor, "is_system", False):
        return None
    return Role.ADMIN if actor.is_superuser else actor.role


def _own_enterprise(actor, declaration):
    if _role(actor) != Role.ENTERPRISE or actor.enterprise_id != declaration.enterprise_id:
        raise PermissionDenied("只有申报企业本身可以修改该申报")


def _editable(declaration):
    if not declaration.is_editable:
        raise ValidationError(f"该申报当前状态为“{declaration.get_status_display()}”，不能修改")


def missing_fields(declaration):
    """Names of the fields still empty that submission needs."""
    if declaration.kind == Kind.APPLICATION:
        content, required = declaration.application, APPLICATION_REQUIRED
    else:
        content, required = declaration.annual_report, ANNUAL_REQUIRED
    return [name for name in required if getattr(content, name) in (None, "")]


def check_against(criteria, application):
    return self_check(
        criteria, employees=application.employees, revenue_last=application.revenue_last,
        years_in_niche=application.years_in_niche, rd_expense_last=application.rd_expense_last,
        equity_financing=application.equity_financing,
    )


def check_application(application, on=None):
    """The self-check of an application against the criteria edition in force on `on`."""
    criteria = criteria_for(on or selectors.today())
    return criteria, check_against(criteria, application)


# ---------------------------------------------------------------- drafts

@transaction.atomic
def start_application(*, actor, year=None):
    """The enterprise's application for `year` (this year by default): the existing one, or a new draft
    prefilled from the registry."""
    require_actor(actor)
    if _role(actor) != Role.ENTERPRISE:
        raise PermissionDenied("只有企业用户可以申报")
    year = year or selectors.today().year
    existing = Declaration.objects.filter(enterprise_id=actor.enterprise_id, kind=Kind.APPLICATION, year=year).first()
    if existing:
        return existing
    enterprise = actor.enterprise
    declaration = audited(Declaration(enterprise=enterprise, kind=Kind.APPLICATION, year=year, created_by=person(actor)), actor)
    declaration.save()
    figures = {f.year: f for f in AnnualFigures.objects.filter(enterprise=enterprise, year__in=(year - 1, year - 2))}
    last, prev = figures.get(year - 1), figures.get(year - 2)
    application = SrdiApplication(
        declaration=declaration, contact_person=enterprise.contact_person, contact_phone=enterprise.contact_phone,
        contact_email=actor.email, employees=last.employees if last else None,
        revenue_last=last.revenue if last else None, rd_expense_last=last.rd_expense if last else None,
        revenue_prev=prev.revenue if prev else None, rd_expense_prev=prev.rd_expense if prev else None,
    )
    audited(application, actor).save()
    return declaration


@transaction.atomic
def save_application(*, actor, declaration, values):
    require_actor(actor)
    return _save_draft_part(actor, declaration, SrdiApplication, APPLICATION_FIELDS, values)


def _save_draft_part(actor, declaration, model, fields, values):
    """Write the given fields of a draft's content row (application or annual report), validated and audited."""
    locked = _lock(declaration.pk)
    _own_enterprise(actor, locked)
    _editable(locked)
    part = model.objects.select_for_update().get(declaration=locked)
    for name in fields:
        if name in values:
            setattr(part, name, values[name])
    part.full_clean()
    audited(part, actor).save()
    audited(locked, actor).save(update_fields=["updated_at"])
    return part


@transaction.atomic
def start_annual_report(*, actor, year):
    """The enterprise's figures report for a closed `year`: the existing one, or a new draft (prefilled from the
    registry when the registry already holds figures for that year)."""
    require_actor(actor)
    if _role(actor) != Role.ENTERPRISE:
        raise PermissionDenied("只有企业用户可以填报")
    current = selectors.today().year
    if not (2000 <= year <= current - 1):
        raise ValidationError({"year": f"只能填报已结束的年度（{current - 1} 年及以前）"})
    existing = Declaration.objects.filter(enterprise_id=actor.enterprise_id, kind=Kind.ANNUAL_REPORT, year=year).first()
    if existing:
        return existing
    declaration = audited(
        Declaration(enterprise=actor.enterprise, kind=Kind.ANNUAL_REPORT, year=year, created_by=person(actor)), actor
    )
    declaration.save()
    known = AnnualFigures.objects.filter(enterprise_id=actor.enterprise_id, year=year).first()
    report = AnnualReport(declaration=declaration)
    if known:
        for name in ANNUAL_FIELDS:
            setattr(report, name, getattr(known, name))
    audited(report, actor).save()
    return declaration


@transaction.atomic
def save_annual_report(*, actor, declaration, values):
    require_actor(actor)
    return _save_draft_part(actor, declaration, AnnualReport, ANNUAL_FIELDS, values)


# ---------------------------------------------------------------- attachments

@transaction.atomic
def add_attachment(*, actor, declaration, uploaded_file, category=Attachment.Category.OTHER):
    """Store a checked file under a generated name; refuses what uploads.check_upload refuses."""
    require_actor(actor)
    locked = _lock(declaration.pk)
    _own_enterprise(actor, locked)
    _editable(locked)
    name, extension, content_type = check_upload(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    uploaded_file.name = f"upload.{extension}"  # the stored name is generated; only the extension carries over
    attachment = Attachment(
        declaration=locked, category=category, original_name=name, file=uploaded_file, content_type=content_type,
        size=uploaded_file.size, sha256=digest.hexdigest(), uploaded_by=person(actor),
    )
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment):
    require_actor(actor)
    locked = _lock(attachment.declaration_id)
    _own_enterprise(actor, locked)
    _editable(locked)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


# ---------------------------------------------------------------- transitions

def _unit(actor, declaration):
    role = _role(actor)
    if role is None:
        return "系统"
    if role == Role.ENTERPRISE:
        return declaration.enterprise.name
    if role == Role.COUNTY:
        return f"{actor.area.name}工信部门" if actor.area_id else "县（市、区）工信部门"
    if role == Role.ADMIN:
        return "市工业和信息化局（系统管理员）"
    return "市工业和信息化局"


def _in_scope(actor, declaration):
    return scope(Declaration.objects.filter(pk=declaration.pk), actor, via="enterprise").exists()


@transaction.atomic
def perform(*, actor, declaration, action, comment="", expert_score=None, document_number="", document_date=None,
            on=None):
    """Move a declaration along the transitions table: lock, check role, scope and state, write, record, notify.

    `document_number` and `document_date` are the recognition document's (认定文号, 认定文件日期); the date becomes
    the designation's granted-on date when the notice is concluded."""
    require_actor(actor)
    action = Action(action)
    transition = TRANSITIONS[action]
    on = on or selectors.today()
    locked = _lock(declaration.pk)
    role = _role(actor)
    if role not in transition.roles:
        raise PermissionDenied(f"您无权执行“{action.label}”")
    if not _in_scope(actor, locked):
        raise Declaration.DoesNotExist("未找到该申报")
    if role == Role.ENTERPRISE:
        _own_enterprise(actor, locked)
    if locked.kind not in transition.kinds or locked.status not in transition.sources:
        raise ValidationError(f"该申报当前状态为“{locked.get_status_display()}”，不能执行“{action.label}”")
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise ValidationError({"comment": "退回或不予通过时，请填写意见，以便企业了解原因"})
    if expert_score is not None:
        if not (0 <= expert_score <= 100):
            raise ValidationError({"expert_score": "专家评审得分应在 0 到 100 之间"})
        locked.expert_score = expert_score
    if document_number:
        locked.document_number = document_number.strip()
    if document_date:
        locked.document_date = document_date

    _HANDLERS.get(action, _nothing)(locked, actor=actor, on=on)

    from_status = locked.status
    locked.status = transition.target
    audited(locked, actor).save()
    ReviewStep.objects.create(
        declaration=locked, action=action, from_status=from_status, to_status=locked.status, actor=person(actor),
        actor_unit=_unit(actor, locked), at=timezone.now(), comment=comment, expert_score=expert_score,
    )
    notifications.after_transition(locked, action, comment=comment)
    return locked


def _nothing(declaration, **kwargs):
    pass


def _on_submit(declaration, *, actor, on):
    missing = missing_fields(declaration)
    if missing:
        content = declaration.application if declaration.kind == Kind.APPLICATION else declaration.annual_report
        labels = "、".join(str(content._meta.get_field(name).verbose_name) for name in missing)
        raise ValidationError(f"以下内容尚未填写，不能提交：{labels}")
    if declaration.kind == Kind.APPLICATION:
        if not declaration.attachments.exists():
            raise ValidationError("请至少上传一份证明材料（如营业执照、财务审计报告）后再提交")
        criteria, result = check_application(declaration.application, on)
        blocking = result.blocking_failures
        if blocking:
            raise ValidationError(f"自查未通过，不能提交：{blocking[0].label}（{blocking[0].detail}）")
        declaration.criteria_edition = criteria
        declaration.self_check_passed = result.all_passed
    declaration.submitted_at = timezone.now()


def _on_bureau_approve(declaration, *, actor, on):
    policy = edition_standing_on(on)
    declaration.policy = policy
    declaration.notice_starts_on, declaration.notice_ends_on = notice_period(on, policy.public_notice_days)


def _on_conclude(declaration, *, actor, on):
    """公示期满后认定: only after the notice's last day, never for a day still to come, never while an objection is
    open; the designation is dated by the recognition document, which comes after the notice."""
    today = selectors.today()
    if on > today:
        raise ValidationError(f"不能按今天以后的日期（{on:%Y-%m-%d}）认定：公示期满后方可认定")
    if declaration.notice_ends_on >= on:
        raise ValidationError(f"公示期至 {declaration.notice_ends_on:%Y-%m-%d} 止，尚未期满")
    if selectors.has_open_objection(declaration):
        raise ValidationError(OBJECTION_PENDING)
    if not declaration.document_number:
        raise ValidationError({"document_number": "认定前请填写认定文号"})
    if not declaration.document_date:
        raise ValidationError({"document_date": f"认定前请填写“{declaration}”的认定文件日期"})
    if declaration.document_date <= declaration.notice_ends_on:
        raise ValidationError({"document_date": (
            f"认定文件日期（{declaration.document_date:%Y-%m-%d}）应在公示期满之后："
            f"公示至 {declaration.notice_ends_on:%Y-%m-%d} 止"
        )})
    if declaration.document_date > today:
        raise ValidationError({"document_date": f"认定文件日期（{declaration.document_date:%Y-%m-%d}）不能晚于今天"})
    designation = registry.record_designation(
        actor=actor, enterprise=declaration.enterprise, level=Level.MUNICIPAL, granted_on=declaration.document_date,
        document_number=declaration.document_number, source=Designation.Source.RECOGNITION,
    )
    declaration.designation = designation
    # (三) the recognition-award result appears now, in this transaction, not at the next yearly recompute
    award_services.refresh_recognition_award(enterprise=declaration.enterprise, actor=actor)


def _on_county_confirm(declaration, *, actor, on):
    report = declaration.annual_report
    missing = missing_fields(declaration)
    if missing:
        raise ValidationError("填报内容不完整，请退回企业补充")
    registry.save_annual_figures(
        actor=actor, enterprise=declaration.enterprise, year=declaration.year, output_value=report.output_value,
        tax_paid=report.tax_paid, revenue=report.revenue, rd_expense=report.rd_expense, employees=report.employees,
        source=FigureSource.COUNTY,
    )


_HANDLERS = {
    Action.SUBMIT: _on_submit,
    Action.BUREAU_APPROVE: _on_bureau_approve,
    Action.CONCLUDE_NOTICE: _on_conclude,
    Action.COUNTY_CONFIRM: _on_county_confirm,
}


def submit(*, actor, declaration):
    require_actor(actor)
    return perform(actor=actor, declaration=declaration, action=Action.SUBMIT)


def perform_many(*, actor, declarations, action, comment="", document_number="", document_date=None):
    """A bulk action: each declaration in its own transaction, in primary-key order; returns (done, failures)."""
    require_actor(actor)
    done, failures = [], []
    for declaration in sorted(declarations, key=lambda d: d.pk):
        try:
            done.append(perform(
                actor=actor, declaration=declaration, action=action, comment=comment, document_number=document_number,
                document_date=document_date,
            ))
        except (ValidationError, PermissionDenied, Declaration.DoesNotExist) as error:
            failures.append((declaration, _message(error)))
    return done, failures


def conclude_public_notices(*, actor, on=None, document_number="", document_date=None):
    """Recognize every application whose notice period ended before `on` (today by default; never a later day).

    `document_number` and `document_date` are the bureau's recognition document for this batch; a declaration that
    already carries its own number or date keeps it. An entry with an open objection, or whose document is missing
    or dated on or before its notice's last day, is reported, not recognized. Each declaration commits on its own;
    returns (recognized, [(declaration, reason)])."""
    require_actor(actor)
    today = selectors.today()
    on = on or today
    if on > today:
        raise ValidationError(f"不能按今天以后的日期（{on:%Y-%m-%d}）认定：公示期满后方可认定")
    done, failures = [], []
    for declaration in selectors.due_notices(on):
        try:
            with transaction.atomic():
                changed = []
                if document_number and not declaration.document_number:
                    declaration.document_number = document_number
                    changed.append("document_number")
                if document_date and not declaration.document_date:
                    declaration.document_date = document_date
                    changed.append("document_date")
                if changed:
                    audited(declaration, actor).save(update_fields=changed)
                done.append(perform(actor=actor, declaration=declaration, action=Action.CONCLUDE_NOTICE, on=on))
        except (ValidationError, PermissionDenied) as error:
            failures.append((declaration, _message(error)))
    return done, failures


def _message(error):
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


@transaction.atomic
def mark_read(*, actor, message):
    require_actor(actor)
    if message.recipient_id != actor.pk:
        raise PermissionDenied
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message
