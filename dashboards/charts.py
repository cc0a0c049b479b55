"""Server-rendered SVG charts: geometry computed here, drawn by templates/dashboards/charts/*.html. No JS, no CDN —
the page works under the 'self'-only CSP and prints as it shows."""

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 420, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 26, 34


def nice_ceiling(value):
    """A round axis maximum at or above `value` (1, 2, 2.5, 5 × 10ⁿ)."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (1, 2, Decimal("2.5"), 5, 10):
        candidate = Decimal(step).scaleb(exponent)
        if candidate >= value:
            return candidate
    return Decimal(10).scaleb(exponent)


def _plain(value):
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class Bar:
    label: str
    value_label: str
    x: float
    y: float
    width: float
    height: float
    tone: str = "main"
    mark_y: float | None = None  # a target tick drawn across the bar
    mark_label: str = ""
    label_x: float = 0
    title: str = ""

    @property
    def mark_x1(self):
        return self.x - 5

    @property
    def mark_x2(self):
        return self.x + self.width + 5


@dataclass
class Line:
    y: float
    label: str
    tone: str = "target"


@dataclass
class Chart:
    title: str
    unit: str
    bars: list = field(default_factory=list)
    points: list = field(default_factory=list)  # (x, y, value_label, label) for line charts
    lines: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (y, label)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline_y: float = HEIGHT - BOTTOM
    empty: bool = False

    @property
    def polyline(self):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, *_ in self.points)

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


def _scale(maximum):
    top = nice_ceiling(maximum)
    plot = HEIGHT - TOP - BOTTOM

    def y_of(value):
        return HEIGHT - BOTTOM - float(Decimal(value) / top) * plot

    ticks = [(y_of(top * Decimal(i) / 4), _plain(top * Decimal(i) / 4)) for i in range(5)]
    return y_of, ticks


def bar_chart(title, unit, items, *, marks=None, lines=(), divisor=1):
    """`items`: [(label, value or None)]; `marks`: {label: target} ticks per bar; `lines`: [(label, value)]."""
    marks = marks or {}
    divisor = Decimal(divisor)
    values = [Decimal(v) / divisor for _, v in items if v is not None]
    values += [Decimal(v) / divisor for v in marks.values() if v is not None]
    values += [Decimal(v) / divisor for _, v in lines if v is not None]
    chart = Chart(title, unit)
    if not items:
        chart.empty = True
        return chart
    y_of, chart.ticks = _scale(max(values, default=Decimal(0)))
    slot = (WIDTH - LEFT - RIGHT) / len(items)
    width = min(46, slot * 0.56)
    for index, (label, value) in enumerate(items):
        x = LEFT + slot * index + (slot - width) / 2
        shown = Decimal(0) if value is None else Decimal(value) / divisor
        y = y_of(shown)
        mark = marks.get(label)
        chart.bars.append(Bar(
            label=str(label), value_label="—" if value is None else _plain(shown),
            x=x, y=y, width=width, height=HEIGHT - BOTTOM - y,
            tone="current" if index == len(items) - 1 else "main",
            mark_y=None if mark is None else y_of(Decimal(mark) / divisor),
            mark_label="" if mark is None else f"目标 {_plain(Decimal(mark) / divisor)}",
            label_x=x + width / 2,
            title=f"{label}：{'未报送' if value is None else _plain(shown) + unit}",
        ))
    chart.lines = [Line(y_of(Decimal(v) / divisor), f"{name} {_plain(Decimal(v) / divisor)}") for name, v in lines
                   if v is not None]
    return chart


def line_chart(title, unit, items, *, lines=()):
    """`items`: [(label, value)] joined by a line; `lines`: [(label, value)] horizontal references (targets)."""
    chart = Chart(title, unit)
    if not items:
        chart.empty = True
        return chart
    values = [Decimal(v) for _, v in items] + [Decimal(v) for _, v in lines if v is not None]
    y_of, chart.ticks = _scale(max(values, default=Decimal(0)))
    slot = (WIDTH - LEFT - RIGHT) / len(items)
    for index, (label, value) in enumerate(items):
        x = LEFT + slot * index + slot / 2
        chart.points.append((x, y_of(value), _plain(value), str(label)))
    chart.lines = [Line(y_of(v), f"{name} {_plain(v)}") for name, v in lines if v is not None]
    return chart


@dataclass
class Row:
    label: str
    url: str
    width: float
    pace_x: float | None
    value_label: str
    tone: str
    y: float


@dataclass
class RowChart:
    title: str
    rows: list
    height: int
    width: int = 1120
    label_width: int = 150
    plot_width: int = 820

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def full_x(self):
        return self.label_width + self.plot_width

    @property
    def axis(self):
        return [(self.label_width + self.plot_width * i / 4, f"{25 * i}%") for i in range(5)]


def share_rows(title, standings_with_urls, *, key):
    """One horizontal bar per area: share of `key` (a Progress attribute of the standing) done, capped at 100 %,
    with the expected pace as a tick and behind-pace areas in red — the laggards visible at once."""
    row_height = 24
    rows = []
    chart = RowChart(title, rows, height=row_height * len(standings_with_urls) + 30)
    for index, (standing, url) in enumerate(standings_with_urls):
        progress = getattr(standing, key)
        share = 0 if progress.share is None else min(Decimal(1), progress.share)
        rows.append(Row(
            label=standing.area.name, url=url, width=float(share) * chart.plot_width,
            pace_x=None if progress.expected is None else chart.label_width + float(progress.expected) * chart.plot_width,
            value_label="未设目标" if progress.percent is None else f"{progress.actual}/{progress.target}（{progress.percent}%）",
            tone=progress.status, y=6 + index * row_height,
        ))
    return chart


@dataclass
class PairedChart:
    """Two bars per category (e.g. awarded and not awarded), values that may be negative around a zero line;
    a missing value (a sample too small) is drawn as no bar with "—"."""

    title: str
    unit: str
    series: tuple
    bars: list = field(default_factory=list)
    labels: list = field(default_factory=list)  # (x, label) under each category
    ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    zero_y: float = 0
    baseline_y: float = HEIGHT - BOTTOM
    empty: bool = False
    slanted: bool = False  # many categories: labels drawn at an angle, in a taller box

    @property
    def right_edge(self):
        return self.width - RIGHT

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


def paired_bars(title, unit, items, *, series, width=WIDTH, slanted=False):
    """`items`: [(label, (first value or None, second value or None))] in `unit` (e.g. per cent); `slanted` for
    many long labels (the 20 areas)."""
    chart = PairedChart(title, unit, tuple(series), width=width, slanted=slanted,
                        height=HEIGHT + 60 if slanted else HEIGHT)
    values = [Decimal(v) for _, pair in items for v in pair if v is not None]
    if not items or not values:
        chart.empty = True
        return chart
    top = nice_ceiling(max(max(values), Decimal(0))) if max(values) > 0 else Decimal(0)
    bottom = -nice_ceiling(-min(values)) if min(values) < 0 else Decimal(0)
    if top == bottom:
        top = Decimal(1)
    plot = HEIGHT - TOP - BOTTOM

    def y_of(value):
        return TOP + float((top - Decimal(value)) / (top - bottom)) * plot

    chart.zero_y = y_of(0)
    chart.ticks = [(y_of(bottom + (top - bottom) * Decimal(i) / 4), _plain(bottom + (top - bottom) * Decimal(i) / 4))
                   for i in range(5)]
    slot = (width - LEFT - RIGHT) / len(items)
    bar_width = min(28, slot * 0.36)
    for index, (label, pair) in enumerate(items):
        start = LEFT + slot * index + (slot - 2 * bar_width) / 2
        chart.labels.append((start + bar_width, str(label)))
        for position, value in enumerate(pair):
            x = start + position * bar_width
            name = chart.series[position]
            if value is None:
                chart.bars.append(Bar(label=str(label), value_label="—", x=x, y=chart.zero_y, width=bar_width,
                                      height=0, tone=f"s{position}", label_x=x + bar_width / 2,
                                      title=f"{label} · {name}：样本不足"))
                continue
            y = y_of(value)
            chart.bars.append(Bar(
                label=str(label), value_label=_plain(value), x=x, y=min(y, chart.zero_y), width=bar_width,
                height=abs(chart.zero_y - y), tone=f"s{position}", label_x=x + bar_width / 2,
                title=f"{label} · {name}：{_plain(value)}{unit}",
            ))
    return chart
