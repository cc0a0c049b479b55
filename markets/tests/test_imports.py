"""`manage.py import_data logistics|honours|fairs|ecommerce`: the exact headers, each row read strictly, all or
nothing with the bad row named, re-import unchanged, and a county importing its own area only."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory
from enterprises.tests.files import write_file
from markets.models import (
    FairParticipation,
    Honour,
    HonourCategory,
    HonourLevel,
    LogisticsMode,
    LogisticsSupport,
    OnlineSales,
)

from .factories import honour

pytestmark = pytest.mark.django_db

LOGISTICS = ["统一社会信用代码", "年度", "支持方式", "降低物流成本（万元）"]
HONOURS = ["统一社会信用代码", "类别", "名称", "级别", "获得日期", "文号"]
FAIRS = ["统一社会信用代码", "展会名称", "举办地", "开始日期", "结束日期", "意向成交额（万元）"]
ECOMMERCE = ["统一社会信用代码", "年度", "平台", "网络销售额（万元）", "是否跨境"]
MODELS = {"logistics": LogisticsSupport, "honours": Honour, "fairs": FairParticipation, "ecommerce": OnlineSales}


def run(kind, path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def refused(kind, path, *args):
    """stderr of a run that must fail, after checking it wrote nothing."""
    before = MODELS[kind].objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_data", kind, str(path), *args, stdout=io.StringIO(), stderr=err)
    assert MODELS[kind].objects.count() == before
    return err.getvalue() + str(failure.value)


def files(tmp_path, kind, enterprise, other):
    """A two-row file of `kind` for two enterprises, and the values each row must store."""
    a, b = enterprise.credit_code, other.credit_code
    return {
        "logistics": (LOGISTICS, [[a, 2025, "物流外包", "12.5"], [b, 2026, "供应链管理", "1,200.00"]],
                      lambda: sorted(LogisticsSupport.objects.values_list("year", "mode", "cost_saved_wan")),
                      [(2025, LogisticsMode.OUTSOURCING, Decimal("12.50")),
                       (2026, LogisticsMode.SUPPLY_CHAIN, Decimal("1200.00"))]),
        "honours": (HONOURS, [[a, "质量奖", "广西壮族自治区主席质量奖", "自治区级", "2025-05-20", "桂政发〔2025〕3号"],
                              [b, "老字号", "桂林米粉老字号", "市级", "2024-11-01", ""]],
                    lambda: sorted(Honour.objects.values_list("category", "level", "granted_on", "document_number")),
                    sorted([(HonourCategory.QUALITY_AWARD, HonourLevel.REGIONAL, date(2025, 5, 20), "桂政发〔2025〕3号"),
                            (HonourCategory.TIME_HONOURED, HonourLevel.MUNICIPAL, date(2024, 11, 1), "")])),
        "fairs": (FAIRS, [[a, "中国—东盟博览会", "南宁", "2025-09-17", "2025-09-20", "350"],
                          [b, "广交会", "广州", "2025-10-15", "2025-10-19", ""]],
                  lambda: sorted(FairParticipation.objects.values_list("fair_name", "ends_on", "intended_deals_wan")),
                  [("中国—东盟博览会", date(2025, 9, 20), Decimal("350.00")), ("广交会", date(2025, 10, 19), None)]),
        "ecommerce": (ECOMMERCE, [[a, 2025, "天猫", "800", "否"], [b, 2025, "阿里巴巴国际站", "66.6", "是"]],
                      lambda: sorted(OnlineSales.objects.values_list("platform", "sales_wan", "cross_border")),
                      [("天猫", Decimal("800.00"), False), ("阿里巴巴国际站", Decimal("66.60"), True)]),
    }[kind]


@pytest.mark.parametrize("kind", ["logistics", "honours", "fairs", "ecommerce"])
def test_each_kind_imports_and_a_second_run_changes_nothing(tmp_path, kind):
    enterprise, other = EnterpriseFactory(), EnterpriseFactory()
    headers, rows, stored, expected = files(tmp_path, kind, enterprise, other)
    path = write_file(tmp_path, "csv-bom", headers, rows)
    assert "新增 2 条，更新 0 条，未变化 0 条" in run(kind, path)
    assert stored() == expected
    assert "新增 0 条，更新 0 条，未变化 2 条" in run(kind, path)
    if kind != "logistics":  # the bureau's import is its own act: the rows count at once
        assert set(MODELS[kind].objects.values_list("filing_state", flat=True)) == {FilingState.CONFIRMED}
    record = MODELS[kind].objects.get(enterprise=enterprise)
    assert record.history.count() == 1 and record.history.first().history_type == "+"


def test_fair_dates_may_be_excel_date_cells(tmp_path):
    enterprise = EnterpriseFactory()
    path = write_file(tmp_path, "xlsx", FAIRS,
                      [[enterprise.credit_code, "中国进出口商品交易会", "广州", date(2025, 10, 15), date(2025, 10, 19), 120]])
    run("fairs", path)
    fair = FairParticipation.objects.get()
    assert (fair.starts_on, fair.ends_on, fair.intended_deals_wan) == (date(2025, 10, 15), date(2025, 10, 19),
                                                                       Decimal("120.00"))


@pytest.mark.parametrize(("kind", "headers", "bad", "reason"), [
    ("fairs", FAIRS, ["中国—东盟博览会", "南宁", "2025-09-20", "2025-09-17", ""], "结束日期早于开始日期"),
    ("ecommerce", ECOMMERCE, [2025, "京东", "10", "Y"], "应填“是”或“否”"),
    ("ecommerce", ECOMMERCE, [2025, "京东", "10", "1"], "应填“是”或“否”"),
    ("honours", HONOURS, ["省长奖", "某奖", "自治区级", "2025-01-01", ""], "类别“省长奖”无效"),
    ("honours", HONOURS, ["质量奖", "某奖", "省级", "2025-01-01", ""], "级别“省级”无效"),
    ("honours", HONOURS, ["质量奖", "某奖", "市级", "2025/01/01", ""], "格式不正确"),
    ("logistics", LOGISTICS, [2025, "空运", "3"], "支持方式“空运”无效"),
    ("logistics", LOGISTICS, [2025, "物流外包", "-3"], "不能为负数"),
    ("logistics", LOGISTICS, [2025, "物流外包", "3.125"], "单位：万元"),
])
def test_one_bad_row_refuses_the_whole_file_and_is_named(tmp_path, kind, headers, bad, reason):
    good, wrong = EnterpriseFactory(), EnterpriseFactory()
    first = files(tmp_path, kind, good, good)[1][0]
    path = write_file(tmp_path, "csv", headers, [first, [wrong.credit_code, *bad]])
    err = refused(kind, path)
    assert "第 3 行" in err and reason in err and "第 2 行" not in err


def test_the_same_key_twice_in_a_file_is_refused(tmp_path):
    enterprise = EnterpriseFactory()
    row = [enterprise.credit_code, 2025, "天猫", "10", "否"]
    err = refused("ecommerce", write_file(tmp_path, "csv", ECOMMERCE, [row, [*row[:3], "20", "否"]]))
    assert "第 3 行" in err and "与第 2 行重复" in err


def test_exact_headers_are_required(tmp_path):
    enterprise = EnterpriseFactory()
    path = write_file(tmp_path, "csv", [*LOGISTICS, "备注"], [[enterprise.credit_code, 2025, "物流外包", "3", "x"]])
    assert "表头应为且仅为" in refused("logistics", path)
    path = write_file(tmp_path, "csv", ["统一社会信用代码", "年度", "平台", "销售额", "是否跨境"],
                      [[enterprise.credit_code, 2025, "天猫", "3", "否"]])
    assert "表头应为且仅为" in refused("ecommerce", path)


def test_an_import_confirms_an_enterprises_draft_and_keeps_a_blank_optional_cell(tmp_path):
    enterprise = EnterpriseFactory()
    draft = honour(enterprise, name="桂林米粉老字号", category=HonourCategory.TIME_HONOURED,
                   document_number="桂商务发〔2025〕8号", state=FilingState.DRAFT)
    path = write_file(tmp_path, "csv", HONOURS[:-1],
                      [[enterprise.credit_code, "老字号", "桂林米粉老字号", "自治区级", "2025-05-20"]])
    assert "更新 1 条" in run("honours", path)
    draft.refresh_from_db()
    assert draft.filing_state == FilingState.CONFIRMED and draft.document_number == "桂商务发〔2025〕8号"


def test_a_county_imports_its_own_area_only(tmp_path, role_users):
    county = role_users[Role.COUNTY]
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    path = write_file(tmp_path, "csv", HONOURS, [
        [own.credit_code, "质量奖", "桂林市市长质量奖", "市级", "2025-03-01", ""],
        [other.credit_code, "驰名商标", "驰名商标", "国家级", "2025-03-01", ""],
    ])
    err = refused("honours", path, "--user", county.username)
    assert "第 3 行" in err and "不在您的管辖范围内" in err
    ok = write_file(tmp_path, "csv", HONOURS, [[own.credit_code, "质量奖", "桂林市市长质量奖", "市级", "2025-03-01", ""]],
                    name="own")
    assert "新增 1 条" in run("honours", ok, "--user", county.username)


def test_logistics_is_imported_by_the_bureau_only(tmp_path, role_users):
    path = write_file(tmp_path, "csv", LOGISTICS, [[role_users["own_enterprise"].credit_code, 2025, "物流外包", "3"]])
    assert "没有导入" in refused("logistics", path, "--user", role_users[Role.COUNTY].username)
    assert "新增 1 条" in run("logistics", path, "--user", role_users[Role.REVIEWER].username)
