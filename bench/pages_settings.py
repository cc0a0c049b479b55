"""Settings of bench/pages_load.py: production's, with the bench's own URL list (the product's plus one bare view)
and the session cookie allowed over the plain HTTP of 127.0.0.1."""

from guilin_zjtx.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
