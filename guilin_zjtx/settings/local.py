"""Development: DEBUG on by default, SQLite and in-process Celery unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "True")

from .base import *  # noqa: E402,F403
from .base import CELERY_BROKER_URL  # noqa: E402

# No broker: tasks run in-process, so `manage.py runserver` needs nothing else running (the README's default).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
