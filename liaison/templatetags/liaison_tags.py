from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

STATUS_BADGES = {"open": "warn", "in_progress": "", "resolved": "ok", "escalated": "bad",
                 "planned": "", "done": "ok", "dropped": "bad"}


@register.filter
def pct(value):
    """A growth fraction as a signed percentage: Decimal("0.3512") → "+35.12%"; None → "—"."""
    if value is None or value == "":
        return "—"
    number = (Decimal(value) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{'+' if number > 0 else ''}{number}%"


@register.filter
def status_badge(value):
    """The badge class for a workflow state value."""
    return STATUS_BADGES.get(value, "")
