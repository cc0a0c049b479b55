"""Pure arithmetic of the quota dashboards (clause 二): targets, shares and the expected pace; and the median growth
behind 绩效评价. No ORM."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from policy.rules import add_years

# Progress states, worst first: the city table sorts and colours by these.
BEHIND = "behind"
ON_PACE = "on_pace"
DONE = "done"
NO_TARGET = "no_target"

STATUS_LABELS = {BEHIND: "落后于进度", ON_PACE: "符合进度", DONE: "已完成", NO_TARGET: "未设目标"}


@dataclass(frozen=True)
class Progress:
    """A figure against its target: `share` done and `expected` share by now, both fractions (None without target)."""

    actual: Decimal | int
    target: Decimal | int | None
    share: Decimal | None
    expected: Decimal | None
    status: str

    @property
    def percent(self):
        return None if self.share is None else _pct(self.share)

    @property
    def expected_percent(self):
        return None if self.expected is None else _pct(self.expected)

    @property
    def bar_percent(self):
        """Width of a progress bar, 0–100."""
        return 0 if self.share is None else min(100, _pct(self.share))

    @property
    def remaining(self):
        return None if not self.target else max(self.target - self.actual, 0)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def _pct(fraction):
    return int((Decimal(fraction) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def progress(actual, target, expected_share):
    """`actual` against `target`; behind when the share done is below the share expected by now."""
    if not target:
        return Progress(actual, target or None, None, None, NO_TARGET)
    share = Decimal(actual) / Decimal(target)
    expected = min(Decimal(1), max(Decimal(0), Decimal(expected_share)))
    if share >= 1:
        status = DONE
    elif share < expected:
        status = BEHIND
    else:
        status = ON_PACE
    return Progress(actual, target, share, expected, status)


def year_elapsed(year: int, on: date) -> Decimal:
    """Share of calendar `year` gone by on `on` (1 for a past year, 0 for a future one): the pace of a yearly quota."""
    if on.year > year:
        return Decimal(1)
    if on.year < year:
        return Decimal(0)
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return Decimal((on - date(year, 1, 1)).days + 1) / Decimal(days)


@dataclass(frozen=True)
class Doubling:
    """(二) a figure doubles within `years` of the baseline date: target 2 × baseline, linear pace in between."""

    baseline_date: date
    baseline: Decimal | int
    years: int

    @property
    def deadline(self) -> date:
        return add_years(self.baseline_date, self.years)

    @property
    def target(self):
        return 2 * self.baseline

    def expected_on(self, day: date) -> Decimal:
        """The figure a linear path from baseline to target would have reached on `day`."""
        span = (self.deadline - self.baseline_date).days
        elapsed = min(max((day - self.baseline_date).days, 0), span)
        return Decimal(self.baseline) * (1 + Decimal(elapsed) / Decimal(span))

    def progress(self, actual, day: date) -> Progress:
        if not self.baseline:
            return progress(actual, None, 0)
        return progress(actual, self.target, self.expected_on(day) / Decimal(self.target))


def doubling(baseline_date, baseline, years):
    """A Doubling, or None while the bureau has not entered the baseline ("基数未设置")."""
    if baseline_date is None or not baseline or not years:
        return None
    return Doubling(baseline_date, baseline, years)


# ── 绩效评价: what the money achieved ──────────────────────────────────────────────────────────────────────────

MIN_SAMPLE = 5  # fewer enterprises than this behind a median and it is not shown
TOO_SMALL = f"样本不足（少于 {MIN_SAMPLE} 家）"


def growth_rate(before, after):
    """(after − before) / before as a Decimal; None when either is missing or `before` is 0 (no base to grow on)."""
    if before is None or after is None or Decimal(before) == 0:
        return None
    return (Decimal(after) - Decimal(before)) / Decimal(before)


@dataclass(frozen=True)
class MedianGrowth:
    """The median growth of one figure in one group: `n` enterprises behind it (both years reported, base not 0),
    `zero_base` left out for a base of 0. The median is withheld (None) below MIN_SAMPLE."""

    median: Decimal | None
    n: int
    zero_base: int

    @property
    def too_small(self):
        return self.n < MIN_SAMPLE

    @property
    def percent(self):
        """The median in per cent, two decimals (half up), or None."""
        return None if self.median is None else (self.median * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def median_growth(pairs):
    """MedianGrowth of [(figure of Y, figure of Y+1)]; a pair with a missing figure is not counted at all."""
    rates, zero_base = [], 0
    for before, after in pairs:
        if before is None or after is None:
            continue
        if Decimal(before) == 0:
            zero_base += 1
            continue
        rates.append(growth_rate(before, after))
    shown = median(rates) if len(rates) >= MIN_SAMPLE else None
    return MedianGrowth(shown, len(rates), zero_base)
