"""The deletion of a batch of cases and everything that hangs on them, in bulk: one statement per table.

`Case.objects.filter(pk__in=ids).delete()` alone would leave it to Django's deletion collector, which fetches
the cases and every row that has rows of its own pointing at it (messages, supervision reports, their
hand-overs) into memory before deleting them; at national scale that made a batch several times slower than the
statements themselves (docs/decisions/0040). Here the relations pointing at a case are walked through the model
`_meta` API, deepest first: a cascading relation is deleted with one `DELETE … WHERE case_id IN (…)` (through a
join for the rows further down, e.g. an attachment of a message of the case), a `SET_NULL` one is cleared with
one `UPDATE`, and a `DO_NOTHING` one (the audit trail, which carries no constraint) is left as it is. The cases
go last, through the collector again, which then finds nothing left to fetch but still applies any rule this walk
does not know (a `PROTECT` raises and the batch rolls back), so that a relation added later is never skipped.
"""

from collections.abc import Sequence

from django.db import models
from django.db.models.fields.reverse_related import ForeignObjectRel

from cases.models import Attachment, Case

# Deep enough for case → message → attachment and case → supervision report → hand-over → API message.
MAX_DEPTH = 4


def _relations_to(model: type[models.Model]) -> list[ForeignObjectRel]:
    """The one-to-many and one-to-one relations of other models that point at `model`, hidden ones included."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if isinstance(field, ForeignObjectRel) and (field.one_to_many or field.one_to_one)
    ]


def _clear_dependents(model: type[models.Model], path: str, ids: Sequence[int], depth: int) -> None:
    """Delete or clear, deepest first, the rows that point at the rows of `model` reached by `path`__in=ids."""
    if depth > MAX_DEPTH:
        return  # left to the collector below, which goes as deep as it must
    for relation in _relations_to(model):
        related = relation.related_model
        assert isinstance(related, type)
        field_name = relation.field.name
        lookup = f"{field_name}__{path}" if path else field_name
        rows = related._meta.base_manager.filter(**{f"{lookup}__in": ids})
        if relation.on_delete is models.CASCADE:
            _clear_dependents(related, lookup, ids, depth + 1)
            rows.only("pk").delete()
        elif relation.on_delete is models.SET_NULL:
            rows.update(**{field_name: None})


def cases_delete(ids: Sequence[int]) -> list[str]:
    """Delete these cases and every row that cascades from them, clearing the links that are set to null.
    Returns the names of their stored files, for the caller to remove once the transaction has committed."""
    if not ids:
        return []
    file_names = [
        name for name in Attachment.objects.filter(case_id__in=ids).values_list("file", flat=True) if name
    ]
    _clear_dependents(Case, "", ids, 1)
    Case.objects.filter(pk__in=ids).only("pk").delete()
    return file_names
