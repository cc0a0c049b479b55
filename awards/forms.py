from django import forms


class ConfirmAwardForm(forms.Form):
    account_name = forms.CharField(label="收款户名", max_length=200, help_text="须与企业名称一致（企业对公账户）")
    bank_name = forms.CharField(label="开户银行", max_length=100, help_text="开户银行全称，含支行")
    account_number = forms.CharField(label="银行账号", max_length=40, help_text="8 至 30 位数字，可含空格")
    agree = forms.BooleanField(
        label="本企业确认申领该项奖励，并承诺所报数据真实、准确", required=True,
        error_messages={"required": "请勾选确认"},
    )


class RejectAwardForm(forms.Form):
    reason = forms.CharField(label="不予奖励理由", widget=forms.Textarea(attrs={"rows": 4}), min_length=4)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="兑付日期", widget=forms.DateInput(attrs={"type": "date"}))
    voucher_number = forms.CharField(label="凭证号", max_length=60)


class RecomputeYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
