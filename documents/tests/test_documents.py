"""认定证书, 奖励通知书 and 公示名单 as PDF: the Chinese text really is in the file (extracted, not only in the
template), in the font the project ships, with a QR link to the public verification page; a code verifies what the
document states and whether it still holds; a forged code answers 未找到."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from audit import BEAT
from awards import services as award_services
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import AwardKind
from awards.tests.factories import growing_firm
from documents.models import IssuedDocument
from enterprises.models import Designation
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate, make_user
from policy.levels import Level

pytestmark = pytest.mark.django_db
BANK = {"bank_name": "中国工商银行桂林分行营业部", "account_number": "2103 0012 0900 1234 567"}


def _pdf(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(BytesIO(response.content))


def _text(reader):
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def _embedded_font_families(reader):
    """The family names inside the font programs embedded in the PDF (not the names the PDF gives them)."""
    families = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                if program is not None:
                    families.add(TTFont(BytesIO(program.get_object().get_data()))["name"].getDebugName(1))
    return families


def _links(reader):
    return [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])
            if "/A" in a.get_object()]


@pytest.fixture
def certified(areas):
    firm = EnterpriseFactory(area=areas["秀峰区"], name="桂林漓江精密传动科技股份有限公司")
    designation = designate(firm, Level.MUNICIPAL, date(2025, 6, 1), document_number="市工信发〔2025〕12号")
    return firm, designation, make_user(Role.ENTERPRISE, enterprise=firm)


def test_the_certificate_states_the_enterprise_and_level_in_the_shipped_font(client, certified):
    firm, designation, user = certified
    client.force_login(user)
    reader = _pdf(client.get(reverse("documents:certificate", args=[designation.pk])))
    text = _text(reader)
    assert "认定证书" in text and firm.name in text and "市级专精特新中小企业" in text
    assert "市工信发〔2025〕12号" in text and "2025年6月1日" in text
    assert _embedded_font_families(reader) == {"Noto Sans SC"}
    document = IssuedDocument.objects.get()
    assert document.code in text
    assert set(_links(reader)) == {f"http://testserver/verify/{document.code}/"}  # the QR code is that link
    assert len(reader.pages) == 1


def test_a_second_download_carries_the_same_code(client, certified):
    _, designation, user = certified
    client.force_login(user)
    for _ in range(2):
        client.get(reverse("documents:certificate", args=[designation.pk]))
    assert IssuedDocument.objects.count() == 1


def test_certificates_are_scoped_and_only_for_the_citys_level(client, certified, areas):
    firm, designation, _ = certified
    other = make_user(Role.ENTERPRISE, enterprise=EnterpriseFactory(area=areas["秀峰区"]))
    client.force_login(other)
    assert client.get(reverse("documents:certificate", args=[designation.pk])).status_code == 404
    client.force_login(make_user(Role.COUNTY, area=areas["七星区"]))
    assert client.get(reverse("documents:certificate", args=[designation.pk])).status_code == 404
    client.force_login(make_user(Role.COUNTY, area=areas["秀峰区"]))
    assert client.get(reverse("documents:certificate", args=[designation.pk])).status_code == 200
    regional = designate(firm, Level.REGIONAL, date(2025, 9, 1))
    assert client.get(reverse("documents:certificate", args=[regional.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("documents:certificate", args=[designation.pk])).status_code == 302


def test_the_verification_page_shows_what_the_certificate_states_and_that_it_holds(client, certified):
    _, designation, user = certified
    client.force_login(user)
    client.get(reverse("documents:certificate", args=[designation.pk]))
    code = IssuedDocument.objects.get().code
    client.logout()
    html = client.get(reverse("documents:verify", args=[code])).content.decode()
    assert "认定证书：有效（有效期至" in html and "桂林漓江精密传动科技股份有限公司" in html
    assert "市工信发〔2025〕12号" in html
    Designation.objects.filter(pk=designation.pk).update(valid_until=date(2025, 12, 31))
    assert "已过有效期" in client.get(reverse("documents:verify", args=[code])).content.decode()


def test_a_forged_code_is_not_found(client):
    response = client.get(reverse("documents:verify", args=["ABCDEFGHJK"]))
    assert response.status_code == 404 and "未找到" in response.content.decode()


def _noticed_award(areas):
    firm = growing_firm(area=areas["七星区"])
    recompute_eligibility(year=2024, actor=BEAT)
    award = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH, year=2024)
    reviewer, firm_user = make_user(Role.REVIEWER), make_user(Role.ENTERPRISE, enterprise=firm)
    award_services.notify_awards(awards=[award], actor=reviewer)
    award_services.confirm_award(award=award, actor=firm_user, account_name=firm.name, **BANK)
    award_services.approve_award(award=award, actor=reviewer)
    award_services.publish_notice(awards=[award], actor=reviewer, starts_on=date(2025, 4, 1))
    award.refresh_from_db()
    return award, firm_user


def test_the_award_notice_states_the_amount_and_turns_invalid_when_the_amount_changes(client, areas):
    award, firm_user = _noticed_award(areas)
    client.force_login(firm_user)
    reader = _pdf(client.get(reverse("documents:award_notice", args=[award.pk])))
    text = _text(reader)
    assert "奖励通知书" in text and award.enterprise.name in text and "60,000.00元" in text
    code = IssuedDocument.objects.get().code
    assert "有效（当前状态：公示中）" in client.get(reverse("documents:verify", args=[code])).content.decode()
    Award.objects.filter(pk=award.pk).update(amount="30000.00")
    assert "本通知书失效" in client.get(reverse("documents:verify", args=[code])).content.decode()


def test_no_notice_before_the_bureau_approved(client, areas):
    firm = growing_firm(area=areas["七星区"])
    recompute_eligibility(year=2024, actor=BEAT)
    award = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH, year=2024)
    client.force_login(make_user(Role.ENTERPRISE, enterprise=firm))
    assert client.get(reverse("documents:award_notice", args=[award.pk])).status_code == 404


def test_the_public_list_is_public_and_lists_the_notice_without_bank_details(client, areas):
    award, _ = _noticed_award(areas)
    reader = _pdf(client.get(reverse("documents:notice_list", args=["2025-04-01"])))
    text = _text(reader)
    assert "奖励资金公示名单" in text and award.enterprise.name in text and "合计1项" in text
    assert "2103" not in text  # no bank account on a public list
    assert client.get(reverse("documents:notice_list", args=["2025-04-02"])).status_code == 404
    assert client.get(reverse("documents:notice_list", args=["2025-13-01"])).status_code == 404



def test_the_pages_link_to_the_documents(client, certified, areas):
    firm, designation, user = certified
    client.force_login(user)
    home = client.get(reverse("declarations:home")).content.decode()
    assert reverse("documents:certificate", args=[designation.pk]) in home
    award, firm_user = _noticed_award(areas)
    client.force_login(firm_user)
    assert reverse("documents:award_notice", args=[award.pk]) in client.get(reverse("awards:mine")).content.decode()
