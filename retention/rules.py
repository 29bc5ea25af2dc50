"""The retention rules applied: which records are due for deletion on a day, and which of them a rule keeps.

A record is due when its period has run out: its last note (the latest of its closure, messages, notes and
actions) lies at least the rule's years before the day. It is kept whatever its period if

1. a legal hold is on it (`legal_hold`),
2. it belongs to a municipality in an area the research exemption names (`research_area`), or
3. the person it is about was born on the 5th, 15th or 25th of a month (`research_birth_day`).

Open records are never due. A deletion due in one year must be complete by the end of the next (`delete_by`).
The database decides all of it, set-based: which records are due (their last note, from indexed subqueries), and
the reason a rule keeps one (`kept_reason`, a CASE over the hold, the area and the day of birth). The preview reads
the result in keyset batches (`BATCH` rows, along the index on organisation and day received): every statement is
short and bounded, and a preview of a million cases holds one batch at a time in memory.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Action, Case, CaseState, Message, Note
from core.database import transaction_without_jit
from lexsarah.models import LexSarahRecord, LexSarahState
from organisations.models import Organisation, OrganisationKind
from retention.models import (
    ExemptionKind,
    LegalHold,
    RecordClass,
    ResearchBirthDay,
    ResearchExemptArea,
    RetentionRule,
)

# Socialtjänstförordningen (2025:468) 13 kap. 1 §: records about persons born on these days are kept.
RESEARCH_BIRTH_DAYS = (5, 15, 25)
# Rows per keyset batch of the preview: a statement of a few tens of milliseconds, few enough round trips.
BATCH = 2000


class KeptReason:
    LEGAL_HOLD = "legal_hold"
    RESEARCH_AREA = "research_area"
    RESEARCH_BIRTH_DAY = "research_birth_day"


KEPT_REASON_LABELS = {
    KeptReason.LEGAL_HOLD: _("Legal hold"),
    KeptReason.RESEARCH_AREA: _("Research exemption: the municipality's area"),
    KeptReason.RESEARCH_BIRTH_DAY: _("Research exemption: born on the 5th, 15th or 25th"),
}


@dataclass(frozen=True)
class PreviewRow:
    record_class: str
    record_id: int
    reference_number: str
    received_on: date
    last_note_on: date
    delete_by: date
    kept_reason: str  # empty: to be deleted


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


def delete_by(last_note_on: date, years: int) -> date:
    """The end of the year after the one in which the period runs out."""
    return date(years_after(last_note_on, years).year + 1, 12, 31)


def rule_for(organisation: Organisation, record_class: str) -> RetentionRule | None:
    """The organisation's own rule for the class, else its kind's; None: the class is not deleted."""
    rules = RetentionRule.objects.filter(record_class=record_class).filter(
        Q(organisation=organisation) | Q(organisation__isnull=True, organisation_kind=organisation.kind)
    )
    return min(rules, key=lambda rule: rule.organisation_id is None, default=None)


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def in_research_area(organisation: Organisation) -> bool:
    """A municipality in a county the exemption names (by the organisation's county), or a municipality it names
    (the organisation's name starts with it: "Göteborgs stad" for "Göteborg")."""
    if organisation.kind != OrganisationKind.MUNICIPALITY:
        return False
    county, name = _normal(organisation.county), _normal(organisation.name)
    for area in ResearchExemptArea.objects.all():
        area_name = _normal(area.name)
        if area.kind == ExemptionKind.COUNTY and county and county == area_name:
            return True
        if area.kind == ExemptionKind.MUNICIPALITY and name.startswith(area_name):
            return True
    return False


def _hold(record_class: str) -> Exists:
    return Exists(
        LegalHold.objects.filter(record_class=record_class, record_id=OuterRef("pk"), lifted_at__isnull=True)
    )


def _birth_day(record_class: str) -> Exists:
    return Exists(
        ResearchBirthDay.objects.filter(
            record_class=record_class, record_id=OuterRef("pk"), day__in=RESEARCH_BIRTH_DAYS
        )
    )


def _latest(model: type[Note] | type[Message] | type[Action], field: str) -> Coalesce:
    latest = model.objects.filter(case=OuterRef("pk")).values("case").annotate(at=Max(field)).values("at")
    return Coalesce(Subquery(latest, output_field=DateTimeField()), F("received_at"))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _kept_reason(research_area: bool) -> SqlCase:
    """Why a rule keeps a due record, in SQL: a hold first, then the area (the whole organisation's), then the
    day of birth; empty when none does."""
    held = When(on_hold=True, then=Value(KeptReason.LEGAL_HOLD))
    if research_area:
        return SqlCase(held, default=Value(KeptReason.RESEARCH_AREA), output_field=CharField())
    born = When(born_on_research_day=True, then=Value(KeptReason.RESEARCH_BIRTH_DAY))
    return SqlCase(held, born, default=Value(""), output_field=CharField())


def due_cases(organisation: Organisation, cutoff: date) -> QuerySet[Case]:
    """The organisation's closed and withdrawn cases whose last note was on or before `cutoff`, annotated with
    `last_note`, `on_hold`, `born_on_research_day` and `kept_reason`."""
    last_note = Greatest(
        Coalesce(F("closed_at"), F("received_at")),
        _latest(Note, "created_at"),
        _latest(Message, "created_at"),
        _latest(Action, "created_at"),
        Coalesce(
            Subquery(
                Action.objects.filter(case=OuterRef("pk"), followed_up_at__isnull=False)
                .values("case")
                .annotate(at=Max("followed_up_at"))
                .values("at"),
                output_field=DateTimeField(),
            ),
            F("received_at"),
        ),
        output_field=DateTimeField(),
    )
    return (
        # Received by the cutoff: a cheap bound first (the index on organisation and received_at), since the last
        # note is never before the day received; the subqueries then run only for the cases it lets through.
        Case.objects.filter(
            organisation=organisation,
            state__in=[CaseState.CLOSED, CaseState.WITHDRAWN],
            received_at__lte=_end_of(cutoff),
        )
        .annotate(
            last_note=last_note,
            on_hold=_hold(RecordClass.COMPLAINT),
            born_on_research_day=_birth_day(RecordClass.COMPLAINT),
        )
        .annotate(kept_reason=_kept_reason(in_research_area(organisation)))
        .filter(last_note__lte=_end_of(cutoff))
    )


def due_lex_sarah_records(organisation: Organisation, cutoff: date) -> QuerySet[LexSarahRecord]:
    """The organisation's closed Lex Sarah records closed on or before `cutoff`, annotated as due_cases."""
    return (
        LexSarahRecord.objects.filter(
            organisation=organisation, state=LexSarahState.CLOSED, reported_at__lte=_end_of(cutoff)
        )
        .annotate(
            last_note=Coalesce(F("closed_at"), F("reported_at")),
            on_hold=_hold(RecordClass.LEX_SARAH),
            born_on_research_day=_birth_day(RecordClass.LEX_SARAH),
            received_at=F("reported_at"),
        )
        .annotate(kept_reason=_kept_reason(in_research_area(organisation)))
        .filter(last_note__lte=_end_of(cutoff))
    )


def due_queryset(organisation: Organisation, record_class: str, cutoff: date) -> QuerySet[Any]:
    """The due records of a class, with the annotations of due_cases (typed loosely: the two models differ)."""
    if record_class == RecordClass.LEX_SARAH:
        return due_lex_sarah_records(organisation, cutoff)
    return due_cases(organisation, cutoff)


@contextmanager
def _without_jit() -> Iterator[None]:
    """A transaction in which PostgreSQL does not compile statements to machine code. It does so when a statement's
    planned cost is high, and the subqueries of the last note, planned per row, make a batch's cost high: the
    compilation took three times as long as the batch itself (docs/decisions/0040)."""
    with transaction.atomic():
        transaction_without_jit()
        yield


def keyset_batches(rows: QuerySet[Any], size: int = BATCH) -> Iterator[list[tuple[Any, ...]]]:
    """`rows` (a values_list whose first two columns are `received_at` and `pk`) in batches of `size`, in the
    order of the day received then id. Each batch is a statement of its own that starts where the last one ended,
    (received_at, pk) > the last's: it walks the index on organisation and day received and never rereads."""
    ordered = rows.order_by("received_at", "pk")
    page = ordered
    while True:
        with _without_jit():
            batch = list(page[:size])
        if not batch:
            return
        yield batch
        if len(batch) < size:
            return
        received_at, pk = batch[-1][0], batch[-1][1]
        page = ordered.filter(received_at__gte=received_at).filter(
            Q(received_at__gt=received_at) | Q(received_at=received_at, pk__gt=pk)
        )


def preview(organisation: Organisation, *, as_of: date, batch_size: int = BATCH) -> Iterator[PreviewRow]:
    """Every record of the organisation due for deletion on `as_of`, class by class in the order received, each
    with the reason a rule keeps it (empty: it is to be deleted). Constant memory however many there are: one
    keyset batch at a time (keyset_batches)."""
    for record_class in RecordClass.values:
        rule = rule_for(organisation, record_class)
        if rule is None:
            continue
        rows = due_queryset(organisation, record_class, years_before(as_of, rule.years)).values_list(
            "received_at", "pk", "reference_number", "last_note", "kept_reason"
        )
        zone = timezone.get_current_timezone()  # once: looking it up per row cost more than the row's query
        for batch in keyset_batches(rows, batch_size):
            for received_at, pk, reference, last_note, reason in batch:
                last_note_on = last_note.astimezone(zone).date()
                yield PreviewRow(
                    record_class=record_class,
                    record_id=pk,
                    reference_number=reference,
                    received_on=received_at.astimezone(zone).date(),
                    last_note_on=last_note_on,
                    delete_by=delete_by(last_note_on, rule.years),
                    kept_reason=reason,
                )
