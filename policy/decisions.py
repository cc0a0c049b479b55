"""How the policy floor learns which editions have decisions made under them, without importing the apps above.

An edition with a decided award (approved or later) is frozen: its numbers and period cannot change. The awards app
registers a counter in its AppConfig.ready: `counter(edition_ids) -> {edition_id: number of decisions}`."""

_counters = []


def register_decision_counter(counter):
    if counter not in _counters:
        _counters.append(counter)


def decisions_under(edition_ids):
    """{edition_id: decisions} summed over every registered counter (editions without any are absent)."""
    totals = {}
    ids = [pk for pk in edition_ids if pk is not None]
    if not ids:
        return totals
    for counter in _counters:
        for pk, count in counter(ids).items():
            if count:
                totals[pk] = totals.get(pk, 0) + count
    return totals
