"""Tests: fast hashing, local e-mail, in-process Celery unless a test starts a real worker."""

import os

os.environ.setdefault("DEBUG", "True")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A real worker a test starts (tests/test_celery_worker.py) sets CELERY_TASK_ALWAYS_EAGER=false: the tasks it queues
# itself (a run's chunks) then go through the broker as in production.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Dashboards read the database in every test; tests of the cache turn it on themselves.
QUOTA_DASHBOARD_CACHE_SECONDS = 0
# The test client speaks plain HTTP; the test of the HTTPS rule turns it on itself.
API_HTTPS_ONLY = False
