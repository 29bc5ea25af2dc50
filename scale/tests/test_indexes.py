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
