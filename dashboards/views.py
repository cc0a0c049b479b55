"""Quota dashboards: the city's 20 areas side by side, and one area's view. Thin: parse, one selector, render."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from enterprises.roles import Role
from enterprises.selectors import today

from . import charts, exports, measure_reach, measure_workbooks, performance, selectors

SORTS = {
    "area": lambda s: (s.area.sort_order, s.area.pk),
    "new": lambda s: s.new_municipal.share,
    "srdi": lambda s: s.srdi.share,
    "output": lambda s: s.output.share,
    "pool": lambda s: s.pool_total,
    "status": lambda s: ["behind", "on_pace", "done", "no_target"].index(s.worst_status),
}
FIRST_YEAR = 2021


def _year(request):
    current = today().year
    try:
        year = int(request.GET.get("year", current))
    except (TypeError, ValueError):
        return current
    return year if FIRST_YEAR <= year <= current else current


def _years():
    return list(range(today().year, FIRST_YEAR - 1, -1))


def _sorted(standings, key, descending):
    """Sort by `key`; rows without a figure (no target) stay last either way."""
    present = [s for s in standings if SORTS[key](s) is not None]
    missing = [s for s in standings if SORTS[key](s) is None]
    return sorted(present, key=SORTS[key], reverse=descending) + missing


@require_GET
def city(request):
    user = request.user
    if not selectors.sees_city(user):
        if user.role == Role.COUNTY and user.area_id:
            return redirect(f"{reverse('dashboards:area', args=[user.area_id])}?year={_year(request)}")
        raise Http404("没有可查看的看板")
    year = _year(request)
    dashboard = selectors.cached_dashboard(year)
    sort = request.GET.get("sort", "area")
    sort = sort if sort in SORTS else "area"
    descending = request.GET.get("dir") == "desc"
    rows = _sorted(dashboard.areas, sort, descending)
    links = [(s, f"{reverse('dashboards:area', args=[s.area.pk])}?year={year}") for s in dashboard.areas]
    return render(request, "dashboards/city.html", {
        "dashboard": dashboard, "standing": dashboard.city, "rows": rows, "year": year, "years": _years(),
        "sort": sort, "descending": descending,
        "share_chart": charts.share_rows("各区域新增市级专精特新完成率", links, key="new_municipal"),
        "trend_charts": _trend_charts(dashboard.city),
        "can_edit_policy": user.has_perm("policy.change_policyrecord"),
        "can_edit_targets": user.has_perm("enterprises.change_areatarget"),
        "links": _links(user),
        "cache_hold": selectors.cache_seconds() * 10,
        "measure_matrix": measure_reach.area_matrix(dashboard.measures),
        "workbook_measures": set(measure_workbooks.WORKBOOKS),
    })


@require_GET
def area(request, pk):
    area = selectors.area_for(request.user, pk)
    year = _year(request)
    dashboard = selectors.cached_dashboard(year, area_ids=[area.pk])
    standing = dashboard.areas[0]
    return render(request, "dashboards/area.html", {
        "dashboard": dashboard, "standing": standing, "area": area, "year": year, "years": _years(),
        "trend_charts": _trend_charts(standing),
        "sees_city": selectors.sees_city(request.user),
        "can_edit_policy": request.user.has_perm("policy.change_policyrecord"),
        "links": _links(request.user),
        "cache_hold": selectors.cache_seconds() * 10,
        "workbook_measures": set(measure_workbooks.WORKBOOKS),
    })


@require_GET
def export(request):
    """The city table for city-wide roles; one area's row with `?area=<id>` — and for a county official always
    their own area (another area's answers 404, as its page does)."""
    user, year = request.user, _year(request)
    wanted = request.GET.get("area") or (None if selectors.sees_city(user) else user.area_id)
    if wanted is None and not selectors.sees_city(user):
        raise Http404("没有可导出的看板")
    if wanted is None:
        content, filename = exports.city_workbook(selectors.cached_dashboard(year)), f"quota-dashboard-{year}.xlsx"
    else:
        if not str(wanted).isdigit():
            raise Http404("未找到该区域")
        area = selectors.area_for(user, int(wanted))
        dashboard = selectors.cached_dashboard(year, area_ids=[area.pk])
        content = exports.city_workbook(dashboard, area=area)
        filename = f"quota-dashboard-{area.code or area.pk}-{year}.xlsx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def measure_export(request, number):
    """One measure's workbook for its responsible bureau (dashboards.measure_workbooks), scoped as `export` is: the
    city for city-wide roles (one area with `?area=<id>`), a county official's own area always."""
    workbook = measure_workbooks.WORKBOOKS.get(number)
    if workbook is None:
        raise Http404("没有该措施的工作簿")
    user, year = request.user, _year(request)
    wanted = request.GET.get("area") or (None if selectors.sees_city(user) else user.area_id)
    if wanted is None and not selectors.sees_city(user):
        raise Http404("没有可导出的数据")
    area = None
    if wanted is not None:
        if not str(wanted).isdigit():
            raise Http404("未找到该区域")
        area = selectors.area_for(user, int(wanted))
    content = measure_workbooks.workbook_bytes(
        workbook, year, area_ids=None if area is None else [area.pk], area_name=area.name if area else "",
    )
    suffix = f"-{area.code or area.pk}" if area else ""
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="measure-{number}{suffix}-{year}.xlsx"'
    return response


def _links(user):
    """Links to the pages behind a section, for those allowed to open them."""
    return {
        "duty": user.has_perm("liaison.view_dutyoutcome"),
        "training": user.has_perm("liaison.view_trainingevent"),
        "review": user.has_perm("declarations.change_declaration"),
        "finance": user.has_perm("finance.view_listingreserveentry"),
        "budget": user.has_perm("awards.change_awardbudget"),
        "performance": selectors.sees_city(user) or user.role == Role.COUNTY,
    }


def _trend_charts(standing):
    trend = standing.trend
    new = charts.bar_chart(
        "新增市级专精特新企业", "家", [(p.year, p.new_municipal) for p in trend],
        marks={p.year: p.new_municipal_target for p in trend if p.new_municipal_target is not None},
    )
    count_lines = []
    if standing.srdi_baseline is not None:
        count_lines = [("基数", standing.srdi_baseline), ("翻番目标", standing.srdi.target)]
    count = charts.line_chart("各级专精特新企业数（年末在册）", "家", [(p.year, p.srdi_count) for p in trend],
                              lines=count_lines)
    output_lines = []
    if standing.output_baseline is not None:
        output_lines = [("基数", standing.output_baseline), ("翻番目标", standing.output.target)]
    output = charts.bar_chart("专精特新企业工业总产值", "亿元", [(p.year, p.output_value) for p in trend],
                              lines=output_lines, divisor=100_000_000)
    return [new, count, output]


# ── 绩效评价 ────────────────────────────────────────────────────────────────────────────────────────────────────


def _performance_year(request):
    """Year Y of a 绩效评价 (growth into Y+1): up to last year; by default the year before last, whose Y+1 figures
    are in."""
    latest = today().year - 1
    try:
        year = int(request.GET.get("year", latest - 1))
    except (TypeError, ValueError):
        return latest - 1
    return year if FIRST_YEAR <= year <= latest else latest - 1


def _performance(request):
    user = request.user
    if not (selectors.sees_city(user) or user.role == Role.COUNTY and user.area_id):
        raise Http404("没有可查看的绩效评价")
    return performance.performance_for(user, _performance_year(request))


def _performance_charts(result):
    scope = result.city or (result.areas[0] if result.areas else None)
    series = [group.label for group in scope.groups] if scope else ["获奖企业", "未获奖企业"]
    figures = []
    if scope is not None:
        figures = [charts.paired_bars(
            f"{scope.name}：{result.year + 1} 年各项指标增长率中位数", "%",
            [(label, tuple(group.by_figure[index].percent for group in scope.groups))
             for index, label in enumerate(result.figure_labels)],
            series=series,
        )]
    if result.city is not None:
        figures.append(charts.paired_bars(
            f"各区域{result.year + 1} 年工业总产值增长率中位数", "%",
            [(row.name, tuple(group.by_figure[0].percent for group in row.groups)) for row in result.areas],
            series=series, width=1120, slanted=True,
        ))
    return figures


@require_GET
def performance_page(request):
    result = _performance(request)
    years = list(range(today().year - 1, FIRST_YEAR - 1, -1))
    return render(request, "dashboards/performance.html", {
        "result": result, "year": result.year, "years": years, "charts": _performance_charts(result),
        "rows": ([result.city] if result.city else []) + result.areas,
    })


@require_GET
def performance_export(request):
    result = _performance(request)
    response = HttpResponse(
        exports.performance_workbook(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="performance-{result.year}.xlsx"'
    return response
