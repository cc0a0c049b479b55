"""manage.py create_api_token --institution NAME --kind bank|supplier|department: print a new token once."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from api import services
from api.models import DEPARTMENT_SOURCES, Institution
from audit import COMMAND
from audit.commands import DatabaseSafeCommand


class Command(DatabaseSafeCommand):
    help = "为接口机构签发访问令牌（机构不存在时一并登记）；令牌只显示这一次，平台仅保存其摘要。"

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True, help="机构名称，如：桂林银行股份有限公司")
        parser.add_argument("--kind", required=True, choices=[kind.value for kind in Institution.Kind])
        parser.add_argument("--supplies", choices=[s.value for s in Institution.Supplies], default="",
                            help="供电供气企业：power（供电，默认）或 gas（供气）")
        parser.add_argument("--source", choices=[value for value, _ in DEPARTMENT_SOURCES], default="",
                            help="数据部门：其报送的经营数据来源，tax（税务）或 statistics（统计）；默认按机构名称判断")
        parser.add_argument("--days", type=int, default=None, help="有效天数（默认不过期，可在管理后台设定到期时间）")

    def handle(self, *args, institution, kind, supplies, source, days, **options):
        try:
            token, raw = services.issue_token(
                actor=COMMAND, institution_name=institution, kind=kind, supplies=supplies, figure_source=source,
                valid_days=days,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        expiry = f"{token.expires_at:%Y-%m-%d %H:%M}" if token.expires_at else "不过期"
        self.stdout.write(f"已为“{token.institution.name}”（{token.get_kind_display()}）签发令牌，到期：{expiry}。")
        self.stdout.write("令牌只显示这一次，请立即妥善保存：")
        self.stdout.write(raw)
