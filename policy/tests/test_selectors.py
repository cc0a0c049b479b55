from datetime import date

import pytest

from policy import selectors
from policy.levels import Level
from policy.models import CriteriaEdition, PolicyRecord

pytestmark = pytest.mark.django_db


def test_the_initial_edition_is_in_force_only_inside_its_period():
    record = PolicyRecord.objects.get()
    assert (record.effective_from, record.effective_until) == (date(2023, 1, 1), date(2024, 12, 31))
    assert selectors.edition_in_force(date(2024, 5, 1)) == record
    assert selectors.edition_in_force(date(2025, 1, 1)) is None
    assert selectors.edition_in_force(date(2022, 12, 31)) is None


def test_standing_numbers_are_the_last_edition_once_it_has_lapsed():
    record = PolicyRecord.objects.get()
    assert selectors.edition_standing_on(date(2030, 1, 1)) == record
    assert selectors.edition_standing_on(date(2010, 1, 1)) == record
    later = PolicyRecord.objects.create(name="续期", effective_from=date(2027, 1, 1), effective_until=date(2028, 12, 31),
                                        validity_municipal_years=5)
    assert selectors.edition_standing_on(date(2026, 6, 1)) == record
    assert selectors.edition_standing_on(date(2029, 6, 1)) == later
    assert selectors.edition_standing_on(date(2027, 3, 1)).validity_years(Level.MUNICIPAL) == 5
    assert selectors.edition_standing_on(date(2024, 3, 1)).validity_years(Level.MUNICIPAL) == 3


def test_no_edition_at_all_is_said_plainly():
    PolicyRecord.objects.all().delete()
    assert selectors.edition_in_force(date(2024, 5, 1)) is None
    with pytest.raises(selectors.NoPolicyEdition, match="尚未录入政策参数"):
        selectors.edition_standing_on(date(2024, 5, 1))


def test_the_criteria_edition_changes_on_2026_04_01():
    assert selectors.criteria_for(date(2026, 3, 31)).document_number == "工信部企业〔2022〕63号"
    new = selectors.criteria_for(date(2026, 4, 1))
    assert new.document_number == "工信部企业〔2026〕2号" and new.first_tier_name == "科技和创新型中小企业"
    assert new.srdi_min_rd_expense > selectors.criteria_for(date(2025, 1, 1)).srdi_min_rd_expense
    assert selectors.criteria_for(date(2000, 1, 1)).document_number == "工信部企业〔2022〕63号"
    CriteriaEdition.objects.all().delete()
    with pytest.raises(selectors.NoCriteriaEdition):
        selectors.criteria_for(date(2026, 4, 1))


def test_the_lapse_notice_reads_the_editions_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.lapse_notice(date(2024, 6, 1)) is None
    notice = selectors.lapse_notice(date(2025, 1, 1))
    assert notice.edition == PolicyRecord.objects.get() and notice.ended_on == date(2024, 12, 31)
    assert "待补录发文字号（2023-01-01 起施行）" in notice.sentence
