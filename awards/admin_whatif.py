"""政策模拟 in the admin: the page of `manage.py whatif` for whoever may recompute (bureau reviewers and admins).

Upload or edit a draft edition (import_policy's TOML), choose the year, and see — beside the edition in force —
the counts and amounts per award kind and per area, a bar chart of the areas, the enterprises that gain and lose,
and download the full comparison. Nothing is stored: the draft lives in the form, every evaluation runs in
awards.whatif.nothing_stored(). Reached from the 资格重算任务 list (its 政策模拟 button)."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from unfold.decorators import action

from enterprises.selectors import areas
from policy import edition_file
from policy.rules import edition_for_year, edition_standing_on, edition_title
from policy.selectors import editions

from . import permissions
from . import whatif as what_if
from .export import write_csv, write_xlsx
from .states import AwardKind

MAX_DRAFT_BYTES = 100 * 1024
PLOT_WIDTH = 360  # px of the longest bar in the area chart
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class WhatIfForm(forms.Form):
    year = forms.IntegerField(label="测算年度", min_value=2000, max_value=2100)
    upload = forms.FileField(label="上传草案文件（.toml，可选）", required=False,
                             help_text="import_policy 的格式；上传后其内容显示在下方，可继续修改。文件不超过 100 KB。")
    text = forms.CharField(
        label="草案内容（TOML，可直接编辑）", required=False,
        widget=forms.Textarea(attrs={"rows": 22, "class": "font-mono text-sm w-full border rounded p-2",
                                     "spellcheck": "false"}),
        help_text="草案视为在测算年度全年施行（不论其施行期）；模拟不保存草案、不写入任何奖励或记录。",
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > MAX_DRAFT_BYTES:
            raise ValidationError("草案文件过大：不超过 100 KB。")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("草案文件须为 UTF-8 编码的文本（TOML）。") from None

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("upload") or cleaned.get("text") or ""
        if "upload" in self.errors:
            return cleaned
        if not text.strip():
            raise ValidationError("请上传草案文件或填写草案内容。")
        cleaned["text"] = text
        try:
            cleaned["draft"] = edition_file.unsaved_edition(text)
        except ValidationError as error:
            self.add_error("text", [f"草案有误：{line}" for line in error.messages])
        return cleaned


@dataclass
class AreaLine:
    name: str
    side: what_if.Side
    current_width: float
    simulated_width: float
    y: int


def area_lines(report):
    """Every quota unit in its order, with the bar widths of the chart (the largest amount is the full width)."""
    names = [area.name for area in areas()]
    names += sorted(set(report.by_area) - set(names))
    sides = [(name, report.by_area.get(name) or what_if.Side()) for name in names]
    top = max((max(s.current.amount, s.simulated.amount) for _, s in sides), default=0) or 1
    return [AreaLine(name, side, float(side.current.amount / top) * PLOT_WIDTH,
                     float(side.simulated.amount / top) * PLOT_WIDTH, 8 + index * 26)
            for index, (name, side) in enumerate(sides)]


def default_text(year):
    """The edition in force for `year` (or the one standing then) as a starting draft, or the example's keys."""
    known = editions()
    record = edition_for_year(known, year) or edition_standing_on(known, timezone.localdate())
    return edition_file.write_edition(record) if record is not None else ""


def download(year, draft, extension):
    response = HttpResponse(content_type=CONTENT_TYPES[extension])
    with what_if.nothing_stored():
        rows = what_if.export_rows(what_if.simulate(year=year, draft=draft))
        if extension == "csv":
            write_csv(rows, response)
        else:
            write_xlsx(rows, response, title="政策模拟")
    response["Content-Disposition"] = f'attachment; filename="whatif-{year}.{extension}"'
    return response


class WhatIfAdminMixin:
    """Adds the 政策模拟 page (a list action) to the admin it is mixed into (资格重算任务)."""

    def has_whatif_permission(self, request):
        return permissions.can_recompute(request.user) and request.user.has_perm("awards.view_recomputerun")

    @action(description="政策模拟", url_path="whatif", permissions=["whatif"])
    def whatif(self, request):
        if not self.has_whatif_permission(request):  # the decorator checks it too; the page never opens without
            raise PermissionDenied
        year = timezone.localdate().year - 1
        posted = request.method == "POST"
        form = WhatIfForm(request.POST if posted else None, request.FILES if posted else None,
                          initial=None if posted else {"year": year, "text": default_text(year)})
        report = draft = None
        if posted and form.is_valid():
            year, draft = form.cleaned_data["year"], form.cleaned_data["draft"]
            extension = request.POST.get("download")
            if extension in CONTENT_TYPES:
                return download(year, draft, extension)
            report = what_if.Report(year=year)
            with what_if.nothing_stored():
                for _row in report.through(what_if.simulate(year=year, draft=draft)):
                    pass
            if form.cleaned_data.get("upload"):  # show what was uploaded, so it can be edited and run again
                form = WhatIfForm({"year": year, "text": form.cleaned_data["text"]})
                form.is_valid()
        context = {
            **self.admin_site.each_context(request), "title": "政策模拟（草案与现行政策对比）", "form": form,
            "opts": self.model._meta, "report": report, "draft_title": edition_title(draft) if draft else "",
            "areas": area_lines(report) if report else [], "plot_width": PLOT_WIDTH,
            "back": reverse("admin:awards_recomputerun_changelist"),
            "year": year, "text": form.cleaned_data.get("text", "") if report else "",
        }
        if report:
            context["chart_height"] = 16 + 26 * len(context["areas"])
            context["kinds"] = [(AwardKind(kind).label, side) for kind, side in report.by_kind.items()]
            context["changes"] = [("按草案增加奖励的企业", report.gainers, report.gained, "whatif-gainers"),
                                  ("按草案减少奖励的企业", report.losers, report.lost, "whatif-losers")]
        return TemplateResponse(request, "admin/awards/recomputerun/whatif.html", context)
