import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.queries import only_match
from organisations.models import OrgNode

pytestmark = pytest.mark.django_db


def test_only_match_gives_the_row_or_none_without_an_order_by(tree):
    with CaptureQueriesContext(connection) as queries:
        found = only_match(OrgNode.objects.filter(pk=tree.care_home.pk))  # OrgNode is ordered by path
        missing = only_match(OrgNode.objects.filter(pk=-1))
    assert found == tree.care_home
    assert missing is None
    assert len(queries) == 2
    assert all("ORDER BY" not in query["sql"] for query in queries.captured_queries)
