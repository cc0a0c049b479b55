"""The four chain kinds through `import_data`: each imports, re-imports unchanged, refuses a file with one bad row
(naming it), and stays within a county user's scope."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chains.models import ChainLink, ChainMember, MemberRole, Position, Procurement, Product
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from enterprises.tests.files import write_file

from .conftest import member, srdi

pytestmark = pytest.mark.django_db

CHAIN_HEADERS = ["产业链", "环节", "环节位置", "是否薄弱环节", "关键短板说明"]
MEMBER_HEADERS = ["统一社会信用代码", "产业链", "环节", "角色"]
PRODUCT_HEADERS = ["统一社会信用代码", "产品名称", "产品类别", "细分市场", "国内市场占有率（%）"]
PLAN_HEADERS = ["统一社会信用代码", "采购项目", "产品类别", "预计金额（万元）", "截止日期"]


def run(kind, path, *args):
    out = io.StringIO()
    call_command("import_data", kind, str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fail(kind, path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", kind, str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(raised.value)


@pytest.mark.parametrize("style", ["csv-bom", "xlsx"])
def test_chains_import_reimport_and_refuse_a_bad_row(tmp_path, style):
    rows = [["桂林电子信息产业链", "电子元器件", "上游", "否", ""],
            ["桂林电子信息产业链", "光通信器件", "中游", "是", "高端光芯片依赖外购"]]
    path = write_file(tmp_path, style, CHAIN_HEADERS, rows)
    assert "新增 2 条" in run("chains", path)
    weak = ChainLink.objects.get(name="光通信器件")
    assert (weak.position, weak.weak, weak.gap_note) == (Position.MIDSTREAM, True, "高端光芯片依赖外购")
    assert weak.history.count() == 1
    assert "新增 0 条，更新 0 条，未变化 2 条" in run("chains", path)

    bad = write_file(tmp_path, style, CHAIN_HEADERS, [["先进装备制造产业链", "汽车零部件", "中游", "是", ""],
                                                     ["先进装备制造产业链", "工程机械整机", "末端", "否", ""]], name="bad")
    message = fail("chains", bad)
    assert "第 3 行【环节位置】" in message and "上游、中游、下游" in message
    assert not ChainLink.objects.filter(chain="先进装备制造产业链").exists()


def test_a_county_cannot_rewrite_the_chain_list(tmp_path, areas):
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    path = write_file(tmp_path, "csv", CHAIN_HEADERS, [["桂林电子信息产业链", "电子元器件", "上游", "否", ""]])
    assert "没有导入" in fail("chains", path, "--user", county.username)


def test_chain_members_need_the_link_and_reimport_unchanged(tmp_path, areas, chain_links):
    firm = srdi(areas["七星区"])
    rows = [[firm.credit_code, "桂林电子信息产业链", "光通信器件", "链主企业"],
            [firm.credit_code, "桂林电子信息产业链", "智能终端", "配套企业"]]
    path = write_file(tmp_path, "csv", MEMBER_HEADERS, rows)
    assert "新增 2 条" in run("chain-members", path)
    assert ChainMember.objects.get(link=chain_links["mid"]).role == MemberRole.LEADER
    assert "新增 0 条，更新 0 条，未变化 2 条" in run("chain-members", path)

    bad = write_file(tmp_path, "csv", MEMBER_HEADERS, [[firm.credit_code, "桂林电子信息产业链", "电子元器件", "配套企业"],
                                                      [firm.credit_code, "桂林电子信息产业链", "光模块", "配套企业"],
                                                      [firm.credit_code, "无此产业链", "光模块", "配套企业"]], name="bad")
    message = fail("chain-members", bad)
    assert "第 3 行【环节】" in message and "没有环节“光模块”" in message
    assert "第 4 行【产业链】" in message
    assert not ChainMember.objects.filter(link=chain_links["up"]).exists()


@pytest.mark.parametrize("style", ["csv", "xlsx"])
def test_products_import_confirmed_and_an_unknown_category_names_the_nearest(tmp_path, areas, style):
    firm = srdi(areas["七星区"])
    rows = [[firm.credit_code, "25G 光模块", "光通信器件", "数据中心光互连", "12.5"],
            [firm.credit_code, "贴片电容", "电子元器件", "", ""]]
    path = write_file(tmp_path, style, PRODUCT_HEADERS, rows)
    assert "新增 2 条" in run("products", path)
    module = Product.objects.get(name="25G 光模块")
    assert str(module.domestic_share) == "12.50" and module.filing_state == FilingState.CONFIRMED
    assert Product.objects.get(name="贴片电容").domestic_share is None
    assert "新增 0 条，更新 0 条，未变化 2 条" in run("products", path)

    bad = write_file(tmp_path, style, PRODUCT_HEADERS, [[firm.credit_code, "光纤连接器", "光通讯器件", "", ""],
                                                       [firm.credit_code, "光开关", "光通信器件", "", "120"]], name="bad")
    message = fail("products", bad)
    assert "第 2 行【产品类别】" in message and "光通信器件" in message
    assert "第 3 行【国内市场占有率（%）】" in message
    assert Product.objects.count() == 2


def test_a_county_imports_products_of_its_own_area_only(tmp_path, areas):
    own, other = srdi(areas["秀峰区"]), srdi(areas["阳朔县"])
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    path = write_file(tmp_path, "csv", PRODUCT_HEADERS, [[own.credit_code, "贴片电容", "电子元器件", "", ""],
                                                        [other.credit_code, "贴片电感", "电子元器件", "", ""]])
    message = fail("products", path, "--user", county.username)
    assert "第 3 行【统一社会信用代码】" in message and "不在您的管辖范围内" in message
    assert not Product.objects.exists()


def test_procurement_needs_a_chain_leader(tmp_path, areas, chain_links):
    leader, supplier = srdi(areas["七星区"]), srdi(areas["七星区"])
    member(leader, chain_links["down"], MemberRole.LEADER)
    member(supplier, chain_links["up"], MemberRole.SUPPLIER)
    path = write_file(tmp_path, "csv", PLAN_HEADERS, [[leader.credit_code, "终端主板元器件采购", "电子元器件", "350.5",
                                                      "2026-12-31"]])
    assert "新增 1 条" in run("procurement", path)
    plan = Procurement.objects.get()
    assert (plan.enterprise, str(plan.amount_wan), plan.category.name) == (leader, "350.50", "电子元器件")
    assert "新增 0 条，更新 0 条，未变化 1 条" in run("procurement", path)

    bad = write_file(tmp_path, "csv", PLAN_HEADERS, [[leader.credit_code, "光器件采购", "光通信器件", "80", "2026-10-01"],
                                                    [supplier.credit_code, "外壳采购", "包装材料", "10", "2026-10-01"]],
                     name="bad")
    message = fail("procurement", bad)
    assert "第 3 行【统一社会信用代码】" in message and "链主企业" in message
    assert Procurement.objects.count() == 1


def test_a_changed_row_updates_and_a_dry_run_writes_nothing(tmp_path):
    path = write_file(tmp_path, "csv", CHAIN_HEADERS, [["桂林电子信息产业链", "光通信器件", "中游", "否", ""]])
    assert "将新增 1 条" in run("chains", path, "--dry-run")
    assert not ChainLink.objects.exists()
    run("chains", path)
    changed = write_file(tmp_path, "csv", CHAIN_HEADERS, [["桂林电子信息产业链", "光通信器件", "中游", "是", "缺光芯片"]],
                         name="changed")
    assert "新增 0 条，更新 1 条，未变化 0 条" in run("chains", changed)
    link = ChainLink.objects.get()
    assert (link.weak, link.gap_note, link.history.count()) == (True, "缺光芯片", 2)
    # A blank optional cell keeps what the list holds.
    run("chains", path)
    assert ChainLink.objects.get().gap_note == "缺光芯片"
