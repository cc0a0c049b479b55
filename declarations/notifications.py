"""Tell people what happened to a declaration: an in-portal message, and e-mail through Django's mail backend."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from enterprises.models import User
from enterprises.roles import Role

from .models import PortalMessage
from .states import Action

logger = logging.getLogger(__name__)


def enterprise_users(enterprise):
    return list(User.objects.filter(role=Role.ENTERPRISE, enterprise=enterprise, is_active=True))


def county_officials(area):
    return list(User.objects.filter(role=Role.COUNTY, area=area, is_active=True))


def bureau_reviewers():
    return list(User.objects.filter(role=Role.REVIEWER, is_active=True))


def send(*, recipients, title, body, declaration=None):
    """One message per recipient, and the same text by e-mail once the transaction commits."""
    recipients = list({user.pk: user for user in recipients}.values())
    PortalMessage.objects.bulk_create([
        PortalMessage(recipient=user, declaration=declaration, title=title, body=body) for user in recipients
    ])
    mails = [
        (f"【桂林市专精特新服务平台】{title}", f"{body}\n\n请登录平台查看详情。本邮件由系统自动发送，请勿直接回复。",
         settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in recipients if user.email
    ]
    if mails:
        transaction.on_commit(lambda: _deliver(mails))


def notify_enterprise(*, enterprise, title, body):
    """The sender behind `enterprises.notices.notify`: the enterprise's users hear of it in the portal and by mail."""
    send(recipients=enterprise_users(enterprise), title=title, body=body)


def _deliver(mails):
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:  # the portal message is already there; a mail outage must not undo a review
        logger.exception("declaration e-mail could not be sent")


def _with_comment(text, comment):
    return f"{text}\n意见：{comment}" if comment else text


def after_transition(declaration, action, *, comment=""):
    """Who hears of `action` on `declaration`, and what they read."""
    enterprise = declaration.enterprise
    name = f"{declaration.year} 年{declaration.get_kind_display()}"
    firm = enterprise_users(enterprise)
    county = county_officials(enterprise.area)
    if action == Action.SUBMIT:
        send(recipients=firm, declaration=declaration, title=f"{name}已提交",
             body=f"贵单位的{name}已提交，等待{enterprise.area.name}工信部门审核。")
        send(recipients=county, declaration=declaration, title=f"新申报待审核：{enterprise.name}",
             body=f"{enterprise.name}提交了{name}，请在业务管理后台审核。")
    elif action == Action.COUNTY_RECOMMEND:
        send(recipients=firm, declaration=declaration, title=f"{name}初审通过",
             body=f"贵单位的{name}已通过{enterprise.area.name}工信部门初审，已推荐至市工业和信息化局复审。")
        send(recipients=bureau_reviewers(), declaration=declaration, title=f"新申报待复审：{enterprise.name}",
             body=f"{enterprise.area.name}推荐了{enterprise.name}的{name}，请在业务管理后台复审。")
    elif action in (Action.COUNTY_RETURN, Action.BUREAU_RETURN):
        send(recipients=firm, declaration=declaration, title=f"{name}被退回修改",
             body=_with_comment(f"贵单位的{name}已被退回，请按意见修改后重新提交。", comment))
    elif action in (Action.COUNTY_REJECT, Action.BUREAU_REJECT, Action.NOTICE_REJECT):
        send(recipients=firm + (county if action != Action.COUNTY_REJECT else []), declaration=declaration,
             title=f"{name}未获通过", body=_with_comment(f"{enterprise.name}的{name}未获通过。", comment))
    elif action == Action.BUREAU_APPROVE:
        period = f"{declaration.notice_starts_on:%Y年%m月%d日}至{declaration.notice_ends_on:%Y年%m月%d日}"
        send(recipients=firm + county, declaration=declaration, title=f"{name}复审通过，进入公示",
             body=f"{enterprise.name}的{name}已通过市工业和信息化局复审，公示期为{period}。公示期满无异议后予以认定。")
    elif action == Action.CONCLUDE_NOTICE:
        designation = declaration.designation
        send(recipients=firm + county, declaration=declaration, title="已认定为市级专精特新中小企业",
             body=f"{enterprise.name}经公示无异议，认定为市级“专精特新”中小企业（{designation.document_number}），"
                  f"有效期至{designation.valid_until:%Y年%m月%d日}。")
    elif action == Action.COUNTY_CONFIRM:
        send(recipients=firm, declaration=declaration, title=f"{name}已确认",
             body=f"贵单位填报的 {declaration.year} 年经营数据已由工信部门确认，并记入企业档案。")
