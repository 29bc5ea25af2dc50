"""Reading the quality work's figures from a PostgreSQL read replica, when one is configured (issue 18.7).

`DATABASE_REPLICA_URL` (synpunkt/settings.py) adds the database alias `replica`: a streaming replica of the
primary (`DATABASE_URL`). Only what reads much and writes nothing reads there: the statistics, their exports and
the quality report, each inside `analysis_reads()`. Everything else, and every write, goes to the primary, so that
a person always reads what they have just done, and every check of who may see what (roles, scope) is made on the
primary. A replica lags the primary by the time its WAL takes to arrive (milliseconds on a healthy pair): the
figures may miss the last moments' cases, which is what "read from a replica" means.

Without a replica, `analysis_reads()` changes nothing. The router uses Django's public router API
(`DATABASE_ROUTERS`): `db_for_read` names the replica only inside `analysis_reads()`; `db_for_write` is always the
primary; migrations run on the primary only (a replica is read-only and follows the primary's schema).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_analysis: ContextVar[bool] = ContextVar("synpunkt_analysis_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def analysis_reads() -> Iterator[None]:
    """Send the ORM's reads within to the replica, if there is one; writes still go to the primary."""
    token = _analysis.set(True)
    try:
        yield
    finally:
        _analysis.reset(token)


class ReadReplicaRouter:
    """The statistics, exports and quality report read from the replica; everything else from the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _analysis.get() and replica_configured():
            return REPLICA
        return None  # Django's choice: the primary, or the database an instance was read from

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read from one may point at an object read from the other.
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        return db == DEFAULT_DB_ALIAS
