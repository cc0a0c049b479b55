"""Fresh results: every write of a designation or of annual figures tells enterprises.changes exactly once, with
exactly the enterprises it touched — an import file (rows created or changed only), an admin save or delete, a
service call. A dry run, a refused file or an unchanged re-import tells no one. And end to end: the awards'
listener re-evaluates right after `import_data`."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit import BEAT, COMMAND
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import AwardKind, Outcome
from awards.tests.factories import growing_firm
from enterprises import changes, services
from enterprises.models import AnnualFigures, Designation
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, EnterpriseFactory, credit_entry, designate, figures
from enterprises.tests.files import CREDIT_HEADERS, DESIGNATION_HEADERS, FIGURES_HEADERS, write_file
from policy.levels import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """[(enterprise ids, actor)] for every registry_changed call, from a listener registered for this test only."""
    calls = []

    def listener(*, enterprise_ids, actor, figure_years=None):
        calls.append((list(enterprise_ids), actor))

    changes.register_listener(listener)
    yield calls
    changes.unregister_listener(listener)


def run(kind, path, *args):
    call_command("import_data", kind, str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())


def ids(*enterprises):
    return sorted(e.pk for e in enterprises)


# -- imports -----------------------------------------------------------------------------------------------------

def test_a_designation_file_tells_once_with_only_the_enterprises_it_changed(tmp_path, heard):
    unchanged, changed, new = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    designate(unchanged, Level.MUNICIPAL, date(2023, 6, 1), valid_until=date(2026, 5, 31), document_number="甲")
    designate(changed, Level.MUNICIPAL, date(2023, 6, 1), valid_until=date(2026, 5, 31), document_number="乙")
    heard.clear()
    rows = [
        [unchanged.credit_code, "市级专精特新中小企业", "2023-06-01", "2026-05-31", "甲"],
        [changed.credit_code, "市级专精特新中小企业", "2023-06-01", "2026-05-31", "乙（更正）"],
        [new.credit_code, "自治区级专精特新中小企业", "2024-02-01", "", "桂工信〔2024〕1号"],
        [new.credit_code, "创新型中小企业", "2023-02-01", "", ""],
    ]
    path = write_file(tmp_path, "csv", DESIGNATION_HEADERS, rows)
    run("designations", path, "--dry-run")
    assert heard == []
    run("designations", path)
    assert heard == [(ids(changed, new), COMMAND)]
    run("designations", path)  # the same file again: nothing changed, no one is told
    assert len(heard) == 1


def test_a_figures_file_tells_once_and_a_refused_file_not_at_all(tmp_path, heard, role_users):
    a, b, same = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    figures(same, 2024, "100", "10")
    heard.clear()
    reviewer = role_users[Role.REVIEWER]
    rows = [[a.credit_code, 2024, "100", "10"], [b.credit_code, 2023, "1", "1"], [b.credit_code, 2024, "2", "2"],
            [same.credit_code, 2024, "100", "10"]]
    run("figures", write_file(tmp_path, "csv", FIGURES_HEADERS[:4], rows), "--user", reviewer.username)
    assert heard == [(ids(a, b), reviewer)]
    bad = rows + [[a.credit_code, 2024, "-1", "10"]]
    with pytest.raises(CommandError):
        run("figures", write_file(tmp_path, "csv", FIGURES_HEADERS[:4], bad, "bad"))
    assert len(heard) == 1


def test_enterprise_and_credit_files_are_no_award_inputs(tmp_path, heard):
    firm = EnterpriseFactory()
    run("credit", write_file(tmp_path, "csv", CREDIT_HEADERS, [[firm.credit_code, "经营异常", "2024-03-01", "", "市监局"]]))
    assert heard == []


# -- services and the admin --------------------------------------------------------------------------------------

def test_each_service_call_tells_once(heard):
    firm, other = EnterpriseFactory(), EnterpriseFactory()
    designation = designate(firm, Level.MUNICIPAL, date(2023, 6, 1))  # record_designation → save_designation
    row = figures(firm, 2024, "100", "10")  # save_annual_figures → save_figures_row
    figures(firm, 2024, "120", "10")
    designation.enterprise = other  # moved to another enterprise: both are touched
    services.save_designation(actor=SETUP, designation=designation)
    services.delete_record(actor=SETUP, record=row)
    credit_entry(firm, date(2024, 3, 1))  # not an award input
    assert heard == [([firm.pk], SETUP)] * 3 + [(ids(firm, other), SETUP), ([firm.pk], SETUP)]


def test_admin_saves_and_deletes_tell_once_each(client, role_users, heard):
    reviewer, firm = role_users[Role.REVIEWER], role_users["own_enterprise"]
    other = role_users["other_enterprise"]
    rows = [figures(firm, 2023, "1", "1"), figures(other, 2023, "1", "1"), figures(other, 2024, "1", "1")]
    heard.clear()
    client.force_login(reviewer)
    form = {"enterprise": firm.pk, "level": Level.MUNICIPAL, "granted_on": "2024-06-01", "valid_until": "2027-05-31",
            "document_number": "市工信〔2024〕3号", "source": "admin"}
    assert client.post(reverse("admin:enterprises_designation_add"), form).status_code == 302
    designation = Designation.objects.get()
    assert client.post(reverse("admin:enterprises_designation_delete", args=[designation.pk]),
                       {"post": "yes"}).status_code == 302
    response = client.post(reverse("admin:enterprises_annualfigures_changelist"), {
        "action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"})
    assert response.status_code == 302 and not AnnualFigures.objects.exists()
    assert heard == [([firm.pk], reviewer), ([firm.pk], reviewer), (ids(firm, other), reviewer)]


def test_a_refused_service_call_tells_no_one(role_users, heard):
    county = role_users[Role.COUNTY]
    with pytest.raises(Exception, match="管辖范围"):
        services.record_designation(actor=county, enterprise=role_users["other_enterprise"], level=Level.MUNICIPAL,
                                    granted_on=date(2024, 1, 1))
    assert heard == []


# -- end to end: the awards' listener ----------------------------------------------------------------------------

def _award(enterprise, kind, year):
    return Award.objects.get(enterprise=enterprise, kind=kind, year=year)


def test_an_earlier_regional_title_imported_turns_the_recognition_award_down(tmp_path,
                                                                            django_capture_on_commit_callbacks):
    # (三) is not paid where a regional-or-higher title was granted on or before the municipal recognition.
    firm = EnterpriseFactory()
    designate(firm, Level.MUNICIPAL, date(2023, 6, 1))
    recompute_eligibility(year=2023, actor=BEAT)
    award = _award(firm, AwardKind.RECOGNITION, 2023)
    assert (award.outcome, award.amount) == (Outcome.ELIGIBLE, Decimal("100000.00"))

    path = write_file(tmp_path, "csv", DESIGNATION_HEADERS,
                      [[firm.credit_code, "自治区级专精特新中小企业", "2023-01-10", "", "桂工信〔2023〕2号"]])
    with django_capture_on_commit_callbacks(execute=True):
        run("designations", path)
    award.refresh_from_db()
    assert (award.outcome, award.amount) == (Outcome.INELIGIBLE, Decimal("0.00"))

    out = tmp_path / "awards-2023.csv"
    call_command("export_awards", "--year", "2023", "--output", str(out), stdout=io.StringIO())
    lines = [line for line in out.read_text(encoding="utf-8-sig").splitlines() if firm.credit_code in line]
    recognition = [line for line in lines if ",认定奖励," in line]
    assert len(recognition) == 1 and ",2023,认定奖励,不符合,0.00," in recognition[0]


def test_revised_figures_for_a_past_year_re_evaluate_that_years_growth_award(tmp_path,
                                                                              django_capture_on_commit_callbacks):
    firm = growing_firm()  # 2023: 50,000,000 / 1,000,000; 2024: 70,000,000 / 1,150,000 → 60,000.00
    recompute_eligibility(year=2024, actor=BEAT)
    award = _award(firm, AwardKind.GROWTH, 2024)
    assert (award.outcome, award.amount) == (Outcome.ELIGIBLE, Decimal("60000.00"))

    path = write_file(tmp_path, "csv", FIGURES_HEADERS[:4], [[firm.credit_code, 2024, "60000000", "1150000"]])
    with django_capture_on_commit_callbacks(execute=True):
        run("figures", path)  # output growth now 20%, below the 35% the clause asks
    award.refresh_from_db()
    assert award.outcome == Outcome.INELIGIBLE and award.amount == Decimal("0.00")
