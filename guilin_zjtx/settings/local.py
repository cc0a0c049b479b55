"""Development: DEBUG on by default, SQLite and in-process Celery unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "True")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, CELERY_BROKER_URL, env  # noqa: E402

# No broker: tasks run in-process, so `manage.py runserver` needs nothing else running (the README's default).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# E-mails the portal sends (declarations' notices, the demo's too) go to files under var/mail/, one per message,
# not as raw MIME onto the console where they drown the output of seed_demo and runserver.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
