from datetime import date

import pytest

from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory
from liaison import selectors, services, training_services
from liaison.tests.factories import SETUP, assign, officer, resolved, srdi_enterprise

pytestmark = pytest.mark.django_db

CLOSED_YEAR_TODAY = date(2026, 6, 1)


def test_unassigned_white_list_is_scoped(role_users, areas):
    county = role_users[Role.COUNTY]
    waiting = srdi_enterprise(area=county.area)
    covered = srdi_enterprise(area=county.area)
    assign(covered, officer())
    srdi_enterprise(area=areas["阳朔县"])  # another county's
    EnterpriseFactory(area=county.area)  # not on the white list
    assert list(selectors.unassigned_white_list(county)) == [waiting]
    assert len(selectors.unassigned_white_list(role_users[Role.REVIEWER])) == 2


def _duty_fixture(areas, per_area):
    for area_name in ("秀峰区", "阳朔县"):
        liaison = officer()
        for n in range(per_area):
            enterprise = srdi_enterprise(area=areas[area_name])
            assign(enterprise, liaison, date(2024, 1, 1))
            if n % 2 == 0:
                resolved(enterprise, on=date(2025, 6, 1))
    services.evaluate_duty(year=2025, actor=SETUP, today=CLOSED_YEAR_TODAY)


@pytest.mark.parametrize("per_area", [2, 20])
def test_duty_by_area_is_one_query(areas, django_assert_num_queries, per_area):
    _duty_fixture(areas, per_area)
    with django_assert_num_queries(1):
        rows = selectors.duty_by_area(2025)
    assert [(r.area_name, r.enterprises, r.met, r.unmet) for r in rows] == [
        ("秀峰区", per_area, per_area // 2, per_area // 2), ("阳朔县", per_area, per_area // 2, per_area // 2),
    ]


def test_duty_report_is_scoped_to_the_county(role_users, areas):
    _duty_fixture(areas, 3)
    report = selectors.duty_report(role_users[Role.COUNTY], 2025)
    assert [g.label for g in report.by_area] == ["秀峰区"] and (report.total, report.met) == (3, 2)
    assert len(report.by_officer) == 1 and len(report.by_officer[0].unmet) == 1
    assert selectors.duty_report(role_users[Role.REVIEWER], 2025).total == 6
    assert selectors.duty_report(role_users[Role.ENTERPRISE], 2025).total == 0


@pytest.mark.parametrize("firms", [2, 20])
def test_training_by_area_counts_managers_and_srdi_coverage_in_constant_queries(areas, django_assert_num_queries, firms):
    event = training_services.record_training_event(actor=SETUP, title="经营管理人才培训班", held_on=date(2025, 10, 20))
    last_year = training_services.record_training_event(actor=SETUP, title="上年培训班", held_on=date(2024, 10, 20))
    for n in range(firms):
        enterprise = srdi_enterprise(area=areas["秀峰区"])
        if n % 2 == 0:
            training_services.record_attendance(actor=SETUP, event=event, enterprise=enterprise, managers=3)
        else:
            training_services.record_attendance(actor=SETUP, event=last_year, enterprise=enterprise, managers=5)
    not_srdi = EnterpriseFactory(area=areas["阳朔县"])
    training_services.record_attendance(actor=SETUP, event=event, enterprise=not_srdi, managers=1)
    with django_assert_num_queries(3):
        rows = {r.area_name: r for r in selectors.training_by_area(2025)}
    half = (firms + 1) // 2
    xf = rows["秀峰区"]
    assert (xf.managers, xf.enterprises_trained, xf.srdi_covered, xf.srdi_total) == (3 * half, half, half, firms)
    ys = rows["阳朔县"]
    assert (ys.managers, ys.srdi_covered, ys.srdi_total) == (1, 0, 0)
    assert len(rows) == 20
