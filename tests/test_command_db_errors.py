"""A database that drops or refuses mid-command ends our commands with one Chinese line and a non-zero exit,
never a Python traceback (every command subclasses audit.commands.DatabaseSafeCommand)."""

import importlib
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.db import IntegrityError, OperationalError, connection, connections

from audit.commands import DatabaseSafeCommand, database_error_line
from policy.tests.test_commands import SAMPLE

ROOT = Path(settings.BASE_DIR)
DROPPED = "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally"
ENTERPRISES_CSV = "统一社会信用代码,企业名称,所属区域\n91450300MA5KXXXX0X,桂林测试有限公司,七星区\n"


@contextmanager
def connection_drops():
    """Every query fails as a dropped PostgreSQL connection does (savepoint bookkeeping still runs)."""

    def fail(execute, sql, params, many, context):
        if sql.split(None, 1)[0].upper() in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            return execute(sql, params, many, context)
        raise OperationalError(DROPPED)

    with connection.execute_wrapper(fail):
        yield


def assert_one_chinese_line(message):
    assert "\n" not in message.strip()
    assert "Traceback" not in message
    assert "数据库连接中断或不可用" in message
    assert "OperationalError：server closed the connection unexpectedly" in message
    assert "请检查数据库后重试" in message


def commands_case(tmp_path):
    csv = tmp_path / "enterprises.csv"
    csv.write_text(ENTERPRISES_CSV, encoding="utf-8")
    edition = tmp_path / "edition.toml"
    edition.write_text(SAMPLE, encoding="utf-8")
    return {
        "import_data": ["enterprises", str(csv)],
        "recompute_eligibility": ["--year", "2025"],
        "export_awards": ["--year", "2025", "--output", str(tmp_path / "awards.csv")],
        "import_policy": [str(edition)],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["import_data", "recompute_eligibility", "export_awards", "import_policy"])
def test_a_dropped_connection_is_one_chinese_line(tmp_path, name):
    args = commands_case(tmp_path)[name]
    with connection_drops(), pytest.raises(CommandError) as raised:
        call_command(name, *args)
    assert_one_chinese_line(str(raised.value))
    assert isinstance(raised.value.__cause__, OperationalError)  # kept for --traceback


@pytest.mark.django_db
@pytest.mark.parametrize("name, extension", [("export_awards", "csv"), ("export_awards", "xlsx")])
def test_an_export_that_fails_halfway_leaves_no_half_file(tmp_path, name, extension):
    output = tmp_path / f"awards.{extension}"
    with connection_drops(), pytest.raises(CommandError):
        call_command(name, "--year", "2025", "--output", str(output))
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left
    output.write_bytes(b"last year's file")
    with connection_drops(), pytest.raises(CommandError):
        call_command(name, "--year", "2025", "--output", str(output))
    assert output.read_bytes() == b"last year's file" and list(tmp_path.iterdir()) == [output]


@pytest.mark.django_db
def test_run_from_the_command_line_exits_non_zero_with_one_line_on_stderr(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction open
    command = load_command_class("awards", "export_awards")
    with connection_drops(), pytest.raises(SystemExit) as exited:
        command.run_from_argv(["manage.py", "export_awards", *commands_case(tmp_path)["export_awards"]])
    assert exited.value.code != 0
    captured = capsys.readouterr()
    assert captured.err.startswith("CommandError: 数据库连接中断或不可用")
    assert_one_chinese_line(captured.err)


def test_a_refused_write_names_the_error_too():
    line = database_error_line(IntegrityError("UNIQUE constraint failed: x.y\nDETAIL: ..."))
    assert line.startswith("数据库拒绝了本次操作（IntegrityError：UNIQUE constraint failed: x.y）")
    assert "\n" not in line


def test_an_unreachable_database_from_manage_py(tmp_path):
    csv = tmp_path / "enterprises.csv"
    csv.write_text(ENTERPRISES_CSV, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/x",
           "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_data", "enterprises", str(csv)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("CommandError: 数据库连接中断或不可用（OperationalError：")
    assert "127.0.0.1" in lines[0]


def our_commands():
    return sorted(
        (app, name) for name, app in get_commands().items()
        if isinstance(app, str) and Path(importlib.import_module(app).__file__).resolve().is_relative_to(ROOT)
        and ".venv" not in Path(importlib.import_module(app).__file__).parts
    )


def test_every_command_of_ours_is_database_safe():
    commands = our_commands()
    assert {"import_data", "recompute_eligibility", "export_awards", "import_policy", "seed_demo"} <= {
        name for _, name in commands
    }
    unsafe = [name for app, name in commands if not isinstance(load_command_class(app, name), DatabaseSafeCommand)]
    assert unsafe == []
