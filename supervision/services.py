"""Every change of a supervisory authority's data (style.md: typed, keyword-only, atomic, audited).

The way in for the other parts of Synpunkt:

- `report_register(...)`: register a report from any channel: the web form, staff registering post and phone, and
  another installation through the API (`channel=Channel.INSTALLATION`, `external_reference=` the sender's id). It
  validates the county and the provider itself and raises `ReportError` (with `field` and a translated `message`)
  on bad input, `ReportAlreadyRegistered` (with the existing `report`) when `external_reference` was registered
  before, so that a replayed call registers nothing twice.
- `report_decide(...)`: the triage: one of the three outcomes, the written notice to the reporter, and the close.
  A hand-over is queued as a `HandOver` row and announced after commit by the `report_handed_over` signal, which
  the transport between installations listens to; it reports back with `handover_mark_sent`.
- `authority_create(...)`: an organisation of the kind "supervisory authority" with its departments.

For a caller that names the provider by organisation number and the unit by name (the API),
supervision.selectors has `provider_by_organisation_number(authority, number)` and `unit_named(provider, name)`;
what they do not find goes in `provider_in_words`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from bankid.identity import IdentifiedPerson
from cases.lifecycle import CaseError
from cases.models import CaseKind, Channel, SenderRole
from cases.services import CaseSubmission, case_decide_and_close, case_register
from citizen.services import case_tie_to_person
from guide.ivo_regions import REGIONS, county_named, region_for_county
from organisations.models import Category, NodeKind, Organisation, OrganisationKind, Role
from organisations.services import ladder_set, node_create, organisation_create
from protection.services import protected_identity_mark
from supervision.models import (
    Department,
    HandOver,
    HandOverState,
    Outcome,
    Provider,
    Report,
    ServiceKind,
    SupervisedUnit,
    Supervision,
    SupervisionCounter,
)
from supervision.signal_summary import signals_count
from supervision.signals import report_handed_over

# The period to send the reporter the written notice of the outcome, unless the authority sets another
# (Organisation.inform_period_days; domain.md §6: "in practice within 2–3 weeks").
DEFAULT_NOTICE_PERIOD_DAYS = 21
# An authority's ladder: its department's registrar receives the report, the head of department is told when the
# notice is late (cases.deadlines); reports do not climb it (cases.lifecycle).
AUTHORITY_LADDER = [Role.REGISTRAR, Role.DEPARTMENT_HEAD]


class ReportError(CaseError):
    """Bad input to a report: `field` names what to correct (a form field's or the API's name), `message` says
    how, in the asker's language."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ReportAlreadyRegistered(ReportError):
    """The sender's reference was registered before: `report` is the one registered then."""

    def __init__(self, report: Report) -> None:
        super().__init__(_("This report has already been registered."), field="external_reference")
        self.report = report


@dataclass
class ReportRegistration:
    report: Report
    # Shown once to the reporter (the receipt), stored only as a hash.
    receipt_secret: str

    @property
    def reference_number(self) -> str:
        return self.report.case.reference_number


# --- The authority ------------------------------------------------------------------------------------------------


@transaction.atomic
def authority_create(
    *,
    name: str,
    slug: str,
    reference_prefix: str,
    acting_user: User | None = None,
    notice_period_days: int = DEFAULT_NOTICE_PERIOD_DAYS,
    **settings: object,
) -> Organisation:
    """A supervisory authority: the organisation, its root, one department (an area of its tree) per region of
    guide/data/ivo_regions.json, and its ladder. Staff are then given roles on the departments (a registrar,
    inspectors, a head) and a registrar on the root, as every organisation needs (organisations.checks)."""
    authority = organisation_create(
        name=name,
        slug=slug,
        reference_prefix=reference_prefix,
        root_name=name,
        acting_user=acting_user,
        kind=OrganisationKind.SUPERVISORY_AUTHORITY,
        inform_period_days=notice_period_days,
        **settings,
    )
    root = authority.nodes.get(parent__isnull=True)
    for region in REGIONS:
        node = node_create(
            organisation=authority, parent=root, kind=NodeKind.AREA, name=region.name, acting_user=acting_user
        )
        Department.objects.create(authority=authority, node=node, region_key=region.key)
    ladder_set(organisation=authority, roles=AUTHORITY_LADDER, acting_user=acting_user)
    return authority


def department_for_county(authority: Organisation, county: str) -> Department:
    """The authority's department for the county where it happened; ReportError if the county is not one of
    Sweden's 21, or the authority has no department for it."""
    name = county_named(county or "")
    if name is None:
        raise ReportError(
            _("Choose the county where it happened, from the list of Sweden’s 21 counties."), field="county"
        )
    region = region_for_county(name)
    department = (
        Department.objects.select_related("node").filter(authority=authority, region_key=region.key).first()
        if region
        else None
    )
    if department is None:
        raise ReportError(
            _("No department of ours answers for %(county)s.") % {"county": name}, field="county"
        )
    return department


# --- Reports ------------------------------------------------------------------------------------------------------


def _checked_register_entries(
    authority: Organisation, provider: Provider | None, unit: SupervisedUnit | None, provider_in_words: str
) -> tuple[Provider | None, SupervisedUnit | None]:
    if unit is not None:
        if provider is not None and unit.provider_id != provider.pk:
            raise ReportError(
                _("The unit chosen belongs to another provider. Choose the unit again."), field="unit"
            )
        provider = unit.provider
    if provider is not None and (provider.authority_id != authority.pk or not provider.is_active):
        raise ReportError(
            _(
                "We do not know that provider. Choose one from the register, or write its name in your own words."
            ),
            field="provider",
        )
    if unit is not None and not unit.is_active:
        raise ReportError(
            _("That unit is no longer in the register. Choose another, or write its name in your own words."),
            field="unit",
        )
    if provider is None and not provider_in_words.strip():
        raise ReportError(
            _("Name the provider or the unit: choose it from the register, or write it in your own words."),
            field="provider",
        )
    return provider, unit


@transaction.atomic
def report_register(
    *,
    authority: Organisation,
    channel: str,
    county: str,
    what_happened: str,
    provider: Provider | None = None,
    unit: SupervisedUnit | None = None,
    provider_in_words: str = "",
    service_kind: str = "",
    sender_role: str = SenderRole.OTHER,
    is_anonymous: bool = False,
    wants_answer: bool = True,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    preferred_language: str = "sv",
    preferred_contact: str = "",
    event_day: int | None = None,
    event_month: int | None = None,
    event_year: int | None = None,
    received_at: datetime | None = None,
    external_reference: str = "",
    registered_by: User | None = None,
    attachments: Iterable[UploadedFile[bytes]] = (),
    identified_person: IdentifiedPerson | None = None,
    protected_sender: bool = False,
) -> ReportRegistration:
    """Register a report to a supervisory authority at once, from any channel.

    The county chooses the department; the report becomes a case of the authority (kind "report") placed at the
    department's node, so that it gets the authority's reference number, reaches the department's registrar, runs
    the notice clock (the authority's `inform_period_days`, three weeks by default), and is seen only by the
    department's staff. The provider and unit come from the register (`provider`, `unit`: a unit implies its
    provider) or in the reporter's words (`provider_in_words`). `registered_by`: the member of staff who registered
    post or phone; None for the web and the API. Raises ReportError on bad input, ReportAlreadyRegistered for an
    `external_reference` registered before.

    The web form's reporter may have logged in with BankID (`identified_person`, from the session) and may say
    that they have protected personal details (`protected_sender`): as in a municipality's intake, the case is
    then tied to the person by the keyed digest and the masked number only (citizen.CaseIdentity, decision 37),
    and marked as protected by the reporter (protection.services). Neither is done for an anonymous report:
    tying it would undo the anonymity the person chose.
    """
    if authority.kind != OrganisationKind.SUPERVISORY_AUTHORITY:
        raise ReportError(_("Reports are received only by a supervisory authority."), field="authority")
    if channel not in Channel.values:
        raise ReportError(_("Choose how the report arrived."), field="channel")
    what_happened = (what_happened or "").strip()
    if not what_happened:
        raise ReportError(_("Write what happened."), field="what_happened")
    if service_kind and service_kind not in ServiceKind.values:
        raise ReportError(_("Choose the kind of service."), field="service_kind")
    external_reference = (external_reference or "").strip()
    if external_reference:
        earlier = Report.objects.filter(authority=authority, external_reference=external_reference).first()
        if earlier is not None:
            raise ReportAlreadyRegistered(earlier)
    department = department_for_county(authority, county)
    provider, unit = _checked_register_entries(authority, provider, unit, provider_in_words)
    submission = CaseSubmission(
        organisation=authority,
        kind=CaseKind.REPORT,
        sender_role=sender_role,
        what_happened=what_happened,
        unit=department.node,
        event_day=event_day,
        event_month=event_month,
        event_year=event_year,
        wants_answer=wants_answer,
        is_anonymous=is_anonymous,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        contact_address=contact_address,
        preferred_language=preferred_language,
        preferred_contact=preferred_contact,
        channel=channel,
        received_at=received_at,
        attachments=list(attachments),
    )
    registration = case_register(submission=submission, registered_by=registered_by)
    case = registration.case
    report = Report.objects.create(
        case=case,
        authority=authority,
        department=department,
        county=county_named(county) or county,
        provider=provider,
        unit=unit,
        provider_in_words=provider_in_words.strip()[:300],
        service_kind=unit.service_kind if unit is not None else service_kind,
        received_at=case.received_at,
        external_reference=external_reference,
    )
    signals_count(case_ids=[case.pk], sign=1)
    if not case.is_anonymous:
        if identified_person is not None:
            case_tie_to_person(case=case, person=identified_person)
        if protected_sender:
            protected_identity_mark(case=case, sender=True, person_concerned=False, acting_user=None)
    return ReportRegistration(report=report, receipt_secret=registration.receipt_secret)


def _supervision_number_next(authority: Organisation, year: int) -> tuple[int, str]:
    counter, created = SupervisionCounter.objects.select_for_update().get_or_create(
        authority=authority, year=year, defaults={"last_serial": 1}
    )
    if not created:
        counter.last_serial += 1
        counter.save(update_fields=["last_serial"])
    return counter.last_serial, f"{authority.reference_prefix}-T {year}/{counter.last_serial:05d}"


@transaction.atomic
def supervision_open(*, report: Report, acting_user: User) -> Supervision:
    """Open supervision of the report's provider (and unit): a case of its own, with the authority's supervision
    series of reference numbers, linked from the report."""
    year = timezone.localdate().year
    serial, number = _supervision_number_next(report.authority, year)
    supervision = Supervision.objects.create(
        authority=report.authority,
        department=report.department,
        provider=report.provider,
        unit=report.unit,
        reference_number=number,
        reference_year=year,
        reference_serial=serial,
        opened_by=acting_user,
    )
    audit_record(
        action=Action.SUPERVISION_OPENED,
        case_id=report.case_id,
        actor=acting_user,
        data={"supervision": supervision.pk, "report": report.pk},
    )
    return supervision


@transaction.atomic
def report_decide(
    *,
    report: Report,
    outcome: str,
    notice: str,
    topics: Iterable[Category],
    acting_user: User,
    supervision: Supervision | None = None,
    hand_to: Provider | None = None,
    hand_to_name: str = "",
) -> Report:
    """Decide how the report will be handled, send the reporter the written notice, and close the report.

    - NO_FURTHER_REVIEW: registered, used when planning supervision.
    - SUPERVISION_OPENED: a new supervision (supervision_open), or an open one given as `supervision`.
    - HANDED_OVER: to `hand_to` (a provider of the register) or `hand_to_name`; a HandOver row is queued and, after
      commit, `report_handed_over` is sent for the transport between installations.

    `topics`: what the report concerns (the authority's categories), counted in the planning view. The notice
    goes through cases.services.case_decide_and_close: the reporter's message, their mail or letter, the clock
    stopped, the case closed and audited. Raises CaseError (ReportError) with a message for the person.
    """
    if outcome not in Outcome.values:
        raise ReportError(_("Choose how the report will be handled."), field="outcome")
    hand_to_name = (hand_to_name or "").strip()
    if outcome == Outcome.HANDED_OVER:
        if hand_to is not None and hand_to.authority_id != report.authority_id:
            raise ReportError(_("Choose the recipient from the register."), field="hand_to")
        if hand_to is None and not hand_to_name:
            raise ReportError(
                _("Name the municipality or provider the report is handed to."), field="hand_to"
            )
    if supervision is not None and supervision.authority_id != report.authority_id:
        raise ReportError(_("Choose one of our own supervisions."), field="supervision")
    topics = list(topics)
    if not topics:
        raise ReportError(_("Choose what the report concerns."), field="topics")
    # The notice and the close first: they lock the case, check who may act and that it is still open. The
    # categories chosen reach the planning view's summary through cases.signals (supervision.apps).
    case_decide_and_close(case=report.case, body=notice, acting_user=acting_user, topics=topics)
    if outcome == Outcome.SUPERVISION_OPENED and supervision is None:
        supervision = supervision_open(report=report, acting_user=acting_user)
    report.outcome = outcome
    report.decided_at = timezone.now()
    report.decided_by = acting_user
    report.supervision = supervision if outcome == Outcome.SUPERVISION_OPENED else None
    report.save(update_fields=["outcome", "decided_at", "decided_by", "supervision"])
    data: dict[str, object] = {"report": report.pk, "outcome": outcome}
    if report.supervision is not None:
        data["supervision"] = report.supervision.pk
    audit_record(action=Action.REPORT_DECIDED, case_id=report.case_id, actor=acting_user, data=data)
    if outcome == Outcome.HANDED_OVER:
        hand_over = HandOver.objects.create(
            report=report,
            recipient_name=hand_to.name if hand_to is not None else hand_to_name[:200],
            recipient_organisation_number=hand_to.organisation_number if hand_to is not None else "",
            recipient_provider=hand_to,
        )
        audit_record(
            action=Action.REPORT_HANDED_OVER,
            case_id=report.case_id,
            actor=acting_user,
            data={"hand_over": hand_over.pk, "provider": hand_to.pk if hand_to else None},
        )
        hand_over_id = hand_over.pk
        transaction.on_commit(
            lambda: report_handed_over.send(sender=HandOver, hand_over_id=hand_over_id), robust=True
        )
    return report


@transaction.atomic
def handover_mark_sent(*, hand_over: HandOver, remote_reference: str = "") -> bool:
    """The transport delivered the hand-over: record it once (a conditional update, so that two deliveries of the
    same hand-over record one). True if this call recorded it."""
    updated = HandOver.objects.filter(pk=hand_over.pk, state=HandOverState.QUEUED).update(
        state=HandOverState.SENT, sent_at=timezone.now(), remote_reference=remote_reference[:100]
    )
    if updated:
        audit_record(
            action=Action.HAND_OVER_SENT,
            case_id=hand_over.report_id,
            data={"hand_over": hand_over.pk},
        )
    return bool(updated)
