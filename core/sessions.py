"""Django's database sessions, saved with one statement instead of three.

Django saves an existing session inside `transaction.atomic()`: BEGIN, UPDATE, COMMIT, three round trips on every
request that changed the session. A single UPDATE in autocommit is just as atomic. Inside a caller's transaction,
and for a new session (which must be created, not updated), Django's own path is kept.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        using = router.db_for_write(self.model)
        if must_create or self.session_key is None or connections[using].in_atomic_block:
            super().save(must_create=must_create)
            return
        updated = (
            self.model.objects.using(using)
            .filter(session_key=self.session_key)
            .update(session_data=self.encode(dict(self.items())), expire_date=self.get_expiry_date())
        )
        if not updated:
            raise UpdateError  # the session was deleted meanwhile (logged out elsewhere): as Django does
