"""Registering a case: the reference number, the clocks, the attachments, the first holder (style.md: typed,
atomic, audited). A change of hands later goes through case_assign here too."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.actions import Action
from audit.services import Entry, audit_record, audit_record_many
from cases import receipts
from cases.clocks import acknowledge_by_for, inform_by_for
from cases.models import Assignment, AssignmentReason, Attachment, Case, CaseKind, Channel, ReferenceCounter
from cases.routing import route_for
from cases.services.mail import receipt_email_enqueue
from core import database
from organisations.absence import Deputising
from organisations.models import Organisation, OrgNode, Role
from organisations.selectors import ladder_roles, organisation_root, role_holder_for
from quality.summary import case_registered
from webhooks.models import WebhookEvent
from webhooks.services import webhook_event_emit


@dataclass
class CaseSubmission:
    """Everything a sender gives us, whatever the channel (web, post, phone, visit)."""

    organisation: Organisation
    kind: str
    sender_role: str
    what_happened: str
    unit: OrgNode | None = None
    desired_outcome: str = ""
    event_day: int | None = None
    event_month: int | None = None
    event_year: int | None = None
    about_person: str = ""
    # What the sender said it is mostly about, if they chose (an active topic of the organisation).
    citizen_topic_id: int | None = None
    wants_manager: bool = False
    wants_answer: bool = True
    is_anonymous: bool = False
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    preferred_language: str = "sv"
    preferred_contact: str = ""
    channel: str = Channel.WEB
    received_at: datetime | None = None
    attachments: list[UploadedFile[bytes]] = field(default_factory=list)


@dataclass
class Registration:
    case: Case
    receipt_secret: str


def reference_number_next(*, organisation: Organisation, year: int) -> tuple[int, str]:
    """Take the next serial for the organisation and year, inside the caller's transaction.

    The year's counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions hold the
    write lock from BEGIN) until the caller's transaction ends, so two registrations never take the same serial.
    The year's first registration creates the row; where two do so at once, the unique constraint lets one
    create it and get_or_create gives the other that row, locked, to count on.
    """
    counter, created = ReferenceCounter.objects.select_for_update().get_or_create(
        organisation=organisation, year=year, defaults={"last_serial": 1}
    )
    if not created:
        counter.last_serial += 1
        counter.save(update_fields=["last_serial"])
    serial = counter.last_serial
    return serial, f"{organisation.reference_prefix} {year}/{serial:05d}"


# The register's word for a case whose sender did not know the unit (also used by the bulk seeding of scale/).
UNIT_NOT_GIVEN = gettext_lazy("unit not given")


def _registration_subject(submission: CaseSubmission) -> str:
    """The register's short subject: the kind and the unit, never what the sender wrote (OSL 5 kap. 2 §)."""
    with translation.override(settings.LANGUAGE_CODE):
        kind = str(CaseKind(submission.kind).label)
        where = submission.unit.name if submission.unit else str(UNIT_NOT_GIVEN)
        return f"{kind} – {where}"[:200]


# A new receipt code that is already taken (40 random bits: about one in a million at a million cases) makes the
# registration start again with another; three taken codes in a row would be a fault, not chance.
RECEIPT_CODE_TRIES = 3


def case_register(
    *,
    submission: CaseSubmission,
    registered_by: User | None = None,
    before_commit: Callable[[Registration], None] | None = None,
    actor_label: str | None = None,
) -> Registration:
    """Register a submission at once: reference number, clocks, attachments, routing and audit, in one transaction.

    The case is written once, with its first holder already decided (cases.routing.route_for), and the audit
    trail gets both events (registered, assigned) last, so that the chain's lock is held only for the end of the
    transaction. The receipt, if the sender gave an address, goes into the outbox in the same transaction and is
    queued for sending once it commits. The receipt secret is returned once, to be shown to the sender, and kept
    only as a hash. The receipt code is unique by the database's constraint: if a new code is taken, the whole
    registration is rolled back and made again with another (nothing is half-written, no serial is lost).

    `before_commit` runs inside the transaction, after the case's rows are written and before the audit append:
    for what must be kept exactly when the case is. The web intake saves the sender's session there, so that a
    crash cannot leave a registered case whose sender is still shown the "Send" button. It runs again if the
    registration is made again.

    `actor_label` names who registered it in the audit trail when it is neither staff nor the citizen (the API's
    token: "api-token:7").
    """
    for attempt in range(1, RECEIPT_CODE_TRIES + 1):
        try:
            return _case_register(
                submission=submission,
                registered_by=registered_by,
                receipt_code=receipts.new_receipt_code(),
                before_commit=before_commit,
                actor_label=actor_label,
            )
        except IntegrityError as error:
            if "receipt_code" not in str(error) or attempt == RECEIPT_CODE_TRIES:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _case_register(
    *,
    submission: CaseSubmission,
    registered_by: User | None,
    receipt_code: str,
    before_commit: Callable[[Registration], None] | None,
    actor_label: str | None = None,
) -> Registration:
    received_at = submission.received_at or timezone.now()
    received_on = timezone.localdate(received_at)
    organisation = submission.organisation
    secret = receipts.new_secret()
    has_clock = submission.kind != CaseKind.PRAISE
    unit = submission.unit
    subject = _registration_subject(submission)
    route = route_for(organisation=organisation, unit=unit, wants_manager=submission.wants_manager)
    node_path = unit.path if unit else organisation_root(organisation).path
    # The serial last: its row lock is held until the commit, so that registrations for the same organisation
    # wait for each other only for the writes below, not for the routing and reading above.
    serial, reference_number = reference_number_next(organisation=organisation, year=received_on.year)
    case = Case.objects.create(
        organisation=organisation,
        unit=unit,
        node_path=node_path,
        reference_number=reference_number,
        reference_year=received_on.year,
        reference_serial=serial,
        kind=submission.kind,
        channel=submission.channel,
        received_at=received_at,
        step=route.step,
        holder_id=route.assignee_id,
        inform_by=inform_by_for(organisation, received_on) if has_clock else None,
        acknowledge_by=acknowledge_by_for(organisation, received_on) if has_clock else None,
        subject=subject,
        what_happened=submission.what_happened,
        desired_outcome=submission.desired_outcome,
        event_day=submission.event_day,
        event_month=submission.event_month,
        event_year=submission.event_year,
        about_person=submission.about_person,
        citizen_topic_id=submission.citizen_topic_id,
        wants_manager=submission.wants_manager,
        sender_role=submission.sender_role,
        wants_answer=submission.wants_answer,
        is_anonymous=submission.is_anonymous,
        contact_name="" if submission.is_anonymous else submission.contact_name,
        contact_email="" if submission.is_anonymous else submission.contact_email,
        contact_phone="" if submission.is_anonymous else submission.contact_phone,
        contact_address="" if submission.is_anonymous else submission.contact_address,
        preferred_language=submission.preferred_language,
        preferred_contact="" if submission.is_anonymous else submission.preferred_contact,
        receipt_code=receipt_code,
        receipt_secret_hash=receipts.hash_secret(secret),
        # Computed by PostgreSQL in the INSERT itself, not by a second UPDATE that would write the row again.
        search_document=database.search_document(
            submission.what_happened, submission.desired_outcome, subject
        ),
    )
    for upload in submission.attachments:
        attachment_add(case=case, upload=upload, uploaded_by=registered_by)
    Assignment.objects.create(
        case=case,
        step=route.step,
        assignee_id=route.assignee_id,
        node_id=route.node_id,
        role=route.role,
        reason=route.reason,
        deputy_for_id=route.deputy_for_id,
        assigned_by=None,  # routing assigns, not the person who registered it
    )
    if case.contact_email:
        receipt_email_enqueue(case=case)
    webhook_event_emit(
        organisation_id=organisation.pk,
        event=WebhookEvent.CASE_REGISTERED,
        case_id=case.pk,
        reference_number=case.reference_number,
    )
    registration = Registration(case=case, receipt_secret=secret)
    if before_commit is not None:
        before_commit(registration)
    case_registered(case)
    audit_record_many(
        [
            Entry(
                action=Action.REGISTERED,
                case_id=case.pk,
                actor=registered_by,
                actor_label=actor_label or (None if registered_by else "citizen"),
                data={"channel": case.channel, "kind": case.kind},
            ),
            Entry(
                action=Action.ASSIGNED,
                case_id=case.pk,
                data=_assigned_data(
                    previous_holder_id=None,
                    assignee_id=route.assignee_id,
                    reason=route.reason,
                    step=route.step,
                    role=route.role,
                )
                | route.audit_data(),
            ),
        ]
    )
    return registration


def _assigned_data(
    *, previous_holder_id: int | None, assignee_id: int, reason: str, step: int, role: str
) -> dict[str, object]:
    """What the audit trail keeps of a change of hands: ids and codes only."""
    return {"from": previous_holder_id, "to": assignee_id, "reason": reason, "step": step, "role": role}


def attachment_add(*, case: Case, upload: UploadedFile[bytes], uploaded_by: User | None) -> Attachment:
    """Store an already validated upload under a random name, with its digest."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        case=case,
        original_name=(upload.name or "bilaga")[:200],
        content_type=getattr(upload, "validated_content_type", None) or upload.content_type or "",
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        from_citizen=uploaded_by is None,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(upload.name or "bilaga", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def case_assign(
    *,
    case: Case,
    assignee: User,
    node: OrgNode,
    role: str,
    reason: str,
    acting_user: User | None,
    note: str = "",
    deputising: Deputising | None = None,
) -> Assignment:
    """Give the case to a person, and record who, why and by whom. `deputising`: the holder the rules chose is
    away, and `assignee` is who takes the case instead (organisations.absence.deputy_for); the history says so."""
    previous_holder_id = case.holder_id
    case.holder = assignee
    case.save(update_fields=["holder"])
    assignment = Assignment.objects.create(
        case=case,
        step=case.step,
        assignee=assignee,
        node=node,
        role=role,
        reason=reason,
        note=note,
        deputy_for_id=deputising.absent_id if deputising and deputising.by_deputy else None,
        assigned_by=acting_user,
    )
    audit_record(
        action=Action.ASSIGNED,
        case_id=case.pk,
        actor=acting_user,
        data=_assigned_data(
            previous_holder_id=previous_holder_id,
            assignee_id=assignee.pk,
            reason=reason,
            step=case.step,
            role=role,
        )
        | (deputising.audit_data() if deputising else {}),
    )
    return assignment


__all__ = [
    "AssignmentReason",
    "CaseSubmission",
    "Registration",
    "Role",
    "case_assign",
    "case_register",
    "ladder_roles",
    "role_holder_for",
]
