"""Portal forms: parse and validate on the server, Chinese messages next to each field."""

from django import forms
from django.core.exceptions import ValidationError

from enterprises.roles import Role

from .models import AnnualReport, Attachment, SrdiApplication
from .services import ANNUAL_FIELDS, ANNUAL_REQUIRED, APPLICATION_FIELDS, APPLICATION_REQUIRED
from .states import TRANSITIONS, Action, Status, allowed_actions
from .uploads import ALLOWED_TEXT, check_upload, max_bytes

REQUIRED_MESSAGE = "提交前请填写此项"
MONEY_WIDGET = {"step": "0.01", "min": "0", "inputmode": "decimal"}

# Sections of the application form, in the order the page shows them.
APPLICATION_SECTIONS = (
    ("一、企业概况", ("contact_person", "contact_phone", "contact_email", "employees")),
    ("二、主导产品与市场", ("niche_field", "years_in_niche", "main_product", "main_product_description",
                      "main_product_revenue_share", "market_share", "market_description")),
    ("三、近两年经营数据（单位：元）", ("revenue_prev", "revenue_last", "rd_expense_prev", "rd_expense_last",
                            "net_profit_prev", "net_profit_last", "equity_financing")),
    ("四、研发投入", ("rd_staff", "rd_institution")),
    ("五、知识产权", ("invention_patents", "utility_patents", "software_copyrights", "other_ip")),
    ("六、资质认证与荣誉", ("certifications", "standards", "honours")),
)


class StrictOnSubmitMixin:
    """Drafts may be incomplete; submission needs every required field (checked again by the service)."""

    required_on_submit = ()

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name in self.required_on_submit:
            self.fields[name].widget.attrs["data-required"] = "1"
            self.fields[name].required_on_submit = True
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = "请输入整数"
            elif isinstance(field, forms.DecimalField):
                field.error_messages["invalid"] = "请输入有效的数字"
            field.error_messages["required"] = REQUIRED_MESSAGE

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for name in self.required_on_submit:
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, REQUIRED_MESSAGE)
        return cleaned


class ApplicationForm(StrictOnSubmitMixin, forms.ModelForm):
    required_on_submit = APPLICATION_REQUIRED
    pledge = forms.BooleanField(
        label="本企业承诺所填报信息及上传材料真实、准确、完整，如有虚假愿承担相应责任", required=False,
    )

    class Meta:
        model = SrdiApplication
        fields = APPLICATION_FIELDS
        widgets = {
            "main_product_description": forms.Textarea(attrs={"rows": 3}),
            "market_description": forms.Textarea(attrs={"rows": 3}),
            "certifications": forms.Textarea(attrs={"rows": 2, "placeholder": "如 ISO 9001 质量管理体系认证、CCC 认证等"}),
            "standards": forms.Textarea(attrs={"rows": 2}),
            "honours": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.NumberInput(attrs=MONEY_WIDGET) for name in (
                "revenue_prev", "revenue_last", "rd_expense_prev", "rd_expense_last", "equity_financing")},
            "net_profit_prev": forms.NumberInput(attrs={"step": "0.01"}),
            "net_profit_last": forms.NumberInput(attrs={"step": "0.01"}),
        }
        help_texts = {
            "years_in_niche": "从事该细分市场的连续年数",
            "equity_financing": "合格机构投资者实缴额；营业收入未达标时可据此达标",
            "main_product_revenue_share": "填写百分数，如 65.5",
        }

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        if year:  # say which calendar years "上年" and "前年" are
            for name, field in self.fields.items():
                if name.endswith("_last"):
                    field.label = str(field.label).replace("上年", f"{year - 1} 年")
                elif name.endswith("_prev"):
                    field.label = str(field.label).replace("前年", f"{year - 2} 年")

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not cleaned.get("pledge"):
            self.add_error("pledge", "提交前请阅读并勾选承诺")
        revenue, rd = cleaned.get("revenue_last"), cleaned.get("rd_expense_last")
        if revenue is not None and rd is not None and rd > revenue:
            self.add_error("rd_expense_last", "研发费用不应超过同年营业收入，请核对")
        return cleaned

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in APPLICATION_SECTIONS]


class AnnualReportForm(StrictOnSubmitMixin, forms.ModelForm):
    required_on_submit = ANNUAL_REQUIRED

    class Meta:
        model = AnnualReport
        fields = ANNUAL_FIELDS
        widgets = {name: forms.NumberInput(attrs=MONEY_WIDGET) for name in ("output_value", "tax_paid", "revenue", "rd_expense")}
        help_texts = {
            "output_value": "按统计口径填报的工业总产值（当年价格）",
            "tax_paid": "当年实际缴纳的各项税费合计",
        }

    def clean(self):
        cleaned = super().clean()
        revenue, rd = cleaned.get("revenue"), cleaned.get("rd_expense")
        if revenue is not None and rd is not None and rd > revenue:
            self.add_error("rd_expense", "研发费用不应超过营业收入，请核对")
        return cleaned

    def sections(self):
        return [("年度经营数据（单位：元）", [self[name] for name in ANNUAL_FIELDS])]


class AttachmentForm(forms.Form):
    category = forms.ChoiceField(label="材料类别", choices=Attachment.Category.choices, initial=Attachment.Category.OTHER)
    file = forms.FileField(
        label="上传附件", required=False,
        help_text=f"支持 {ALLOWED_TEXT}，单个文件不超过 {max_bytes() // (1024 * 1024)} MB",
    )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            try:
                check_upload(uploaded)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return uploaded


class AnnualYearForm(forms.Form):
    year = forms.TypedChoiceField(label="填报年度", coerce=int)

    def __init__(self, *args, current_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y} 年") for y in range(current_year - 1, current_year - 4, -1)]


def review_choices(user, declaration):
    """The review actions this user may take on this declaration now (the transitions table, by role)."""
    role = Role.ADMIN if user.is_superuser else user.role
    actions = allowed_actions(declaration.kind, declaration.status, role)
    if declaration.status == Status.PUBLIC_NOTICE and role in TRANSITIONS[Action.CONCLUDE_NOTICE].roles:
        actions.append(Action.CONCLUDE_NOTICE)
    return [(action.value, action.label) for action in actions]


class PortalReviewForm(forms.Form):
    """The review form county officials and bureau reviewers use on the declaration page."""

    action = forms.ChoiceField(label="审核操作", widget=forms.RadioSelect)
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="退回修改或不予通过时必填，企业将看到此意见")
    expert_score = forms.DecimalField(label="专家评审得分（选填）", required=False, min_value=0, max_value=100,
                                      decimal_places=2, widget=forms.NumberInput(attrs={"step": "0.5"}))
    document_number = forms.CharField(label="认定文号", required=False, max_length=100,
                                      help_text="复审通过时可预先填写；公示期满认定时必填")
    document_date = forms.DateField(label="认定文件日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                    help_text="公示期满认定时必填：认定文件的印发日期，即认定日期（须在公示期满之后，不晚于今天）",
                                    error_messages={"invalid": "请输入有效的日期，如 2026-12-07"})

    def __init__(self, *args, user, declaration, **kwargs):
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        self.fields["action"].choices = review_choices(user, declaration)
        self.fields["action"].error_messages["required"] = "请选择审核操作"
        self.fields["action"].error_messages["invalid_choice"] = "该操作当前不可用，请刷新页面"
        if declaration.document_number:
            self.fields["document_number"].initial = declaration.document_number
        if declaration.document_date:
            self.fields["document_date"].initial = declaration.document_date
        if "expert_score" in self.fields:
            self.fields["expert_score"].error_messages["invalid"] = "请输入 0 到 100 之间的数字"

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action and TRANSITIONS[Action(action)].needs_comment and not cleaned.get("comment", "").strip():
            self.add_error("comment", "退回或不予通过时，请填写意见，以便企业了解原因")
        if action == Action.CONCLUDE_NOTICE and not (cleaned.get("document_number") or self.declaration.document_number):
            self.add_error("document_number", "认定前请填写认定文号")
        if action == Action.CONCLUDE_NOTICE and not (cleaned.get("document_date") or self.declaration.document_date):
            if "document_date" not in self.errors:
                self.add_error("document_date", "认定前请填写认定文件日期")
        return cleaned


class ObjectionForm(forms.Form):
    """An objection from the public notice page. The service checks name, phone and facts (awards.objections.
    clean_objection) and puts its Chinese messages next to these fields."""

    declaration = forms.TypedChoiceField(label="异议的公示企业", coerce=int, empty_value=None,
                                         error_messages={"required": "请选择您提出异议的公示企业",
                                                         "invalid_choice": "该企业已不在公示期内，请刷新页面"})
    objector_name = forms.CharField(label="异议人姓名（或单位）", required=False, max_length=60)
    objector_phone = forms.CharField(label="联系电话", required=False, max_length=30,
                                     widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    facts = forms.CharField(label="异议事实和理由", required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text="请写明具体事实和理由；证明材料可在核查时另行提交")

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declaration"].choices = [("", "— 请选择 —")] + [
            (d.pk, f"{d.enterprise.name}（{d.enterprise.area.name}）") for d in entries
        ]
        self.fields["objector_name"].error_messages["max_length"] = "姓名或单位名称不超过 60 个字"
        self.fields["facts"].error_messages["max_length"] = "异议事实和理由请控制在 2000 字以内"
