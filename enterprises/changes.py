"""Who is told when the registry's designations or annual figures change.

The registry is a floor below the awards, so it cannot call them; instead an app above registers a listener in its
AppConfig.ready (awards: re-evaluate the enterprises touched). Every registry service that writes a designation or
figures calls `registry_changed` once per write — an import file, an admin save, a concluded declaration, a
county-confirmed annual report — inside its transaction; the listener queues its work with
transaction.on_commit, so it runs on committed data, once per write.

A write that changed annual figures only (no designation) names the years of the figures it changed
(`figure_years`), so that the listener re-evaluates no more than those figures can change; None means the write
may have changed anything (a designation, or figures and designations together)."""

_listeners = []


def register_listener(listener):
    """`listener(*, enterprise_ids, actor, figure_years)` is called after each registry write (idempotent
    registration)."""
    if listener not in _listeners:
        _listeners.append(listener)


def unregister_listener(listener):
    """Undo register_listener (a test's listener, once the test is done)."""
    if listener in _listeners:
        _listeners.remove(listener)


def registry_changed(*, enterprise_ids, actor, figure_years=None):
    """Tell every listener which enterprises a write touched (nothing happens for an empty set), and, for a write
    of annual figures only, the years of the figures it changed (None: designations, or anything)."""
    ids = sorted({int(pk) for pk in enterprise_ids})
    if not ids:
        return
    years = None if figure_years is None else sorted({int(year) for year in figure_years})
    for listener in _listeners:
        listener(enterprise_ids=ids, actor=actor, figure_years=years)
