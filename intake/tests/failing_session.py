"""A session engine for tests: Django's database sessions, whose save fails once the intake is done while
`broken` is set (as when the session was deleted meanwhile, e.g. logged out elsewhere): the row written then is
one that is no longer there, so the UPDATE changes nothing and the save fails as it would."""

from typing import Any

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

broken = False


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        if broken and self.get("intake_done"):
            raise UpdateError
        super().save(must_create=must_create)

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance = super().create_model_instance(data)
        if broken and data.get("intake_done"):
            instance.session_key = "deleted-meanwhile"
        return instance
