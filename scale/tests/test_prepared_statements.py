"""On PostgreSQL a statement run often on a connection is prepared, and PostgreSQL may keep its plan; a path prefix,
the one value a plan depends on, is part of the statement (synpunkt/settings.py, organisations/lookups.py,
docs/decisions/0012 and 0015)."""

import pytest
from django.db import connection

from cases.models import Case
from organisations.models import OrgNode

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared(*patterns: str) -> list[tuple[str, int, int]]:
    where = " AND ".join(["statement LIKE %s"] * len(patterns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE {where}",
            list(patterns),
        )
        return cursor.fetchall()


@postgresql_only
def test_a_repeated_query_is_prepared_and_postgresql_may_keep_its_plan():
    for _ in range(8):
        list(Case.objects.filter(holder_id=1, state="registered").values_list("pk")[:5])
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"
    rows = _prepared('%FROM "cases_case"%', '%"holder_id" = $1%')
    assert rows, "the repeated query was not prepared"
    _statement, generic, custom = rows[0]
    assert generic + custom >= 3


@postgresql_only
def test_a_path_prefix_is_in_the_statement_so_that_every_plan_is_made_for_it():
    for prefix in ["/1/", "/2/"] * 6:
        list(Case.objects.filter(node_path__under=prefix).values_list("pk")[:5])
    statements = sorted(
        statement for statement, _generic, _custom in _prepared('%FROM "cases_case"%', "%LIKE%")
    )
    assert len(statements) == 2
    assert "LIKE '/1/%'" in statements[0] and "LIKE '/2/%'" in statements[1]


def test_under_finds_the_node_and_everything_below_it(tree):
    found = set(OrgNode.objects.filter(path__under=tree.elderly.path).values_list("pk", flat=True))
    assert {tree.elderly.pk, tree.care_home.pk, tree.home_care.pk} <= found
    assert tree.root.pk not in found


@pytest.mark.parametrize("value", ["", "/", "/1", "1/", "/1/%", "/1/' OR '1'='1/", "/a/"])
def test_under_refuses_anything_but_a_materialised_path(value):
    with pytest.raises(ValueError, match="materialised path"):
        list(OrgNode.objects.filter(path__under=value))
