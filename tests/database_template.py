"""One migrated PostgreSQL test database per run, copied for each pytest-xdist worker.

Migrating is the dearest step of a test run's set-up (rendering the model states of every migration, seconds of CPU
per worker). Under xdist on PostgreSQL the first worker that needs a database migrates `test_<NAME>_template` once;
every worker, that one included, then gets its own `test_<NAME>_gwN` as `CREATE DATABASE … TEMPLATE`, a file copy
that keeps the migrations' rows and their history (so tests of the migrations themselves still migrate for real).
The controller drops the template when the run ends. Without xdist, on SQLite, with --reuse-db or --nomigrations
the test databases are made exactly as pytest-django makes them.
"""

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

LOCK = "test-database-template.lock"
BUILT = "test-database-template.built"


def template_name(connection):
    """test_<NAME>_template, from the test database name before the worker's suffix (test_<NAME>_gw0)."""
    name = connection.creation._get_test_db_name()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker and name.endswith(f"_{worker}"):
        name = name[: -len(worker) - 1]
    return f"{name}_template"


def applies(config):
    """Whether this process is an xdist worker whose test databases are migrated PostgreSQL ones made afresh."""
    from django.db import connections

    return (
        hasattr(config, "workerinput")
        and list(connections) == ["default"]
        and connections["default"].vendor == "postgresql"
        and not config.getoption("reuse_db")
        and not config.getoption("nomigrations")
    )


@contextmanager
def _locked(shared_dir):
    with open(shared_dir / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def install(connection, shared_dir):
    """Make `connection.creation.create_test_db` copy the run's template (building it first if no worker has)."""
    from django.conf import settings

    creation = connection.creation
    migrate_afresh = creation.create_test_db
    shared_dir = Path(shared_dir)

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if keepdb:
            return migrate_afresh(verbosity, autoclobber, serialize, keepdb)
        template = template_name(connection)
        test_name = creation._get_test_db_name()
        quote = connection.ops.quote_name
        with _locked(shared_dir):
            if not (shared_dir / BUILT).exists():
                _build(connection, migrate_afresh, template, verbosity)
                (shared_dir / BUILT).write_text(template)
            with creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
                cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = test_name
        connection.settings_dict["NAME"] = test_name
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        connection.ensure_connection()
        return test_name

    creation.create_test_db = create_test_db


def _build(connection, migrate_afresh, template, verbosity):
    """Migrate the template as Django migrates a test database, then leave it with no session (a template being
    copied may have none)."""
    from django.conf import settings

    test_settings = connection.settings_dict["TEST"]
    worker_test_name, old_name = test_settings.get("NAME"), connection.settings_dict["NAME"]
    test_settings["NAME"] = template
    try:
        migrate_afresh(verbosity, autoclobber=True, serialize=False, keepdb=False)
    finally:
        connection.close()
        test_settings["NAME"] = worker_test_name
        settings.DATABASES[connection.alias]["NAME"] = old_name
        connection.settings_dict["NAME"] = old_name


def drop(shared_dir):
    """At the end of the run, in the controller: drop the template a worker built."""
    built = Path(shared_dir) / BUILT
    if not built.exists():
        return
    from django.db import connections

    connection = connections["default"]
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(built.read_text())}")
