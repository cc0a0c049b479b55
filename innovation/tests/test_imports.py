"""The three kinds through `import_data`: a good file, a re-import that changes nothing, one bad row refusing the
whole file and named, an unknown 技术领域 naming the nearest known ones, a county kept to its own area."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, make_user
from enterprises.tests.files import write_file
from innovation.models import RenovationProject, TechAchievement, TechDemand
from innovation.rules import token_text

pytestmark = pytest.mark.django_db

DEMAND_HEADERS = ["统一社会信用代码", "需求名称", "技术领域", "需求描述", "拟投入（万元）", "截止日期"]
ACHIEVEMENT_HEADERS = ["成果名称", "完成单位", "技术领域", "成果简介", "成熟度", "转化方式"]
RENOVATION_HEADERS = ["统一社会信用代码", "项目名称", "改造类型", "总投资（万元）", "开工日期"]


def _run(kind, path, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_data", kind, str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    return out.getvalue() + err.getvalue()


@pytest.fixture
def firm(areas):
    return EnterpriseFactory(area=areas["七星区"])


@pytest.mark.parametrize("style", ["csv-bom", "csv", "xlsx"])
def test_demands_import_and_a_second_import_changes_nothing(tmp_path, firm, style):
    rows = [
        [firm.credit_code, "高精度光纤连接器自动化组装", "光电子与光通信", "插芯自动化组装，同轴度微米级", "120.5",
         date(2026, 12, 31)],
        [firm.credit_code, "橡胶制品低碳硫化工艺", "橡胶与高分子材料", "降低硫化能耗", "", ""],
    ]
    path = write_file(tmp_path, style, DEMAND_HEADERS, rows)
    assert "新增 2 条，更新 0 条，未变化 0 条" in _run("tech-demands", path)
    demand = TechDemand.objects.get(name="高精度光纤连接器自动化组装")
    assert demand.budget_wan == Decimal("120.50") and demand.deadline == date(2026, 12, 31)
    assert demand.field.name == "光电子与光通信" and demand.counts
    assert demand.tokens == token_text(demand.name, demand.description)
    assert TechDemand.objects.get(name="橡胶制品低碳硫化工艺").budget_wan is None
    assert "新增 0 条，更新 0 条，未变化 2 条" in _run("tech-demands", path)
    assert demand.history.count() == 1


def test_a_changed_description_updates_the_demand_and_its_tokens(tmp_path, firm):
    path = write_file(tmp_path, "csv", DEMAND_HEADERS, [[firm.credit_code, "罗汉果甜苷高效提取", "中药民族药", "提高收率", "", ""]])
    _run("tech-demands", path)
    path = write_file(tmp_path, "csv", DEMAND_HEADERS,
                      [[firm.credit_code, "罗汉果甜苷高效提取", "中药民族药", "膜分离纯化", "", ""]], name="again")
    assert "新增 0 条，更新 1 条，未变化 0 条" in _run("tech-demands", path)
    assert "膜分离" in TechDemand.objects.get().tokens


def test_one_bad_demand_row_refuses_the_file_and_is_named(tmp_path, firm):
    rows = [
        [firm.credit_code, "好的一行", "新材料", "描述", "10", ""],
        [firm.credit_code, "金额为负", "新材料", "描述", "-5", ""],
    ]
    output = _run("tech-demands", write_file(tmp_path, "csv", DEMAND_HEADERS, rows))
    assert "第 3 行【拟投入（万元）】：金额不能为负数" in output and "1 行有错误" in output
    assert not TechDemand.objects.exists()


def test_an_unknown_field_is_refused_with_the_nearest_known_names(tmp_path, firm):
    rows = [[firm.credit_code, "光通信", "光电子光通信", "描述", "", ""]]
    output = _run("tech-demands", write_file(tmp_path, "csv", DEMAND_HEADERS, rows))
    assert "第 2 行【技术领域】：技术领域“光电子光通信”不在词表中，相近的有：" in output
    assert "光电子与光通信" in output
    assert not TechDemand.objects.exists()


def test_a_county_cannot_import_another_areas_enterprise(tmp_path, areas, firm):
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    rows = [[firm.credit_code, "跨区需求", "新材料", "描述", "", ""]]
    output = _run("tech-demands", write_file(tmp_path, "csv", DEMAND_HEADERS, rows), "--user", county.username)
    assert "不在您的管辖范围内" in output and not TechDemand.objects.exists()
    rows = [[firm.credit_code, "跨区项目", "新设备", "100", "2025-03-01"]]
    output = _run("renovation-projects", write_file(tmp_path, "csv", RENOVATION_HEADERS, rows, name="p"),
                  "--user", county.username)
    assert "不在您的管辖范围内" in output and not RenovationProject.objects.exists()


def test_achievements_import_without_any_enterprise_and_reimport_unchanged(tmp_path):
    rows = [
        ["光纤连接器自动化装配视觉定位系统", "桂林电子科技大学", "光电子与光通信", "机器视觉定位", "中试", "许可"],
        ["罗汉果甜苷膜分离提取技术", "广西师范大学", "中药民族药", "膜分离纯化", "产业化", "作价入股"],
    ]
    path = write_file(tmp_path, "xlsx", ACHIEVEMENT_HEADERS, rows)
    assert "新增 2 条，更新 0 条，未变化 0 条" in _run("tech-achievements", path)
    achievement = TechAchievement.objects.get(institution="广西师范大学")
    assert (achievement.maturity, achievement.transfer_mode) == ("industrial", "equity")
    assert "膜分离" in achievement.tokens
    assert "新增 0 条，更新 0 条，未变化 2 条" in _run("tech-achievements", path)


def test_one_bad_achievement_row_names_the_allowed_values(tmp_path):
    rows = [
        ["成果一", "桂林理工大学", "新材料", "简介", "中试", "转让"],
        ["成果二", "桂林理工大学", "新材料", "简介", "量产", "转让"],
        ["成果一", "桂林理工大学", "新材料", "简介", "中试", "转让"],
    ]
    output = _run("tech-achievements", write_file(tmp_path, "csv", ACHIEVEMENT_HEADERS, rows))
    assert "第 3 行【成熟度】：成熟度“量产”无效，应为以下之一：实验室、小试、中试、产业化" in output
    assert "第 4 行【整行】：与第 2 行重复" in output
    assert not TechAchievement.objects.exists()


def test_a_county_cannot_import_the_achievement_catalogue(tmp_path, areas):
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    rows = [["成果一", "桂林理工大学", "新材料", "简介", "中试", "转让"]]
    output = _run("tech-achievements", write_file(tmp_path, "csv", ACHIEVEMENT_HEADERS, rows), "--user", county.username)
    assert not TechAchievement.objects.exists() and "没有导入" in output


def test_renovation_projects_import_reimport_and_refuse_a_bad_row(tmp_path, firm):
    rows = [[firm.credit_code, "智能硫化生产线改造", "新设备", "1,200.50", date(2025, 3, 1)]]
    path = write_file(tmp_path, "xlsx", RENOVATION_HEADERS, rows)
    assert "新增 1 条，更新 0 条，未变化 0 条" in _run("renovation-projects", path)
    project = RenovationProject.objects.get()
    assert (project.kind, project.investment_wan, project.started_on) == ("equipment", Decimal("1200.50"),
                                                                          date(2025, 3, 1))
    assert "新增 0 条，更新 0 条，未变化 1 条" in _run("renovation-projects", path)
    bad = write_file(tmp_path, "csv", RENOVATION_HEADERS, [
        [firm.credit_code, "新项目", "新工艺", "300", "2025-04-01"],
        [firm.credit_code, "坏项目", "新装备", "300", "2025-04-01"],
    ], name="bad")
    output = _run("renovation-projects", bad)
    assert "第 3 行【改造类型】：改造类型“新装备”无效，应为以下之一：新设备、新工艺、新材料、新产品、新模式" in output
    assert RenovationProject.objects.count() == 1


def test_a_missing_required_header_is_refused(tmp_path, firm):
    output = _run("renovation-projects", write_file(tmp_path, "csv", RENOVATION_HEADERS[:4], [[firm.credit_code, "x", "新设备", "1"]]))
    assert "缺少必填列：开工日期" in output


def test_a_county_imports_its_own_areas_demands_and_is_named_in_the_history(tmp_path, areas, firm):
    county = make_user(Role.COUNTY, area=areas["七星区"])
    rows = [[firm.credit_code, "本区需求", "新材料", "描述", "", ""]]
    output = _run("tech-demands", write_file(tmp_path, "csv", DEMAND_HEADERS, rows), "--user", county.username)
    assert "新增 1 条" in output
    assert TechDemand.objects.get().history.get().history_user == county
