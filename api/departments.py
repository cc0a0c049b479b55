"""Departments (税务, 统计, 市场监管) report enterprises' annual figures."""

from ninja import Router

from .auth import DEPARTMENT
from .figures import receive_figures
from .schemas import ErrorOut, FigureIn, FiguresOut

router = Router(auth=DEPARTMENT, tags=["数据部门"])


@router.post("/figures/", response={200: FiguresOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
             summary="报送企业年度经营数据（全部成功或全部不写入）")
def figures(request, payload: list[FigureIn]):
    request.api_row_count = len(payload)
    return receive_figures(institution=request.auth.institution, items=[item.dict() for item in payload])
