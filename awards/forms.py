from django import forms

from .objections import ObjectionStatus


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
    paid_on = forms.DateField(label="兑付日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))  # what a date input shows
    voucher_number = forms.CharField(label="凭证号", max_length=60)


class RecomputeYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class AwardObjectionForm(forms.Form):
    """The public notice page's objection form; `entries` are the awards on notice (already read by the page)."""

    objector_name = forms.CharField(label="异议人姓名（或单位名称）", max_length=60,
                                    help_text="异议须实名提出，市工业和信息化局为异议人保密")
    objector_phone = forms.CharField(label="联系电话", max_length=20, help_text="手机号码或固定电话，便于核查时联系")
    award = forms.TypedChoiceField(label="异议的公示事项", coerce=int, empty_value=None)
    facts = forms.CharField(label="异议事实和理由", max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
                            help_text="请写明具体事实和理由；证明材料可在核查时另行提交")

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [("", "请选择公示名单中的一项")] + [
            (award.pk, f"{award.enterprise.name} · {award.year} 年{award.get_kind_display()}") for award in entries
        ]
        self.fields["award"].error_messages["invalid_choice"] = "请从公示名单中选择异议的奖励"


class ObjectionFindingForm(forms.Form):
    status = forms.ChoiceField(label="核查结论", widget=forms.RadioSelect, choices=[
        (ObjectionStatus.UPHELD, "异议成立（不予奖励）"), (ObjectionStatus.DISMISSED, "异议不成立（继续办理兑付）"),
    ])
    finding = forms.CharField(
        label="核查结论及理由", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="企业可在奖励办理记录中看到，请勿写入异议人的姓名、联系方式",
    )
