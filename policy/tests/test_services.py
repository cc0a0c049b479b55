from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit import COMMAND
from awards.states import AwardState
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, make_user
from policy import services
from policy.models import PolicyRecord

from .factories import decided_award, initial_edition

pytestmark = pytest.mark.django_db

PLACEHOLDER = "待补录发文字号（2023-01-01 起施行）"


def test_an_edition_without_decisions_is_edited_freely():
    record = initial_edition()
    decided_award(record, state=AwardState.NOTIFIED)  # not decided yet: the edition stays open
    record.recognition_award_amount, record.effective_until = Decimal("120000"), date(2025, 6, 30)
    services.save_policy_record(actor=SETUP, record=record)
    record.refresh_from_db()
    assert (record.recognition_award_amount, record.effective_until) == (Decimal("120000"), date(2025, 6, 30))


@pytest.mark.parametrize("field, value", [
    ("recognition_award_amount", Decimal("120000")),
    ("growth_award_rate", Decimal("0.004")),
    ("effective_until", date(2025, 6, 30)),
    ("effective_from", date(2023, 2, 1)),
    ("issued_on", date(2022, 12, 20)),
    ("term_years", 3),
    ("public_notice_days", 5),
    ("validity_municipal_years", 5),
    ("document_number", "桂政办发〔2023〕1号"),
])
def test_an_edition_with_a_decision_refuses_a_change_to_its_numbers_and_period(field, value):
    record = initial_edition()
    decided_award(record)
    decided_award(record, state=AwardState.PAID)
    setattr(record, field, value)
    with pytest.raises(ValidationError) as refused:
        services.save_policy_record(actor=SETUP, record=record)
    message = refused.value.messages[0]
    assert PLACEHOLDER in message and "已有 2 项奖励审核通过" in message and "复制为新版本" in message
    assert str(PolicyRecord._meta.get_field(field).verbose_name) in message
    stored = PolicyRecord.objects.get()
    assert getattr(stored, field) != value


def test_the_derived_period_of_a_decided_edition_is_refused_too():
    record = initial_edition()
    decided_award(record)
    record.issued_on = date(2023, 3, 1)
    with pytest.raises(ValidationError, match="施行起始日"):
        services.save_policy_record(actor=SETUP, record=record, derive_period=True)
    assert PolicyRecord.objects.get().effective_from == date(2023, 1, 1)


def test_what_decides_no_yuan_on_a_decided_edition_may_still_be_corrected():
    record = initial_edition()
    decided_award(record)
    record.name, record.objection_contact = "更正后的名称", "桂林市工业和信息化局中小企业科，电话 0773-1234567"
    record.baseline_date, record.baseline_srdi_count, record.baseline_output_value = date(2022, 12, 31), 40, 10**9
    record.expiry_warning_days, record.training_managers_per_year = 90, 250
    services.save_policy_record(actor=SETUP, record=record)
    stored = PolicyRecord.objects.get()
    assert stored.objection_contact.endswith("0773-1234567") and stored.baseline_srdi_count == 40
    assert (stored.expiry_warning_days, stored.training_managers_per_year) == (90, 250)


def test_a_copy_is_a_new_edition_with_the_same_numbers_after_the_copied_one():
    record = initial_edition()
    decided_award(record)
    officer = make_user(Role.ADMIN)
    copy = services.copy_edition(actor=officer, edition=record, document_number="桂政办发〔2025〕9号",
                                 effective_from=date(2025, 1, 1), effective_until=date(2026, 12, 31))
    assert PolicyRecord.objects.count() == 2
    assert (copy.document_number, copy.effective_from, copy.effective_until, copy.issued_on) == (
        "桂政办发〔2025〕9号", date(2025, 1, 1), date(2026, 12, 31), None)
    numbers = [f.name for f in services.frozen_fields()
               if f.name not in {"document_number", "effective_from", "effective_until", "issued_on"}]
    assert all(getattr(copy, name) == getattr(record, name) for name in numbers)
    history = copy.history.get()
    assert history.history_user == officer and PLACEHOLDER in history.history_change_reason
    copy.recognition_award_amount = Decimal("150000")  # the copy has no decisions: it is edited before use
    services.save_policy_record(actor=officer, record=copy)
    assert PolicyRecord.objects.get(pk=record.pk).recognition_award_amount == Decimal("100000")


def test_a_copy_by_a_command_names_the_command_in_history():
    copy = services.copy_edition(actor=COMMAND, edition=initial_edition(), document_number="桂政办发〔2025〕9号",
                                 effective_from=date(2025, 1, 1), effective_until=date(2026, 12, 31))
    assert COMMAND.name in copy.history.get().history_change_reason


@pytest.mark.parametrize("number, start, end, field, message", [
    ("", date(2025, 1, 1), date(2026, 12, 31), "document_number", "请填写新版本的发文字号"),
    (PLACEHOLDER, date(2025, 1, 1), date(2026, 12, 31), "document_number", "不能与被复制的版本相同"),
    ("桂政办发〔2025〕9号", date(2024, 12, 31), date(2026, 12, 31), "effective_from", "须晚于被复制版本的有效期截止日"),
    ("桂政办发〔2025〕9号", date(2025, 3, 1), date(2025, 2, 1), "effective_until", "不能早于施行起始日"),
])
def test_a_copy_needs_its_own_document_number_and_a_later_period(number, start, end, field, message):
    with pytest.raises(ValidationError) as refused:
        services.copy_edition(actor=SETUP, edition=initial_edition(), document_number=number,
                              effective_from=start, effective_until=end)
    assert message in refused.value.message_dict[field][0]
    assert PolicyRecord.objects.count() == 1


def test_a_service_refuses_a_missing_actor():
    with pytest.raises(TypeError):
        services.save_policy_record(actor=None, record=initial_edition())
