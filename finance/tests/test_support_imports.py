"""(九) the finance-support file through `manage.py import_data finance-support`."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.importing import import_dataset
from enterprises.roles import Role
from enterprises.spreadsheets import RegistryCSV, read_dataset
from enterprises.tests.factories import EnterpriseFactory, make_user
from enterprises.tests.files import write_file
from finance.models import FinanceSupport
from finance.resources import FinanceSupportResource

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "支持类型", "金融机构", "金额（万元）", "日期", "备注"]


def rows_for(first, second):
    return [
        [first.credit_code, "贷款贴息", "桂林银行", "12.5", "2026-03-01", "桂惠贷贴息"],
        [first.credit_code, "担保风险补偿", "中国工商银行桂林分行", "300", "2026-04-02", ""],
        [second.credit_code, "供应链金融", "广西农信", "1,200.00", date(2026, 5, 6), ""],
    ]


def test_support_rows_import_in_wan_and_reimport_is_unchanged(tmp_path, areas, capsys):
    first, second = EnterpriseFactory(area=areas["秀峰区"]), EnterpriseFactory(area=areas["阳朔县"])
    path = write_file(tmp_path, "xlsx", HEADERS, rows_for(first, second))
    call_command("import_data", "finance-support", str(path))
    assert "新增 3 条" in capsys.readouterr().out
    chain = FinanceSupport.objects.get(enterprise=second)
    assert (chain.kind, chain.institution, chain.amount_wan, chain.granted_on) == (
        FinanceSupport.Kind.SUPPLY_CHAIN, "广西农信", Decimal("1200.00"), date(2026, 5, 6))
    assert FinanceSupport.objects.get(enterprise=first, kind=FinanceSupport.Kind.INTEREST_SUBSIDY).note == "桂惠贷贴息"

    call_command("import_data", "finance-support", str(path))
    assert "新增 0 条，更新 0 条，未变化 3 条" in capsys.readouterr().out


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(tmp_path, areas, capsys):
    first, second = EnterpriseFactory(area=areas["秀峰区"]), EnterpriseFactory(area=areas["阳朔县"])
    rows = rows_for(first, second)
    rows[2][1] = "股权融资"
    rows.append([first.credit_code, "保险服务", "人保财险桂林分公司", "-3", "2026-01-01", ""])
    with pytest.raises(CommandError, match="2 行有错误"):
        call_command("import_data", "finance-support", str(write_file(tmp_path, "csv", HEADERS, rows)))
    err = capsys.readouterr().err
    assert "第 4 行" in err and "股权融资" in err and "供应链金融" in err
    assert "第 5 行" in err and "负数" in err
    assert not FinanceSupport.objects.exists()


def test_a_county_official_cannot_import_another_areas_enterprise(tmp_path, areas, capsys):
    first, second = EnterpriseFactory(area=areas["秀峰区"]), EnterpriseFactory(area=areas["阳朔县"])
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    path = write_file(tmp_path, "csv", HEADERS, rows_for(first, second))
    with pytest.raises(CommandError, match="没有导入"):  # a county views its area's records, it does not import
        call_command("import_data", "finance-support", str(path), "--user", county.username)
    # the pipeline scopes the rows to the actor whatever called it: the other area's firm is not found
    report = import_dataset("finance-support", read_dataset(path), actor=county)
    lines = report.error_lines()
    assert len(lines) == 1 and "第 4 行" in lines[0] and "不在您的管辖范围内" in lines[0]
    assert not FinanceSupport.objects.exists()


def test_the_financial_services_office_imports_with_its_name_in_the_history(tmp_path, areas):
    first, second = EnterpriseFactory(area=areas["秀峰区"]), EnterpriseFactory(area=areas["阳朔县"])
    officer = make_user(Role.FINANCIAL_SERVICES)
    call_command("import_data", "finance-support", str(write_file(tmp_path, "csv", HEADERS, rows_for(first, second))),
                 "--user", officer.username)
    assert {row.history_user_id for row in FinanceSupport.history.all()} == {officer.pk}


def test_an_exported_support_file_imports_back_unchanged(tmp_path, areas, capsys):
    first, second = EnterpriseFactory(area=areas["秀峰区"]), EnterpriseFactory(area=areas["阳朔县"])
    call_command("import_data", "finance-support", str(write_file(tmp_path, "csv", HEADERS, rows_for(first, second))))
    capsys.readouterr()
    dataset = FinanceSupportResource().export(FinanceSupport.objects.order_by("pk"))
    assert dataset.headers == HEADERS
    assert set(dataset["支持类型"]) == {"贷款贴息", "担保风险补偿", "供应链金融"}
    exported = tmp_path / "exported.csv"
    exported.write_bytes(RegistryCSV().export_data(dataset))
    call_command("import_data", "finance-support", str(exported))
    assert "新增 0 条，更新 0 条，未变化 3 条" in capsys.readouterr().out
