"""How an import's validated rows reach the database in bulk, with their history rows.

On PostgreSQL each batch is `COPY`-ed into a TEMP staging table; once the whole file has been checked, one
`INSERT … SELECT … ON CONFLICT (key) DO UPDATE … WHERE (a column differs)` moves the staged rows into the table,
and in the same statement their history rows are inserted from what it returned — as simple-history's bulk functions
write them (history_date, history_user_id, history_change_reason, "+" for a new row, "~" for a changed one). The
figures' source reports go the same way (upserted on enterprise, year, field and source). Elsewhere (SQLite)
`bulk_create_with_history` / `bulk_update_with_history` in batches write the same rows. A fixed number of
statements per batch, whatever the rows hold; used by `enterprises.importing` only.

A row is a dict {column attname: value}: the complete row for a new one (`complete_row`), the current row with the
file's values applied for a changed one (its "id" included) — or, staged with `stage_values`, a tuple in the order of
the staged columns.

The COPY text is written by the csv module alone, no Python call per value: a None goes out as an unquoted empty
field, which COPY reads as NULL, and the text columns that cannot be NULL are read with FORCE_NOT_NULL, so an empty
string stays one (a model with a nullable text column falls back to a NULL marker per value).
"""

import csv
import io
from itertools import count
from operator import itemgetter

from django.db import connection
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH_SIZE = 2000
# COPY's NULL marker: a control character, which no imported cell may hold (enterprises.cells refuses them).
NULL = "\x01"
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")
_staging_names = count(1)


def uses_copy():
    return connection.vendor == "postgresql"


def refresh_statistics(*models):
    """ANALYZE the tables of `models` (PostgreSQL; elsewhere nothing). After a bulk write of hundreds of thousands of
    rows the planner still estimates from what autovacuum last saw — an empty table, before a year's first run — and a
    batch's lookup of its 2,000 enterprises then walks an index of the whole year instead (12 s a batch, not
    milliseconds, at 1,000,000 enterprises). ANALYZE reads a fixed sample, so it costs well under a second a table."""
    if not uses_copy():
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def row_columns(model):
    """The attnames of `model`'s concrete columns but the primary key, in table order."""
    return [field.attname for field in model._meta.concrete_fields if not field.primary_key]


class RowDefaults:
    """The values a new row takes for the columns a file leaves out, as `Model(**values)` and bulk_create give them
    (auto_now / auto_now_add set to the import's moment)."""

    def __init__(self, model, now):
        self.fixed, self.per_row = {}, []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.fixed[field.attname] = now
            elif field.has_default() and callable(field.default):
                self.per_row.append(field)
            else:
                self.fixed[field.attname] = field.get_default()

    def complete_row(self, values):
        row = dict(self.fixed)
        for field in self.per_row:
            row[field.attname] = field.get_default()
        row.update(values)
        return row


TEXT_TYPES = ("CharField", "TextField", "SlugField", "EmailField", "URLField")


def _copy_text(value):
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _text_columns(model):
    """(the text columns that cannot be NULL, whether some text column can be NULL)."""
    text = [f for f in model._meta.concrete_fields if not f.primary_key and f.get_internal_type() in TEXT_TYPES]
    return [f.attname for f in text if not f.null], any(f.null for f in text)


def _quoted(name):
    return connection.ops.quote_name(name)


class StagedUpsert:
    """Rows of one model staged batch by batch and written at `finish`, all in the caller's transaction."""

    def __init__(self, model, *, key, history=None, update_columns=None, columns=None):
        #: the columns of the unique constraint the rows are matched on
        self.model, self.key = model, tuple(key)
        #: every column but the primary key, in the order the tuples of `stage_values` give them
        self.columns = list(columns or row_columns(model))
        if sorted(self.columns) != sorted(row_columns(model)):
            raise ValueError(f"{model.__name__}: the staged columns must be all of {row_columns(model)}")
        #: the columns a matched row takes from the file (default: every column but the key)
        self.update_columns = [c for c in (update_columns or self.columns) if c not in self.key]
        #: {"default_user": user or None, "default_change_reason": str or None, "default_date": datetime}, or None
        #: for a model without history
        self.history = history
        self.staged = 0
        self.new, self.changed, self.changed_fields = [], [], set()
        self.table = None
        self.not_null_text, self.nullable_text = _text_columns(model)

    # -- staging -------------------------------------------------------------------------------------------------

    def stage(self, new_rows, changed_rows=(), changed_fields=()):
        """Add a batch: complete new rows and changed rows (with "id") and the names of the fields that changed."""
        if not new_rows and not changed_rows:
            return
        if uses_copy():
            getter = itemgetter(*self.columns)
            self._copy(map(getter, [*new_rows, *changed_rows]))
        else:
            self.new.extend(new_rows)
            self.changed.extend(changed_rows)
        self.changed_fields.update(changed_fields)
        self.staged += len(new_rows) + len(changed_rows)

    def stage_values(self, rows):
        """Add a batch of rows given as tuples in the order of `columns`, matched on the key only (for a model
        written without history: the figures' source reports)."""
        if not rows:
            return
        if uses_copy():
            self._copy(rows)
        else:
            self.new.extend(dict(zip(self.columns, row, strict=True)) for row in rows)
        self.staged += len(rows)

    def _copy(self, rows):
        with connection.cursor() as cursor:
            if self.table is None:
                self.table = f"import_staging_{next(_staging_names)}"
                cursor.execute(
                    f"CREATE TEMP TABLE {self.table} ON COMMIT DROP AS "
                    f"SELECT {', '.join(map(_quoted, self.columns))} FROM {_quoted(self.model._meta.db_table)} "
                    "WITH NO DATA"
                )
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            columns = self.columns
            if self.nullable_text:
                writer.writerows([value if value.__class__ is str else _copy_text(value) for value in row]
                                 for row in rows)
                null = f"NULL '{NULL}'"
            else:
                writer.writerows(rows)  # None → an unquoted empty field → NULL; a bool as True/False
                null = f"FORCE_NOT_NULL ({', '.join(map(_quoted, self.not_null_text))})" if self.not_null_text else ""
            out.seek(0)
            cursor.cursor.copy_expert(
                f"COPY {self.table} ({', '.join(map(_quoted, columns))}) FROM STDIN "
                f"WITH (FORMAT csv{', ' + null if null else ''})",
                out,
            )

    # -- writing -------------------------------------------------------------------------------------------------

    def finish(self):
        """Write every staged row (and its history row): one statement on PostgreSQL, bulk batches elsewhere."""
        if not self.staged:
            return
        if uses_copy():
            self._upsert()
        else:
            self._bulk()

    def _upsert(self):
        q = _quoted
        table = q(self.model._meta.db_table)
        columns = ", ".join(map(q, self.columns))
        updates = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in self.update_columns)
        differs = " OR ".join(f"{table}.{q(c)} IS DISTINCT FROM EXCLUDED.{q(c)}" for c in self.update_columns)
        upsert = (
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {self.table} "
            f"ON CONFLICT ({', '.join(map(q, self.key))}) DO UPDATE SET {updates} WHERE {differs}"
        )
        with connection.cursor() as cursor:
            if self.history is None:
                cursor.execute(upsert)
                return
            history_model = self.model.history.model
            copied = [f.attname for f in history_model._meta.concrete_fields
                      if f.attname not in HISTORY_COLUMNS and f.attname != "history_id"]
            history_user = self.history["default_user"]
            cursor.execute(
                f"WITH written AS ({upsert} RETURNING {table}.*, (xmax = 0) AS inserted) "
                f"INSERT INTO {q(history_model._meta.db_table)} ({', '.join(map(q, [*copied, *HISTORY_COLUMNS]))}) "
                f"SELECT {', '.join(map(q, copied))}, %s, %s, CASE WHEN inserted THEN '+' ELSE '~' END, %s "
                "FROM written",
                [self.history["default_date"], self.history["default_change_reason"],
                 history_user.pk if history_user is not None else None],
            )

    def _bulk(self):
        model = self.model
        new = [model(**row) for row in self.new]
        changed = [model(**row) for row in self.changed]
        if self.history is None:
            if new:
                model.objects.bulk_create(
                    new, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=list(self._key_fields()),
                    update_fields=self._update_fields(),
                )
            if changed:
                model.objects.bulk_update(changed, sorted(self.changed_fields), batch_size=BATCH_SIZE)
            return
        if new:
            bulk_create_with_history(new, model, batch_size=BATCH_SIZE, **self.history)
        if changed:
            bulk_update_with_history(changed, model, fields=sorted(self.changed_fields), batch_size=BATCH_SIZE,
                                     **self.history)

    def _key_fields(self):
        by_column = {f.attname: f.name for f in self.model._meta.concrete_fields}
        return [by_column[c] for c in self.key]

    def _update_fields(self):
        by_column = {f.attname: f.name for f in self.model._meta.concrete_fields}
        return [by_column[c] for c in self.update_columns]


class InstanceBulk:
    """The bulk path of importers that compare model instances (the capabilities' kinds, credit, targets): new
    instances bulk-created and changed ones bulk-updated with history at `finish`, on every backend."""

    def __init__(self, model, *, history):
        self.model, self.history = model, history
        self.new, self.changed, self.changed_fields = [], [], set()

    def stage(self, new_rows, changed_rows=(), changed_fields=()):
        self.new.extend(new_rows)
        self.changed.extend(changed_rows)
        self.changed_fields.update(changed_fields)

    def finish(self):
        if self.new:
            bulk_create_with_history(self.new, self.model, batch_size=BATCH_SIZE, **self.history)
        if self.changed:
            bulk_update_with_history(self.changed, self.model, fields=sorted(self.changed_fields),
                                     batch_size=BATCH_SIZE, **self.history)
