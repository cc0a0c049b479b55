from decimal import Decimal

from dashboards import charts


def test_nice_ceiling():
    assert charts.nice_ceiling(0) == 1
    assert charts.nice_ceiling(3) == 5
    assert charts.nice_ceiling(Decimal("17")) == 20
    assert charts.nice_ceiling(230) == 250
    assert charts.nice_ceiling(100) == 100


def test_bar_chart_scales_bars_targets_and_reference_lines():
    chart = charts.bar_chart("新增", "家", [(2023, 2), (2024, 4), (2025, None)], marks={2024: 5}, lines=[("基数", 1)])
    bars = {bar.label: bar for bar in chart.bars}
    assert bars["2024"].height == 2 * bars["2023"].height
    assert bars["2025"].height == 0 and bars["2025"].value_label == "—"
    assert bars["2024"].mark_y < bars["2024"].y  # the target (5) sits above the bar (4)
    assert bars["2025"].tone == "current" and bars["2023"].tone == "main"
    assert chart.lines[0].label == "基数 1"


def test_amounts_divided_into_the_unit_shown():
    chart = charts.bar_chart("产值", "亿元", [(2024, Decimal("250000000"))], divisor=100_000_000)
    assert chart.bars[0].value_label == "2.5"


def test_line_chart_points_rise_with_values():
    chart = charts.line_chart("企业数", "家", [(2023, 10), (2024, 20)], lines=[("翻番目标", 40)])
    (_, y1, *_), (_, y2, *_) = chart.points
    assert y2 < y1 and chart.lines[0].y < y2
    assert chart.polyline.count(",") == 2


def test_paired_bars_draw_negative_values_below_the_zero_line_and_skip_missing_ones():
    import pytest

    chart = charts.paired_bars("增长率", "%", [("产值", (Decimal("30"), Decimal("-10"))), ("纳税", (None, Decimal("5")))],
                               series=("获奖企业", "未获奖企业"))
    up, down, missing, small = chart.bars
    assert up.y + up.height == pytest.approx(chart.zero_y) and up.height > 0
    assert down.y == pytest.approx(chart.zero_y) and down.height > 0  # below the zero line
    assert missing.height == 0 and missing.value_label == "—"
    assert [label for _x, label in chart.ticks][0] == "-10" and chart.ticks[-1][1] == "50"  # round axis ends
    assert charts.paired_bars("空", "%", [("产值", (None, None))], series=("a", "b")).empty
