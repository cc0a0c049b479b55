"""Values in the admin as staff read them: money with thousands separators (and its 万元 on the detail page),
rates as percentages. `ReadableValuesMixin` applies it to every decimal column of a model admin's lists and
read-only fields, so an admin page need not name them one by one.

Which decimal is what is read from the field itself: a verbose name with 元 is money (万元 fields stay in 万元),
six decimal places is a fraction rate (0.003 → 0.30%), a verbose name with （%） is already a percentage."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join

EMPTY = "—"
TEN_THOUSAND = Decimal("10000")


def admin_money(value, unit="元"):
    """36435420 → "36,435,420.00 元（3,643.54 万元）"; a 万元 amount → "1,234.50 万元"; None → "—"."""
    if value is None:
        return EMPTY
    text = f"{value:,.2f} {unit}"
    if unit == "元" and abs(value) >= TEN_THOUSAND:
        text += f"（{value / TEN_THOUSAND:,.2f} 万元）"
    return text


def admin_number(value):
    """A list cell under a header that names the unit: "36,435,420.00"."""
    return EMPTY if value is None else f"{value:,.2f}"


def admin_rate(value):
    """A fraction as a percentage: 0.100000 → "10.00%", 0.003000 → "0.30%"."""
    return EMPTY if value is None else f"{value * 100:.2f}%"


def admin_percent(value):
    """A value already in per cent: 3.650 → "3.65%"."""
    return EMPTY if value is None else f"{value:.2f}%"


def _readable_figure(value):
    """One value of a rule's figures: a list joined, an amount (a decimal string) in yuan with separators."""
    if isinstance(value, (list, tuple)):
        return "；".join(str(v) for v in value) or "无"
    if isinstance(value, str):
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return value or EMPTY
        return admin_money(amount) if amount.is_finite() else value
    return EMPTY if value is None else str(value)


def admin_table(mapping, empty="无"):
    """A dict with Chinese keys (such as the figures a rule used) as a two-column table, not JSON."""
    if not mapping:
        return empty
    rows = format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>',
                            ((key, _readable_figure(value)) for key, value in mapping.items()))
    return format_html('<table class="admin-figures">{}</table>', rows)


class RateField(forms.DecimalField):
    """A fraction rate as typed: 0.003, not the column's 0.003000 (the help text says how it reads as a percentage)."""

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            return f"{value.normalize():f}"
        return value


RATE_HELP = "填小数：0.1 表示 10%，0.003 表示 0.3%"


def admin_value(field, value, empty="（空）"):
    """One stored value of `field` as a reader expects it, wherever the admin shows a bare value (the history's
    changes): empty as "（空）", a choice by its label, yes/no in Chinese, money and rates as above, a time in
    Asia/Shanghai."""
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        return "是" if value else "否"
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, date):
        return value.isoformat()
    kind = _kind(field)
    if kind is not None and isinstance(value, (Decimal, int, str)):
        try:
            value = Decimal(value)
        except InvalidOperation:
            return value
        return {"percent": admin_percent, "rate": admin_rate, "wan": lambda v: admin_money(v, "万元"),
                "yuan": admin_money}[kind](value)
    return value


def _kind(field):
    if not isinstance(field, models.DecimalField):
        return None
    label = str(field.verbose_name)
    if "%" in label:
        return "percent"
    if "万元" in label:
        return "wan"
    if "元" in label:
        return "yuan"
    if field.decimal_places == 6:
        return "rate"
    return None


def _displays(field, kind):
    """(list cell, detail value) functions for one decimal field."""
    name = field.name

    def read(obj):
        return getattr(obj, name)

    if kind in ("percent", "rate"):
        show = admin_percent if kind == "percent" else admin_rate
        cell = detail = lambda obj: show(read(obj))  # noqa: E731
    else:
        unit = "万元" if kind == "wan" else "元"
        cell = lambda obj: admin_number(read(obj))  # noqa: E731
        detail = lambda obj: admin_money(read(obj), unit)  # noqa: E731
    for function in (cell, detail):
        function.short_description = field.verbose_name
        function.admin_order_field = name
    return cell, detail


class ReadableValuesMixin:
    """Mix in before unfold's ModelAdmin: the model's money and rate fields read as staff expect, in the change
    list (`<field>_cell`) and wherever the change form shows them read-only (`<field>_readable`)."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self._readable = {}
        for field in model._meta.concrete_fields:
            kind = _kind(field)
            if kind is None:
                continue
            cell, detail = _displays(field, kind)
            setattr(self, f"{field.name}_cell", cell)
            setattr(self, f"{field.name}_readable", detail)
            self._readable[field.name] = f"{field.name}_readable"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if _kind(db_field) == "rate":
            kwargs.setdefault("form_class", RateField)
            formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
            if formfield is not None and not formfield.help_text:
                formfield.help_text = RATE_HELP
            return formfield
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_list_display(self, request):
        return [f"{name}_cell" if isinstance(name, str) and name in self._readable else name
                for name in super().get_list_display(request)]

    def _swapped(self, request, obj):
        readonly = set(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            return set(self._readable)  # a view-only page shows every field read-only
        return readonly & set(self._readable)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [self._readable[name] for name in sorted(self._swapped(request, obj))]

    def get_fieldsets(self, request, obj=None):
        swapped = self._swapped(request, obj)

        def readable(name):
            if isinstance(name, (list, tuple)):  # a row of fields
                return tuple(readable(n) for n in name)
            return self._readable[name] if isinstance(name, str) and name in swapped else name

        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            names = []
            for name in map(readable, options.get("fields", ())):
                if name not in names:  # without declared fieldsets a swapped field would show twice
                    names.append(name)
            fieldsets.append((title, {**options, "fields": names}))
        return fieldsets
