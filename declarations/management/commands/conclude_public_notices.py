"""python manage.py conclude_public_notices — recognize the applications whose public notice period has ended.

Run it daily (cron or Celery beat); it is idempotent: a concluded notice is no longer due. Without --actor the
conclusions are recorded as audit.COMMAND (the command line, no user). A notice is concluded only after its last
day, so --date may not name a day after today; the designation is dated by the recognition document
(--document-date, or the date each declaration already carries)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from audit.commands import DatabaseSafeCommand
from declarations import selectors, services
from enterprises.command_actors import command_actor


class Command(DatabaseSafeCommand):
    help = "公示期满的市级专精特新申报予以认定（生成认定记录）；可重复执行"

    def add_arguments(self, parser):
        parser.add_argument("--document-number", default="", help="本批认定文号（申报未单独填写文号时使用）")
        parser.add_argument(
            "--document-date", default="",
            help="本批认定文件日期，格式 YYYY-MM-DD，即认定日期（须在公示期满之后、不晚于今天；申报未单独填写时使用）",
        )
        parser.add_argument("--actor", default="", help="以该用户名记录操作人（默认记为系统）")
        parser.add_argument("--date", default="", help="按该日期判断公示是否期满，格式 YYYY-MM-DD（默认今天）")

    def handle(self, *args, document_number, document_date, actor, date: str, **options):
        user = command_actor(actor)
        on = _parse(date, "日期格式应为 YYYY-MM-DD") if date else None
        today = selectors.today()
        if on is not None and on > today:
            raise CommandError(
                f"不能按今天以后的日期（{on:%Y-%m-%d}）认定：公示期满后方可认定，今天是 {today:%Y-%m-%d}"
            )
        issued = _parse(document_date, "认定文件日期格式应为 YYYY-MM-DD") if document_date else None
        try:
            done, failures = services.conclude_public_notices(
                actor=user, on=on, document_number=document_number, document_date=issued,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        for declaration in done:
            self.stdout.write(f"已认定：{declaration.enterprise.name}（{declaration.document_number}）")
        for declaration, reason in failures:
            self.stderr.write(f"未认定：{declaration.enterprise.name}：{reason}")
        self.stdout.write(self.style.SUCCESS(f"认定 {len(done)} 家，未处理 {len(failures)} 家"))


def _parse(text, message):
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(message) from error
