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
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from policy.levels import REGIONAL_OR_HIGHER, Level
from policy.rules import period_label

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


def _fingerprint(kind, payload) -> str:
    body = json.dumps({"rules": RULES_VERSION, "kind": str(kind), **payload}, sort_keys=True, default=str,
                      ensure_ascii=False)
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
    relevant = [d for d in designations if d.level == Level.MUNICIPAL or d.level in REGIONAL_OR_HIGHER]
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
    fingerprint = _fingerprint(AwardKind.RECOGNITION, {
        "policy": _policy_payload(policy, RECOGNITION_POLICY_FIELDS),
        "designations": _designation_payload(relevant),
        **({} if policy is not None else {"periods": sorted(periods)}),
    })

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


def growth_award(policy, year: int, figures_by_year: Mapping, designations, periods=()) -> Eligibility:
    """(四) 当年产值0.2亿元（含）—1亿元且同比增长35%及税收增长10%以上的，按产值增长额的3‰给予奖励，最高不超过
    50万元；当年产值1亿元以上的，按照其他工业政策执行。

    `policy` is the record overlapping calendar year `year` (None when there is none); `figures_by_year` maps a
    year to that year's figures (only `year` and `year - 1` are read).
    """
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    held = sorted(
        (d for d in designations
         if d.level in GROWTH_LEVELS and d.granted_on <= last_day and d.valid_until >= first_day),
        key=lambda d: (d.granted_on, str(d.level)),
    )
    current, previous = figures_by_year.get(year), figures_by_year.get(year - 1)
    figures = {"年度": year}
    if held:
        figures["有效认定"] = [
            f"{_level_label(d.level)}（{_day(d.granted_on)} 至 {_day(d.valid_until)}）" for d in held
        ]
    if current is not None:
        figures[f"{year}年工业总产值"] = str(current.output_value)
        figures[f"{year}年纳税总额"] = str(current.tax_paid)
    if previous is not None:
        figures[f"{year - 1}年工业总产值"] = str(previous.output_value)
        figures[f"{year - 1}年纳税总额"] = str(previous.tax_paid)
    fingerprint = _fingerprint(AwardKind.GROWTH, {
        **({} if policy is not None else {"periods": sorted(periods)}),
        "policy": _policy_payload(policy, GROWTH_POLICY_FIELDS),
        "year": year,
        "designations": _designation_payload(held),
        "current": None if current is None else (str(current.output_value), str(current.tax_paid)),
        "previous": None if previous is None else (str(previous.output_value), str(previous.tax_paid)),
    })

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
    if output >= high:
        return result(Outcome.OTHER_POLICY, [
            f"{year} 年工业总产值 {money(output)}，达到 {money(high)} 及以上，按其他工业政策执行，不适用本条"
        ])
    if output < low:
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
    # Compared by multiplication, exactly: "35%以上" includes 35% itself.
    output_ok = output - prior_output >= output_min * prior_output
    tax_ok = tax - prior_tax >= tax_min * prior_tax
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
