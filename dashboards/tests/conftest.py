import pytest


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache(settings):
    """Each test reads the database, not a dashboard cached by an earlier test."""
    from django.core.cache import cache

    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()
