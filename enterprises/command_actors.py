"""Who a management command acts as: the user named by its --actor option, or audit.COMMAND when none is named."""

from django.core.management.base import CommandError

from audit import COMMAND

from .models import User


def command_actor(username):
    """The user called `username`, or COMMAND for an empty name; an unknown name stops the command."""
    if not username:
        return COMMAND
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在")
    return user
