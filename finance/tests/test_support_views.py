"""(九) the finance page's section on financial support, and the admin of the support records per role."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises.roles import Role
from enterprises.selectors import today
from finance import services
from finance.models import FinanceSupport

from .factories import srdi_enterprise, support

pytestmark = pytest.mark.django_db
Kind = FinanceSupport.Kind
THIS_YEAR = today().year


def _day(month):
    return min(date(THIS_YEAR, month, 1), today())


def test_the_finance_page_shows_each_kinds_share_and_the_ranked_institutions(client, role_users, areas):
    a, b = srdi_enterprise(area=areas["秀峰区"]), srdi_enterprise(area=areas["秀峰区"])
    c, d = srdi_enterprise(area=areas["阳朔县"]), srdi_enterprise(area=areas["阳朔县"])
    support(a, Kind.INTEREST_SUBSIDY, granted_on=_day(2))
    support(b, Kind.LOAN_COMPENSATION, institution="广西农信", amount="300", granted_on=_day(3))
    support(c, Kind.LOAN_COMPENSATION, institution="广西农信", amount="200", granted_on=_day(3))
    support(d, Kind.GUARANTEE_COMPENSATION, institution="桂林银行", amount="900", granted_on=_day(4))
    client.force_login(role_users[Role.FINANCIAL_SERVICES])
    response = client.get(reverse("finance:summary"))
    overview = response.context["support"]
    by_kind = {k.kind: k for k in overview.reach.kinds}
    assert overview.reach.white_listed == 4
    assert (by_kind[Kind.LOAN_COMPENSATION].reached, by_kind[Kind.LOAN_COMPENSATION].share) == (2, Decimal("0.5"))
    assert [(r.institution, r.enterprises) for r in overview.ranking] == [("广西农信", 2), ("桂林银行", 1)]
    html = response.content.decode()
    assert "应贴尽贴、应享尽享" in html and "推荐风险补偿的金融机构" in html
    assert "贷款风险补偿" in html and "50.0%" in html and "500.00 万元" in html
    assert html.index("广西农信") < html.index("桂林银行", html.index("推荐风险补偿的金融机构"))

    client.force_login(role_users[Role.COUNTY])  # a county: its own area's white list and institutions
    county = client.get(reverse("finance:summary")).context["support"]
    assert county.reach.white_listed == 2 and [r.institution for r in county.ranking] == ["广西农信"]


def test_support_records_in_the_admin_per_role(client, role_users, areas):
    mine = support(srdi_enterprise(area=areas["秀峰区"]), Kind.INSURANCE, institution="人保财险桂林分公司")
    theirs = support(srdi_enterprise(area=areas["阳朔县"]), Kind.INSURANCE, institution="太保财险桂林支公司")
    for role in (Role.FINANCIAL_SERVICES, Role.REVIEWER):
        client.force_login(role_users[role])
        listing = client.get(reverse("admin:finance_financesupport_changelist")).content.decode()
        assert "人保财险桂林分公司" in listing and "太保财险桂林支公司" in listing
        assert client.get(reverse("admin:finance_financesupport_import")).status_code == 200
        assert client.get(reverse("admin:finance_financesupport_add")).status_code == 200
    client.force_login(role_users[Role.COUNTY])
    listing = client.get(reverse("admin:finance_financesupport_changelist"))
    assert listing.status_code == 200
    assert "人保财险桂林分公司" in listing.content.decode() and "太保财险桂林支公司" not in listing.content.decode()
    assert client.get(reverse("admin:finance_financesupport_change", args=[mine.pk])).status_code == 200
    assert client.get(reverse("admin:finance_financesupport_change", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:finance_financesupport_import")).status_code == 403
    assert client.get(reverse("admin:finance_financesupport_add")).status_code == 403


def test_a_record_saved_in_the_admin_names_its_author(client, role_users, areas):
    firm = srdi_enterprise(area=areas["七星区"])
    officer = role_users[Role.FINANCIAL_SERVICES]
    client.force_login(officer)
    response = client.post(reverse("admin:finance_financesupport_add"), {
        "enterprise": firm.pk, "kind": Kind.SUPPLY_CHAIN, "institution": " 桂林银行 ", "amount_wan": "850.5",
        "granted_on": _day(1).isoformat(), "note": "",
    })
    assert response.status_code == 302
    saved = FinanceSupport.objects.get()
    assert (saved.institution, saved.amount_wan) == ("桂林银行", Decimal("850.50"))
    assert saved.history.latest().history_user == officer
    future = client.post(reverse("admin:finance_financesupport_add"), {
        "enterprise": firm.pk, "kind": Kind.SUPPLY_CHAIN, "institution": "桂林银行", "amount_wan": "1",
        "granted_on": date(THIS_YEAR + 1, 1, 1).isoformat(), "note": "",
    })
    assert future.status_code == 200 and "不能晚于今天" in future.content.decode()
    assert FinanceSupport.objects.count() == 1


# --- the service -----------------------------------------------------------------------------------------------

def test_the_service_checks_scope_key_amount_and_date(role_users, areas):
    officer, county = role_users[Role.FINANCIAL_SERVICES], role_users[Role.COUNTY]
    firm = srdi_enterprise(area=areas["秀峰区"])
    record = support(firm, Kind.RELENDING, actor=officer, granted_on=date(2025, 5, 1))
    assert record.history.latest().history_user == officer
    with pytest.raises(ValidationError, match="已经存在"):
        support(firm, Kind.RELENDING, actor=officer, granted_on=date(2025, 5, 1))
    with pytest.raises(ValidationError):
        support(firm, Kind.RELENDING, actor=officer, amount="-1", granted_on=date(2025, 5, 2))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        support(firm, Kind.RELENDING, actor=officer, granted_on=date(THIS_YEAR + 1, 1, 1))
    with pytest.raises(ValidationError, match="无此操作权限"):
        support(firm, Kind.INSURANCE, actor=county)
    with pytest.raises(ValidationError, match="无权删除"):
        services.delete_finance_support(actor=county, support=record)
    bureau = role_users[Role.REVIEWER]
    services.delete_finance_support(actor=bureau, support=record)
    assert not FinanceSupport.objects.exists()
    assert FinanceSupport.history.latest().history_user == bureau

