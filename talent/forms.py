from django import forms

from .models import TalentNeed


class TalentNeedForm(forms.ModelForm):
    """(十六) What the enterprise files for a year: the position, the specialty, how many, the education."""

    class Meta:
        model = TalentNeed
        fields = ("year", "position", "specialty", "headcount", "education")
        error_messages = {
            "year": {"required": "请填写年度", "invalid": "年度应为四位数字"},
            "position": {"required": "请填写岗位"},
            "specialty": {"required": "请填写专业方向"},
            "headcount": {"required": "请填写需求人数", "invalid": "需求人数应为整数"},
        }

    def __init__(self, *args, current_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_year = current_year
        self.fields["year"].help_text = f"可填 {current_year} 年或 {current_year + 1} 年"
        if not self.instance.pk:
            self.fields["year"].initial = current_year

    def clean_year(self):
        year = self.cleaned_data["year"]
        allowed = {self.current_year, self.current_year + 1}
        if self.instance.pk:
            allowed.add(self.instance.year)  # a need returned for changes keeps its year
        if year not in allowed:
            raise forms.ValidationError(f"年度只能填 {self.current_year} 年或 {self.current_year + 1} 年")
        return year

    def clean_headcount(self):
        headcount = self.cleaned_data["headcount"]
        if headcount < 1:
            raise forms.ValidationError("需求人数须大于 0")
        return headcount
