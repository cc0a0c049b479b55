"""`manage.py import_policy FILE.toml [--user USERNAME]`: create or update one edition of the measures (政策参数).

The edition is matched by its document number (发文字号). Re-importing the same file prints “未变化” and writes
nothing. Exit status 1 with the reason, nothing written, for a file that cannot be read, an unknown key, a missing
required key, a bad value, or a change to what an award decision reads (amounts, thresholds, rates, notice days,
validity years, period, document number) on an edition that already has decisions (approved awards) under it —
such a change is a new edition with its own document number (policy.services.check_not_frozen). `--user` names the acting user in
the change history; without it the history names the command line (audit.COMMAND).

The file describes the whole edition: a key left out takes the model's default (shown below), not the stored
value. Amounts and rates are quoted strings ("0.35", never floats), dates are unquoted TOML dates (2023-01-01),
counts are integers. Keys (* required):

    name *                      政策名称
    document_number *           发文字号 (the edition's identity)
    effective_from *            施行起始日
    effective_until *           有效期截止日
    issued_on                   印发日期 (default: none)
    term_years                  施行期限（年） (2)
    [recognition]
    amount *                    (三) 首次认定市级奖励（元）
    [growth]                    (四) 成长奖励
    output_min *                产值下限（元，含）
    output_max *                产值上限（元，不含）
    output_growth_min *         产值同比增长下限（含）
    tax_growth_min *            税收同比增长下限（含）
    rate *                      奖励比例（产值增长额）
    cap *                       成长奖励上限（元）
    [notice]
    days *                      公示天数
    objection_contact           异议受理单位 ("桂林市工业和信息化局中小企业科")
    objection_phone             异议受理电话 ("")
    objection_address           异议受理地址 ("")
    [validity]                  认定有效期（年）, each default 3
    innovative                  创新型中小企业
    municipal                   市级专精特新
    regional                    自治区级专精特新
    little_giant                小巨人
    single_champion             单项冠军
    expiry_warning_days         认定到期提醒（天） (180)
    [targets]                   (二)
    new_municipal_per_year      每年新增市级专精特新目标（家） (30)
    baseline_date               基数日期 (default: none)
    baseline_srdi_count         基数：各级专精特新企业数（家） (0)
    baseline_output_value       基数：专精特新企业产值总量（元） ("0")
    count_doubling_years        企业数量翻番期限（年） (2)
    output_doubling_years       产值总量翻番期限（年） (3)
    [liaison]                   (八)
    resolved_per_year           联络员每年每企至少解决困难（项） (1)
    [listing]                   (十)
    pool_min                    上市后备库最少企业数（家） (10)
    goal                        新增上市（挂牌）目标（家） (5)
    goal_year                   上市目标年份 (2025)
    [training]                  (十六)
    managers_per_year           每年培训经营管理人才（名） (200)

`export_policy DOCUMENT_NUMBER --output FILE.toml` writes an edition in this form; importing it back is unchanged.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from audit import COMMAND
from audit.commands import DatabaseSafeCommand
from policy import edition_file, services
from policy.rules import edition_title


def acting_user(username):
    """The user called `username`, or audit.COMMAND when none is named; an unknown name stops the command."""
    if not username:
        return COMMAND
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在")
    return user


def refusal(error):
    return "；".join(edition_file.describe_error(error))


class Command(DatabaseSafeCommand):
    help = "从 TOML 文件新增或更新一个政策版本（按发文字号匹配）；已有审核通过奖励的版本不可改动数额和施行期"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.toml", help="政策版本文件（键见本命令说明）")
        parser.add_argument("--user", metavar="USERNAME", default="", help="记入变更历史的操作用户（默认记为命令行）")

    def handle(self, *args, file, user, **options):
        actor = acting_user(user)
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件 {path}：{error}") from None
        try:
            values = edition_file.read_edition(text)
        except ValidationError as error:
            raise CommandError(f"{path} 未导入：{refusal(error)}") from None
        try:
            record, status, changed = services.import_edition(actor=actor, values=values)
        except ValidationError as error:
            raise CommandError(f"{path} 未导入：{refusal(error)}") from None
        if status == "created":
            self.stdout.write(f"已新增政策版本{edition_title(record)}，施行期 {record.effective_from} 至 "
                              f"{record.effective_until}")
        elif status == "updated":
            self.stdout.write(f"已更新政策版本{edition_title(record)}：{'、'.join(changed)}")
        else:
            self.stdout.write(f"政策版本{edition_title(record)}未变化")
