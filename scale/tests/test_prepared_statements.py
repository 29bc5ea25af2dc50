"""On PostgreSQL a statement run often on a connection is prepared, yet planned for its own values every time
(synpunkt/settings.py, docs/decisions/0012)."""

import pytest
from django.db import connection

from cases.models import Case

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def test_a_repeated_query_is_prepared_and_every_execution_gets_a_custom_plan():
    for prefix in ["1", "2", "3", "4", "5", "6", "7", "8"]:
        # The inbox's shape: a path prefix, whose best plan depends on the value.
        list(Case.objects.filter(node_path__startswith=f"/{prefix}/").values_list("pk")[:5])
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s AND statement LIKE %s",
            ['%FROM "cases_case"%', "%LIKE%"],
        )
        rows = cursor.fetchall()
    assert rows, "the repeated query was not prepared"
    generic, custom = rows[0]
    assert generic == 0
    assert custom >= 3
