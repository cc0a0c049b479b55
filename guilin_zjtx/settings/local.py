"""Development: DEBUG on by default, SQLite and in-process Celery unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "True")

from .base import *  # noqa: E402,F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
