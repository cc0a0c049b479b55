"""The enterprise's own pages for what it files under 十五 and 十八: one `FilingPages` per kind (honours, fairs,
online sales), each a list with the filing state, a form for a new or still editable record, and submission.
Parse, call one selector or service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from enterprises.filings import FilingState
from enterprises.roles import Role

from . import selectors, services
from .forms import FairForm, HonourForm, OnlineSalesForm
from .models import FairParticipation, Honour, OnlineSales

STATE_BADGES = {FilingState.CONFIRMED: "ok", FilingState.SUBMITTED: "warn", FilingState.RETURNED: "bad"}


def _wan(amount):
    return "—" if amount is None else f"{amount:,.2f}"


class FilingPages:
    """The four pages of one kind of filed record, under /markets/<kind>/."""

    def __init__(self, *, kind, model, form_class, title, intro, columns):
        self.kind, self.model, self.form_class = kind, model, form_class
        self.title, self.intro = title, intro
        self.columns = columns  # [(header, record -> cell)]

    def urls(self):
        return [
            path(f"{self.kind}/", self.list_view, name=self.kind),
            path(f"{self.kind}/new/", self.form_view, name=f"{self.kind}_new"),
            path(f"{self.kind}/<int:pk>/edit/", self.form_view, name=f"{self.kind}_edit"),
            path(f"{self.kind}/<int:pk>/submit/", require_POST(self.submit_view), name=f"{self.kind}_submit"),
        ]

    def _check_enterprise(self, request):
        user = request.user
        if user.role != Role.ENTERPRISE or not user.enterprise_id:
            raise PermissionDenied("仅企业用户可填报本企业的信息")
        if not user.has_perm(f"markets.view_{self.model._meta.model_name}"):
            raise PermissionDenied

    def _own_or_404(self, request, pk):
        try:
            return selectors.own_record(request.user, self.model, pk)
        except self.model.DoesNotExist:
            raise Http404("未找到该记录") from None

    def _context(self, **extra):
        return {"kind": self.kind, "title": self.title, "intro": self.intro, **extra}

    def list_view(self, request):
        self._check_enterprise(request)
        records = selectors.own_records(request.user, self.model)
        rows = [(record, [cell(record) for _, cell in self.columns], STATE_BADGES.get(record.filing_state, ""))
                for record in records]
        return render(request, "markets/filing_list.html", self._context(
            headers=[header for header, _ in self.columns], rows=rows,
        ))

    def form_view(self, request, pk=None):
        self._check_enterprise(request)
        record = self.model() if pk is None else self._own_or_404(request, pk)
        if record.pk is not None and not record.editable:
            messages.error(request, "已提交或已确认的信息不能修改；如需修改，请联系县（市、区）工信部门退回。")
            return redirect(f"markets:{self.kind}")
        form = self.form_class(request.POST or None, instance=record)
        if request.method == "POST" and form.is_valid():
            try:
                record = services.file_draft(actor=request.user, record=form.save(commit=False))
                if "submit" in request.POST:
                    services.submit(actor=request.user, record=record)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                done = "已提交，待县（市、区）工信部门确认" if "submit" in request.POST else "草稿已保存，确认无误后请提交"
                messages.success(request, f"“{record}”{done}。")
                return redirect(f"markets:{self.kind}")
        return render(request, "markets/filing_form.html", self._context(form=form, record=record),
                      status=400 if form.is_bound else 200)

    def submit_view(self, request, pk):
        self._check_enterprise(request)
        record = self._own_or_404(request, pk)
        try:
            services.submit(actor=request.user, record=record)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"“{record}”已提交，待县（市、区）工信部门确认。")
        return redirect(f"markets:{self.kind}")


HONOURS = FilingPages(
    kind="honours", model=Honour, form_class=HonourForm, title="质量品牌荣誉",
    intro="（十五）企业获得的各级质量奖、工业品牌培育示范企业、老字号、驰名商标、国际商标注册、国际自主品牌、"
          "牵头或参与制（修）订的标准、电商品牌，可在此填报，经县（市、区）工信部门确认后计入。",
    columns=[("类别", lambda r: r.get_category_display()), ("名称", lambda r: r.name),
             ("级别", lambda r: r.get_level_display()), ("获得日期", lambda r: f"{r.granted_on:%Y-%m-%d}"),
             ("文号", lambda r: r.document_number or "—")],
)
FAIRS = FilingPages(
    kind="fairs", model=FairParticipation, form_class=FairForm, title="参加展会",
    intro="（十八）企业参加的交易会、博览会等展会，可在此填报，经县（市、区）工信部门确认后计入。",
    columns=[("展会名称", lambda r: r.fair_name), ("举办地", lambda r: r.venue),
             ("开始日期", lambda r: f"{r.starts_on:%Y-%m-%d}"), ("结束日期", lambda r: f"{r.ends_on:%Y-%m-%d}"),
             ("意向成交额（万元）", lambda r: _wan(r.intended_deals_wan))],
)
ECOMMERCE = FilingPages(
    kind="ecommerce", model=OnlineSales, form_class=OnlineSalesForm, title="网络销售",
    intro="（十八）企业利用第三方电子商务平台（含跨境电商）开展网络销售的年度销售额，可在此填报，"
          "经县（市、区）工信部门确认后计入。",
    columns=[("年度", lambda r: r.year), ("平台", lambda r: r.platform),
             ("网络销售额（万元）", lambda r: _wan(r.sales_wan)), ("是否跨境", lambda r: "是" if r.cross_border else "否")],
)
PAGES = (HONOURS, FAIRS, ECOMMERCE)
