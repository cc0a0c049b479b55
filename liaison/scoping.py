"""The liaison officer's reach (八): the enterprises it currently looks after. Registered with the registry's
scoping in LiaisonConfig.ready(), so enterprises.scoping never names the liaison tables."""

from django.db.models import Q


def officer_enterprises_q(user, prefix):
    """A Q on the enterprise reached by `prefix`: those with an open assignment to `user`."""
    return Q(**{
        f"{prefix}liaison_assignments__officer_id": user.pk,
        f"{prefix}liaison_assignments__ended_on__isnull": True,
    })
