"""Filtering a batch of rows by thousands of keys with one array parameter: `column = ANY(%s)` on PostgreSQL.

Django's `__in` prepares, checks and binds every value on its own, which for a batch of 2,000 enterprises costs more
than the query itself; one array parameter is compiled once. Other databases (SQLite) get the plain IN list."""

from django.db.models import F, Lookup


class AnyOf(Lookup):
    """`AnyOf("enterprise_id", ids)`, `AnyOf("credit_code", codes)`: a condition for QuerySet.filter(), true where
    the column's value is one of `values` (each prepared as the column's field prepares it)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def __init__(self, column, values):
        super().__init__(F(column) if isinstance(column, str) else column, list(values))

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        field = self.lhs.output_field
        values = [field.get_prep_value(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            # Typed as the column: an integer[] against a bigint column compares across types, one element after
            # another for every row, where an array of the column's own type is looked up by hash.
            return f"{lhs} = ANY(%s::{field.db_type(connection)}[])", [*params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]
