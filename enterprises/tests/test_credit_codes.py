import pytest
from django.core.exceptions import ValidationError

from enterprises.credit_codes import credit_code_error, make_credit_code, normalise_credit_code, validate_credit_code

VALID = "91110000600037341L"  # a published code with a letter check digit


def test_valid_codes_pass_and_are_normalised_to_upper_case():
    assert credit_code_error(VALID) is None
    assert credit_code_error(VALID.lower()) is None
    assert normalise_credit_code(" 91110000600037341l ") == VALID


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91110000600037341", "应为 18 位"),
        ("91110000600037341X", "校验位不正确"),
        ("", "不能为空"),
        ("9111000060003734IL", "不允许的字符"),
    ],
)
def test_bad_codes_get_a_chinese_reason(code, fragment):
    assert fragment in credit_code_error(code)
    with pytest.raises(ValidationError):
        validate_credit_code(code)


def test_generated_codes_are_valid_whatever_the_region_digits():
    # retired region code 450331 (荔浦县) is still a well-formed code: region digits never decide the area
    for region in ("450302", "450331", "450300"):
        assert credit_code_error(make_credit_code(region, 12345)) is None
