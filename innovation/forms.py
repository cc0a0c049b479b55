"""The enterprise's own forms: a technology demand (十三) and a renovation project (十四)."""

from django import forms

from vocabulary.models import Category
from vocabulary.selectors import terms

from .models import RenovationProject, TechDemand
from .states import MatchState, allowed_moves

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DemandForm(forms.ModelForm):
    class Meta:
        model = TechDemand
        fields = ("name", "field", "description", "budget_wan", "deadline")
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "deadline": DATE}
        help_texts = {
            "description": "写清要解决的技术问题、现有基础和期望指标，系统据此为您匹配高校院所的技术成果",
            "deadline": "希望在此日期前找到解决方案（可不填）",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = terms(Category.TECH_FIELD)
        self.fields["field"].empty_label = "请选择技术领域"


class ProjectForm(forms.ModelForm):
    class Meta:
        model = RenovationProject
        fields = ("name", "kind", "investment_wan", "started_on")
        widgets = {"started_on": DATE}


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(label="改为")
    reason = forms.CharField(label="说明（改为“未成”时必填）", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [(s.value, s.label) for s in allowed_moves(state)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_state") == MatchState.FAILED and not cleaned.get("reason", "").strip():
            self.add_error("reason", "改为“未成”时请填写原因")
        return cleaned
