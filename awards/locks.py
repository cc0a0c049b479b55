"""The one place award rows are locked: always ordered by primary key, so two transactions never deadlock."""

from .models import Award


def lock_awards(ids=None, *, where=None):
    """Lock and return the awards with these ids, or matching the Q object `where` (ordered by pk). Call inside
    transaction.atomic(): a reviewer's transition and a recompute batch then wait for each other instead of one
    writing over the other's state."""
    queryset = Award.objects.select_for_update(of=("self",))
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    if where is not None:
        queryset = queryset.filter(where)
    return list(queryset.order_by("pk"))
