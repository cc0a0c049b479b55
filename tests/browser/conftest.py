import pytest


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with a MEDIA_URL: Django's test server wraps the site in a media
    handler that fails on MEDIA_URL = None (the portal has no public media URL). The prefix exists only inside
    this test server; the portal never links to it and attachments are still fetched through the scoped view."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_URL="/__test-server-media__/"):
        server = LiveServer("localhost")
    request.addfinalizer(server.stop)
    return server
