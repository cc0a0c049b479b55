"""Reading one spreadsheet cell: text, dates, money and whole numbers. Pure: no ORM, no settings.

A cell is whatever the file gave: a string from CSV; a string, int, float or datetime from an .xlsx cell. Each
parser returns the Python value or raises CellError carrying the Chinese reason shown to the user.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .spreadsheets import unescape_formula

CENT = Decimal("0.01")
# DecimalField(max_digits=16, decimal_places=2): 14 digits before the point.
MONEY_LIMIT = Decimal("1e14")
# Float noise an Excel formula can leave behind (0.1 + 0.2); anything coarser is a real third decimal.
FLOAT_NOISE = Decimal("1e-6")
INT_LIMIT = 2_147_483_647  # PositiveIntegerField

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
GROUPED_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
# C0 controls but tab, line feed and carriage return (a cell may hold several lines), and DEL: invisible in Excel,
# and PostgreSQL refuses a NUL in any text, so they are never written to the registry.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CellError(ValueError):
    """A cell's value is unusable; str(error) is the reason, in Chinese."""


def control_character_reason(value):
    """The reason a cell holding an invisible control character is refused, or None for a clean cell."""
    found = CONTROL_CHARACTER.search(value) if isinstance(value, str) else None
    if found is None:
        return None
    name = "NUL" if found.group() == "\x00" else f"U+{ord(found.group()):04X}"
    return f"含有不可见的控制字符（{name}），请删除后重新导入"


def text(value) -> str:
    """A cell as trimmed text ("" for an empty cell). An exported formula escape is undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an .xlsx number cell holding a code or a number written as text
    elif isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    return unescape_formula(str(value).replace("\u3000", " ").strip())


def is_blank(value) -> bool:
    return text(value) == ""


def iso_date(value) -> date:
    """`YYYY-MM-DD` text or an Excel date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if ISO_DATE.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise CellError(f"日期“{raw}”不存在，请核对年月日") from None
    raise CellError(f"日期“{raw}”格式不正确，应为 YYYY-MM-DD（如 2023-06-01）或 Excel 日期单元格")


def _number(value, what) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"{what}“{value}”不是数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(str(value))  # never Decimal(float): that keeps the binary noise
        if not number.is_finite():
            raise CellError(f"{what}“{value}”不是数字")
        rounded = number.quantize(CENT) if abs(number) < MONEY_LIMIT else number
        return rounded if abs(number - rounded) < FLOAT_NOISE else number
    if isinstance(value, Decimal):
        return value
    raw = text(value).replace(" ", "")
    if GROUPED_NUMBER.match(raw):
        raw = raw.replace(",", "")
    if not PLAIN_NUMBER.match(raw):
        raise CellError(f"{what}“{text(value)}”不是有效的数字（如 1234567.89 或 1,234,567.89）")
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise CellError(f"{what}“{text(value)}”不是有效的数字") from None


def money(value) -> Decimal:
    """Non-negative yuan with at most two decimals: `1234567.89`, `1,234,567.89` or an Excel number."""
    amount = _number(value, "金额")
    if amount < 0:
        raise CellError(f"金额不能为负数（“{text(value)}”）")
    if amount >= MONEY_LIMIT:
        raise CellError(f"金额“{text(value)}”超出范围（应小于 100 万亿元）")
    if amount != amount.quantize(CENT):
        raise CellError(f"金额“{text(value)}”最多保留两位小数（单位：元）")
    return amount.quantize(CENT)


def whole_number(value, *, what, minimum=0, maximum=INT_LIMIT) -> int:
    """An integer in [minimum, maximum]: `120`, `1,200` or an Excel number without decimals."""
    number = _number(value, what)
    if number != number.to_integral_value():
        raise CellError(f"{what}“{text(value)}”应为整数")
    number = int(number)
    if number < minimum or number > maximum:
        if minimum == 0 and number < 0:
            raise CellError(f"{what}不能为负数（“{text(value)}”）")
        raise CellError(f"{what}“{text(value)}”应在 {minimum} 至 {maximum} 之间")
    return number
