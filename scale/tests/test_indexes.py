import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only indexes")
def test_the_inbox_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_case'")
        indexes = dict(cursor.fetchall())
    assert "varchar_pattern_ops" in indexes["scale_case_open_scope_due"]
    assert "WHERE" in indexes["scale_case_open_due"]
    assert "scale_case_due" in indexes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only indexes")
def test_the_unused_pattern_indexes_on_receipt_code_and_reference_number_are_gone():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'cases_case'")
        definitions = [row[0] for row in cursor.fetchall()]
    for column in ["receipt_code", "reference_number"]:
        assert not any(f"({column} varchar_pattern_ops)" in d for d in definitions)
        assert any("UNIQUE" in d and f"({column})" in d for d in definitions)  # the unique index stays


@pytest.mark.skipif(connection.vendor != "postgresql", reason="UNLOGGED is PostgreSQL's")
def test_the_rate_counters_are_unlogged_and_still_count(client):
    from core.ratelimit import _count

    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'core_ratecounter'")
        assert cursor.fetchone()[0] == "u"
    assert [_count("bench-key", window_ends=2_000_000_000) for _ in range(3)] == [1, 2, 3]
