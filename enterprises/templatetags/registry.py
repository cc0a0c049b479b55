from django import template

from policy.levels import Level

register = template.Library()


@register.filter
def level_label(value):
    """A Level value (e.g. from the `current_tier` annotation) as its Chinese name."""
    return Level(value).label if value else ""
