"""The recompute's writes on PostgreSQL: a batch's new results in one COPY, ids drawn from the awards' sequence in one
query, the changed rows in one UPDATE … FROM jsonb_to_recordset, and the history rows of both in one INSERT … SELECT
from the rows just written. The history rows are those simple-history's bulk helpers would write (history type "+"
for a new result, "~" for a changed one, the same user, reason and date); the ledger rows are awards.ledger's
(copy_events).

SQLite and other databases keep the ORM's bulk helpers (awards.recompute._Writes)."""

import io
import json
from contextlib import nullcontext
from datetime import date, datetime
from operator import attrgetter

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


def write_results(*, creates, updates, fields, history_user_id, history_reason, now):
    """Insert `creates` (NewResult, given their ids here) and rewrite `fields` of `updates` (locked Award rows), with
    one history row each. Four statements for any number of rows (ids, COPY, UPDATE, INSERT of the history), none
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
              map(attrgetter(*(f.attname for f in award_fields)), creates))
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
    rows = [(a.pk, "+") for a in creates] + [(a.pk, "~") for a in updates]
    if rows:
        # The history rows copy the rows just written, in the database: nothing is sent back but their ids.
        tracked = [f.column for f in HISTORY.tracked_fields]
        columns = ", ".join(tracked)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {HISTORY._meta.db_table} ({columns}, history_date, history_type, history_user_id, "
                f"history_change_reason) SELECT {', '.join(f'a.{c}' for c in tracked)}, %s, u.kind, %s, %s "
                f"FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS u(id, kind, n) "
                f"JOIN {Award._meta.db_table} a ON a.id = u.id ORDER BY u.n",
                [now, history_user_id, history_reason, [pk for pk, _ in rows], [kind for _, kind in rows]],
            )


def copy_rows(table, columns, rows):
    """COPY `rows` (sequences of Python values, in `columns` order) into `table`, in one statement."""
    _copy(table, columns, rows)


def _copy(table, columns, rows):
    buffer = io.StringIO()
    write = buffer.write
    formats = _FORMATS
    for row in rows:
        write("\t".join([formats[value.__class__](value) for value in row]))
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


# COPY's text format, by the value's class (looked up once per class): NULL as \N, booleans as t / f, text with
# backslash, tab, newline and carriage return escaped, dates in ISO 8601, JSON as Django's adapter writes it (the
# same jsonb value), anything else as str(). Most values are short strings with nothing to escape, returned as they
# are (str.translate walks every character, and Chinese text takes its slow path).
def _escaped(value):
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


_JSON = json.JSONEncoder(ensure_ascii=False).encode  # the same JSON value as json.dumps's, stored alike by jsonb


def _json(value):
    return _escaped(_JSON(value)) if value else ("{}" if isinstance(value, dict) else "[]")


def _format_of(cls):
    """The formatter of values of class `cls` (bool before int, str before the rest)."""
    if cls is type(None):
        return lambda value: "\\N"
    if cls is bool:
        return lambda value: "t" if value else "f"
    if issubclass(cls, str):
        return _escaped
    if issubclass(cls, (datetime, date)):
        return cls.isoformat
    if issubclass(cls, (dict, list)):
        return _json
    return str


class _Formats(dict):
    def __missing__(self, cls):
        self[cls] = formatter = _format_of(cls)
        return formatter


_FORMATS = _Formats()
