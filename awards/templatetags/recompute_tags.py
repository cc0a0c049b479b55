"""`{% recompute_notice year as run_notice %}`: on a page that shows a year's awards, None when that year's latest
recompute run completed (or none ran), otherwise the awards.selectors.RunNotice to show — an interrupted, failed,
stale or running run, whose year's results are incomplete. A tag, so that the dashboards' awards section and any
other page say the same sentence. One query."""

from django import template

from awards import selectors

register = template.Library()


@register.simple_tag
def recompute_notice(year):
    return selectors.recompute_notice(year)
