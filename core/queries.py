"""Small helpers for the ORM where the shape of a query costs more in Python than the database spends on it."""

from django.db.models import Model, QuerySet


def only_match[M: Model](queryset: QuerySet[M]) -> M | None:
    """The one row of a query that matches at most one (by a primary key or another unique value), or None.

    Like `.first()`, without the ORDER BY it adds (or the model's default ordering): building an ORDER BY costs
    Django about half a millisecond, and for a single row the database needs none.
    """
    return next(iter(queryset.order_by()[:1]), None)
