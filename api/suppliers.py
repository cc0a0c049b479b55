"""(五) 有序用电 and gas shortages: a power or gas supplier fetches the white list in force today; each fetch is kept
as a push to that supplier, with its rows, like a list the office sends."""

from django.core.exceptions import ValidationError
from ninja import Router

from enterprises.selectors import today
from finance import selectors, services

from .actors import institution_actor
from .auth import SUPPLIER
from .schemas import ErrorOut, PriorityListOut

router = Router(auth=SUPPLIER, tags=["供电供气企业"])


@router.get("/priority-list/", response={200: PriorityListOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
            summary="今日有效的专精特新白名单（优先保障用电用气）")
def priority_list(request):
    institution = request.auth.institution
    try:
        push = services.record_push(
            actor=institution_actor(institution), recipient_kind=institution.supplies,
            recipient_name=institution.name, institution=institution, note="供应企业通过开放接口获取",
        )
    except ValidationError:  # nobody is on the white list today: nothing to keep
        request.api_row_count = 0
        return {"push_id": None, "as_of": today(), "rows": []}
    rows = [
        {"code": row.credit_code, "name": row.name, "area": row.area_name, "tier": row.tier_label}
        for row in selectors.push_rows(push)
    ]
    request.api_row_count = len(rows)
    return {"push_id": push.pk, "as_of": push.as_of, "rows": rows}
