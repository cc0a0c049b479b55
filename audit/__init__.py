"""The audit trail's one hook: who made a change, for django-simple-history's history rows.

The bottom of the building: every floor records its writes through this, and it imports none of them."""


def audited(instance, actor):
    """Name `actor` as the author of `instance`'s next history row. simple-history reads it from here when there
    is no request (services called from the shell, tasks, imports, the demo); returns the instance for chaining."""
    instance._history_user = actor
    return instance
