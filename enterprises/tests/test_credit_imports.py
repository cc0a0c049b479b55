"""`manage.py import_data credit FILE`: credit listings (信用审查) through the one import pipeline — every file style,
every kind of bad row, all or nothing, idempotence, a later file recording the removal, dry run, --user and scope;
and the same listings in the admin (import/export buttons, saves through the service, who sees what)."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from enterprises import services
from enterprises.credit_codes import make_credit_code
from enterprises.importing import import_dataset
from enterprises.models import CreditEntry, CreditStatus
from enterprises.roles import Role
from enterprises.spreadsheets import read_dataset
from enterprises.tests.factories import SETUP, EnterpriseFactory, credit_entry
from enterprises.tests.files import CREDIT_HEADERS, csv_bytes, read_xlsx, write_file

pytestmark = pytest.mark.django_db
STYLES = ["csv-bom", "csv", "xlsx"]
AUTHORITY = "桂林市市场监督管理局"


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", "credit", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def fail(path, *args):
    """The command's complaint, after checking it exited 1 and wrote nothing."""
    before = (CreditEntry.objects.count(), CreditEntry.history.count())
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "credit", str(path), *args, stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert (CreditEntry.objects.count(), CreditEntry.history.count()) == before, "a failed import wrote something"
    return err.getvalue() + str(raised.value)


def listings():
    return sorted(CreditEntry.objects.values_list("enterprise__credit_code", "status", "listed_on", "removed_on",
                                                  "authority"))


@pytest.mark.parametrize("style", STYLES)
def test_import_credit_listings(tmp_path, style):
    firm, other = EnterpriseFactory(), EnterpriseFactory()
    rows = [
        [firm.credit_code, "经营异常", date(2024, 3, 1), None, AUTHORITY],
        [firm.credit_code, "重大税收违法", date(2023, 5, 6), date(2024, 5, 6), "国家税务总局桂林市税务局"],
        [other.credit_code.lower(), "严重失信主体", date(2022, 1, 10), "", "桂林市发展和改革委员会"],
        [other.credit_code, "失信被执行人", date(2024, 8, 1), None, "桂林市中级人民法院"],
    ]
    out = run(write_file(tmp_path, style, CREDIT_HEADERS, rows))
    assert "信用记录导入完成：新增 4 条，更新 0 条，未变化 0 条。" in out
    assert listings() == sorted([
        (firm.credit_code, CreditStatus.ABNORMAL_OPERATION, date(2024, 3, 1), None, AUTHORITY),
        (firm.credit_code, CreditStatus.MAJOR_TAX_VIOLATION, date(2023, 5, 6), date(2024, 5, 6), "国家税务总局桂林市税务局"),
        (other.credit_code, CreditStatus.SERIOUS_DISHONESTY, date(2022, 1, 10), None, "桂林市发展和改革委员会"),
        (other.credit_code, CreditStatus.JUDGMENT_DEFAULTER, date(2024, 8, 1), None, "桂林市中级人民法院"),
    ])
    entry = CreditEntry.objects.get(status=CreditStatus.ABNORMAL_OPERATION)
    extension = "xlsx" if style == "xlsx" else "csv"
    assert entry.history.get().history_change_reason.startswith(f"批量导入 import.{extension}")


def test_the_removal_date_is_optional_as_a_column(tmp_path):
    firm = EnterpriseFactory()
    headers = [h for h in CREDIT_HEADERS if h != "移出日期"]
    run(write_file(tmp_path, "csv", headers, [[firm.credit_code, "经营异常", "2024-03-01", AUTHORITY]]))
    assert listings() == [(firm.credit_code, CreditStatus.ABNORMAL_OPERATION, date(2024, 3, 1), None, AUTHORITY)]


def test_every_bad_row_is_listed_and_nothing_is_written(tmp_path):
    firm = EnterpriseFactory()
    unknown = make_credit_code("450302", 77)
    rows = [
        [firm.credit_code, "经营异常", "2024-03-01", "", AUTHORITY],  # good
        [firm.credit_code, "黑名单", "2024-03-01", "", AUTHORITY],
        [unknown, "经营异常", "2024-03-01", "", AUTHORITY],
        [firm.credit_code, "失信被执行人", "2024-06-01", "2024-06-01", AUTHORITY],
        [firm.credit_code, "重大税收违法", "2024-06-01", "2024-05-01", AUTHORITY],
        [firm.credit_code, "严重失信主体", "2024/06/01", "", AUTHORITY],
        [firm.credit_code, "严重失信主体", "2999-01-01", "", AUTHORITY],
        [firm.credit_code, "经营异常", "2024-03-01", "", "另一部门"],
        [firm.credit_code, "经营异常", "2023-01-01", "", ""],
    ]
    message = fail(write_file(tmp_path, "csv", CREDIT_HEADERS, rows))
    assert ("第 3 行【信用状况】：信用状况“黑名单”无效，应为以下之一：严重失信主体、失信被执行人、经营异常、重大税收违法"
            in message)
    assert f"第 4 行【统一社会信用代码】：企业库中没有统一社会信用代码为 {unknown} 的企业，请先导入企业" in message
    assert "第 5 行【移出日期】：移出日期须晚于列入日期" in message
    assert "第 6 行【移出日期】：移出日期须晚于列入日期" in message
    assert "第 7 行【列入日期】：日期“2024/06/01”格式不正确" in message
    assert "第 8 行【列入日期】：日期 2999-01-01 晚于今天" in message
    assert "第 9 行【整行】：与第 2 行重复：同一企业、同一信用状况、同一列入日期只能有一行" in message
    assert "第 10 行【认定部门】：不能为空" in message
    assert "第 2 行" not in message.replace("与第 2 行", "")
    assert "信用记录导入失败：共 8 行有错误，未写入任何数据。" in message


def test_reimport_changes_nothing_and_a_later_file_records_the_removal(tmp_path, role_users):
    firm = EnterpriseFactory()
    reviewer = role_users[Role.REVIEWER]
    listed = [[firm.credit_code, "经营异常", "2024-03-01", "", AUTHORITY]]
    run(write_file(tmp_path, "csv", CREDIT_HEADERS, listed, "listed"), "--user", reviewer.username)
    history = list(CreditEntry.history.values_list("history_id", flat=True))
    assert "新增 0 条，更新 0 条，未变化 1 条" in run(write_file(tmp_path, "csv", CREDIT_HEADERS, listed, "listed"))
    assert list(CreditEntry.history.values_list("history_id", flat=True)) == history

    removed = [[firm.credit_code, "经营异常", "2024-03-01", "2025-01-15", AUTHORITY]]
    assert "更新 1 条" in run(write_file(tmp_path, "xlsx", CREDIT_HEADERS, removed, "removed"), "--user",
                               reviewer.username)
    entry = CreditEntry.objects.get()  # the same listing, now removed: no second row
    assert entry.removed_on == date(2025, 1, 15)
    assert entry.in_force_on(date(2025, 1, 14)) and not entry.in_force_on(date(2025, 1, 15))
    latest = entry.history.latest()
    assert (latest.history_type, latest.history_user, latest.removed_on) == ("~", reviewer, date(2025, 1, 15))
    # a later file that leaves 移出日期 blank keeps the removal the registry holds
    assert "未变化 1 条" in run(write_file(tmp_path, "csv", CREDIT_HEADERS, listed, "again"))
    entry.refresh_from_db()
    assert entry.removed_on == date(2025, 1, 15)


def test_dry_run_reports_and_writes_nothing(tmp_path):
    firm = EnterpriseFactory()
    credit_entry(firm, date(2024, 3, 1))
    rows = [[firm.credit_code, "经营异常", "2024-03-01", "2024-09-01", AUTHORITY],
            [firm.credit_code, "失信被执行人", "2024-05-01", "", AUTHORITY]]
    before = listings(), CreditEntry.history.count()
    out = run(write_file(tmp_path, "csv", CREDIT_HEADERS, rows), "--dry-run")
    assert "信用记录试运行（未写入）：将新增 1 条，更新 1 条，未变化 0 条。" in out
    assert (listings(), CreditEntry.history.count()) == before


def test_user_option_needs_the_permission(tmp_path, role_users):
    path = write_file(tmp_path, "csv", CREDIT_HEADERS,
                      [[role_users["own_enterprise"].credit_code, "经营异常", "2024-03-01", "", AUTHORITY]])
    for role in (Role.COUNTY, Role.FINANCE, Role.LIAISON):
        with pytest.raises(CommandError, match="没有导入信用记录的权限"):
            run(path, "--user", role_users[role].username)
    assert "新增 1 条" in run(path, "--user", role_users[Role.ADMIN].username)


def test_an_actor_limited_to_an_area_imports_only_its_enterprises(tmp_path, role_users):
    # The command asks for the add permission first; the service itself keeps any actor to its scope.
    county, other = role_users[Role.COUNTY], role_users["other_enterprise"]  # 秀峰区; 阳朔县
    rows = [[role_users["own_enterprise"].credit_code, "经营异常", "2024-03-01", "", AUTHORITY],
            [other.credit_code, "经营异常", "2024-03-01", "", AUTHORITY]]
    report = import_dataset("credit", read_dataset(write_file(tmp_path, "csv", CREDIT_HEADERS, rows)), actor=county)
    assert [str(error) for error in report.row_errors] == [
        f"第 3 行【统一社会信用代码】：企业库中没有统一社会信用代码为 {other.credit_code} 的企业或不在您的管辖范围内，请先导入企业"]
    assert not CreditEntry.objects.exists()


# -- the admin ---------------------------------------------------------------------------------------------------

def url(name, *args):
    return reverse(f"admin:enterprises_creditentry_{name}", args=args)


def test_who_sees_and_who_writes_credit_listings_in_the_admin(client, role_users):
    own = credit_entry(role_users["own_enterprise"], date(2024, 3, 1), authority="秀峰区市场监管局")
    theirs = credit_entry(role_users["other_enterprise"], date(2024, 3, 1), authority="阳朔县市场监管局")
    expected = {  # role: (sees own, sees theirs, may add)
        Role.REVIEWER: (True, True, True), Role.ADMIN: (True, True, True), Role.FINANCE: (True, True, False),
        Role.COUNTY: (True, False, False), Role.LIAISON: (False, False, False),
        Role.FINANCIAL_SERVICES: (False, False, False),
    }
    for role, (sees_own, sees_theirs, may_add) in expected.items():
        client.force_login(role_users[role])
        response = client.get(url("changelist"))
        if not sees_own:
            assert response.status_code == 403, role
            continue
        page = response.content.decode()
        assert ("秀峰区市场监管局" in page, "阳朔县市场监管局" in page) == (sees_own, sees_theirs), role
        assert client.get(url("change", theirs.pk)).status_code == (200 if sees_theirs else 404), role
        assert client.get(url("change", own.pk)).status_code == 200, role
        assert (client.get(url("add")).status_code == 200) == may_add, role


def test_reviewer_saves_a_listing_and_its_removal_through_the_service(client, role_users, monkeypatch):
    calls = []
    real = services.save_credit_entry

    def spy(**kwargs):
        calls.append(kwargs["actor"])
        return real(**kwargs)

    monkeypatch.setattr(services, "save_credit_entry", spy)
    reviewer, firm = role_users[Role.REVIEWER], role_users["other_enterprise"]
    client.force_login(reviewer)
    form = {"enterprise": firm.pk, "status": CreditStatus.JUDGMENT_DEFAULTER, "listed_on": "2024-03-01",
            "removed_on": "", "authority": "桂林市中级人民法院"}
    assert client.post(url("add"), form).status_code == 302
    entry = CreditEntry.objects.get()
    assert client.post(url("change", entry.pk), {**form, "removed_on": "2025-02-01"}).status_code == 302
    assert calls == [reviewer, reviewer]
    assert [(h.history_type, h.history_user, h.removed_on) for h in entry.history.order_by("history_id")] == [
        ("+", reviewer, None), ("~", reviewer, date(2025, 2, 1))]
    response = client.post(url("change", entry.pk), {**form, "removed_on": "2024-02-01"})
    assert response.status_code == 200 and "credit_entry_removed_after_listed" in response.content.decode()
    assert client.post(url("delete", entry.pk), {"post": "yes"}).status_code == 302
    assert not CreditEntry.objects.exists()
    assert CreditEntry.history.filter(history_type="-").get().history_user == reviewer


def test_admin_exports_and_imports_listings_with_the_same_columns(client, role_users):
    firm = role_users["own_enterprise"]
    credit_entry(firm, date(2024, 3, 1), removed_on=date(2025, 1, 15))
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(url("export"), {"format": "1", "resource": "0"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith('attachment; filename="credit-')
    sheet = read_xlsx(response.content)
    assert [cell.value for cell in sheet[1]] == CREDIT_HEADERS
    assert [cell.value for cell in sheet[2]][:2] == [firm.credit_code, "经营异常"]

    content = csv_bytes(CREDIT_HEADERS, [[firm.credit_code, "失信被执行人", "2024-06-01", "", "桂林市中级人民法院"]])
    preview = client.post(url("import"), {
        "resource": "0", "format": "0", "import_file": SimpleUploadedFile("credit.csv", content, "text/csv")})
    assert preview.status_code == 200 and "新增 1 条" in preview.content.decode()
    assert CreditEntry.objects.count() == 1  # the preview wrote nothing


def test_a_county_officials_service_call_outside_its_area_is_refused(role_users):
    entry = CreditEntry(enterprise=role_users["other_enterprise"], status=CreditStatus.ABNORMAL_OPERATION,
                        listed_on=date(2024, 3, 1), authority=AUTHORITY)
    with pytest.raises(PermissionDenied):
        services.save_credit_entry(actor=role_users[Role.COUNTY], entry=entry)
    services.save_credit_entry(actor=SETUP, entry=entry)
    assert CreditEntry.objects.get().history.get().history_user is None
