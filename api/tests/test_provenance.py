"""Where every figure came from: two departments disagree, the precedence (data) picks the value used, the
disagreement is listed for the county, a change of the value used re-evaluates, and a file ranks below both."""

from decimal import Decimal

import pytest
import tablib

from api.models import Institution
from api.tests.factories import bearer, token
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import AwardKind
from awards.tests.factories import growing_firm
from enterprises import changes, selectors
from enterprises.importing import import_dataset
from enterprises.models import AnnualFigures, FigureReport, FigureSource, SourcePrecedence
from enterprises.provenance_services import save_source_precedence
from enterprises.roles import Role
from enterprises.services import save_annual_figures
from enterprises.tests.factories import SETUP, EnterpriseFactory, figures, make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/figures/"


@pytest.fixture
def departments(db):
    return {
        "tax": bearer(token("国家税务总局桂林市税务局", Institution.Kind.DEPARTMENT)[1]),
        "statistics": bearer(token("桂林市统计局", Institution.Kind.DEPARTMENT)[1]),
    }


@pytest.fixture
def firm(areas):
    return EnterpriseFactory(area=areas["七星区"])


@pytest.fixture
def told():
    calls = []

    def listener(*, enterprise_ids, actor, figure_years=None):
        calls.append(enterprise_ids)

    changes.register_listener(listener)
    yield calls
    changes.unregister_listener(listener)


def _post(client, headers, firm, **values):
    item = {"credit_code": firm.credit_code, "year": 2025, **values}
    response = client.post(URL, [item], content_type="application/json", **headers)
    assert response.status_code == 200, response.json()
    return response.json()


def _used(firm):
    return AnnualFigures.objects.get(enterprise=firm, year=2025)


def test_the_department_source_follows_its_name():
    assert token("桂林市统计局", Institution.Kind.DEPARTMENT)[0].institution.figure_source == FigureSource.STATISTICS
    assert token("国家税务总局桂林市税务局", Institution.Kind.DEPARTMENT)[0].institution.figure_source == FigureSource.TAX


def test_two_disagreeing_sources_the_precedence_picks_and_the_county_sees_it(client, departments, firm, areas, told):
    _post(client, departments["statistics"], firm, output_value="10000000", tax_paid="500000")
    assert _used(firm).output_value == Decimal("10000000")
    # 税务 ranks above 统计: its value is used, and the enterprise's results are re-evaluated.
    assert _post(client, departments["tax"], firm, output_value="12000000") == {
        "created": 0, "changed": 1, "unchanged": 0}
    assert _used(firm).output_value == Decimal("12000000")
    assert told == [[firm.pk], [firm.pk]]
    # 统计 sends again, still disagreeing: kept as its report, the value used stays, nobody is told.
    assert _post(client, departments["statistics"], firm, output_value="11000000", tax_paid="500000") == {
        "created": 0, "changed": 0, "unchanged": 1}
    assert _used(firm).output_value == Decimal("12000000") and len(told) == 2
    reports = {r.source: r.value for r in FigureReport.objects.filter(enterprise=firm, field="output_value")}
    assert reports == {FigureSource.TAX: Decimal("12000000"), FigureSource.STATISTICS: Decimal("11000000")}
    assert selectors.figure_sources([firm.pk], [2025])[(firm.pk, 2025)] == {"output_value": "税务", "tax_paid": "统计"}

    county = make_user(Role.COUNTY, area=areas["七星区"])
    listed = list(selectors.disagreeing_reports(county))
    assert {(r.field, r.source) for r in listed} == {("output_value", "tax"), ("output_value", "statistics")}
    assert list(selectors.disagreeing_reports(make_user(Role.COUNTY, area=areas["秀峰区"]))) == []


def test_the_precedence_is_data_and_a_change_applies_at_once(client, departments, firm, told):
    _post(client, departments["statistics"], firm, output_value="10000000", tax_paid="500000")
    _post(client, departments["tax"], firm, output_value="12000000")
    assert _used(firm).output_value == Decimal("12000000")
    ranks = dict(SourcePrecedence.objects.values_list("source", "rank"))
    tax, statistics = (SourcePrecedence.objects.get(source=s) for s in (FigureSource.TAX, FigureSource.STATISTICS))
    tax.rank = max(ranks.values()) + 1
    save_source_precedence(actor=SETUP, entry=tax)
    statistics.rank, tax.rank = ranks[FigureSource.TAX], ranks[FigureSource.STATISTICS]
    save_source_precedence(actor=SETUP, entry=statistics)
    save_source_precedence(actor=SETUP, entry=tax)
    # 统计 now outranks 税务: its value is used without a new report, and the enterprise is re-evaluated.
    assert _used(firm).output_value == Decimal("10000000")
    assert _used(firm).history.first().history_change_reason == "数据来源优先顺序调整 · 测试数据"
    assert told[-1] == [firm.pk]
    assert _post(client, departments["statistics"], firm, output_value="10000000")["unchanged"] == 1


def test_a_file_ranks_below_a_department_and_a_value_held_before_is_kept_as_imported(client, departments, firm):
    figures(firm, 2025, "9000000", "400000")
    _post(client, departments["tax"], firm, output_value="12000000")
    baseline = FigureReport.objects.get(enterprise=firm, field="output_value", source=FigureSource.IMPORT)
    assert baseline.value == Decimal("9000000")
    dataset = tablib.Dataset(headers=["统一社会信用代码", "年度", "工业总产值（元）", "纳税总额（元）"])
    dataset.append([firm.credit_code, "2025", "9500000", "400000"])
    report = import_dataset("figures", dataset, actor=SETUP)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert _used(firm).output_value == Decimal("12000000")
    kept = FigureReport.objects.get(pk=baseline.pk)
    assert kept.value == Decimal("9500000")
    again = import_dataset("figures", dataset, actor=SETUP)
    assert (again.updated, again.unchanged) == (0, 1)
    assert FigureReport.objects.get(pk=baseline.pk).received_at == kept.received_at  # the same file writes nothing


def test_an_award_shows_which_source_its_figures_came_from(client, departments):
    firm = growing_firm()
    item = {"credit_code": firm.credit_code, "year": 2024, "output_value": "70000001"}
    assert client.post(URL, [item], content_type="application/json", **departments["tax"]).json()["changed"] == 1
    recompute_eligibility(year=2024, actor=SETUP)
    used = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH, year=2024).figures
    assert used["2024年工业总产值"] == "70000001.00"
    assert used["2024年工业总产值来源"] == "税务"
    # no source is kept for a figure nobody has reported since sources were kept
    assert "2024年纳税总额来源" not in used and "2023年工业总产值来源" not in used


def test_a_county_confirmed_report_is_a_source_below_the_tax_office(client, departments, firm):
    _post(client, departments["tax"], firm, output_value="12000000", tax_paid="500000")
    save_annual_figures(actor=SETUP, enterprise=firm, year=2025, output_value=Decimal("11000000"),
                        tax_paid=Decimal("500000"), employees=60, source=FigureSource.COUNTY)
    used = _used(firm)
    assert (used.output_value, used.employees) == (Decimal("12000000"), 60)
    kept = {(r.field, r.source): r.value for r in FigureReport.objects.filter(enterprise=firm)}
    assert kept[("output_value", FigureSource.COUNTY)] == Decimal("11000000")
    assert kept[("employees", FigureSource.COUNTY)] == 60
    assert ("revenue", FigureSource.COUNTY) not in kept  # not reported: nothing kept, the row keeps its blank


def test_the_county_lists_its_disagreements_in_the_admin(client, departments, firm, areas):
    other = EnterpriseFactory(area=areas["秀峰区"], name="桂林秀峰分歧有限公司")
    for enterprise in (firm, other):
        _post(client, departments["statistics"], enterprise, output_value="10000000", tax_paid="500000")
        _post(client, departments["tax"], enterprise, output_value="12000000")
    client.force_login(make_user(Role.COUNTY, area=areas["七星区"]))
    page = client.get("/admin/enterprises/figurereport/?disagree=yes")
    assert page.status_code == 200
    text = page.content.decode()
    assert firm.name in text and other.name not in text
    assert "有分歧" in text


def test_the_county_settles_a_disagreement_until_a_source_sends_a_new_value(client, departments, firm, areas):
    from django.core.exceptions import PermissionDenied, ValidationError

    from enterprises import provenance_services

    _post(client, departments["statistics"], firm, output_value="10000000", tax_paid="500000")
    _post(client, departments["tax"], firm, output_value="12000000")
    county = make_user(Role.COUNTY, area=areas["七星区"])
    report = selectors.disagreeing_reports(county)[0]
    with pytest.raises(PermissionDenied):
        provenance_services.settle_disagreement(actor=make_user(Role.COUNTY, area=areas["秀峰区"]), report=report,
                                                note="已核实")
    with pytest.raises(ValidationError):
        provenance_services.settle_disagreement(actor=county, report=report, note="  ")

    client.force_login(county)
    response = client.post("/admin/enterprises/figurereport/?disagree=yes", {
        "action": "settle", "_selected_action": [report.pk]}, follow=True)
    assert "已核定 1 项数据分歧" in response.content.decode()
    assert list(selectors.disagreeing_reports(county)) == []
    settled = FigureReport.objects.filter(enterprise=firm, field="output_value")
    assert {(r.settled_by, bool(r.settle_note)) for r in settled} == {(county, True)}
    assert _used(firm).output_value == Decimal("12000000")  # the value the precedence picks stands

    # 统计 sends a new value: the figure is a disagreement again, for the county to look at anew.
    _post(client, departments["statistics"], firm, output_value="10500000", tax_paid="500000")
    assert {r.source for r in selectors.disagreeing_reports(county)} == {"tax", "statistics"}
