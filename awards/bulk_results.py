"""The recompute's writes on PostgreSQL: a batch's new results and the history rows of new and changed results, each
table in one COPY, ids drawn from the awards' sequence
in one query, the changed rows in one UPDATE … FROM jsonb_to_recordset. The rows are those simple-history's bulk helpers would write (history type "+" for a new result, "~"
for a changed one, the same user, reason and date); the ledger rows are awards.ledger's (copy_events).

SQLite and other databases keep the ORM's bulk helpers (awards.recompute._Writes)."""

import io
import json
from contextlib import nullcontext
from datetime import date, datetime

from django.db import connection

from .models import Award

HISTORY = Award.history.model


class NewResult:
    """An award not written yet: the model's defaults, then what the recompute sets (no model instance: a chunk
    creates thousands). Reads like an Award to the recompute and the ledger (pk, state, ...)."""

    def __init__(self, **values):
        self.__dict__.update(_defaults())
        self.__dict__.update(values)

    @property
    def pk(self):
        return self.id


_DEFAULTS = {}


def _defaults():
    if not _DEFAULTS:
        _DEFAULTS.update({f.attname: f.get_default() for f in Award._meta.concrete_fields})
    return _DEFAULTS


def copy_supported():
    return connection.vendor == "postgresql"


def write_results(*, creates, updates, fields, history_user_id, history_reason, now):
    """Insert `creates` (NewResult, given their ids here) and rewrite `fields` of `updates` (locked Award rows), with
    one history row each. Four statements for any number of rows (ids, COPY, UPDATE, COPY of the history), none
    for no rows."""
    award_fields = Award._meta.concrete_fields
    if creates:
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [Award._meta.db_table, len(creates)])
            for award, (pk,) in zip(creates, cursor.fetchall(), strict=True):
                award.id = pk
                award.created_at = now
        _copy(Award._meta.db_table, [f.column for f in award_fields],
              ([getattr(a, f.attname) for f in award_fields] for a in creates))
    if updates:
        # One UPDATE … FROM the changed values as one JSON parameter, typed by the table's own column types.
        columns = [Award._meta.get_field(name) for name in fields]
        types = ", ".join(f"{f.column} {f.db_type(connection)}" for f in [Award._meta.pk, *columns])
        assignments = ", ".join(f"{f.column} = u.{f.column}" for f in columns)
        values = json.dumps([{"id": a.pk, **{f.column: getattr(a, f.attname) for f in columns}} for a in updates],
                            default=str)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Award._meta.db_table} a SET {assignments} "
                           f"FROM jsonb_to_recordset(%s::jsonb) AS u({types}) WHERE a.id = u.id", [values])
    rows = [(a, "+") for a in creates] + [(a, "~") for a in updates]
    if rows:
        tracked = HISTORY.tracked_fields
        columns = [f.column for f in tracked] + ["history_date", "history_type", "history_user_id",
                                                 "history_change_reason"]
        _copy(HISTORY._meta.db_table, columns, (
            [*(getattr(a, f.attname) for f in tracked), now, kind, history_user_id, history_reason]
            for a, kind in rows
        ))


def copy_rows(table, columns, rows):
    """COPY `rows` (sequences of Python values, in `columns` order) into `table`, in one statement."""
    _copy(table, columns, rows)


def _copy(table, columns, rows):
    buffer = io.StringIO()
    write = buffer.write
    for row in rows:
        write("\t".join(map(_text, row)))
        write("\n")
    buffer.seek(0)
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # Logged like any statement when queries are (DEBUG, the tests' query counts): COPY is a query too.
        with cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext():
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value):
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (dict, list)):  # a JSONField, as Django's own adapter dumps it
        return json.dumps(value).translate(_ESCAPES)
    return str(value)
