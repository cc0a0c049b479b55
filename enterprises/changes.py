"""Who is told when the registry's designations or annual figures change.

The registry is a floor below the awards, so it cannot call them; instead an app above registers a listener in its
AppConfig.ready (awards: re-evaluate the enterprises touched). Every registry service that writes a designation or
figures calls `registry_changed` once per write — an import file, an admin save, a concluded declaration, a
county-confirmed annual report — inside its transaction; the listener queues its work with
transaction.on_commit, so it runs on committed data, once per write."""

_listeners = []


def register_listener(listener):
    """`listener(*, enterprise_ids, actor)` is called after each registry write (idempotent registration)."""
    if listener not in _listeners:
        _listeners.append(listener)


def unregister_listener(listener):
    """Undo register_listener (a test's listener, once the test is done)."""
    if listener in _listeners:
        _listeners.remove(listener)


def registry_changed(*, enterprise_ids, actor):
    """Tell every listener which enterprises a write touched (nothing happens for an empty set)."""
    ids = sorted({int(pk) for pk in enterprise_ids})
    if not ids:
        return
    for listener in _listeners:
        listener(enterprise_ids=ids, actor=actor)
