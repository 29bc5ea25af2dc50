"""Reads for the register and the requests: the public register's search (no login, no case content), the
organisation's settings, and the requests staff may see, through the one access policy (cases.policy)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.policy import can_change_case, cases_visible_to
from organisations.models import NodeKind, Organisation, OrgNode
from records.models import DocumentRequest, LegalGround, Mask, PartReview, RecordsSettings, RequestState

REGISTER_PAGE_SIZE = 25
REQUEST_PAGE_SIZE = 25

# What the public register shows of a case: its public part only (OSL 5 kap. 2 §). Never the sender; the short
# subject only where the organisation has chosen to show it.
# The unit is named from the filter's list of units, so that neither the count nor the page joins another table.
REGISTER_COLUMNS = ["pk", "reference_number", "received_at", "kind", "state", "unit_id", "subject"]


def records_settings_for(organisation: Organisation) -> RecordsSettings:
    """The organisation's settings, or the defaults (unsaved) when it has none."""
    found = RecordsSettings.objects.filter(organisation=organisation).first()
    return found or RecordsSettings(organisation=organisation)


def published_organisations() -> QuerySet[Organisation]:
    """The organisations whose register anyone may search."""
    return Organisation.objects.filter(records_settings__register_published=True).order_by("name")


def published_organisation(slug: str) -> Organisation | None:
    return published_organisations().filter(slug=slug).select_related("records_settings").first()


def register_units(organisation: Organisation) -> QuerySet[OrgNode]:
    """The units offered by the register's filter: the organisation's units, by name."""
    return OrgNode.objects.filter(organisation=organisation, kind=NodeKind.UNIT).order_by("name", "pk")


@dataclass(frozen=True)
class RegisterFilters:
    reference: str = ""
    received_from: date | None = None
    received_to: date | None = None
    kind: str = ""
    unit_id: int | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def register_cases(*, organisation: Organisation, filters: RegisterFilters) -> QuerySet[Case, dict[str, Any]]:
    """The public part of an organisation's register under `filters`, the most recently received first, as
    dictionaries of REGISTER_COLUMNS (no model instance: nothing else of a case can leak through a template).

    Every filter is a condition the indexes serve: the organisation and the day received walk `case_org_received`
    (organisation, received_at) backwards; the reference number is the unique constraint's index; a unit is its
    foreign key's index."""
    cases = Case.objects.filter(organisation=organisation)
    if filters.reference:
        cases = cases.filter(reference_number=filters.reference.strip().upper())
    if filters.received_from:
        cases = cases.filter(received_at__gte=_day_start(filters.received_from))
    if filters.received_to:
        cases = cases.filter(received_at__lt=_day_start(filters.received_to + timedelta(days=1)))
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.unit_id:
        cases = cases.filter(unit_id=filters.unit_id)
    rows: QuerySet[Case, dict[str, Any]] = cases.order_by("-received_at", "-pk").values(*REGISTER_COLUMNS)
    return rows


def case_in_register(organisation: Organisation, reference: str) -> Case | None:
    """The case with this reference number in the organisation's register, for the public request form."""
    return Case.objects.filter(organisation=organisation, reference_number=reference.strip().upper()).first()


# --- Requests, for staff ------------------------------------------------------------------------------------------


def requests_visible_to(user: User) -> QuerySet[DocumentRequest]:
    """The requests about cases `user` may see (cases.policy)."""
    return DocumentRequest.objects.filter(case__in=cases_visible_to(user).values("pk"))


STATE_OPEN = ""
STATE_DECIDED = "decided"
STATE_ALL = "all"


def requests_for_list(*, user: User, state: str, overdue: bool, today: date) -> QuerySet[DocumentRequest]:
    """The list's requests: open ones by default, the nearest deadline first."""
    requests = requests_visible_to(user).select_related("case")
    if state == STATE_OPEN:
        requests = requests.filter(state=RequestState.RECEIVED)
    elif state == STATE_DECIDED:
        requests = requests.filter(state=RequestState.DECIDED)
    if overdue:
        requests = requests.filter(state=RequestState.RECEIVED, due_on__lt=today)
    return requests.order_by("due_on", "pk")


def request_for_staff(*, user: User, pk: int) -> DocumentRequest | None:
    """One request `user` may see, or None (the caller answers 404: its existence stays hidden)."""
    return (
        requests_visible_to(user).select_related("case", "case__unit", "organisation").filter(pk=pk).first()
    )


def may_handle(user: User, request: DocumentRequest) -> bool:
    """Reviewing, masking and deciding need the right to change the case (cases.policy)."""
    return request.case is not None and can_change_case(user, request.case)


def active_grounds() -> QuerySet[LegalGround]:
    return LegalGround.objects.filter(is_active=True)


def request_masks(request: DocumentRequest) -> list[Mask]:
    return list(request.masks.select_related("ground", "created_by"))


def request_reviews(request: DocumentRequest) -> dict[tuple[str, str], PartReview]:
    return {
        (review.part_kind, review.part_key): review
        for review in request.reviews.select_related("withheld_ground", "reviewed_by")
    }


def overdue_count(user: User, today: date) -> int:
    return requests_visible_to(user).filter(Q(state=RequestState.RECEIVED), due_on__lt=today).count()
