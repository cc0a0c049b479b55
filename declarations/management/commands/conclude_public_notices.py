"""python manage.py conclude_public_notices — recognize the applications whose public notice period has ended.

Run it daily (cron or Celery beat); it is idempotent: a concluded notice is no longer due. Without --actor the
conclusions are recorded as audit.COMMAND (the command line, no user)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from declarations import services
from enterprises.command_actors import command_actor


class Command(BaseCommand):
    help = "公示期满的市级专精特新申报予以认定（生成认定记录）；可重复执行"

    def add_arguments(self, parser):
        parser.add_argument("--document-number", default="", help="本批认定文号（申报未单独填写文号时使用）")
        parser.add_argument("--actor", default="", help="以该用户名记录操作人（默认记为系统）")
        parser.add_argument("--date", default="", help="按该日期判断公示是否期满，格式 YYYY-MM-DD（默认今天）")

    def handle(self, *args, document_number, actor, date: str, **options):
        user = command_actor(actor)
        on = None
        if date:
            try:
                on = _parse(date)
            except ValueError as error:
                raise CommandError("日期格式应为 YYYY-MM-DD") from error
        done, failures = services.conclude_public_notices(actor=user, on=on, document_number=document_number)
        for declaration in done:
            self.stdout.write(f"已认定：{declaration.enterprise.name}（{declaration.document_number}）")
        for declaration, reason in failures:
            self.stderr.write(f"未认定：{declaration.enterprise.name}：{reason}")
        self.stdout.write(self.style.SUCCESS(f"认定 {len(done)} 家，未处理 {len(failures)} 家"))


def _parse(text):
    return date.fromisoformat(text)
