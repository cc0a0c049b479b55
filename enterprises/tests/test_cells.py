"""Reading single cells: the pure parsers behind every import (enterprises.cells)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from enterprises.cells import CellError, iso_date, money, text, whole_number


@pytest.mark.parametrize(("value", "expected"), [
    ("1234567.89", Decimal("1234567.89")),
    ("1,234,567.89", Decimal("1234567.89")),
    (" 12 ", Decimal("12.00")),
    (1234567.89, Decimal("1234567.89")),  # an Excel number cell
    (0.1 + 0.2, Decimal("0.30")),  # float noise from an Excel formula
    (10**9, Decimal("1000000000")),
    ("0", Decimal("0")),
])
def test_money_accepts(value, expected):
    amount = money(value)
    assert amount == expected and isinstance(amount, Decimal) and amount.as_tuple().exponent == -2


@pytest.mark.parametrize(("value", "reason"), [
    ("-1", "不能为负数"), (-0.5, "不能为负数"), ("abc", "不是有效的数字"), ("1,23", "不是有效的数字"),
    ("12,345,67", "不是有效的数字"), ("1.234", "最多保留两位小数"), (0.125, "最多保留两位小数"),
    ("1e5", "不是有效的数字"), ("100000000000000", "超出范围"), (True, "不是数字"), (float("nan"), "不是数字"),
])
def test_money_rejects(value, reason):
    with pytest.raises(CellError, match=reason):
        money(value)


def test_dates():
    assert iso_date("2023-06-01") == date(2023, 6, 1)
    assert iso_date(datetime(2023, 6, 1)) == date(2023, 6, 1)  # an Excel date cell
    assert iso_date(date(2023, 6, 1)) == date(2023, 6, 1)
    for bad, reason in (("2023/06/01", "格式不正确"), ("2023-6-1", "格式不正确"), ("20230601", "格式不正确"),
                        ("2023-02-29", "不存在"), (45078, "格式不正确")):
        with pytest.raises(CellError, match=reason):
            iso_date(bad)


def test_whole_numbers_and_text():
    assert whole_number("1,200", what="从业人员数") == 1200 and whole_number(35.0, what="从业人员数") == 35
    with pytest.raises(CellError, match="应为整数"):
        whole_number("3.5", what="从业人员数")
    with pytest.raises(CellError, match="应在 1990 至 2026 之间"):
        whole_number(2031, what="年度", minimum=1990, maximum=2026)
    assert text(None) == "" and text("\u3000甲公司 ") == "甲公司" and text(450302.0) == "450302"
    assert text("'=SUM(A1)") == "=SUM(A1)"  # an exported formula escape is undone
