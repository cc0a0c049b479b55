"""A cell of an enterprises.record_tables.RecordTable as a page shows it: amounts with thousands separators, dates
as 2026-05-01, yes/no in Chinese, a blank as a dash."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils.timezone import localtime

register = template.Library()


@register.filter
def record_cell(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, datetime):
        return f"{localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return value
