"""Django's database sessions, saved with one statement instead of three, and at most once per change.

Django saves an existing session inside `transaction.atomic()`: BEGIN, UPDATE, COMMIT, three round trips on every
request that changed the session (or SAVEPOINT, UPDATE, RELEASE inside a caller's transaction). A single UPDATE
is just as atomic on its own, and inside a caller's transaction it is part of it: if it fails, so does the
caller's change. For a new session (which must be created, not updated), Django's own path is kept.

A view may save the session inside its own transaction, so that the session and the change it records commit
together (`session_save_with`, used when a case is registered). The save that SessionMiddleware makes at the
end of the request then finds nothing new and writes nothing; it still sends the cookie.
"""

import time

from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.utils import timezone

from core.middleware import TOUCHED_KEY
from core.queries import Together, select_one, update_where


class SessionStore(DatabaseSessionStore):
    _saved: bytes | None = None  # what this store last wrote, as serialised

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        # As Django's: the session if it exists and has not expired; the key forgotten otherwise. One row by its
        # primary key, read with SQL built once (core.queries).
        session = select_one(self.model, session_key=self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            super().save(must_create=must_create)
            return
        self._save_update(None)

    def save_with(self, together: Together) -> None:
        """Save an existing session with the caller's other writes (core.queries.Together); a new one now."""
        if self.session_key is None:
            self.save()
            return
        self._save_update(together)

    def _save_update(self, together: Together | None) -> None:
        data = dict(self.items())
        serialised = self.serializer().dumps(data)
        if serialised == self._saved:
            return  # written already in this request (session_save_with), and not changed since
        where = {"session_key": self.session_key}
        values = {"session_data": self.encode(data), "expire_date": self.get_expiry_date()}
        if together is None:
            _updated(update_where(self.model, where=where, values=values))
        else:
            together.update(self.model, where=where, values=values, checked=_updated)
        self._saved = serialised


def _updated(count: int) -> None:
    if not count:
        raise UpdateError  # the session was deleted meanwhile (logged out elsewhere): as Django does


def session_save_with(session: SessionBase, together: Together | None = None) -> None:
    """Save the session now, in the caller's transaction: the session and the caller's change commit together,
    or neither does; with `together`, its UPDATE goes with the caller's other writes. Marks it as touched
    (core.middleware), so that the end of the request does not write it again."""
    session[TOUCHED_KEY] = int(time.time())
    if together is not None and isinstance(session, SessionStore):
        session.save_with(together)
    else:
        session.save()
