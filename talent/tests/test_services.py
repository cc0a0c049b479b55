"""(十六) the filing flow of a talent need (draft kept → submitted → confirmed by the county, or returned and
changed), and the bureau's own writes; (十七) talents written by administrators only."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from declarations.models import PortalMessage
from enterprises.filing_services import confirm_filing, return_filing, save_filing_draft, submit_filing
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.selectors import today
from enterprises.tests.factories import make_user
from talent import selectors, services
from talent.models import Talent, TalentLevel, TalentNeed

from .factories import need, srdi_enterprise, talent

pytestmark = pytest.mark.django_db
YEAR = today().year


@pytest.fixture
def firm(areas):
    enterprise = srdi_enterprise(area=areas["秀峰区"])
    return enterprise, make_user(Role.ENTERPRISE, enterprise=enterprise)


def _draft(user, **values):
    fields = {"year": YEAR, "position": "数控加工技师", "specialty": "机械设计制造及其自动化", "headcount": 4,
              "education": "大专", **values}
    return save_filing_draft(actor=user, record=TalentNeed(**fields))


def _counted_headcount():
    return selectors.talent_directory(YEAR).headcount


def test_a_draft_is_kept_and_counts_only_once_the_county_confirms(firm, areas):
    enterprise, user = firm
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    draft = _draft(user)
    assert draft.filing_state == FilingState.DRAFT and draft.enterprise == enterprise
    draft.headcount = 6
    draft = save_filing_draft(actor=user, record=draft)  # still a draft: the enterprise may change it
    assert TalentNeed.objects.get().headcount == 6
    assert _counted_headcount() == 0
    submitted = submit_filing(actor=user, record=draft)
    assert submitted.filing_state == FilingState.SUBMITTED and _counted_headcount() == 0
    with pytest.raises(ValidationError):
        save_filing_draft(actor=user, record=submitted)  # submitted: no longer the enterprise's to change
    confirmed = confirm_filing(actor=county, record=submitted)
    assert confirmed.filing_state == FilingState.CONFIRMED and confirmed.reviewed_by == county
    assert _counted_headcount() == 6
    assert PortalMessage.objects.filter(recipient=user, title="人才需求已确认").exists()


def test_a_returned_need_is_editable_again_and_resubmitted(firm, areas):
    _, user = firm
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    submitted = submit_filing(actor=user, record=_draft(user))
    returned = return_filing(actor=county, record=submitted, reason="请写明具体岗位")
    assert returned.filing_state == FilingState.RETURNED and returned.editable
    returned.position = "数控车床操作工"
    changed = save_filing_draft(actor=user, record=returned)
    assert changed.filing_state == FilingState.RETURNED
    assert submit_filing(actor=user, record=changed).filing_state == FilingState.SUBMITTED
    assert _counted_headcount() == 0


def test_another_areas_county_cannot_confirm_and_another_firm_cannot_submit(firm, areas):
    enterprise, user = firm
    submitted = submit_filing(actor=user, record=_draft(user))
    with pytest.raises(PermissionDenied):
        confirm_filing(actor=make_user(Role.COUNTY, area=areas["阳朔县"]), record=submitted)
    stranger = make_user(Role.ENTERPRISE, enterprise=srdi_enterprise(area=areas["秀峰区"]))
    with pytest.raises(PermissionDenied):
        submit_filing(actor=stranger, record=TalentNeed.objects.get())
    assert TalentNeed.objects.get().filing_state == FilingState.SUBMITTED


def test_the_same_position_twice_in_a_year_is_refused_in_chinese(firm):
    _, user = firm
    _draft(user)
    with pytest.raises(ValidationError, match="已填报同名岗位"):
        _draft(user, headcount=2)


def test_the_bureaus_need_counts_at_once_but_an_enterprise_filing_is_not_edited_in_the_admin(firm, areas):
    enterprise, user = firm
    reviewer = make_user(Role.REVIEWER)
    recorded = need(enterprise, YEAR, headcount=2)
    assert recorded.filing_state == FilingState.CONFIRMED and _counted_headcount() == 2
    recorded.headcount = 3
    services.save_need(actor=reviewer, need=recorded)
    assert TalentNeed.objects.get(pk=recorded.pk).headcount == 3
    filed = _draft(user, position="软件开发工程师", specialty="软件工程")
    filed.headcount = 9
    with pytest.raises(ValidationError, match="由企业填报"):
        services.save_need(actor=reviewer, need=filed)
    with pytest.raises(PermissionDenied):
        services.save_need(actor=make_user(Role.COUNTY, area=areas["阳朔县"]), need=TalentNeed.objects.get(pk=recorded.pk))


def test_deletes_are_scoped_and_leave_history(firm, areas):
    enterprise, _ = firm
    recorded = need(enterprise, YEAR)
    with pytest.raises(PermissionDenied):
        services.delete_records(actor=make_user(Role.COUNTY, area=areas["阳朔县"]), records=[recorded])
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    services.delete_records(actor=county, records=[recorded])
    assert not TalentNeed.objects.exists()
    assert TalentNeed.history.filter(history_type="-").get().history_user == county


def test_only_administrators_write_talents(firm):
    enterprise, _ = firm
    for role in (Role.REVIEWER, Role.FINANCE):
        with pytest.raises(PermissionDenied):
            services.save_talent(actor=make_user(role), talent=Talent(
                enterprise=enterprise, name="王晓东", level=TalentLevel.D, recognised_on=date(2025, 3, 1),
                document_number="桂人才认〔2025〕3号"))
    admin = make_user(Role.ADMIN)
    recorded = talent(enterprise)
    with pytest.raises(PermissionDenied):
        services.delete_records(actor=make_user(Role.REVIEWER), records=[recorded])
    services.delete_records(actor=admin, records=[recorded])
    assert not Talent.objects.exists()
