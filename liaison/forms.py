from django import forms

from .models import Difficulty
from .workflow import ACTION_LABELS, DifficultyStatus, allowed_transitions


class DifficultyForm(forms.ModelForm):
    """The enterprise's own difficulty form (the enterprise is the user's)."""

    class Meta:
        model = Difficulty
        fields = ("category", "title", "description", "department")
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": "一句话说明需要解决的问题"}),
            "description": forms.Textarea(attrs={"rows": 6, "placeholder": "问题的具体情况、已做的努力、希望得到的支持"}),
            "department": forms.TextInput(attrs={"placeholder": "如：市发展改革委、供电局（可不填）"}),
        }
        labels = {"department": "希望协调的部门"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a choice to make, not a dash line that reads as a value
        self.fields["category"].choices = [("", "请选择困难类别"), *self.fields["category"].choices[1:]]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="办理操作")
    on = forms.DateField(label="办理日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    department = forms.CharField(label="协调部门", required=False, max_length=100)
    resolution = forms.CharField(label="办理结果", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, status, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, ACTION_LABELS[s]) for s in allowed_transitions(status)]

    @property
    def is_terminal(self):
        return not self.fields["to_status"].choices

    def clean_to_status(self):
        return DifficultyStatus(self.cleaned_data["to_status"])
