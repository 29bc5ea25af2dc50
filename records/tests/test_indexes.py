"""The public register reads the case table through the indexes Case.Meta declares: a page of an organisation's
register is a walk along `case_org_received` (organisation, received_at) backwards, whatever the filters add, and
a count touches no other table."""

import pytest
from django.db import connection

from cases.models import CaseKind
from records.selectors import RegisterFilters, register_cases
from records.tests.conftest import secret_case

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan of PostgreSQL, which SQLite cannot match"
)
@pytest.mark.parametrize("filters", [RegisterFilters(), RegisterFilters(kind=CaseKind.COMPLAINT)])
def test_on_postgresql_a_page_of_the_register_is_a_walk_along_its_index(tree, filters):
    secret_case(tree)
    rows = register_cases(organisation=tree.organisation, filters=filters)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = rows[:25].explain()
    assert "case_org_received" in plan
    # The index gives the order of the days received; only cases received at the very same instant are put in
    # order of id among themselves (an incremental sort of each such group), never a sort of the whole.
    full_sorts = [line for line in plan.splitlines() if "Sort" in line and "Incremental Sort" not in line]
    assert not [line for line in full_sorts if "Sort Key" not in line and "Presorted Key" not in line]


def test_the_count_reads_the_case_table_alone(tree):
    secret_case(tree)
    rows = register_cases(organisation=tree.organisation, filters=RegisterFilters(kind=CaseKind.COMPLAINT))
    query = str(rows.query).lower()
    assert " join " not in query
