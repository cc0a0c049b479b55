"""Pure rules of the registry: the tier ladder and account bindings. No ORM: designations are anything with
level / granted_on / valid_until."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.seg.simpleseg import seg as pinyin_segments

from policy.levels import RANK, WHITE_LIST_LEVELS

from .roles import Role


def valid_on(designation, day: date) -> bool:
    return designation.granted_on <= day <= designation.valid_until


def current_tier(designations, day: date):
    """The highest level among the designations valid on `day`, or None."""
    levels = [d.level for d in designations if valid_on(d, day)]
    return max(levels, key=lambda level: RANK[level]) if levels else None


def on_white_list(designations, day: date) -> bool:
    """Clause 一: any valid municipal-or-higher designation puts an enterprise on the white list."""
    return any(valid_on(d, day) and d.level in WHITE_LIST_LEVELS for d in designations)


def growth_rate(current, previous):
    """Year-on-year growth as a Decimal fraction, or None when the prior value is missing or zero."""
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) / previous


STANDING_LABELS = {"future": "未生效", "valid": "有效", "expiring": "即将到期", "expired": "已过期"}


@dataclass(frozen=True)
class DesignationStanding:
    """How one designation stands on a day: not yet in force, valid, expiring (inside the policy's warning period
    before its end, time to prepare the re-review 复核) or expired. `days_left` counts to `valid_until`."""

    designation: object
    state: str
    days_left: int
    level_name: str = ""  # the level's name on the grant date (policy.levels.LevelNames), when the page read it

    @property
    def label(self):
        return STANDING_LABELS[self.state]

    @property
    def level_label(self):
        return self.level_name or self.designation.get_level_display()

    @property
    def in_force(self):
        return self.state in ("valid", "expiring")

    @property
    def expiring(self):
        return self.state == "expiring"

    @property
    def expired(self):
        return self.state == "expired"


def designation_standing(designation, day: date, warning_days: int, level_name: str = "") -> DesignationStanding:
    days_left = (designation.valid_until - day).days
    if designation.granted_on > day:
        state = "future"
    elif days_left < 0:
        state = "expired"
    elif days_left <= warning_days:
        state = "expiring"
    else:
        state = "valid"
    return DesignationStanding(designation, state, days_left, level_name)


CREDIT_STANDING_LABELS = {"in_force": "在列", "removed": "已移出", "future": "未生效"}


def credit_standing(entry, day: date) -> str:
    """How a credit listing (信用审查) stands on `day`: "in_force" from 列入日期 until the day before 移出日期,
    "removed" from 移出日期 on, "future" before 列入日期."""
    if day < entry.listed_on:
        return "future"
    if entry.removed_on is not None and day >= entry.removed_on:
        return "removed"
    return "in_force"


@dataclass(frozen=True)
class FiguresRow:
    year: int
    output_value: object
    tax_paid: object
    revenue: object
    rd_expense: object
    employees: object
    output_growth: object  # Decimal fraction or None
    tax_growth: object


def figures_with_growth(figures):
    """Yearly figures newest first, each with its year-on-year growth over the year before (None when unknown)."""
    by_year = {f.year: f for f in figures}
    rows = []
    for year in sorted(by_year, reverse=True):
        current, previous = by_year[year], by_year.get(year - 1)
        rows.append(FiguresRow(
            year=year, output_value=current.output_value, tax_paid=current.tax_paid, revenue=current.revenue,
            rd_expense=current.rd_expense, employees=current.employees,
            output_growth=growth_rate(current.output_value, previous.output_value if previous else None),
            tax_growth=growth_rate(current.tax_paid, previous.tax_paid if previous else None),
        ))
    return rows


def account_binding_errors(role, enterprise_id, area_id, *, is_superuser=False):
    """{field: reason} when an account lacks what its role is bound to (the user_*_has_* constraints): an
    enterprise user needs its enterprise (a superuser excepted), a county official its area."""
    errors = {}
    if role == Role.ENTERPRISE and enterprise_id is None and not is_superuser:
        errors["enterprise"] = "企业用户必须绑定一家企业"
    if role == Role.COUNTY and area_id is None:
        errors["area"] = "县（市、区）用户必须绑定一个区域"
    return errors


def name_initials(name: str) -> str:
    """The pinyin initials staff type to find a firm: 桂林山水科技有限公司 → "glsmkjyxgs". Letters and digits in the name
    stay as they are (lower case); anything else is left out. Stored with the enterprise (Enterprise.name_initials)."""
    initials = "".join(map(_segment_initials, pinyin_segments(name or "")))
    return "".join(ch for ch in initials.lower() if ch.isascii() and ch.isalnum())[:100]


@lru_cache(maxsize=100_000)
def _segment_initials(segment: str) -> str:
    """The initials of one of pypinyin's segments (a phrase, so 银行 reads háng): names share most segments
    (有限公司, 桂林, 科技), and converting each once makes 100,000 new names seconds cheaper."""
    return "".join(lazy_pinyin(segment, style=Style.FIRST_LETTER))
