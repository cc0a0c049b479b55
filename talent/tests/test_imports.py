"""`manage.py import_data talent-needs|talents FILE`: the registry's one pipeline — all or nothing, bad rows named,
re-import unchanged, scoped by --user."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.filing_services import save_filing_draft
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.selectors import today
from enterprises.tests.factories import EnterpriseFactory, make_user
from enterprises.tests.files import write_file
from talent.models import Talent, TalentLevel, TalentNeed

pytestmark = pytest.mark.django_db
NEED_HEADERS = ["统一社会信用代码", "年度", "岗位", "专业方向", "需求人数", "学历要求"]
TALENT_HEADERS = ["统一社会信用代码", "姓名", "人才层次", "认定日期", "认定文号"]


def run(kind, path, *args):
    out = io.StringIO()
    call_command("import_data", kind, str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fail(kind, path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", kind, str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(raised.value)


@pytest.fixture
def firms(areas):
    return EnterpriseFactory(area=areas["秀峰区"]), EnterpriseFactory(area=areas["阳朔县"])


@pytest.mark.parametrize("style", ["csv-bom", "xlsx"])
def test_talent_needs_import_confirmed_and_reimport_changes_nothing(tmp_path, firms, style):
    year = today().year
    own, other = firms
    rows = [
        [own.credit_code, year, "数控加工技师", "机械设计制造及其自动化", 5, "大专"],
        [own.credit_code, year, "软件开发工程师", "软件工程", "2", ""],
        [other.credit_code.lower(), year - 1, "制剂研发研究员", "生物制药", 1, "硕士研究生"],
    ]
    path = write_file(tmp_path, style, NEED_HEADERS, rows)
    assert "新增 3 条，更新 0 条，未变化 0 条" in run("talent-needs", path)
    needs = {n.position: n for n in TalentNeed.objects.all()}
    assert needs["数控加工技师"].headcount == 5 and needs["数控加工技师"].enterprise == own
    assert needs["软件开发工程师"].education == ""
    assert needs["制剂研发研究员"].year == year - 1 and needs["制剂研发研究员"].enterprise == other
    assert {n.filing_state for n in needs.values()} == {FilingState.CONFIRMED}
    assert TalentNeed.history.count() == 3
    assert "新增 0 条，更新 0 条，未变化 3 条" in run("talent-needs", path)
    assert TalentNeed.history.count() == 3


def test_the_education_column_may_be_left_out_and_a_change_updates(tmp_path, firms):
    year = today().year
    own, _ = firms
    first = write_file(tmp_path, "csv", NEED_HEADERS, [[own.credit_code, year, "电气设计工程师", "电气工程及其自动化", 2, "本科"]],
                       name="first")
    run("talent-needs", first)
    second = write_file(tmp_path, "csv", NEED_HEADERS[:5], [[own.credit_code, year, "电气设计工程师", "电气工程及其自动化", 4]],
                        name="second")
    assert "新增 0 条，更新 1 条，未变化 0 条" in run("talent-needs", second)
    stored = TalentNeed.objects.get()
    assert (stored.headcount, stored.education) == (4, "本科")  # a left-out optional column keeps what was held


def test_one_bad_row_imports_nothing_and_names_the_row_and_reason(tmp_path, firms):
    year = today().year
    own, _ = firms
    rows = [
        [own.credit_code, year, "机械设计工程师", "机械设计制造及其自动化", 3, "本科"],
        [own.credit_code, year, "模具工艺工程师", "材料成型及控制工程", 0, "本科"],
        [own.credit_code, year, "机械设计工程师", "机械设计制造及其自动化", 1, ""],
    ]
    message = fail("talent-needs", write_file(tmp_path, "csv", NEED_HEADERS, rows))
    assert "第 3 行【需求人数】" in message and "1 至" in message
    assert "第 4 行" in message and "与第 2 行重复" in message
    assert not TalentNeed.objects.exists()


def test_a_county_official_imports_its_own_area_only(tmp_path, firms, areas):
    year = today().year
    own, other = firms
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    mixed = write_file(tmp_path, "csv", NEED_HEADERS, [
        [own.credit_code, year, "机械设计工程师", "机械设计制造及其自动化", 3, "本科"],
        [other.credit_code, year, "软件开发工程师", "软件工程", 2, "本科"],
    ])
    message = fail("talent-needs", mixed, "--user", county.username)
    assert "第 3 行【统一社会信用代码】" in message and "不在您的管辖范围内" in message
    assert not TalentNeed.objects.exists()
    own_only = write_file(tmp_path, "csv", NEED_HEADERS, [[own.credit_code, year, "机械设计工程师", "机械设计制造及其自动化", 3, ""]],
                          name="own")
    assert "新增 1 条" in run("talent-needs", own_only, "--user", county.username)
    assert TalentNeed.history.get().history_user == county


def test_the_bureaus_file_confirms_a_draft_of_the_same_position(tmp_path, firms):
    year = today().year
    own, _ = firms
    user = make_user(Role.ENTERPRISE, enterprise=own)
    save_filing_draft(actor=user, record=TalentNeed(year=year, position="机械设计工程师", specialty="机械设计制造及其自动化",
                                                    headcount=2))
    run("talent-needs", write_file(tmp_path, "csv", NEED_HEADERS, [[own.credit_code, year, "机械设计工程师", "机械设计制造及其自动化", 3, "本科"]]))
    stored = TalentNeed.objects.get()
    assert (stored.headcount, stored.filing_state) == (3, FilingState.CONFIRMED)


@pytest.mark.parametrize("style", ["csv", "xlsx"])
def test_talents_import_and_reimport_changes_nothing(tmp_path, firms, style):
    own, other = firms
    rows = [
        [own.credit_code, "李建华", "C类", date(2025, 6, 1), "桂人才认〔2025〕8号"],
        [own.credit_code, "王晓东", "e类", date(2026, 3, 15), "桂人才认〔2026〕3号"],
        [other.credit_code, "李建华", "A", date(2025, 6, 1), "桂人才认〔2025〕8号"],
    ]
    path = write_file(tmp_path, style, TALENT_HEADERS, rows)
    assert "新增 3 条，更新 0 条，未变化 0 条" in run("talents", path)
    assert Talent.objects.get(enterprise=own, name="王晓东").level == TalentLevel.E
    assert Talent.objects.get(enterprise=other).level == TalentLevel.A
    assert "新增 0 条，更新 0 条，未变化 3 条" in run("talents", path)


def test_a_bad_talent_row_imports_nothing(tmp_path, firms):
    own, _ = firms
    rows = [
        [own.credit_code, "李建华", "C类", "2025-06-01", "桂人才认〔2025〕8号"],
        [own.credit_code, "王晓东", "F类", "2025-06-01", "桂人才认〔2025〕9号"],
        [own.credit_code, "张志强", "D类", "2025-06-01", ""],
    ]
    message = fail("talents", write_file(tmp_path, "csv", TALENT_HEADERS, rows))
    assert "第 3 行【人才层次】" in message and "A类、B类、C类、D类、E类" in message
    assert "第 4 行【认定文号】：不能为空" in message
    assert not Talent.objects.exists()


def test_only_an_administrator_may_import_talents(tmp_path, firms, areas):
    own, _ = firms
    path = write_file(tmp_path, "csv", TALENT_HEADERS, [[own.credit_code, "李建华", "C类", "2025-06-01", "桂人才认〔2025〕8号"]])
    for role, area in ((Role.COUNTY, areas["秀峰区"]), (Role.REVIEWER, None)):
        user = make_user(role, area=area)
        assert "没有导入高层次人才的权限" in fail("talents", path, "--user", user.username)
    assert not Talent.objects.exists()
    admin = make_user(Role.ADMIN)
    assert "新增 1 条" in run("talents", path, "--user", admin.username)
