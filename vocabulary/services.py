"""Every write of the vocabularies: only the bureau keeps them (a county or an enterprise reads them)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit import audited, require_actor
from enterprises.roles import CITY_WIDE_ROLES

ONLY_BUREAU = "只有市工业和信息化局可以维护词表"


def _check_bureau(actor):
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in CITY_WIDE_ROLES):
        raise PermissionDenied(ONLY_BUREAU)


@transaction.atomic
def save_term(*, actor, term):
    """Add a term or rename / deactivate one (records that named it keep pointing at it)."""
    require_actor(actor)
    _check_bureau(actor)
    term.name = " ".join(term.name.split())
    term.full_clean()
    audited(term, actor).save()
    return term
