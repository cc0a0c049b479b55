"""(七) the service-provider file through `manage.py import_data service-providers`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from enterprises.importing import import_dataset
from enterprises.roles import Role
from enterprises.spreadsheets import RegistryCSV, read_dataset
from enterprises.tests.factories import make_user
from enterprises.tests.files import csv_bytes, write_file
from liaison.models import ServiceField, ServiceProvider
from liaison.resources import ServiceProviderResource
from liaison.tests.factories import srdi_enterprise
from liaison.tests.service_factories import served

pytestmark = pytest.mark.django_db

HEADERS = ["机构名称", "载体类型", "服务领域", "联系人", "联系电话"]
ROWS = [
    ["桂林市中小企业公共服务平台", "中小企业公共服务示范平台", "政策咨询、投资融资，财务指导", "李明", "0773-2821234"],
    ["桂林高新区创业服务中心", "小型微型企业创业创新示范基地", "创业创新,知识产权", "王芳", "0773-5812345"],
    ["临桂区产业园", "园区", "市场开发", "陈刚", "13907731234"],
]


def test_providers_import_with_their_fields_parsed_and_reimport_is_unchanged(tmp_path, capsys):
    path = write_file(tmp_path, "csv-bom", HEADERS, ROWS)
    call_command("import_data", "service-providers", str(path))
    assert "新增 3 条" in capsys.readouterr().out
    platform = ServiceProvider.objects.get(name="桂林市中小企业公共服务平台")
    assert platform.carrier_type == ServiceProvider.CarrierType.PLATFORM
    assert platform.service_fields == [ServiceField.POLICY, ServiceField.FINANCING, ServiceField.FINANCE]
    assert platform.service_fields_label == "政策咨询、投资融资、财务指导"
    assert ServiceProvider.objects.get(name="临桂区产业园").service_fields == [ServiceField.MARKET]
    assert platform.history.count() == 1

    call_command("import_data", "service-providers", str(path))
    assert "新增 0 条，更新 0 条，未变化 3 条" in capsys.readouterr().out

    changed = [ROWS[0][:2] + ["政策咨询", "李明", "0773-2821234"]]
    call_command("import_data", "service-providers", str(write_file(tmp_path, "xlsx", HEADERS, changed, name="c")))
    assert "更新 1 条" in capsys.readouterr().out
    platform.refresh_from_db()
    assert platform.service_fields == [ServiceField.POLICY]


def test_an_unknown_service_field_refuses_the_file_naming_the_row_and_the_allowed_fields(tmp_path, capsys):
    rows = [ROWS[0], ["桂林某律师事务所", "其他", "政策咨询、法律服务", "赵律", "0773-1111111"]]
    with pytest.raises(CommandError, match="1 行有错误"):
        call_command("import_data", "service-providers", str(write_file(tmp_path, "csv", HEADERS, rows)))
    err = capsys.readouterr().err
    assert "第 3 行" in err and "法律服务" in err
    assert all(f.label in err for f in ServiceField)
    assert not ServiceProvider.objects.exists()


def test_a_bad_carrier_type_and_a_repeated_name_are_row_errors(tmp_path, capsys):
    rows = [ROWS[0], [ROWS[0][0], "园区", "市场开发", "陈刚", "1"], ["某平台", "孵化器", "市场开发", "陈刚", "1"]]
    with pytest.raises(CommandError, match="2 行有错误"):
        call_command("import_data", "service-providers", str(write_file(tmp_path, "csv", HEADERS, rows)))
    err = capsys.readouterr().err
    assert "第 3 行" in err and "机构名称重复" in err
    assert "第 4 行" in err and "孵化器" in err and "小型微型企业创业创新示范基地" in err
    assert not ServiceProvider.objects.exists()


def test_a_county_official_cannot_import_the_city_wide_providers(tmp_path, areas, capsys):
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    path = write_file(tmp_path, "csv", HEADERS, ROWS)
    with pytest.raises(CommandError, match="没有导入"):
        call_command("import_data", "service-providers", str(path), "--user", county.username)
    # and the pipeline itself refuses a restricted actor, whatever called it
    report = import_dataset("service-providers", read_dataset(path), actor=county)
    assert not report.ok and "无权导入" in report.error_lines()[0]
    assert not ServiceProvider.objects.exists()


def test_an_exported_provider_file_imports_back_unchanged(tmp_path, capsys):
    call_command("import_data", "service-providers", str(write_file(tmp_path, "csv", HEADERS, ROWS)))
    capsys.readouterr()
    dataset = ServiceProviderResource().export(ServiceProvider.objects.order_by("name"))
    assert dataset.headers == HEADERS
    assert "政策咨询、投资融资、财务指导" in dataset["服务领域"]
    exported = tmp_path / "exported.csv"
    exported.write_bytes(RegistryCSV().export_data(dataset))
    call_command("import_data", "service-providers", str(exported))
    assert "新增 0 条，更新 0 条，未变化 3 条" in capsys.readouterr().out


def test_an_admin_import_previews_writes_and_links_the_records_naming_the_providers(client, areas):
    record = served(srdi_enterprise(area=areas["秀峰区"]))  # free text "某服务机构"
    bureau = make_user(Role.REVIEWER)
    client.force_login(bureau)
    content = csv_bytes(HEADERS, [*ROWS, ["某服务机构", "其他", "政策咨询", "赵", "1"]])
    preview = client.post(reverse("admin:liaison_serviceprovider_import"), {
        "import_file": SimpleUploadedFile("p.csv", content), "format": "0", "resource": "0"})
    assert "试运行（未写入）：将新增 4 条" in preview.content.decode()
    confirm = preview.context["confirm_form"]
    done = client.post(reverse("admin:liaison_serviceprovider_process_import"), {
        name: confirm.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")
    }, follow=True)
    page = done.content.decode()
    assert "导入完成：新增 4 条" in page and "已将 1 条同名服务记录关联" in page
    record.refresh_from_db()
    assert record.provider_ref == ServiceProvider.objects.get(name="某服务机构")
    assert ServiceProvider.objects.get(name="临桂区产业园").history.get().history_user == bureau
