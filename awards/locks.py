"""The one place award rows are locked: always ordered by primary key, so two transactions never deadlock."""

from .models import Award


def lock_awards(ids):
    """Lock and return the awards with these ids (ordered by pk). Call inside transaction.atomic()."""
    return list(Award.objects.select_for_update(of=("self",)).filter(pk__in=list(ids)).order_by("pk"))
