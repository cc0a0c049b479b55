from decimal import Decimal

from django import forms, template
from django.utils import timezone

from declarations.states import Kind, Status
from enterprises.templatetags.money import yuan

register = template.Library()

STATUS_CLASS = {
    Status.DRAFT: "", Status.RETURNED: "warn", Status.SUBMITTED: "info", Status.COUNTY_RECOMMENDED: "info",
    Status.PUBLIC_NOTICE: "notice", Status.RECOGNIZED: "ok", Status.CONFIRMED: "ok", Status.REJECTED: "bad",
}

# The stages a municipal application passes, for the progress bar.
APPLICATION_STAGES = (
    ("填写申报", (Status.DRAFT, Status.RETURNED)),
    ("县级初审", (Status.SUBMITTED,)),
    ("市级复审", (Status.COUNTY_RECOMMENDED,)),
    ("社会公示", (Status.PUBLIC_NOTICE,)),
    ("完成认定", (Status.RECOGNIZED,)),
)
ANNUAL_STAGES = (
    ("填写数据", (Status.DRAFT, Status.RETURNED)),
    ("工信部门确认", (Status.SUBMITTED,)),
    ("记入企业档案", (Status.CONFIRMED,)),
)


@register.filter
def status_class(status):
    return STATUS_CLASS.get(status, "")


@register.simple_tag
def stages(declaration):
    """[(label, state)] with state "done", "current" or "todo"; a rejected declaration stops where it was."""
    table = APPLICATION_STAGES if declaration.kind == Kind.APPLICATION else ANNUAL_STAGES
    current = next((i for i, (_, states) in enumerate(table) if declaration.status in states), None)
    if declaration.status in (Status.RECOGNIZED, Status.CONFIRMED):
        return [(label, "done") for label, _ in table]
    if current is None:  # rejected
        return [(label, "todo") for label, _ in table]
    return [(label, "done" if i < current else "current" if i == current else "todo") for i, (label, _) in enumerate(table)]


@register.filter
def shown(bound_field):
    """A bound field's value as a reader expects it: money in yuan, percentages, choice labels, or 未填写."""
    value = bound_field.value()
    if value is None or value == "":
        return "未填写"
    field = bound_field.field
    if getattr(field, "choices", None):
        return dict(field.choices).get(value, value)
    if isinstance(field, forms.DecimalField):
        if "（%）" in str(field.label):
            return f"{Decimal(value).normalize():f}%"
        return yuan(value)
    return value


# The review queue prints two dates on each of up to 200 rows; Django's date filter reads the format settings at
# every call, these format the same text directly.

@register.filter
def minute_stamp(value):
    """An aware datetime as |date:"Y-m-d H:i" shows it in the portal's time zone; "" for None."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


@register.filter
def chinese_day(value):
    """A date as |date:"Y年n月j日" shows it: 2026年3月5日; "" for None."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""
