"""Forms of the pages that gather."""

from decimal import Decimal

from django import forms

MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0")}


def _money(label, required=True):
    return forms.DecimalField(label=label, required=required, **MONEY, error_messages={
        "required": f"请填写{label}", "invalid": f"{label}须为数字", "min_value": f"{label}不能为负数",
        "max_digits": f"{label}位数过多", "max_decimal_places": f"{label}最多保留两位小数",
        "max_whole_digits": f"{label}位数过多",
    })


def _count(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=10**7, error_messages={
        "invalid": f"{label}须为整数", "min_value": f"{label}不能为负数", "max_value": f"{label}过大",
    })


class CalculatorForm(forms.Form):
    """Figures typed in to try in the policy calculator. Validated, never saved."""

    year = forms.IntegerField(label="测算年度", min_value=2000, max_value=2100, error_messages={
        "required": "请填写测算年度", "invalid": "测算年度须为整数", "min_value": "测算年度须在 2000 至 2100 之间",
        "max_value": "测算年度须在 2000 至 2100 之间",
    })
    output_value = _money("当年工业总产值（元）")
    prior_output_value = _money("上年工业总产值（元）")
    tax_paid = _money("当年纳税总额（元）")
    prior_tax_paid = _money("上年纳税总额（元）")
    revenue = _money("当年营业收入（元）", required=False)
    rd_expense = _money("当年研发费用（元）", required=False)
    employees = _count("从业人员（人）")
    years_in_niche = _count("从事细分市场年限（年）")
    equity_financing = _money("近两年新增股权融资（元）", required=False)

    FIELDS = ("year", "output_value", "prior_output_value", "tax_paid", "prior_tax_paid", "revenue", "rd_expense",
              "employees", "years_in_niche", "equity_financing")

    @classmethod
    def submitted(cls, data):
        """Whether a request carries a trial (any of the form's fields)."""
        return any(name in data for name in cls.FIELDS)
