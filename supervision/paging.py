"""Pages of a long list whose total is counted only up to a cap (issue 19 item 9, docs/decisions/0042).

An authority's register of reports grows by hundreds of thousands a year; counting all of them for the heading
and the page links would read every row on every page view. `CappedPaginator` counts at most `cap` rows (a COUNT
over a LIMITed subquery, so an index scan stops there), says whether there are more (`capped`), and offers the
pages up to the cap: beyond it, the filters narrow the list.
"""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 2_000


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet[Any], per_page: int, *, cap: int = COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.rows = object_list
        self.cap = cap

    @cached_property
    def counted(self) -> int:
        """The rows, counted up to one past the cap."""
        return self.rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than the cap (the count then says the cap)."""
        return self.counted > self.cap
