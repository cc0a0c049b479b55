"""The PDFs (认定证书, 奖励通知书, 公示名单) and the public verification page. Thin: the subject from a scoped
selector (another enterprise's id answers 404), the document issued once, the PDF rendered."""

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from audit import PUBLIC
from enterprises.selectors import today
from policy.selectors import level_names

from . import selectors, services
from .models import DocumentKind
from .pdf import qr_svg, render_pdf

ISSUER = "桂林市工业和信息化局"


def _pdf(request, template, document, filename, context):
    url = request.build_absolute_uri(reverse("documents:verify", args=[document.code]))
    content = render_pdf(template, {**context, "document": document, "verify_url": url, "issuer": ISSUER,
                                    "qr": mark_safe(qr_svg(url))})  # noqa: S308 (segno's own SVG markup)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def certificate(request, pk):
    try:
        designation = selectors.certified_designation(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该认定") from None
    enterprise = designation.enterprise
    level = level_names().name(designation.level, designation.granted_on)
    document = services.issue_document(
        actor=request.user, kind=DocumentKind.CERTIFICATE, subject=f"designation:{designation.pk}",
        enterprise_name=enterprise.name, credit_code=enterprise.credit_code, statement=level,
        stated_on=designation.granted_on, document_number=designation.document_number,
    )
    return _pdf(request, "documents/certificate.pdf.html", document, f"certificate-{document.code}.pdf",
                {"designation": designation, "level": level})


@require_GET
def award_notice(request, pk):
    try:
        award = selectors.notified_award(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该奖励") from None
    enterprise = award.enterprise
    stated_on = (award.reviewed_at and award.reviewed_at.date()) or today()
    document = services.issue_document(
        actor=request.user, kind=DocumentKind.AWARD_NOTICE, subject=f"award:{award.pk}",
        enterprise_name=enterprise.name, credit_code=enterprise.credit_code,
        statement=f"{award.year} 年度{award.get_kind_display()}", amount=award.amount, stated_on=stated_on,
        document_number=getattr(award.policy, "document_number", "") or "",
    )
    return _pdf(request, "documents/award_notice.pdf.html", document, f"award-notice-{document.code}.pdf",
                {"award": award})


@login_not_required
@require_GET
def notice_list(request, day):
    try:
        day = date.fromisoformat(day)
    except ValueError:
        raise Http404("日期无效") from None
    awards = selectors.notice_list(day)
    if not awards:
        raise Http404("该日没有发布奖励公示")
    total = sum(award.amount for award in awards)
    document = services.issue_document(
        actor=PUBLIC, kind=DocumentKind.PUBLIC_LIST, subject=f"award-notice:{day:%Y-%m-%d}",
        statement=f"奖励资金公示名单（{len(awards)} 项）", amount=total, stated_on=day,
    )
    return _pdf(request, "documents/notice_list.pdf.html", document, f"award-notice-list-{day:%Y-%m-%d}.pdf",
                {"awards": awards, "day": day, "total": total})


@login_not_required
@require_GET
def verify(request, code):
    """What the document states and whether it still holds — nothing more; an unknown code says 未找到."""
    result = selectors.verification(code)
    return render(request, "documents/verify.html", {"result": result, "code": code}, status=200 if result else 404)
