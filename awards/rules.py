"""The award rules of the measures, one pure function per clause: no ORM, no I/O.

Inputs are plain objects: a policy record (anything with the PolicyRecord number attributes), designations
(anything with level / granted_on / valid_until / document_number) and yearly figures (anything with
output_value / tax_paid, keyed by year). Every function returns an `Eligibility`: the outcome, the amount in
yuan (Decimal, rounded half-up to 0.01), the reasons in Chinese, the figures used, the clause cited and a
fingerprint of the inputs it read, so that a recomputation can tell whether anything changed.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from policy.levels import REGIONAL_OR_HIGHER, Level
from policy.rules import edition_in_force, period_label

from .states import AwardKind, Outcome

# Bump when the rules change meaning, so that stored results computed under the old rules count as changed.
RULES_VERSION = 1
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

CLAUSE_RECOGNITION = "（三）"
CLAUSE_GROWTH = "（四）"

# (四) "对我市专精特新中小企业": municipal, regional or little-giant titles (domain.md, Award 四, condition 1).
GROWTH_LEVELS = (Level.MUNICIPAL, Level.REGIONAL, Level.LITTLE_GIANT)


@dataclass(frozen=True)
class Eligibility:
    kind: str
    outcome: str
    amount: Decimal
    reasons: tuple[str, ...]
    figures: Mapping = field(default_factory=dict)
    clause: str = ""
    fingerprint: str = ""
    recognition_date: date | None = None  # (三): the first municipal recognition considered

    @property
    def is_eligible(self):
        return self.outcome == Outcome.ELIGIBLE


# --- formatting for the reasons --------------------------------------------------------------------------------

def money(value: Decimal) -> str:
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,.2f} 元"


def masked_account(number: str) -> str:
    """A bank account as everyone but its payer and its owner sees it: only the last 4 digits (spaces, which
    accounts are often written with, are not digits)."""
    digits = "".join(number.split()) if number else ""
    return f"**** **** {digits[-4:]}" if digits else ""


def percent(rate: Decimal) -> str:
    # Rounded towards zero so that 34.999% never reads as the 35% threshold it missed.
    return f"{(Decimal(rate) * 100).quantize(CENT, rounding=ROUND_DOWN)}%"


def _day(value: date) -> str:
    return value.isoformat()


def _level_label(level) -> str:
    return Level(level).label


# json.dumps(..., sort_keys=True, default=str, ensure_ascii=False), with its encoder built once
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False).encode


def _fingerprint(kind, payload) -> str:
    body = _FINGERPRINT_JSON({"rules": RULES_VERSION, "kind": str(kind), **payload})
    return hashlib.sha256(body.encode()).hexdigest()


def _policy_payload(policy, names):
    if policy is None:
        return None
    return {"id": getattr(policy, "pk", None), **{name: str(getattr(policy, name)) for name in names}}


def _designation_payload(designations):
    return sorted((str(d.level), _day(d.granted_on), _day(d.valid_until)) for d in designations)


# --- (三) one-time recognition award ---------------------------------------------------------------------------

RECOGNITION_POLICY_FIELDS = ("effective_from", "effective_until", "recognition_award_amount")


def periods_text(periods) -> str:
    """The periods a date or year was judged against, for a reason: “（已录入的政策有效期：A 至 B；C 至 D）”."""
    periods = list(periods)
    if not periods:
        return "（尚未录入任何政策版本）"
    return f"（已录入的政策有效期：{'；'.join(periods)}）"


def recognition_fingerprint(policy, designations, periods=()) -> str:
    """The fingerprint `recognition_award` gives these inputs (an enterprise with a municipal recognition), without
    deciding anything: a recompute compares it with the stored result's and decides again only when it differs."""
    return _recognition_fingerprint(policy, list(designations), periods)


def _recognition_fingerprint(policy, designations, periods):
    relevant = [d for d in designations if d.level == Level.MUNICIPAL or d.level in REGIONAL_OR_HIGHER]
    return _fingerprint(AwardKind.RECOGNITION, {
        "policy": _policy_payload(policy, RECOGNITION_POLICY_FIELDS),
        "designations": _designation_payload(relevant),
        **({} if policy is not None else {"periods": sorted(periods)}),
    })


def recognition_award(policy, designations, periods=()) -> Eligibility | None:
    """(三) 首次被认定为市级“专精特新”中小企业，给予一次性奖励；前期已获得自治区级以上的，不重复享受。

    `policy` is the record in force on the enterprise's first municipal recognition date (None when no record
    covers it); `periods` are the labels of every edition's period (rules.period_label), named in the reason when
    none covers it. Returns None when the enterprise has never been recognized as municipal SRDI.
    """
    designations = list(designations)
    municipal = sorted((d for d in designations if d.level == Level.MUNICIPAL), key=lambda d: d.granted_on)
    if not municipal:
        return None
    first = municipal[0]
    recognized_on = first.granted_on
    higher_before = sorted(
        (d for d in designations if d.level in REGIONAL_OR_HIGHER and d.granted_on <= recognized_on),
        key=lambda d: d.granted_on,
    )
    figures = {
        "首次市级认定日期": _day(recognized_on),
        "首次市级认定文号": first.document_number or "—",
        "此前已获自治区级以上认定": [f"{_level_label(d.level)}（{_day(d.granted_on)}）" for d in higher_before],
        "再次市级认定": [_day(d.granted_on) for d in municipal[1:]],
        "适用政策有效期": period_label(policy) if policy is not None else "—",
    }
    fingerprint = _recognition_fingerprint(policy, designations, periods)

    def result(outcome, reasons, amount=ZERO):
        later = [f"{_day(d.granted_on)} 的市级认定为再次认定，按“首次被认定”的规定不再奖励" for d in municipal[1:]]
        return Eligibility(
            kind=AwardKind.RECOGNITION, outcome=outcome, amount=amount, reasons=tuple(reasons + later),
            figures=figures, clause=CLAUSE_RECOGNITION, fingerprint=fingerprint, recognition_date=recognized_on,
        )

    if policy is None or not (policy.effective_from <= recognized_on <= policy.effective_until):
        where = f"不在政策有效期（{period_label(policy)}）内" if policy is not None else f"不在政策有效期内{periods_text(periods)}"
        return result(Outcome.INELIGIBLE, [
            f"首次认定为市级专精特新中小企业的日期 {_day(recognized_on)} {where}，不予奖励"
        ])
    if higher_before:
        held = "、".join(f"{_level_label(d.level)}（{_day(d.granted_on)} 认定）" for d in higher_before)
        return result(Outcome.INELIGIBLE, [
            f"市级认定（{_day(recognized_on)}）之前或当日已获得{held}，按（三）规定不重复享受一次性奖励"
        ])
    amount = Decimal(policy.recognition_award_amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return result(Outcome.ELIGIBLE, [
        f"{_day(recognized_on)} 首次被认定为市级专精特新中小企业，在政策有效期（{period_label(policy)}）内",
        f"此前未获得自治区级以上专精特新认定，给予一次性奖励 {money(amount)}",
    ], amount)


def repeat_recognition(first, repeat) -> Eligibility:
    """(三) for a later municipal recognition: listed in its own year, earning nothing, the reason naming the first
    (“首次被认定” — once per enterprise, ever)."""
    number = f"，文号 {first.document_number}" if first.document_number else ""
    return Eligibility(
        kind=AwardKind.RECOGNITION, outcome=Outcome.INELIGIBLE, amount=ZERO,
        reasons=(
            f"{_day(repeat.granted_on)} 的市级认定为再次认定：该企业已于 {_day(first.granted_on)} 首次被认定为市级专精特新"
            f"中小企业{number}，按（三）“首次被认定”的规定不再给予一次性奖励（首次认定的结果列于 {first.granted_on.year} 年度）",
        ),
        figures={"本次市级认定日期": _day(repeat.granted_on), "首次市级认定日期": _day(first.granted_on),
                 "首次市级认定文号": first.document_number or "—"},
        clause=CLAUSE_RECOGNITION,
        fingerprint=_fingerprint(AwardKind.RECOGNITION, {
            "repeat": _day(repeat.granted_on), "first": _day(first.granted_on), "first_number": first.document_number,
        }),
        recognition_date=repeat.granted_on,
    )


def repeat_withdrawn(recognition_date) -> Eligibility:
    """A stored repeat-recognition row whose municipal recognition is no longer a repeat one (or is gone)."""
    return Eligibility(
        kind=AwardKind.RECOGNITION, outcome=Outcome.INELIGIBLE, amount=ZERO,
        reasons=(f"企业库中已无 {_day(recognition_date)} 的再次市级认定记录，本行不再适用",),
        figures={}, clause=CLAUSE_RECOGNITION,
        fingerprint=_fingerprint(AwardKind.RECOGNITION, {"repeat_withdrawn": _day(recognition_date)}),
        recognition_date=recognition_date,
    )


def recognition_withdrawn(recognition_date) -> Eligibility:
    """(三) for an enterprise whose municipal recognition records have all been removed since it was judged."""
    return Eligibility(
        kind=AwardKind.RECOGNITION, outcome=Outcome.INELIGIBLE, amount=ZERO,
        reasons=("企业库中已无市级专精特新认定记录，不适用一次性奖励",), figures={}, clause=CLAUSE_RECOGNITION,
        fingerprint=_fingerprint(AwardKind.RECOGNITION, {"policy": None, "designations": []}),
        recognition_date=recognition_date,
    )


# --- (四) growth award -----------------------------------------------------------------------------------------

GROWTH_POLICY_FIELDS = (
    "effective_from", "effective_until", "growth_output_min", "growth_output_max", "growth_output_rate_min",
    "growth_tax_rate_min", "growth_award_rate", "growth_award_cap",
)


def growth_amount(policy, increase: Decimal) -> Decimal:
    """Rate × output increase, capped, rounded half-up to 0.01 yuan; never negative."""
    raw = Decimal(policy.growth_award_rate) * Decimal(increase)
    capped = min(max(raw, Decimal(0)), Decimal(policy.growth_award_cap))
    return capped.quantize(CENT, rounding=ROUND_HALF_UP)


def _growth(current: Decimal, previous: Decimal) -> Decimal:
    return (current - previous) / previous


def growth_shortfall(current, previous, rate_min) -> Decimal:
    """(四) “同比增长 N% 以上”: how much `current` must still rise for its growth over `previous` to reach
    `rate_min` — 0 when it does. Exact: "35%以上" includes 35% itself. The award and the calculator both ask this."""
    current, previous = Decimal(current), Decimal(previous)
    return max(previous + Decimal(rate_min) * previous - current, ZERO)


OUTPUT_BELOW, OUTPUT_IN_BAND, OUTPUT_ABOVE = "below", "in_band", "above"


def output_band(policy, output) -> str:
    """(四) “当年产值0.2亿元（含）—1亿元”: below the band, in it, or at its top or above (other industrial policies)."""
    output = Decimal(output)
    if output >= Decimal(policy.growth_output_max):
        return OUTPUT_ABOVE
    return OUTPUT_BELOW if output < Decimal(policy.growth_output_min) else OUTPUT_IN_BAND


def held_for_growth(designations, year: int):
    """(四) condition 1: the municipal, regional or little-giant titles valid at some time in `year`."""
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    return sorted(
        (d for d in designations
         if d.level in GROWTH_LEVELS and d.granted_on <= last_day and d.valid_until >= first_day),
        key=lambda d: (d.granted_on, str(d.level)),
    )


def growth_fingerprint(policy, year: int, figures_by_year: Mapping, designations, periods=()) -> str:
    """The fingerprint `growth_award` gives these inputs, without deciding anything (cheaper: a recompute compares
    it with the stored result's and decides again only when it differs)."""
    return _growth_fingerprint(policy, year, held_for_growth(designations, year), figures_by_year.get(year),
                               figures_by_year.get(year - 1), periods)


def _growth_fingerprint(policy, year, held, current, previous, periods):
    return _fingerprint(AwardKind.GROWTH, {
        **({} if policy is not None else {"periods": sorted(periods)}),
        "policy": _policy_payload(policy, GROWTH_POLICY_FIELDS),
        "year": year,
        "designations": _designation_payload(held),
        "current": None if current is None else (str(current.output_value), str(current.tax_paid)),
        "previous": None if previous is None else (str(previous.output_value), str(previous.tax_paid)),
    })


def growth_award(policy, year: int, figures_by_year: Mapping, designations, periods=()) -> Eligibility:
    """(四) 当年产值0.2亿元（含）—1亿元且同比增长35%及税收增长10%以上的，按产值增长额的3‰给予奖励，最高不超过
    50万元；当年产值1亿元以上的，按照其他工业政策执行。

    `policy` is the record overlapping calendar year `year` (None when there is none); `figures_by_year` maps a
    year to that year's figures (only `year` and `year - 1` are read).
    """
    held = held_for_growth(designations, year)
    current, previous = figures_by_year.get(year), figures_by_year.get(year - 1)
    fingerprint = _growth_fingerprint(policy, year, held, current, previous, periods)
    figures = {"年度": year}
    if held:
        figures["有效认定"] = [
            f"{_level_label(d.level)}（{_day(d.granted_on)} 至 {_day(d.valid_until)}）" for d in held
        ]
    for fig_year, row in ((year, current), (year - 1, previous)):
        if row is None:
            continue
        figures[f"{fig_year}年工业总产值"] = str(row.output_value)
        figures[f"{fig_year}年纳税总额"] = str(row.tax_paid)
        # Where each figure came from (税务, 统计, …), when the registry keeps its sources: shown, not compared.
        for name, label in (("output_value", "工业总产值"), ("tax_paid", "纳税总额")):
            if source := getattr(row, "sources", {}).get(name):
                figures[f"{fig_year}年{label}来源"] = source

    def result(outcome, reasons, amount=ZERO):
        return Eligibility(
            kind=AwardKind.GROWTH, outcome=outcome, amount=amount, reasons=tuple(reasons), figures=figures,
            clause=CLAUSE_GROWTH, fingerprint=fingerprint,
        )

    if policy is None:
        return result(Outcome.INELIGIBLE, [f"{year} 年不在任何政策有效期内{periods_text(periods)}，不适用（四）成长奖励"])
    if not held:
        return result(Outcome.INELIGIBLE, [
            f"{year} 年内未持有有效的市级、自治区级专精特新或国家级专精特新“小巨人”认定"
        ])
    if current is None:
        return result(Outcome.NEEDS_REVIEW, [f"缺少 {year} 年度经营数据（工业总产值、纳税总额），需人工复核"])
    output, tax = Decimal(current.output_value), Decimal(current.tax_paid)
    low, high = Decimal(policy.growth_output_min), Decimal(policy.growth_output_max)
    band = output_band(policy, output)
    if band == OUTPUT_ABOVE:
        return result(Outcome.OTHER_POLICY, [
            f"{year} 年工业总产值 {money(output)}，达到 {money(high)} 及以上，按其他工业政策执行，不适用本条"
        ])
    if band == OUTPUT_BELOW:
        return result(Outcome.INELIGIBLE, [f"{year} 年工业总产值 {money(output)}，低于 {money(low)}"])
    if previous is None:
        return result(Outcome.NEEDS_REVIEW, [f"缺少 {year - 1} 年度经营数据，无法计算同比增长，需人工复核"])
    prior_output, prior_tax = Decimal(previous.output_value), Decimal(previous.tax_paid)
    zero = [name for name, value in (("工业总产值", prior_output), ("纳税总额", prior_tax)) if value == 0]
    if zero:
        return result(Outcome.NEEDS_REVIEW, [
            f"{year - 1} 年{'、'.join(zero)}为 0，无法计算同比增长，需人工复核"
        ])

    output_growth, tax_growth = _growth(output, prior_output), _growth(tax, prior_tax)
    figures["产值同比增长"] = percent(output_growth)
    figures["税收同比增长"] = percent(tax_growth)
    output_min, tax_min = Decimal(policy.growth_output_rate_min), Decimal(policy.growth_tax_rate_min)
    output_ok = growth_shortfall(output, prior_output, output_min) == 0
    tax_ok = growth_shortfall(tax, prior_tax, tax_min) == 0
    failures = []
    if not output_ok:
        failures.append(f"产值同比增长 {percent(output_growth)}，低于 {percent(output_min)}")
    if not tax_ok:
        failures.append(f"税收同比增长 {percent(tax_growth)}，低于 {percent(tax_min)}")
    if failures:
        return result(Outcome.INELIGIBLE, failures)

    increase = output - prior_output
    amount = growth_amount(policy, increase)
    figures["产值增长额"] = str(increase)
    reasons = [
        f"{year} 年工业总产值 {money(output)}，在 {money(low)}（含）至 {money(high)}（不含）之间",
        f"产值同比增长 {percent(output_growth)}（不低于 {percent(output_min)}），"
        f"税收同比增长 {percent(tax_growth)}（不低于 {percent(tax_min)}）",
        f"奖励 = 产值增长额 {money(increase)} × {Decimal(policy.growth_award_rate).normalize():f}"
        f" = {money(Decimal(policy.growth_award_rate) * increase)}",
    ]
    if Decimal(policy.growth_award_rate) * increase > Decimal(policy.growth_award_cap):
        reasons.append(f"超过最高奖励 {money(policy.growth_award_cap)}，按上限奖励")
    reasons.append(f"奖励金额 {money(amount)}")
    return result(Outcome.ELIGIBLE, reasons, amount)


# --- the policy calculator (政策计算器): what an enterprise qualifies for and what it misses, by how much ---------

@dataclass(frozen=True)
class ClauseLine:
    """One condition of a clause: met (True), missed (False) or undecidable from the figures (None), said in the
    enterprise's own numbers."""

    label: str
    met: bool | None
    text: str


@dataclass(frozen=True)
class ClauseCheck:
    clause: str
    title: str
    outcome: str
    amount: Decimal
    lines: tuple

    @property
    def qualifies(self):
        return self.outcome == Outcome.ELIGIBLE


def rate_label(rate) -> str:
    """A threshold as the text writes it: 0.35 → “35%”."""
    return f"{(Decimal(rate) * 100).normalize():f}%"


def _points_short(current, previous, rate_min) -> Decimal:
    # Rounded up so that the growth shown plus the gap shown reaches the threshold, never falls just short.
    return ((Decimal(rate_min) - _growth(Decimal(current), Decimal(previous))) * 100).quantize(CENT, rounding=ROUND_UP)


def growth_line(label, noun, current, previous, rate_min) -> ClauseLine:
    """(四) one growth condition: “产值同比增长 31.20%，距 35% 还差 3.80 个百分点，即产值再增加 1,234,567.00 元”."""
    growth = _growth(Decimal(current), Decimal(previous))
    short = growth_shortfall(current, previous, rate_min)
    if short == 0:
        return ClauseLine(label, True, f"{label} {percent(growth)}，达到 {rate_label(rate_min)}（含）")
    return ClauseLine(label, False, (
        f"{label} {percent(growth)}，距 {rate_label(rate_min)} 还差 {_points_short(current, previous, rate_min)} 个百分点，"
        f"即{noun}再增加 {money(short.quantize(CENT, rounding=ROUND_UP))}"
    ))


def growth_calculator(policy, year: int, figures_by_year: Mapping, designations, periods=()) -> ClauseCheck:
    """(四) clause by clause for `year`: each condition met or missed with the gap, beside the award itself
    (growth_award decides the outcome and amount; the lines only explain it)."""
    award = growth_award(policy, year, figures_by_year, designations, periods)
    title = "（四）成长奖励"

    def check(lines):
        return ClauseCheck(CLAUSE_GROWTH, title, award.outcome, award.amount, tuple(lines))

    if policy is None:
        return check([ClauseLine("政策有效期", None, award.reasons[0])])
    lines = []
    held = held_for_growth(designations, year)
    if held:
        lines.append(ClauseLine("专精特新认定", True, f"{year} 年内持有有效的{'、'.join(_level_label(d.level) for d in held)}认定"))
    else:
        lines.append(ClauseLine("专精特新认定", False, (
            f"{year} 年内未持有有效的市级、自治区级专精特新或国家级专精特新“小巨人”认定，须先获得市级及以上认定")))
    current, previous = figures_by_year.get(year), figures_by_year.get(year - 1)
    if current is None:
        return check(lines + [ClauseLine("经营数据", None, f"缺少 {year} 年度经营数据（工业总产值、纳税总额）")])
    output, tax = Decimal(current.output_value), Decimal(current.tax_paid)
    low, high = Decimal(policy.growth_output_min), Decimal(policy.growth_output_max)
    band = output_band(policy, output)
    if band == OUTPUT_IN_BAND:
        lines.append(ClauseLine("产值规模", True, f"{year} 年工业总产值 {money(output)}，在 {money(low)}（含）至 {money(high)}（不含）之间"))
    elif band == OUTPUT_BELOW:
        lines.append(ClauseLine("产值规模", False, f"{year} 年工业总产值 {money(output)}，距下限 {money(low)} 还差 {money(low - output)}"))
    else:
        lines.append(ClauseLine("产值规模", False, (
            f"{year} 年工业总产值 {money(output)}，达到 {money(high)} 及以上，按其他工业政策执行，不适用本条")))
    if previous is None:
        return check(lines + [ClauseLine("上年数据", None, f"缺少 {year - 1} 年度经营数据，无法计算同比增长")])
    prior_output, prior_tax = Decimal(previous.output_value), Decimal(previous.tax_paid)
    for label, noun, now, before, rate in (
        ("产值同比增长", "产值", output, prior_output, policy.growth_output_rate_min),
        ("税收同比增长", "纳税总额", tax, prior_tax, policy.growth_tax_rate_min),
    ):
        if before == 0:
            lines.append(ClauseLine(label, None, f"{year - 1} 年{noun}为 0，无法计算同比增长"))
        else:
            lines.append(growth_line(label, noun, now, before, rate))
    if award.is_eligible:
        lines.append(ClauseLine("奖励金额", True, f"按产值增长额 {money(output - prior_output)} 的 "
                                               f"{Decimal(policy.growth_award_rate).normalize():f} 计，奖励 {money(award.amount)}"))
    elif prior_output and band != OUTPUT_ABOVE:
        reached = output + growth_shortfall(output, prior_output, policy.growth_output_rate_min)
        if output_band(policy, reached) == OUTPUT_IN_BAND:
            lines.append(ClauseLine("奖励金额", None, (
                f"其余条件都满足时，产值 {money(reached)} 可获奖励 {money(growth_amount(policy, reached - prior_output))}")))
    return check(lines)


def recognition_calculator(editions, designations, day: date) -> ClauseCheck:
    """(三) for an enterprise: decided by recognition_award once it has a municipal recognition; before that, what
    a first recognition under the edition in force on `day` would bring — or why it would not."""
    editions, designations = list(editions), list(designations)
    periods = [period_label(e) for e in editions]
    title = "（三）首次认定市级一次性奖励"
    municipal = sorted((d for d in designations if d.level == Level.MUNICIPAL), key=lambda d: d.granted_on)
    # The edition in force on the first recognition day, as the recompute picks it (policy.rules.edition_in_force).
    recognized = municipal[0].granted_on if municipal else day
    policy = edition_in_force(editions, recognized)
    if municipal:
        award = recognition_award(policy, designations, periods)
        lines = [ClauseLine("首次认定", award.is_eligible, reason) for reason in award.reasons]
        return ClauseCheck(CLAUSE_RECOGNITION, title, award.outcome, award.amount, tuple(lines))
    higher = [d for d in designations if d.level in REGIONAL_OR_HIGHER and d.granted_on <= day]
    if higher:
        held = "、".join(f"{_level_label(d.level)}（{_day(d.granted_on)} 认定）" for d in higher)
        line = ClauseLine("首次认定", False, f"已获得{held}，今后认定为市级也不重复享受一次性奖励")
    elif policy is None:
        line = ClauseLine("首次认定", None, f"{_day(day)} 不在政策有效期内{periods_text(periods)}，首次认定暂不产生奖励")
    else:
        amount = Decimal(policy.recognition_award_amount).quantize(CENT, rounding=ROUND_HALF_UP)
        line = ClauseLine("首次认定", False, (
            f"尚未被认定为市级专精特新中小企业：在政策有效期（{period_label(policy)}）内首次获得认定，"
            f"可获一次性奖励 {money(amount)}"))
    return ClauseCheck(CLAUSE_RECOGNITION, title, Outcome.INELIGIBLE, ZERO, (line,))
