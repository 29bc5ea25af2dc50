"""The production indexes of a case are the ones Case.Meta declares, on both engines (issue 16, item 4)."""

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Case
from cases.selectors import TAB_SCOPE, InboxFilters, inbox_cases

pytestmark = pytest.mark.django_db


def case_constraints() -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Case._meta.db_table)


def test_it_has_every_index_the_model_declares():
    constraints = case_constraints()
    for index in Case._meta.indexes:
        assert index.name in constraints
        if index.fields:  # an index on an expression has no fields to compare (the inbox's deadline)
            assert constraints[index.name]["columns"] == [
                Case._meta.get_field(f.lstrip("-")).column for f in index.fields
            ]


def test_it_has_none_of_the_indexes_the_bench_app_made_before():
    assert not {"scale_case_open_scope_due", "scale_case_open_due", "scale_case_due"} & set(
        case_constraints()
    )


def test_the_receipt_code_and_the_reference_number_are_unique_by_constraint():
    constraints = case_constraints()
    assert constraints["case_receipt_code_unique"]["unique"]
    assert constraints["case_receipt_code_unique"]["columns"] == ["receipt_code"]
    assert constraints["case_reference_number_unique"]["unique"]
    assert constraints["case_reference_number_unique"]["columns"] == ["reference_number"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="operator classes and GIN are PostgreSQL's")
def test_on_postgresql_the_inbox_can_match_a_path_prefix_and_search_uses_gin():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_case'")
        definitions = dict(cursor.fetchall())
    assert "(node_path varchar_pattern_ops, inform_by, id) WHERE" in definitions["case_open_scope_due"]
    assert "(received_at, id) WHERE" in definitions["case_open_received"]
    assert "THEN acknowledge_by" in definitions["case_open_deadline"]
    assert not {"case_open_due", "case_due"} & set(definitions)  # the inbox's old order, dropped
    assert "USING gin (search_document)" in definitions["case_search_gin"]
    assert "case_search_document_gin" not in definitions


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Django adds pattern indexes on PostgreSQL only"
)
def test_on_postgresql_no_pattern_index_is_paid_for_on_the_receipt_code_or_the_reference_number():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'cases_case'")
        definitions = [row[0] for row in cursor.fetchall()]
    for column in ["receipt_code", "reference_number"]:
        assert not any(f"({column} varchar_pattern_ops)" in d for d in definitions)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan of PostgreSQL, which SQLite cannot match"
)
@pytest.mark.parametrize(
    ("sort", "index"), [("deadline", "case_open_deadline"), ("newest", "case_open_received")]
)
def test_on_postgresql_a_page_of_the_inbox_is_a_walk_along_its_index(tree, sort, index):
    """The deadline index is on an expression: PostgreSQL uses it only if the query's ORDER BY is the same
    expression with the same values, which server-side binding with plans made for each statement's own values
    keeps true (settings.py). With sorting made as dear as the planner allows, a page must come from the index."""
    filters = InboxFilters(tab=TAB_SCOPE, sort=sort)
    cases = inbox_cases(user=tree.head_of_operations, filters=filters, today=timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
    plan = cases[:25].explain()
    assert index in plan and "Sort" not in plan
