"""(七) reading the 服务领域 cell of a provider file: one or more of the text's eight fields, separated by 、 (or
，/,). Pure: no ORM. Used by the provider import and the provider form alike."""

import re

from .models import ServiceField, field_flag

SEPARATORS = re.compile(r"[、，,]")
BY_LABEL = {f.label: f for f in ServiceField}
ALLOWED = "、".join(BY_LABEL)


class UnknownServiceField(ValueError):
    """str(error) is the Chinese reason, naming the allowed fields."""


def parse_service_fields(raw: str) -> list[ServiceField]:
    """The fields named in `raw`, in the text's order; every item must be one of the eight."""
    items = [item.strip() for item in SEPARATORS.split(raw or "")]
    items = [item for item in items if item]
    if not items:
        raise UnknownServiceField(f"服务领域不能为空，应为以下一项或多项（用“、”分隔）：{ALLOWED}")
    unknown = [item for item in items if item not in BY_LABEL]
    if unknown:
        raise UnknownServiceField(
            f"服务领域“{'、'.join(unknown)}”无效，应为以下一项或多项（用“、”分隔）：{ALLOWED}"
        )
    named = {BY_LABEL[item] for item in items}
    return [f for f in ServiceField if f in named]


def flags_of(fields) -> dict:
    """{serves_…: bool} for all eight columns."""
    chosen = set(fields)
    return {field_flag(f): f in chosen for f in ServiceField}


def label_of(fields) -> str:
    return "、".join(ServiceField(f).label for f in fields)
