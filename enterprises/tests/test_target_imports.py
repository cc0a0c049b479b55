"""`manage.py import_targets` and its service: the "targets" kind of the registry's import pipeline, reported as
the command always has (moved here from dashboards/tests/test_services.py with the code)."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audit import COMMAND
from enterprises.importing import TargetImportError, import_dataset, import_targets
from enterprises.models import AreaTarget
from enterprises.roles import Role
from enterprises.spreadsheets import read_dataset
from enterprises.tests.factories import make_user

pytestmark = pytest.mark.django_db
HEADER = "所属区域,年度,新增市级专精特新目标（家）\n"


def write_csv(tmp_path, body, encoding="utf-8-sig"):
    path = tmp_path / "targets.csv"
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def test_csv_import_creates_and_updates_targets_with_history(tmp_path, areas):
    actor = make_user(Role.ADMIN)
    AreaTarget.objects.create(area=areas["秀峰区"], year=2027, new_municipal_target=1)
    path = write_csv(tmp_path, "秀峰区,2027,4\n450321,2027,2\n高铁(桂林)广西园,2027,1\n")
    summary = import_targets(actor=actor, path=path)
    assert (summary.new, summary.updated) == (2, 1)
    targets = {t.area.name: t.new_municipal_target for t in AreaTarget.objects.filter(year=2027)}
    assert targets == {"秀峰区": 4, "阳朔县": 2, "高铁（桂林）广西园": 1}
    latest = AreaTarget.objects.get(area=areas["秀峰区"], year=2027).history.first()
    assert latest.history_user == actor and latest.new_municipal_target == 4
    # the same file again changes nothing
    assert import_targets(actor=actor, path=path).unchanged == 3


def test_a_bad_row_refuses_the_whole_file_with_row_numbers(tmp_path, areas):
    path = write_csv(tmp_path, "秀峰区,2028,4\n火星区,2028,2\n\n阳朔县,20x8,1\n临桂区,2028,-1\n")
    with pytest.raises(TargetImportError) as refused:
        import_targets(actor=COMMAND, path=path)
    assert refused.value.errors == [
        "第 3 行：未知区域“火星区”（应为 20 个指标单位之一）",
        "第 5 行：年度“20x8”不是整数",
        "第 6 行：目标“-1”超出范围",
    ]
    assert not AreaTarget.objects.filter(year=2028).exists()


def test_duplicate_and_wrong_headers_are_refused(tmp_path, areas):
    with pytest.raises(TargetImportError, match="第 3 行：秀峰区 2029 年与第 2 行重复"):
        import_targets(actor=COMMAND, path=write_csv(tmp_path, "秀峰区,2029,4\n秀峰区,2029,5\n"))
    bad = tmp_path / "bad.csv"
    bad.write_text("区域,年度,目标\n秀峰区,2029,4\n", encoding="utf-8")
    with pytest.raises(TargetImportError, match="表头应为且仅为"):
        import_targets(actor=COMMAND, path=bad)
    assert not AreaTarget.objects.filter(year=2029).exists()


def test_gb18030_csv_and_xlsx(tmp_path, areas):
    import_targets(actor=COMMAND, path=write_csv(tmp_path, "七星区,2030,3\n", encoding="gb18030"))
    workbook = Workbook()
    workbook.active.append(["所属区域", "年度", "新增市级专精特新目标（家）"])
    workbook.active.append(["资源县", 2030, 1])
    workbook.active.append([None, None, None])
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    import_targets(actor=COMMAND, path=path)
    assert {t.area.name: t.new_municipal_target for t in AreaTarget.objects.filter(year=2030)} == {"七星区": 3, "资源县": 1}


def test_command(tmp_path, areas, capsys):
    call_command("import_targets", str(write_csv(tmp_path, "雁山区,2031,2\n")))
    assert "新增 1 条" in capsys.readouterr().out
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_targets", str(write_csv(tmp_path, "雁山区,2031,x\n")))
    with pytest.raises(CommandError, match="仅接受 .csv 或 .xlsx"):
        call_command("import_targets", str(tmp_path / "targets.xls"))
    assert AreaTarget.objects.get(year=2031).new_municipal_target == 2


# -- the same pipeline as every other kind: manage.py import_data targets ------------------------------------------

def import_data(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", "targets", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def test_import_data_targets_refuses_a_file_with_a_bad_row_and_names_it(tmp_path, areas):
    path = write_csv(tmp_path, "秀峰区,2032,4\n七星区,2032,两家\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="区域年度指标导入失败：共 1 行有错误，未写入任何数据") as refused:
        call_command("import_data", "targets", str(path), stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 1
    assert err.getvalue().splitlines() == ["第 3 行【新增市级专精特新目标（家）】：目标“两家”不是整数"]
    assert not AreaTarget.objects.exists() and not AreaTarget.history.exists()
    # import_targets reports the same row in its own words
    with pytest.raises(TargetImportError) as legacy:
        import_targets(actor=COMMAND, path=path)
    assert legacy.value.errors == ["第 3 行：目标“两家”不是整数"]


def test_import_data_targets_records_the_user_or_the_command_line(tmp_path, areas, role_users):
    reviewer = role_users[Role.REVIEWER]
    path = write_csv(tmp_path, "秀峰区,2032,4\n阳朔县,2032,1\n", encoding="utf-8")
    assert "区域年度指标导入完成：新增 2 条，更新 0 条，未变化 0 条" in import_data(path, "--user", reviewer.username)
    assert set(AreaTarget.history.values_list("history_user", "history_change_reason")) == {
        (reviewer.pk, "批量导入 targets.csv")}
    path.write_bytes((HEADER + "秀峰区,2032,5\n阳朔县,2032,1\n").encode("utf-8"))
    assert "新增 0 条，更新 1 条，未变化 1 条" in import_data(path)
    latest = AreaTarget.objects.get(area=areas["秀峰区"], year=2032).history.first()
    assert (latest.history_user, latest.history_change_reason) == (None, f"批量导入 targets.csv · {COMMAND.name}")
    # the county official may not import targets at all (view permission only)
    with pytest.raises(CommandError, match="没有导入区域年度指标的权限"):
        import_data(path, "--user", role_users[Role.COUNTY].username)


def test_targets_are_scoped_like_every_other_kind(tmp_path, areas, role_users):
    county = role_users[Role.COUNTY]  # 秀峰区
    dataset = read_dataset(write_csv(tmp_path, "秀峰区,2033,2\n阳朔县,2033,1\n"))
    report = import_dataset("targets", dataset, actor=county)
    assert report.error_lines() == ["第 3 行【所属区域】：无权导入“阳朔县”的指标，只能导入本区域的指标"]
    assert not AreaTarget.objects.exists()
    assert import_dataset("targets", read_dataset(write_csv(tmp_path, "秀峰区,2033,2\n")), actor=county).created == 1


def test_the_header_must_be_exactly_the_three_columns(tmp_path, areas):
    path = tmp_path / "extra.csv"
    path.write_text("所属区域,年度,新增市级专精特新目标（家）,备注\n秀峰区,2034,1,无\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_data", "targets", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert "表头应为且仅为：所属区域、年度、新增市级专精特新目标（家）；实际为：所属区域、年度、新增市级专精特新目标（家）、备注" \
        in err.getvalue()
    assert not AreaTarget.objects.exists()


def test_import_targets_requires_an_actor(tmp_path, areas):
    with pytest.raises(TypeError, match="actor is required"):
        import_targets(actor=None, path=write_csv(tmp_path, "秀峰区,2035,1\n"))
    with pytest.raises(TypeError, match="actor is required"):
        import_dataset("targets", read_dataset(write_csv(tmp_path, "秀峰区,2035,1\n")), actor=None)
    assert not AreaTarget.objects.exists()
