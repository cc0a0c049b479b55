"""Display helpers of the quota dashboards: large totals in 亿元, as a meeting reads them."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def yi(value):
    """1234567890 → "12.35 亿元"; thousands separators past 1,000 亿."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / Decimal(100_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount:,.2f} 亿元"


@register.filter
def wan_number(value):
    """12345678 → "1,234.57" (a table whose header says 万元)."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / Decimal(10_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount:,.2f}"
