"""(九) 名单推送共享 with the banks: the pushes sent to a bank, their rows, its receipt, and the loans it grants."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from finance import exports, selectors, services
from finance.models import LoanSupport

from .actors import institution_actor
from .auth import BANK
from .errors import ApiError
from .schemas import ErrorOut, LoanIn, LoanOut, PushOut, PushRowsOut

router = Router(auth=BANK, tags=["银行"])
REFUSED = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _push_out(push):
    return {"id": push.pk, "sent_at": push.pushed_at, "rows": push.row_count, "acknowledged_at": push.acknowledged_at}


@router.get("/pushes/", response={200: list[PushOut], **REFUSED}, summary="推送给本机构的名单")
def pushes(request):
    items = [_push_out(push) for push in selectors.pushes_to(request.auth.institution_id)]
    request.api_row_count = len(items)
    return items


@router.get("/pushes/{push_id}/rows/", response={200: PushRowsOut, **REFUSED}, summary="名单明细（与下载文件相同）")
def push_rows(request, push_id: int):
    push = get_object_or_404(selectors.pushes_to(request.auth.institution_id), pk=push_id)
    rows = [list(exports.row_values(row)) for row in selectors.push_rows(push)]
    request.api_row_count = len(rows)
    return {"id": push.pk, "csv_sha256": push.csv_sha256, "headers": list(exports.HEADERS), "rows": rows}


@router.post("/pushes/{push_id}/ack/", response={200: PushOut, **REFUSED}, summary="确认已接收名单")
def acknowledge(request, push_id: int):
    push = get_object_or_404(selectors.pushes_to(request.auth.institution_id), pk=push_id)
    push = services.acknowledge_push(push=push)
    request.api_row_count = 1
    return _push_out(push)


def _loan_out(loan, created):
    return {
        "id": loan.pk, "credit_code": loan.enterprise.credit_code, "enterprise": loan.enterprise.name,
        "bank": loan.bank, "programme": loan.programme, "amount": loan.amount, "annual_rate": loan.annual_rate,
        "granted_on": loan.granted_on, "term_months": loan.term_months, "created": created,
    }


@router.post("/loans/", response={201: LoanOut, 200: LoanOut, **REFUSED}, summary="报送一笔贷款")
def report_loan(request, payload: LoanIn):
    institution = request.auth.institution
    enterprise = selectors.pushed_enterprise(institution_id=institution.pk, credit_code=payload.credit_code.upper())
    if enterprise is None:
        raise ApiError(422, "该企业不在推送给本机构的名单上，不能报送其贷款。", [
            {"index": None, "field": "credit_code", "reason": f"统一社会信用代码 {payload.credit_code} 不在推送给"
                                                              f"“{institution.name}”的任何名单上"},
        ])
    request.api_row_count = 1
    same = selectors.loans_reported_by(institution.pk).filter(
        enterprise=enterprise, granted_on=payload.granted_on, amount=payload.amount,
        term_months=payload.term_months, programme=payload.programme,
    ).first()
    if same is not None:  # a retried call: the loan is recorded once
        return Status(200, _loan_out(same, False))
    try:
        loan = services.record_loan(
            actor=institution_actor(institution), enterprise=enterprise, programme=payload.programme,
            programme_name=payload.programme_name if payload.programme == LoanSupport.Programme.OTHER else "",
            bank=institution.name, amount=payload.amount, term_months=payload.term_months,
            annual_rate=payload.annual_rate, granted_on=payload.granted_on, reported_by=institution,
        )
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        raise ApiError(422, "贷款记录未通过校验，未写入。", [
            {"index": None, "field": name if name != "__all__" else "", "reason": reason}
            for name, reasons in fields.items() for reason in reasons
        ]) from None
    return Status(201, _loan_out(loan, True))
