"""Declarations set up through the real services, for tests of this app and the cross-app security tests."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from declarations import services
from declarations.models import Attachment, Declaration
from declarations.states import Action
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, make_user

PDF_BYTES = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"

GOOD_APPLICATION = {
    "contact_person": "黄伟", "contact_phone": "0773-2801234", "contact_email": "hw@example.com", "employees": 260,
    "niche_field": "精密传动", "years_in_niche": 8, "main_product": "工业机器人减速器",
    "main_product_description": "RV 减速器，精度 1 弧分。", "main_product_revenue_share": Decimal("72.5"),
    "market_share": Decimal("6.2"), "market_description": "国内前十。",
    "revenue_prev": Decimal("52000000"), "revenue_last": Decimal("61000000"),
    "rd_expense_prev": Decimal("2300000"), "rd_expense_last": Decimal("2900000"),
    "net_profit_prev": Decimal("4100000"), "net_profit_last": Decimal("5200000"),
    "equity_financing": Decimal("0"), "rd_staff": 35, "rd_institution": "municipal",
    "invention_patents": 4, "utility_patents": 18, "software_copyrights": 2, "other_ip": 0,
    "certifications": "ISO 9001", "standards": "", "honours": "",
}

GOOD_FIGURES = {
    "output_value": Decimal("45000000"), "tax_paid": Decimal("2100000"), "revenue": Decimal("47000000"),
    "rd_expense": Decimal("1800000"), "employees": 210,
}


def enterprise_with_user(area=None):
    enterprise = EnterpriseFactory(**({"area": area} if area else {}))
    return enterprise, make_user(Role.ENTERPRISE, enterprise=enterprise)


def pdf(name="营业执照.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def draft_application(user, year=2026, **values):
    declaration = services.start_application(actor=user, year=year)
    services.save_application(actor=user, declaration=declaration, values={**GOOD_APPLICATION, **values})
    return Declaration.objects.get(pk=declaration.pk)


def submitted_application(user, year=2026, with_attachment=True, **values):
    declaration = draft_application(user, year, **values)
    if with_attachment:
        services.add_attachment(actor=user, declaration=declaration, uploaded_file=pdf(),
                                category=Attachment.Category.LICENCE)
    services.submit(actor=user, declaration=declaration)
    return Declaration.objects.get(pk=declaration.pk)


def recommended_application(user, county, **values):
    declaration = submitted_application(user, **values)
    services.perform(actor=county, declaration=declaration, action=Action.COUNTY_RECOMMEND, comment="同意推荐")
    return Declaration.objects.get(pk=declaration.pk)


def noticed_application(user, county, reviewer, on=None, **values):
    declaration = recommended_application(user, county, **values)
    services.perform(actor=reviewer, declaration=declaration, action=Action.BUREAU_APPROVE,
                     on=on or date.today(), document_number="市工信认〔2026〕9号")
    return Declaration.objects.get(pk=declaration.pk)


def recognized_application(user, county, reviewer, **values):
    start = date.today() - timedelta(days=30)
    declaration = noticed_application(user, county, reviewer, on=start, **values)
    concluded = start + timedelta(days=20)
    services.perform(actor=reviewer, declaration=declaration, action=Action.CONCLUDE_NOTICE, on=concluded,
                     document_date=concluded)
    return Declaration.objects.get(pk=declaration.pk)


def submitted_annual_report(user, year=2025, **values):
    declaration = services.start_annual_report(actor=user, year=year)
    services.save_annual_report(actor=user, declaration=declaration, values={**GOOD_FIGURES, **values})
    services.submit(actor=user, declaration=declaration)
    return Declaration.objects.get(pk=declaration.pk)
