from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit import COMMAND
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from policy import edition_file
from policy.models import PolicyRecord

from .factories import decided_award, initial_edition

pytestmark = pytest.mark.django_db

SAMPLE = """\
name = "桂林市支持“专精特新”中小企业培育发展的若干措施（试行）"
document_number = "桂政办发〔2025〕9号"
effective_from = 2025-01-01
effective_until = 2026-12-31
[recognition]
amount = "100000"
[growth]
output_min = "20000000"
output_max = "100000000"
output_growth_min = "0.35"
tax_growth_min = "0.10"
rate = "0.003"
cap = "500000"
[notice]
days = 7
"""


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="edition.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_creates_an_edition_with_defaults_then_says_unchanged(tmp_path):
    path = write(tmp_path, SAMPLE)
    assert "已新增政策版本" in run("import_policy", path)
    edition = PolicyRecord.objects.get(document_number="桂政办发〔2025〕9号")
    assert (edition.effective_from, edition.effective_until) == (date(2025, 1, 1), date(2026, 12, 31))
    assert (edition.growth_output_rate_min, edition.growth_award_rate) == (Decimal("0.35"), Decimal("0.003"))
    assert (edition.validity_municipal_years, edition.expiry_warning_days, edition.issued_on) == (3, 180, None)
    assert edition.history.get().history_change_reason == COMMAND.name
    assert "未变化" in run("import_policy", path)
    assert edition.history.count() == 1


def test_import_updates_an_undecided_edition_and_names_the_user(tmp_path):
    run("import_policy", write(tmp_path, SAMPLE))
    officer = make_user(Role.ADMIN)
    out = run("import_policy", write(tmp_path, SAMPLE.replace('amount = "100000"', 'amount = "120000"')
                                     + "[validity]\nmunicipal = 5\n"), "--user", officer.username)
    assert "已更新" in out and "首次认定市级奖励（元）" in out and "市级专精特新有效期（年）" in out
    edition = PolicyRecord.objects.get(document_number="桂政办发〔2025〕9号")
    assert (edition.recognition_award_amount, edition.validity_municipal_years) == (Decimal("120000"), 5)
    assert edition.history.first().history_user == officer


def test_import_refuses_a_change_to_an_edition_with_decisions(tmp_path):
    record = initial_edition()
    decided_award(record)
    exported = tmp_path / "initial.toml"
    run("export_policy", record.document_number, "--output", str(exported))
    assert "未变化" in run("import_policy", str(exported))
    changed = exported.read_text(encoding="utf-8").replace("effective_until = 2024-12-31",
                                                            "effective_until = 2025-06-30")
    with pytest.raises(CommandError) as refused:
        run("import_policy", write(tmp_path, changed))
    assert refused.value.returncode == 1
    assert record.document_number in str(refused.value) and "已有 1 项奖励审核通过" in str(refused.value)
    assert "复制为新版本" in str(refused.value)
    assert PolicyRecord.objects.get().effective_until == date(2024, 12, 31)


def test_export_then_import_is_unchanged_and_writes_every_key(tmp_path):
    record = initial_edition()
    record.baseline_date, record.issued_on = date(2022, 12, 31), date(2022, 12, 20)
    record.name = '名称含"引号"与\\反斜杠'
    record.save()
    out = tmp_path / "out.toml"
    assert "已导出" in run("export_policy", record.document_number, "--output", str(out))
    text = out.read_text(encoding="utf-8")
    for key in edition_file.KEYS:
        assert f"\n{key.key} = " in "\n" + text, key.path
    assert 'amount = "100000"\n' in text and 'tax_growth_min = "0.10"\n' in text and 'rate = "0.003"\n' in text
    assert "effective_from = 2023-01-01\n" in text and "[validity]\n" in text
    assert "未变化" in run("import_policy", str(out))
    assert run("export_policy", record.document_number) == text  # standard output without --output


def test_export_of_an_unknown_document_number_fails():
    with pytest.raises(CommandError, match="未找到发文字号"):
        run("export_policy", "桂政办发〔1999〕1号")


@pytest.mark.parametrize("text, reason", [
    (SAMPLE + "[growth_award]\ncap = \"1\"\n", "未知的表 [growth_award]"),
    (SAMPLE.replace("cap =", "caps ="), "未知的键 growth.caps"),
    ("amount = \"1\"\n" + SAMPLE, "未知的键 amount"),
    (SAMPLE.replace('rate = "0.003"', "rate = 0.003"), "growth.rate（奖励比例（产值增长额）） 应写成带引号的字符串"),
    (SAMPLE.replace('cap = "500000"', 'cap = "五十万"'), "“五十万”不是数字"),
    (SAMPLE.replace("effective_from = 2025-01-01", 'effective_from = "2025-01-01"'), "应为不带引号的 TOML 日期"),
    (SAMPLE.replace("days = 7", 'days = "7"'), "notice.days（公示天数） 应为整数"),
    (SAMPLE.replace("[recognition]\namount = \"100000\"\n", ""), "缺少必填项 recognition.amount"),
    (SAMPLE.replace("effective_until = 2026-12-31", "effective_until = 2024-12-31"), "不能早于"),
    (SAMPLE.replace('output_max = "100000000"', 'output_max = "1"'), "须大于"),
    (SAMPLE.replace("days = 7", "days = -7"), "公示天数"),
    (SAMPLE.replace("[notice]", "[notice"), "TOML 格式错误"),
])
def test_a_bad_file_is_refused_with_its_reason_and_nothing_written(tmp_path, text, reason):
    with pytest.raises(CommandError) as refused:
        run("import_policy", write(tmp_path, text))
    assert refused.value.returncode == 1 and reason in str(refused.value)
    assert PolicyRecord.objects.count() == 1


def test_a_missing_file_and_an_unknown_user_are_refused(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run("import_policy", str(tmp_path / "missing.toml"))
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        run("import_policy", write(tmp_path, SAMPLE), "--user", "nobody")
    assert PolicyRecord.objects.count() == 1

