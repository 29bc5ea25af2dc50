"""Every change of a request for a public document, and of the register's settings: one typed, atomic, audited
function each, which views, the admin and the demo all call.

A request is registered (by staff, or by anyone through the public register's form), its parts reviewed and
masked while it is received, then decided once: disclosed in full, in part, or refused. Once decided, nothing of it
changes, so the copy and the letter made later are the ones decided on. The audit events are recorded on the case
and hold codes and ids only: never the passage masked, nor who asked.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from cases.models import Case
from core.calendar import add_working_days
from organisations.models import Organisation
from records import redaction
from records.models import (
    DocumentRequest,
    LegalGround,
    Mask,
    Outcome,
    PartKind,
    PartReview,
    RecordsSettings,
    RequestChannel,
    RequestState,
)
from records.selectors import records_settings_for

SETTINGS_FIELDS = ["register_published", "register_shows_subject", "request_working_days"]


class RecordsError(Exception):
    """A change that cannot be made, with a message to show the person."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def request_due_on(settings: RecordsSettings, received_on: date) -> date:
    """The last day to handle a request received on `received_on`: the organisation's working days later
    (Swedish public holidays and weekends are not counted, core.calendar)."""
    return add_working_days(received_on, settings.request_working_days)


def _actor(acting_user: User | None) -> dict[str, object]:
    return {"actor": acting_user} if acting_user is not None else {"actor": None, "actor_label": "public"}


@transaction.atomic
def document_request_register(
    *,
    case: Case,
    channel: str,
    requester_name: str = "",
    requester_contact: str = "",
    received_on: date | None = None,
    acting_user: User | None,
) -> DocumentRequest:
    """Register a request for the documents of `case`, received on `received_on` (today by default), with its
    deadline. `acting_user` None: someone from the public, through the register's form."""
    if channel not in RequestChannel.values:
        raise RecordsError(_("Choose how the request came."))
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise RecordsError(_("The date received must be today or in the past."))
    request = DocumentRequest.objects.create(
        organisation=case.organisation,
        case=case,
        case_reference=case.reference_number,
        channel=channel,
        requester_name=requester_name.strip(),
        requester_contact=requester_contact.strip(),
        received_on=received_on,
        due_on=request_due_on(records_settings_for(case.organisation), received_on),
        registered_by=acting_user,
    )
    audit_record(
        action=Action.DOCUMENT_REQUEST_REGISTERED,
        case_id=case.pk,
        data={"request": request.pk, "channel": channel, "due_on": request.due_on.isoformat()},
        **_actor(acting_user),  # type: ignore[arg-type]
    )
    return request


def _locked_open(request: DocumentRequest) -> DocumentRequest:
    locked = DocumentRequest.objects.select_for_update(of=("self",)).select_related("case").get(pk=request.pk)
    if locked.state != RequestState.RECEIVED:
        raise RecordsError(_("The request has been decided; its review can no longer change."))
    if locked.case is None:
        raise RecordsError(_("The case no longer exists."))
    return locked


def _part(request: DocumentRequest, part_kind: str, part_key: str) -> redaction.Part:
    assert request.case is not None
    part = redaction.part_of(request.case, part_kind, part_key) if part_kind in PartKind.values else None
    if part is None:
        raise RecordsError(_("The case has no such part."))
    return part


@transaction.atomic
def document_request_review_part(
    *,
    request: DocumentRequest,
    part_kind: str,
    part_key: str,
    withheld_ground: LegalGround | None,
    acting_user: User,
) -> PartReview:
    """Record that a part has been reviewed: disclosed (with any masks it has), or withheld whole on a ground."""
    request = _locked_open(request)
    _part(request, part_kind, part_key)
    review, _created = PartReview.objects.update_or_create(
        request=request,
        part_kind=part_kind,
        part_key=part_key,
        defaults={"withheld_ground": withheld_ground, "reviewed_by": acting_user},
    )
    audit_record(
        action=Action.DOCUMENT_REQUEST_PART_REVIEWED,
        case_id=request.case_id,
        actor=acting_user,
        data={
            "request": request.pk,
            "part": f"{part_kind}:{part_key}",
            "withheld": withheld_ground.citation if withheld_ground else None,
        },
    )
    return review


@dataclass(frozen=True)
class BoxInput:
    left: int
    top: int
    width: int
    height: int


@transaction.atomic
def document_request_mask(
    *,
    request: DocumentRequest,
    part_kind: str,
    part_key: str,
    ground: LegalGround,
    passage: str = "",
    every: bool = True,
    box: BoxInput | None = None,
    acting_user: User,
) -> list[Mask]:
    """Mask `passage` in a text part (its first occurrence, or with `every` all of them), or a box of an image
    attachment, on `ground`. A passage the part does not contain, or a box outside the image, is refused."""
    request = _locked_open(request)
    part = _part(request, part_kind, part_key)
    if box is not None:
        if not part.is_image:
            raise RecordsError(_("Only an image can be masked by an area."))
        if box.width <= 0 or box.height <= 0:
            raise RecordsError(_("The area to mask must have a width and a height."))
        if box.left + box.width > 100 or box.top + box.height > 100 or box.left < 0 or box.top < 0:
            raise RecordsError(_("The area to mask must lie within the image (0–100 per cent)."))
        masks = [
            Mask.objects.create(
                request=request,
                part_kind=part_kind,
                part_key=part_key,
                ground=ground,
                left=box.left,
                top=box.top,
                width=box.width,
                height=box.height,
                created_by=acting_user,
            )
        ]
    else:
        if part.text is None:
            raise RecordsError(_("An attachment that is not an image can only be withheld whole."))
        if not passage.strip():
            raise RecordsError(_("Write or paste the passage to mask."))
        ranges = redaction.passage_ranges(part.text, passage, every=every)
        if not ranges:
            raise RecordsError(
                _("The passage does not occur in this part. Copy it exactly as it is written in the part.")
            )
        masks = [
            Mask.objects.create(
                request=request,
                part_kind=part_kind,
                part_key=part_key,
                ground=ground,
                start=start,
                end=end,
                created_by=acting_user,
            )
            for start, end in ranges
        ]
    audit_record(
        action=Action.DOCUMENT_REQUEST_MASKED,
        case_id=request.case_id,
        actor=acting_user,
        data={
            "request": request.pk,
            "part": f"{part_kind}:{part_key}",
            "ground": ground.citation,
            "masks": [mask.pk for mask in masks],
        },
    )
    return masks


@transaction.atomic
def document_request_unmask(*, request: DocumentRequest, mask_pk: int, acting_user: User) -> None:
    """Remove one masking of the request."""
    request = _locked_open(request)
    mask = Mask.objects.filter(request=request, pk=mask_pk).first()
    if mask is None:
        raise RecordsError(_("That masking no longer exists."))
    part = f"{mask.part_kind}:{mask.part_key}"
    mask.delete()
    audit_record(
        action=Action.DOCUMENT_REQUEST_UNMASKED,
        case_id=request.case_id,
        actor=acting_user,
        data={"request": request.pk, "part": part, "mask": mask_pk},
    )


def parts_to_review(case: Case) -> list[redaction.Part]:
    """The parts a reviewer must look at: every part but the empty fields."""
    return [part for part in redaction.case_parts(case) if part.text is None or part.text.strip()]


@transaction.atomic
def document_request_decide(*, request: DocumentRequest, acting_user: User) -> DocumentRequest:
    """Decide the request once every part has been reviewed: refused when every part is withheld, disclosed in
    part when anything is withheld or masked, else disclosed in full."""
    request = _locked_open(request)
    assert request.case is not None
    parts = parts_to_review(request.case)
    reviews = {(review.part_kind, review.part_key): review for review in request.reviews.all()}
    missing = [part for part in parts if (part.kind, part.key) not in reviews]
    if missing:
        raise RecordsError(
            _("Review every part before deciding: %(count)s not yet reviewed.") % {"count": len(missing)}
        )
    withheld = [part for part in parts if reviews[(part.kind, part.key)].withheld_ground_id is not None]
    if parts and len(withheld) == len(parts):
        outcome = Outcome.REFUSED
    elif withheld or request.masks.exists():
        outcome = Outcome.PARTLY_DISCLOSED
    else:
        outcome = Outcome.DISCLOSED
    request.state = RequestState.DECIDED
    request.outcome = outcome
    request.decided_on = timezone.localdate()
    request.decided_by = acting_user
    request.save(update_fields=["state", "outcome", "decided_on", "decided_by"])
    audit_record(
        action=Action.DOCUMENT_REQUEST_DECIDED,
        case_id=request.case_id,
        actor=acting_user,
        data={"request": request.pk, "outcome": outcome, "on_time": request.decided_on <= request.due_on},
    )
    return request


def document_request_document_record(*, request: DocumentRequest, letter: bool, acting_user: User) -> None:
    """Record that the redacted copy, or the decision letter, was made (downloaded)."""
    audit_record(
        action=Action.DOCUMENT_REQUEST_LETTER_MADE if letter else Action.DOCUMENT_REQUEST_COPY_MADE,
        case_id=request.case_id,
        actor=acting_user,
        data={"request": request.pk},
    )


@transaction.atomic
def records_settings_change(
    *, organisation: Organisation, changes: dict[str, object], acting_user: User | None
) -> RecordsSettings:
    """Save the organisation's register and request settings, and record which changed."""
    settings, _created = RecordsSettings.objects.select_for_update().get_or_create(organisation=organisation)
    changed = []
    for name in SETTINGS_FIELDS:
        if name in changes and getattr(settings, name) != changes[name]:
            setattr(settings, name, changes[name])
            changed.append(name)
    settings.save()
    audit_record(
        action=Action.RECORDS_SETTINGS_CHANGED,
        actor=acting_user,
        data={"organisation": organisation.pk, "changed": changed},
    )
    return settings
