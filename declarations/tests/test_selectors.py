
import pytest

from declarations import selectors
from declarations.states import Status
from enterprises.roles import Role
from enterprises.tests.factories import make_user

from .factories import draft_application, enterprise_with_user, recommended_application, submitted_application

pytestmark = pytest.mark.django_db


def test_declarations_are_scoped_by_area_and_enterprise(areas):
    _, own_user = enterprise_with_user(areas["秀峰区"])
    _, other_user = enterprise_with_user(areas["阳朔县"])
    own, other = submitted_application(own_user), submitted_application(other_user)
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    assert list(selectors.declarations_for(county)) == [own]
    assert list(selectors.declarations_for(own_user)) == [own]
    assert set(selectors.declarations_for(make_user(Role.REVIEWER))) == {own, other}
    assert list(selectors.declarations_for(make_user(Role.LIAISON))) == []


def test_waiting_for_me_is_the_step_each_role_owns(areas):
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    reviewer = make_user(Role.REVIEWER)
    submitted = submitted_application(enterprise_with_user(areas["秀峰区"])[1])
    recommended = recommended_application(enterprise_with_user(areas["秀峰区"])[1], county)
    draft_application(enterprise_with_user(areas["秀峰区"])[1])
    assert list(selectors.waiting_for(county)) == [submitted]
    assert list(selectors.waiting_for(reviewer)) == [recommended]


@pytest.mark.parametrize("per_area", [1, 10])
def test_declarations_by_area_counts_each_step_in_constant_queries(areas, django_assert_num_queries, per_area):
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    for _ in range(per_area):
        submitted_application(enterprise_with_user(areas["秀峰区"])[1])
        recommended_application(enterprise_with_user(areas["秀峰区"])[1], county)
        draft_application(enterprise_with_user(areas["阳朔县"])[1])
    with django_assert_num_queries(2):  # grouped counts; areas
        rows = selectors.declarations_by_area(2026)
    by_name = {row.area.name: row for row in rows}
    assert len(rows) == 20
    assert by_name["秀峰区"].count(Status.SUBMITTED) == per_area
    assert by_name["秀峰区"].count(Status.COUNTY_RECOMMENDED) == per_area and by_name["秀峰区"].total == 2 * per_area
    assert by_name["阳朔县"].count(Status.DRAFT) == per_area and by_name["七星区"].total == 0
    assert [r.area.name for r in selectors.declarations_by_area(2026, user=county)] == ["秀峰区"]
