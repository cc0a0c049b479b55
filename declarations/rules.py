"""Pure rules of the application self-check: criteria and facts in, a list of check items out. No ORM."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_UP, Decimal

from awards.rules import money
from policy.levels import Level


@dataclass(frozen=True)
class CheckItem:
    label: str
    passed: bool | None  # None: not enough data to decide yet
    detail: str
    blocking: bool = False  # a failed blocking item stops submission
    gap: str = ""  # what is still missing, in the firm's own numbers (empty when passed or undecidable)


@dataclass(frozen=True)
class SelfCheck:
    edition: str
    items: tuple

    @property
    def all_passed(self):
        return all(item.passed for item in self.items)

    @property
    def blocking_failures(self):
        return [item for item in self.items if item.blocking and item.passed is False]


def _wan(value):
    return f"{(Decimal(value) / Decimal(10000)).quantize(Decimal('0.01')):,} 万元"


def _percent(fraction):
    return f"{(Decimal(fraction) * 100).quantize(Decimal('0.01')).normalize():f}%"


def is_sme(criteria, *, employees, revenue):
    """SME size test (工信部联企业〔2011〕300号, industry): fewer than 1,000 employees OR revenue below 4亿 yuan.

    Either figure under its ceiling is enough; None when neither is known and none can decide."""
    known = []
    if employees is not None:
        known.append(employees < criteria.sme_max_employees)
    if revenue is not None:
        known.append(revenue < criteria.sme_max_revenue)
    if any(known):
        return True
    return False if len(known) == 2 else None


def _short(required, actual):
    return money((Decimal(required) - Decimal(actual or 0)).quantize(Decimal("0.01"), rounding=ROUND_UP))


def self_check(criteria, *, employees, revenue_last, years_in_niche, rd_expense_last, equity_financing):
    """Check an application's figures against one criteria edition; each item says why it passes or not, and a
    failed one what is still missing."""
    items = []
    sme = is_sme(criteria, employees=employees, revenue=revenue_last)
    items.append(CheckItem(
        "中小企业规模",
        sme,
        f"从业人员少于 {criteria.sme_max_employees} 人或营业收入低于 {_wan(criteria.sme_max_revenue)}"
        + ("（申报主体须为中小企业）" if sme is False else ""),
        blocking=True,
        gap="" if sme is not False else f"从业人员 {employees} 人、营业收入 {_wan(revenue_last)}，均超出中小企业标准",
    ))
    niche = None if years_in_niche is None else years_in_niche >= criteria.srdi_min_years_in_niche
    items.append(CheckItem(
        "从事细分市场年限", niche, f"不少于 {criteria.srdi_min_years_in_niche} 年"
        + ("" if years_in_niche is None else f"（填报 {years_in_niche} 年）"),
        gap=f"还差 {criteria.srdi_min_years_in_niche - years_in_niche} 年" if niche is False else "",
    ))
    rd_gap = ""
    if rd_expense_last is None or revenue_last is None:
        rd = None
        rd_detail = ""
    else:
        ratio = rd_expense_last / revenue_last if revenue_last else None
        rd = rd_expense_last >= criteria.srdi_min_rd_expense and ratio is not None and ratio >= criteria.srdi_min_rd_ratio
        rd_detail = f"（填报 {_wan(rd_expense_last)}，占比 {_percent(ratio) if ratio is not None else '—'}）"
        if not rd and ratio is None:
            rd_gap = "营业收入为 0，无法计算研发费用占比"
        elif not rd:
            # Both parts must hold: the larger of the floor and the share of revenue is what R&D must reach.
            required = max(Decimal(criteria.srdi_min_rd_expense), Decimal(criteria.srdi_min_rd_ratio) * revenue_last)
            rd_gap = f"研发费用还差 {_short(required, rd_expense_last)}（须达到 {money(required)}）"
    items.append(CheckItem(
        "研发投入",
        rd,
        f"上年度研发费用不低于 {_wan(criteria.srdi_min_rd_expense)}，且占营业收入比重不低于 "
        f"{_percent(criteria.srdi_min_rd_ratio)}{rd_detail}",
        gap=rd_gap,
    ))
    if revenue_last is None:
        scale = None
    else:
        scale = revenue_last >= criteria.srdi_min_revenue or (
            equity_financing is not None and equity_financing >= criteria.srdi_alt_equity_financing
        )
    items.append(CheckItem(
        "经营规模",
        scale,
        f"上年度营业收入不低于 {_wan(criteria.srdi_min_revenue)}，或近两年新增股权融资不低于 "
        f"{_wan(criteria.srdi_alt_equity_financing)}",
        gap="" if scale is not False else (
            f"营业收入还差 {_short(criteria.srdi_min_revenue, revenue_last)}，"
            f"或近两年新增股权融资还差 {_short(criteria.srdi_alt_equity_financing, equity_financing)}"),
    ))
    return SelfCheck(edition=criteria.document_number, items=tuple(items))


# The criteria an edition holds (专精特新中小企业认定条件) decide the municipal application and the regional title;
# for the first tier and the little giant an edition holds only the SME size test.
SRDI_CRITERIA_TIERS = (Level.MUNICIPAL, Level.REGIONAL)


@dataclass(frozen=True)
class TierCheckup:
    """The tier check-up (梯度体检): the next tier up and each criterion of the edition in force, met or missed."""

    next_level: str | None
    edition: str
    items: tuple
    note: str = ""

    @property
    def missed(self):
        return [item for item in self.items if item.passed is False]


def tier_checkup(criteria, next_level, next_level_name="", **facts):
    """The criteria of `criteria` for `next_level` (policy.levels.next_tier) checked against the firm's facts (the
    keyword arguments of self_check), through self_check itself: one rule for the application and the check-up."""
    if next_level is None:
        return TierCheckup(None, criteria.document_number, (), "已处于梯度培育的最高层级")
    check = self_check(criteria, **facts)
    if next_level in SRDI_CRITERIA_TIERS:
        return TierCheckup(next_level, check.edition, check.items)
    name = next_level_name or Level(next_level).label
    return TierCheckup(next_level, check.edition, check.items[:1], (
        f"认定条件版本 {criteria.document_number} 未录入{name}除中小企业规模外的量化条件，其余条件请对照文件原文"))


def notice_period(start, days):
    """A notice of `days` calendar days starting on `start`: (first day, last day)."""
    return start, start + timedelta(days=max(days, 1) - 1)
