"""Shared test set-up. REQUIRE_SERVICES=1 (set by .ci/run) turns every "service missing" skip into a failure."""

import os

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_configure(config):
    """Under pytest-xdist each worker (gw0, gw1, …) gets its own PostgreSQL test database (pytest-django adds the
    suffix) and here its own Redis database for the real-worker tests: worker N uses the number of
    CELERY_TEST_BROKER_URL plus N (modulo Redis's 16), so that one worker's flush never eats another's messages."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    url = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
    base, _, number = url.rpartition("/")
    if base.startswith("redis") and number.isdigit():
        os.environ["CELERY_TEST_BROKER_URL"] = f"{base}/{(int(number) + int(worker[2:])) % 16}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """Under xdist on PostgreSQL, each worker's test database is a copy of one migrated for the whole run
    (tests/database_template.py); the workers' temporary directories share the parent used for coordination."""
    from django.db import connections

    from tests import database_template

    if database_template.applies(request.config):
        database_template.install(connections["default"], tmp_path_factory.getbasetemp().parent)


def pytest_sessionfinish(session):
    if session.config.pluginmanager.has_plugin("dsession"):  # the xdist controller
        from pytest_django.plugin import blocking_manager_key

        from tests import database_template

        with session.config.stash[blocking_manager_key].unblock():
            database_template.drop(session.config._tmp_path_factory.getbasetemp())


def _database_group(item):
    """pytest-django's order: tests in a rolled-back transaction, then transactional ones (whose flush empties the
    tables), then those without a database. The order below keeps it."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                    or (marker.args and marker.args[0]))) or {"transactional_db", "live_server"} & set(fixtures):
        return 1
    return 0 if marker or "db" in fixtures else 2


def pytest_collection_modifyitems(items):
    """Within each of pytest-django's groups, the modules holding a test marked `slow` run first, each module's tests
    still together and in their order: with xdist the longest tests then start early instead of finishing the run
    alone on one worker. Among them the last collected go first: those under tests/ (the migrations, real Celery
    workers, browsers) are the longest."""
    slow = [item.module for item in items if item.get_closest_marker("slow") and hasattr(item, "module")]
    rank = {module: -position for position, module in enumerate(dict.fromkeys(slow))}
    items.sort(key=lambda item: (_database_group(item), rank.get(getattr(item, "module", None), 1)))


def skip_or_fail(reason):
    """Skip on a bare developer machine; fail in CI, where nothing may be skipped for want of a service."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _postgres_only(request, settings):
    if request.node.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        skip_or_fail("this test needs PostgreSQL: set DATABASE_URL=postgres://…")


# What our data migrations put in the database (areas, the initial policy record, the criteria editions).
MIGRATION_DATA = ("enterprises.Area", "policy.PolicyRecord", "policy.CriteriaEdition")


_MIGRATION_ROWS = []  # the serialised rows, once _migration_data has read them (for the teardown hook below)


@pytest.fixture(scope="session")
def _migration_data(django_db_setup, django_db_blocker):
    """The rows the migrations wrote, serialised once right after the test database was migrated."""
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        _MIGRATION_ROWS[:] = [serializers.serialize(
            "json", [row for label in MIGRATION_DATA for row in apps.get_model(label).objects.order_by("pk")]
        )]
    return _MIGRATION_ROWS[0]


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker) and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush (its last finalizer), put the migrations' rows back as well: under
    `--dist worksteal` the next test this worker takes may be an ordinary one, which expects them."""
    yield
    if not (_MIGRATION_ROWS and _transactional(item)):
        return
    from django.core import serializers
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for row in serializers.deserialize("json", _MIGRATION_ROWS[0]):
            row.save()


@pytest.fixture(autouse=True)
def _migration_data_for_transactional_tests(request):
    """A transactional test starts after another one's flush, which empties the tables the data migrations filled.
    Put those rows back exactly as the migrations wrote them."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return
    data = request.getfixturevalue("_migration_data")
    request.getfixturevalue("transactional_db")
    from django.core import serializers

    for row in serializers.deserialize("json", data):
        row.save()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def areas(db):
    from enterprises.models import Area

    return {area.name: area for area in Area.objects.all()}


@pytest.fixture
def role_users(db, areas):
    """One user per role. The enterprise user's firm and the county official sit in 秀峰区; `other_*` elsewhere."""
    from enterprises.roles import Role
    from enterprises.tests.factories import EnterpriseFactory, make_user

    own = EnterpriseFactory(area=areas["秀峰区"])
    other = EnterpriseFactory(area=areas["阳朔县"])
    return {
        "own_enterprise": own,
        "other_enterprise": other,
        Role.ENTERPRISE: make_user(Role.ENTERPRISE, enterprise=own),
        Role.COUNTY: make_user(Role.COUNTY, area=areas["秀峰区"]),
        Role.LIAISON: make_user(Role.LIAISON),
        Role.REVIEWER: make_user(Role.REVIEWER),
        Role.FINANCE: make_user(Role.FINANCE),
        Role.FINANCIAL_SERVICES: make_user(Role.FINANCIAL_SERVICES),
        Role.ADMIN: make_user(Role.ADMIN),
    }
