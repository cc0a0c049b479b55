"""`manage.py import_targets` and its service: the "targets" kind of the registry's import pipeline, reported as
the command always has (moved here from dashboards/tests/test_services.py with the code)."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audit import COMMAND
from enterprises.importing import TargetImportError, import_targets
from enterprises.models import AreaTarget
from enterprises.roles import Role
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
