import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="UNLOGGED is PostgreSQL's")
def test_the_rate_counters_are_unlogged_and_still_count(client):
    from core.ratelimit import _count

    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'core_ratecounter'")
        assert cursor.fetchone()[0] == "u"
    assert [_count("bench-key", window_ends=2_000_000_000) for _ in range(3)] == [1, 2, 3]
