"""Telling an enterprise what happened to something it filed, from any capability.

The in-portal message box (站内消息) and its e-mail belong to declarations, on the capability floor; a capability
beside it (liaison, the measures' records) cannot import it. So the registry keeps the one entry point, `notify`,
and declarations registers the sender from its AppConfig.ready() (`register_notifier`): the registry names no app
above it, and every flow's messages go out the same way."""

_NOTIFIERS = []


def register_notifier(send):
    """`send(*, enterprise, title, body)` delivers a message to the enterprise's users. Registering the same
    function again (a second ready()) is harmless."""
    if send not in _NOTIFIERS:
        _NOTIFIERS.append(send)


def notify(*, enterprise, title, body):
    """Tell `enterprise`'s users (站内消息 and e-mail, once the transaction commits) that something happened."""
    for send in _NOTIFIERS:
        send(enterprise=enterprise, title=title, body=body)
