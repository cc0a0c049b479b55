"""Unified Social Credit Code (GB 32100-2015): normalise and validate with python-stdnum."""

from django.core.exceptions import ValidationError
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalise_credit_code(value):
    return uscc.compact(str(value or "")).upper()


def credit_code_error(value):
    """The Chinese reason a code is invalid, or None when it is valid."""
    code = normalise_credit_code(value)
    if not code:
        return "统一社会信用代码不能为空"
    try:
        uscc.validate(code)
    except InvalidLength:
        return f"统一社会信用代码“{value}”应为 18 位（当前 {len(code)} 位）"
    except InvalidChecksum:
        return f"统一社会信用代码“{value}”校验位不正确，请核对"
    except InvalidFormat:
        return f"统一社会信用代码“{value}”含有不允许的字符"
    except StdnumError:
        return f"统一社会信用代码“{value}”无效"
    return None


def validate_credit_code(value):
    error = credit_code_error(value)
    if error:
        raise ValidationError(error, code="invalid_credit_code")


def make_credit_code(region_code: str, serial: int) -> str:
    """A well-formed code for demo data, tests and benchmarks: 91 + region + 9-character serial + check digit."""
    body = f"91{region_code}{serial:09d}"[:17]
    return body + uscc.calc_check_digit(body)
