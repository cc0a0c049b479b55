"""The database session store, extending a signed-in session's idle timeout at most once a minute.

SESSION_SAVE_EVERY_REQUEST makes every request push the session's expiry to now + SESSION_COOKIE_AGE, which with
Django's store is one UPDATE and one commit per page. This store skips that write while the session's data is
unchanged and its expiry would move by less than SESSION_REFRESH_SECONDS: a session still ends after
SESSION_COOKIE_AGE idle (within SESSION_REFRESH_SECONDS of it, never later), logging out still deletes its row, and
any change to the session (signing in, an import waiting for confirmation) is written at once.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db


def refresh_interval():
    return timedelta(seconds=getattr(settings, "SESSION_REFRESH_SECONDS", 60))


class SessionStore(db.SessionStore):
    stored_expiry = None  # the expire_date of the row this session was loaded from

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self.stored_expiry = stored.expire_date if stored else None
        return stored

    def save(self, must_create=False):
        unchanged = not (must_create or self.modified)
        if unchanged and self.stored_expiry is not None:
            if self.get_expiry_date() - self.stored_expiry < refresh_interval():
                return  # read from its row in this request, same data, expiry nearly the same: no write
        super().save(must_create=must_create)
