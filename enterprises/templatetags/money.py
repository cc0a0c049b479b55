"""Amounts as staff read them: yuan with thousands separators, or 万元."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


def _group(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


@register.filter
def yuan(value):
    """1234567.5 → "1,234,567.50 元"."""
    if value is None or value == "":
        return "—"
    return f"{_group(Decimal(value), 2)} 元"


@register.filter
def wan(value):
    """12345678 → "1,234.57 万元"."""
    if value is None or value == "":
        return "—"
    return f"{_group(Decimal(value) / Decimal(10000), 2)} 万元"
