"""Reads of policy records and awards."""

from .models import PolicyRecord


class NoPolicyRecord(Exception):
    pass


def policy_for(day):
    """The record in force on `day`; failing that the latest one started before it; failing that the earliest."""
    records = PolicyRecord.objects.order_by("-effective_from")
    record = (
        records.filter(effective_from__lte=day, effective_until__gte=day).first()
        or records.filter(effective_from__lte=day).first()
        or records.last()
    )
    if record is None:
        raise NoPolicyRecord("尚未录入政策参数")
    return record
