"""Where every annual figure came from (企业填报, 县区核定, 税务, 统计, 导入): each source's last value is kept as a
FigureReport, and AnnualFigures holds the one the precedence (SourcePrecedence, data) picks — among equals in
rank, the latest. Pure choosing here; the figures importer loads and writes."""

from .models import FIGURE_FIELDS, FigureSource, SourcePrecedence

# A source's new value clears the county's settlement of the figure (its row is written with these blank).
SETTLEMENT_FIELDS = ("settled_at", "settled_by", "settle_note")

# The order the migration seeds, used when the table is empty (a flushed test database).
DEFAULT_ORDER = (FigureSource.TAX, FigureSource.STATISTICS, FigureSource.COUNTY, FigureSource.IMPORT,
                 FigureSource.ENTERPRISE)


def precedence() -> dict:
    """{source: rank}, lower first. One query."""
    ranks = dict(SourcePrecedence.objects.values_list("source", "rank"))
    return ranks or {source: rank for rank, source in enumerate(DEFAULT_ORDER, start=1)}


def chosen_source(reports: dict, ranks: dict):
    """The source whose value is used among `reports` ({source: (value, received_at)}), or None for none."""
    if not reports:
        return None
    last = len(ranks) + 1
    return min(reports, key=lambda source: (ranks.get(source, last), -reports[source][1].timestamp()))


def as_field_value(field, value):
    """A report's Decimal as the AnnualFigures field holds it (employees is a whole number)."""
    return int(value) if field == "employees" and value is not None else value


__all__ = ["FIGURE_FIELDS", "SETTLEMENT_FIELDS", "as_field_value", "chosen_source", "precedence"]
