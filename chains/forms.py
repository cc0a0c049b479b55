"""Forms of the chain pages: an enterprise's product, a recommendation sent, a recommendation's outcome."""

from django import forms

from vocabulary.models import Category
from vocabulary.selectors import terms

from .models import Outcome, Product


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ("name", "category", "segment", "domestic_share")
        help_texts = {"domestic_share": "0 到 100，可留空", "segment": "如“数据中心光互连”，可留空"}
        error_messages = {"name": {"required": "请填写产品名称"}, "category": {"required": "请选择产品类别"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = terms(Category.PRODUCT_CATEGORY)
        self.fields["category"].empty_label = "（请选择）"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        same = Product.objects.filter(enterprise_id=self.instance.enterprise_id, name=name).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError("该产品已填报过，请在列表中修改原记录")
        return name


class RecommendForm(forms.Form):
    enterprise = forms.TypedChoiceField(label="推荐企业", coerce=int, error_messages={
        "required": "请选择要推荐的企业", "invalid_choice": "所选企业不是本采购计划的候选企业"})
    note = forms.CharField(label="推荐说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(e.pk, e.name) for e in candidates if e.recommendation is None]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="对接结果", choices=Outcome.choices)
    note = forms.CharField(label="说明", max_length=500, required=False, help_text="登记“未成”时须说明原因")
