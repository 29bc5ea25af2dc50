"""Searching the case texts, and recognising reference numbers (issue 2, item 7).

A reference number, typed in full ("SN 2026/00012") or short ("2026/12"), finds that case. Anything else is
searched in the case's search document, the texts it was registered with (what happened, what they want, the
subject), through core.database.search_filter: Swedish stems, every word, each a prefix of a stem, with the same
results on PostgreSQL and SQLite (docs/decisions/0019).
"""

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from cases.models import Case
from core.database import search_filter

_REFERENCE = re.compile(
    r"^\s*(?:(?P<prefix>[^\W\d_]{1,10})\s*)?(?P<year>\d{4})\s*/\s*(?P<serial>\d{1,7})\s*$"
)


@dataclass(frozen=True)
class ReferenceQuery:
    prefix: str
    year: int
    serial: int


def reference_query(text: str) -> ReferenceQuery | None:
    """A reference number typed in full ("SN 2026/00012") or short ("2026/12"); None for anything else."""
    match = _REFERENCE.match(text)
    if match is None:
        return None
    return ReferenceQuery(
        prefix=(match.group("prefix") or "").upper(),
        year=int(match.group("year")),
        serial=int(match.group("serial")),
    )


def case_search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Narrow `queryset` to the cases matching `text`: a reference number exactly, else the case texts."""
    text = text.strip()
    if not text:
        return queryset
    reference = reference_query(text)
    if reference is not None:
        if reference.prefix:
            return queryset.filter(
                reference_number=f"{reference.prefix} {reference.year}/{reference.serial:05d}"
            )
        return queryset.filter(reference_year=reference.year, reference_serial=reference.serial)
    return search_filter(queryset, "search_document", text)
