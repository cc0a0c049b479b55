"""`{% lapse_notice as notice %}`: on a page that shows awards, None while an edition of the measures is in force
today, otherwise the policy.rules.LapseNotice to show (include "policy/_lapse_notice.html" with notice=notice).
A tag, so that every page showing awards says the same sentence without its view having to ask. One query."""

from django import template
from django.utils import timezone

from policy import selectors

register = template.Library()


@register.simple_tag
def lapse_notice(day=None):
    return selectors.lapse_notice(day or timezone.localdate())
