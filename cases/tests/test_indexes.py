"""The production indexes of a case are the ones Case.Meta declares, on both engines (issue 16, item 4)."""

import pytest
from django.db import connection

from cases.models import Case

pytestmark = pytest.mark.django_db


def case_constraints() -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Case._meta.db_table)


def test_it_has_every_index_the_model_declares():
    constraints = case_constraints()
    for index in Case._meta.indexes:
        assert index.name in constraints
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
    assert "(inform_by, id) WHERE" in definitions["case_open_due"]
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
