"""The yearly award budgets: the service, the import (command and admin), all or nothing, audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit import COMMAND
from awards import budgets
from awards.models import AwardBudget
from awards.states import AwardKind
from enterprises.roles import Role

pytestmark = pytest.mark.django_db
HEADER = "年度,奖励类型,预算金额（元）\n"


def _file(tmp_path, body, name="budget.csv", header=HEADER):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8-sig")
    return path


def test_save_budget_creates_then_changes_one_row_with_history(role_users):
    reviewer = role_users[Role.REVIEWER]
    budgets.save_budget(actor=reviewer, year=2024, kind=AwardKind.GROWTH, amount=Decimal("3000000"))
    budget = budgets.save_budget(actor=reviewer, year=2024, kind=AwardKind.GROWTH, amount=Decimal("3500000.50"))
    assert AwardBudget.objects.count() == 1 and budget.amount == Decimal("3500000.50")
    history = list(budget.history.order_by("history_date"))
    assert [h.amount for h in history] == [Decimal("3000000.00"), Decimal("3500000.50")]
    assert all(h.history_user == reviewer for h in history)
    budgets.save_budget(actor=reviewer, year=2024, kind=AwardKind.GROWTH, amount=Decimal("3500000.50"))
    assert budget.history.count() == 2  # unchanged: no new history row


@pytest.mark.parametrize("role", [Role.COUNTY, Role.FINANCE, Role.ENTERPRISE, Role.LIAISON])
def test_only_the_bureau_sets_budgets(role_users, role):
    with pytest.raises(PermissionDenied):
        budgets.save_budget(actor=role_users[role], year=2024, kind=AwardKind.GROWTH, amount=Decimal("1"))
    assert not AwardBudget.objects.exists()


def test_bad_amounts_are_refused():
    for amount in (Decimal("-1"), Decimal("1.234")):
        with pytest.raises(ValidationError):
            budgets.save_budget(actor=COMMAND, year=2024, kind=AwardKind.GROWTH, amount=amount)
    with pytest.raises(ValidationError):
        budgets.save_budget(actor=COMMAND, year=1999, kind=AwardKind.GROWTH, amount=Decimal("1"))


def test_the_database_refuses_a_negative_amount_and_a_second_row():
    AwardBudget.objects.create(year=2024, kind=AwardKind.GROWTH, amount=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardBudget.objects.create(year=2024, kind=AwardKind.GROWTH, amount=Decimal("2"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardBudget.objects.create(year=2025, kind=AwardKind.GROWTH, amount=Decimal("-1"))


def test_import_command_writes_every_row_and_a_second_run_changes_nothing(tmp_path, capsys, role_users):
    path = _file(tmp_path, "2024,认定奖励,\"3,000,000\"\n2024,成长奖励,2500000.00\n2025,认定奖励,3200000\n")
    call_command("import_budget", str(path), "--user", role_users[Role.REVIEWER].username)
    assert "新增 3 条，更新 0 条，未变化 0 条" in capsys.readouterr().out
    assert AwardBudget.objects.get(year=2024, kind=AwardKind.RECOGNITION).amount == Decimal("3000000.00")
    assert AwardBudget.objects.get(year=2024, kind=AwardKind.RECOGNITION).history.first().history_user \
        == role_users[Role.REVIEWER]
    call_command("import_budget", str(path))
    assert "新增 0 条，更新 0 条，未变化 3 条" in capsys.readouterr().out


def test_a_bad_row_names_the_row_and_the_reason_and_writes_nothing(tmp_path, capsys):
    path = _file(tmp_path, "2024,认定奖励,3000000\n2024,奖励,100\n2025,成长奖励,-5\n2024,认定奖励,1\n2026,成长奖励,1.234\n")
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_budget", str(path))
    err = capsys.readouterr().err
    assert "第 3 行【奖励类型】：奖励类型“奖励”应为“认定奖励”或“成长奖励”" in err
    assert "第 4 行【预算金额（元）】：金额不能为负数" in err
    assert "第 5 行：2024 年认定奖励的预算与第 2 行重复" in err
    assert "第 6 行【预算金额（元）】：金额“1.234”最多保留两位小数" in err
    assert not AwardBudget.objects.exists()


def test_wrong_headers_are_refused(tmp_path, capsys):
    path = _file(tmp_path, "2024,认定奖励,1\n", header="年份,奖励类型,金额\n")
    with pytest.raises(CommandError):
        call_command("import_budget", str(path))
    err = capsys.readouterr().err
    assert "无法识别的列“年份”" in err and "缺少必填列：年度、预算金额（元）" in err


def test_a_county_official_cannot_import(tmp_path, role_users):
    path = _file(tmp_path, "2024,认定奖励,1\n")
    with pytest.raises(CommandError, match="只有市工业和信息化局审核人员"):
        call_command("import_budget", str(path), "--user", role_users[Role.COUNTY].username)
    assert not AwardBudget.objects.exists()


def test_xlsx_numbers_import(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["年度", "奖励类型", "预算金额（元）", "说明"])
    workbook.active.append([2024, "成长奖励", 1234567.89, "桂财企〔2024〕1号"])
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    call_command("import_budget", str(path))
    budget = AwardBudget.objects.get()
    assert (budget.amount, budget.note) == (Decimal("1234567.89"), "桂财企〔2024〕1号")


def test_admin_entry_and_import_go_through_the_service(client, role_users, tmp_path):
    reviewer = role_users[Role.REVIEWER]
    client.force_login(reviewer)
    response = client.post(reverse("admin:awards_awardbudget_add"),
                           {"year": 2024, "kind": AwardKind.GROWTH, "amount": "2000000", "note": ""})
    assert response.status_code == 302
    assert AwardBudget.objects.get().history.get().history_user == reviewer
    bad = _file(tmp_path, "2025,认定奖励,abc\n")
    with bad.open("rb") as upload:
        page = client.post(reverse("admin:awards_awardbudget_import_file"), {"budget_file": upload}).content.decode()
    assert "第 2 行【预算金额（元）】" in page and AwardBudget.objects.count() == 1
    good = _file(tmp_path, "2025,认定奖励,100000\n")
    with good.open("rb") as upload:
        assert client.post(reverse("admin:awards_awardbudget_import_file"), {"budget_file": upload}).status_code == 302
    assert AwardBudget.objects.count() == 2
    client.force_login(role_users[Role.COUNTY])
    assert client.get(reverse("admin:awards_awardbudget_add")).status_code == 403
    client.force_login(role_users[Role.FINANCE])
    assert client.get(reverse("admin:awards_awardbudget_changelist")).status_code == 200
    assert client.get(reverse("admin:awards_awardbudget_add")).status_code == 403
