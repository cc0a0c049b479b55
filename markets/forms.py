"""The enterprise's own forms for what it files (十五 honours, 十八 fairs and online sales). The enterprise is
the user's and the state is the filing service's: neither is a field here."""

from django import forms
from django.core.exceptions import ValidationError

from enterprises.selectors import today

from .models import EARLIEST_YEAR, FairParticipation, Honour, OnlineSales

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ChoiceHints(forms.ModelForm):
    """Choice fields start with a prompt, not a dash line that reads as a value."""

    prompts = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, prompt in self.prompts.items():
            self.fields[name].choices = [("", prompt), *self.fields[name].choices[1:]]


class HonourForm(_ChoiceHints):
    prompts = {"category": "请选择类别", "level": "请选择级别"}

    class Meta:
        model = Honour
        fields = ("category", "name", "level", "granted_on", "document_number")
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": "如：广西壮族自治区主席质量奖、桂林米粉老字号"}),
            "granted_on": DATE,
            "document_number": forms.TextInput(attrs={"placeholder": "如：桂政发〔2025〕12号（可不填）"}),
        }

    def clean_granted_on(self):
        granted_on = self.cleaned_data["granted_on"]
        if granted_on > today():
            raise ValidationError("获得日期不能晚于今天")
        return granted_on


class FairForm(forms.ModelForm):
    class Meta:
        model = FairParticipation
        fields = ("fair_name", "venue", "starts_on", "ends_on", "intended_deals_wan")
        widgets = {
            "fair_name": forms.TextInput(attrs={"placeholder": "如：中国—东盟博览会"}),
            "venue": forms.TextInput(attrs={"placeholder": "如：南宁"}),
            "starts_on": DATE,
            "ends_on": DATE,
        }
        help_texts = {"intended_deals_wan": "单位：万元，可不填"}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "结束日期不能早于开始日期")
        return cleaned


class OnlineSalesForm(forms.ModelForm):
    class Meta:
        model = OnlineSales
        fields = ("year", "platform", "sales_wan", "cross_border")
        widgets = {"platform": forms.TextInput(attrs={"placeholder": "如：天猫、京东、抖音电商、阿里巴巴国际站"})}
        help_texts = {"sales_wan": "单位：万元", "cross_border": "跨境电商平台（如阿里巴巴国际站、亚马逊）请勾选"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = self.fields["year"].initial or today().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not EARLIEST_YEAR <= year <= today().year:
            raise ValidationError(f"年度应在 {EARLIEST_YEAR} 至 {today().year} 年之间")
        return year
