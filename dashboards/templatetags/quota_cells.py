"""The dashboards' repeated table cells, written once in Python: a city page draws ~100 progress shares and ~300
measure-reach cells, and an {% include %} or a dozen template lookups per cell cost more than the page's queries."""

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

DASH = mark_safe('<span class="muted">—</span>')


def _shown(value):
    """As {{ value }} shows it; a count is its digits (no thousands separator in this portal's settings)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


@register.filter
def share_cell(progress):
    """A figure's share done, its bar and the share expected by now (a rules.Progress); — without a target."""
    percent = getattr(progress, "percent", "")
    if percent is None:
        return mark_safe(DASH + "\n")
    expected = _shown(getattr(progress, "expected_percent", ""))
    return format_html(
        '<span class="share {}" title="应达进度 {}%"><span class="mini"><span style="width:{}%"></span>'
        '<i style="left:{}%"></i></span>{}%</span>\n',
        getattr(progress, "status", ""), expected, _shown(getattr(progress, "bar_percent", "")), expected,
        _shown(percent),
    )


@register.filter
def reach_trend_cell(point):
    """One year of a measure's coverage (an enterprises.reach.AreaReach named by its year)."""
    share = point.share
    return format_html(
        '<td title="{} 年：{} / {} 家">{}</td>', point.area_name, _shown(point.reached), _shown(point.srdi_total),
        DASH if share is None else format_html("{}%", _shown(share)),
    )


@register.filter
def reach_area_cell(cell):
    """One area's coverage by one measure (an enterprises.reach.AreaReach)."""
    share, reached, total = cell.share, _shown(cell.reached), _shown(cell.srdi_total)
    return format_html(
        '<td title="{} / {} 家">{}</td>', reached, total,
        DASH if share is None else format_html("{}/{}（{}%）", reached, total, _shown(share)),
    )
