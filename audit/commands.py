"""The one base every management command of ours subclasses: a database that drops or refuses mid-run ends the
command with one Chinese line on stderr and a non-zero exit, not a Python traceback.

It lives on the bottom floor so that every floor's commands can import it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error, InterfaceError, OperationalError

RETRY_HINT = "本次操作未完成，未提交的更改已由数据库回滚；请检查数据库后重试"


def database_error_line(error):
    """One line naming the error class and the first line of the driver's message."""
    first_line = next((line.strip() for line in str(error).splitlines() if line.strip()), "无详细信息")
    name = type(error).__name__
    if isinstance(error, (OperationalError, InterfaceError)):
        return f"数据库连接中断或不可用（{name}：{first_line}），{RETRY_HINT}"
    return f"数据库拒绝了本次操作（{name}：{first_line}），{RETRY_HINT}"


def read_input_file(file):
    """(path, bytes) of the file a command was given, or one Chinese CommandError line saying why it cannot be read."""
    path = Path(file)
    try:
        return path, path.read_bytes()
    except OSError as error:
        raise CommandError(f"无法读取文件“{file}”：{error.strerror or error}") from error


class DatabaseSafeCommand(BaseCommand):
    """BaseCommand whose database errors become a CommandError: Django prints it as one line and exits 1
    (with --traceback the original error stays chained for whoever needs it)."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError:
            raise
        except Error as error:
            raise CommandError(database_error_line(error)) from error
