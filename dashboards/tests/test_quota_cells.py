"""The dashboards' repeated cells: a figure's share against its pace, a measure's coverage by year and by area."""

from django.template import Context, Template

from dashboards import rules
from enterprises.reach import AreaReach


def render(source, **context):
    return Template("{% load quota_cells %}" + source).render(Context(context))


def test_a_share_shows_its_bar_and_the_pace_expected_by_now():
    html = render("{{ p|share_cell }}", p=rules.progress(3, 4, 0.5))
    assert html == ('<span class="share on_pace" title="应达进度 50%"><span class="mini"><span style="width:75%"></span>'
                    '<i style="left:50%"></i></span>75%</span>\n')


def test_a_figure_without_target_shows_a_dash():
    assert render("{{ p|share_cell }}", p=rules.progress(3, None, 0.5)) == '<span class="muted">—</span>\n'


def test_a_year_of_coverage_names_its_counts():
    assert render("{{ c|reach_trend_cell }}", c=AreaReach(None, "2025", 1, 8)) == (
        '<td title="2025 年：1 / 8 家">12.5%</td>')
    assert render("{{ c|reach_trend_cell }}", c=AreaReach(None, "2025", 0, 0)) == (
        '<td title="2025 年：0 / 0 家"><span class="muted">—</span></td>')


def test_an_area_cell_shows_reached_of_all_and_the_share():
    assert render("{{ c|reach_area_cell }}", c=AreaReach(1, "秀峰区", 1, 2)) == '<td title="1 / 2 家">1/2（50.0%）</td>'
    assert render("{{ c|reach_area_cell }}", c=AreaReach(1, "秀峰区", 0, 0)) == (
        '<td title="0 / 0 家"><span class="muted">—</span></td>')
