from django.apps import AppConfig

from core import checks  # noqa: F401 (registers the checks)

# psycopg turns a query's %s into $1, $2 … with a regular expression, and keeps the result only for queries of at
# most 4,096 characters and 50 parameters (psycopg._queries; discussion psycopg/psycopg#628: ORMs make long
# queries that never repeat). A registration's one statement (core.queries.Together) is longer and always the same,
# and converting it again cost about 0.2 ms of Python per registration. The cache stays bounded (128 entries).
QUERY_CACHE_MAX_LENGTH = 32_768
QUERY_CACHE_MAX_PARAMS = 500


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        try:
            from psycopg import _queries
        except ImportError:  # SQLite only: psycopg is not installed
            return
        if hasattr(_queries, "MAX_CACHED_STATEMENT_PARAMS"):
            _queries.MAX_CACHED_STATEMENT_LENGTH = max(
                _queries.MAX_CACHED_STATEMENT_LENGTH, QUERY_CACHE_MAX_LENGTH
            )
            _queries.MAX_CACHED_STATEMENT_PARAMS = max(
                _queries.MAX_CACHED_STATEMENT_PARAMS, QUERY_CACHE_MAX_PARAMS
            )
