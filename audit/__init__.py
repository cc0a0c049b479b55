"""The audit trail: who made a change. The bottom of the building: every floor records its writes through this, and
it imports none of them.

An actor is a user or a named system actor (a beat job, the demo, a command run without --user); never None.
Services call `require_actor` first, so a forgotten argument fails loudly instead of acting as a superuser."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """A job acting with no person behind it. It sees the whole city (like the bureau) and is named in history."""

    name: str
    is_system = True
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    role = None
    area_id = None
    enterprise_id = None
    pk = None

    def has_perm(self, perm, obj=None):
        return True

    def __str__(self):
        return self.name


BEAT = SystemActor("定时任务")
DEMO = SystemActor("演示数据")
COMMAND = SystemActor("命令行（未指定用户）")
# Whoever uses a public page with no account (an objection to a public notice): anonymous by design.
PUBLIC = SystemActor("公众（公示页面）")


def require_actor(actor):
    """Refuse a missing actor: every write names a user or a system actor."""
    if actor is None:
        raise TypeError("actor is required: a user or an audit.SystemActor (BEAT, DEMO, COMMAND)")
    return actor


def person(actor):
    """The user behind `actor` for a "who" column (a foreign key to the user), or None for a system actor."""
    return None if getattr(actor, "is_system", False) else actor


def change_reason(actor):
    """What `audited` records as the change reason: a system actor's name, nothing for a user. For the bulk history
    writers (simple-history's bulk_create_with_history and friends), which take it as an argument."""
    return actor.name if getattr(actor, "is_system", False) else None


def bulk_history(actor, *, reason=""):
    """simple-history's bulk-helper arguments (bulk_create_with_history and friends) naming `actor` as `audited`
    does for one row: the person behind it, and a system actor's name in the change reason (after `reason`)."""
    require_actor(actor)
    reason = " · ".join(part for part in (reason, change_reason(actor)) if part)
    return {"default_user": person(actor), "default_change_reason": reason[:100] or None}


def audited(instance, actor):
    """Name `actor` as the author of `instance`'s next history row. simple-history reads it from here when there
    is no request (services called from the shell, tasks, imports, the demo); a system actor is recorded as the
    change reason. Returns the instance for chaining."""
    instance._history_user = person(actor)
    if getattr(actor, "is_system", False):
        instance._change_reason = change_reason(actor)
    return instance
