from django import forms

from enterprises.models import Area
from policy.levels import WHITE_LIST_LEVELS, Level

from .models import ListPush


class PushForm(forms.Form):
    """Which part of the white list goes to whom (clauses 九 and 五)."""

    recipient_kind = forms.ChoiceField(label="接收方类别", choices=ListPush.RecipientKind.choices)
    recipient_name = forms.CharField(label="接收方名称", max_length=100,
                                     widget=forms.TextInput(attrs={"placeholder": "如：桂林银行股份有限公司、广西电网桂林供电局"}))
    area = forms.ModelChoiceField(label="区域", queryset=Area.objects.all(), required=False, empty_label="全市")
    tier = forms.ChoiceField(label="当前层级", required=False,
                             choices=[("", "全部层级（市级及以上）")] + [(level.value, Level(level).label) for level in WHITE_LIST_LEVELS])
    note = forms.CharField(label="备注", max_length=200, required=False)

    def clean_recipient_name(self):
        return self.cleaned_data["recipient_name"].strip()
