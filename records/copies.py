"""The redacted copy of a case and the decision letter, as tagged PDFs (documents/pdf.py).

The copy is built from records.redaction's segments: a masked passage reaches the template as its grounds only, so
the text it covers is never rendered and cannot be recovered from the file. Images are painted over before they
are embedded; other files are left out and the copy says so.
"""

import base64
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from documents.pdf import pdf_render
from records import redaction
from records.models import DocumentRequest, LegalGround, Outcome, PartReview
from records.selectors import request_masks, request_reviews
from records.services import parts_to_review


@dataclass
class CopyPart:
    label: str
    withheld: str = ""  # the ground of a part withheld whole
    segments: list[redaction.Segment] = field(default_factory=list)
    image_uri: str = ""
    image_grounds: list[str] = field(default_factory=list)
    left_out: str = ""  # why an attachment is not in the copy


def copy_parts(request: DocumentRequest) -> list[CopyPart]:
    """What the copy shows of each part of the case, after its review and masks."""
    case = request.case
    assert case is not None
    reviews = request_reviews(request)
    masks = redaction.masks_by_part(request_masks(request))
    parts = []
    for part in parts_to_review(case):
        review: PartReview | None = reviews.get((part.kind, part.key))
        part_masks = masks.get((part.kind, part.key), [])
        if review is not None and review.withheld_ground is not None:
            parts.append(CopyPart(part.label, withheld=redaction.ground_text(review.withheld_ground)))
        elif part.text is not None:
            ranges = [(m.start, m.end, m.ground.citation) for m in part_masks if m.start is not None]
            parts.append(CopyPart(part.label, segments=redaction.segments(part.text, ranges)))  # type: ignore[arg-type]
        elif part.is_image:
            assert part.attachment is not None
            boxes = [
                redaction.Box(m.left, m.top, m.width, m.height, m.ground.citation)  # type: ignore[arg-type]
                for m in part_masks
                if m.left is not None
            ]
            png = redaction.masked_image_png(part.attachment, boxes)
            if png is None:
                parts.append(
                    CopyPart(part.label, left_out=_("The image could not be read and is not included."))
                )
            else:
                parts.append(
                    CopyPart(
                        part.label,
                        image_uri="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                        image_grounds=sorted({box.citation for box in boxes}),
                    )
                )
        else:
            parts.append(
                CopyPart(
                    part.label,
                    left_out=_(
                        "This file cannot be shown in the copy and is not included. Ask us for it if you want it; "
                        "it is reviewed in the same way."
                    ),
                )
            )
    return parts


def _facts(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference_number,
        "received": timezone.localdate(case.received_at),
        "kind": case.get_kind_display(),
        "unit": case.unit.name if case.unit_id else "–",  # type: ignore[union-attr]
        "state": case.get_state_display(),
    }


def redacted_copy_pdf(request: DocumentRequest) -> bytes:
    """The copy of the case's documents with every masking and withheld part shown as its ground."""
    case = request.case
    assert case is not None
    return pdf_render(
        template_name="records/copy_pdf.html",
        context={
            "request": request,
            "organisation": request.organisation,
            "facts": _facts(case),
            "parts": copy_parts(request),
            "made_on": timezone.localdate(),
        },
    )


@dataclass
class WithheldGround:
    ground: str
    parts: list[str]


def withheld_by_ground(request: DocumentRequest) -> list[WithheldGround]:
    """What is withheld, under each ground: the parts withheld whole and the parts with masked passages."""
    case = request.case
    assert case is not None
    labels = {(part.kind, part.key): part.label for part in parts_to_review(case)}
    grounds: dict[int, tuple[LegalGround, list[str]]] = {}
    for review in request_reviews(request).values():
        if review.withheld_ground is not None and (review.part_kind, review.part_key) in labels:
            entry = grounds.setdefault(review.withheld_ground.pk, (review.withheld_ground, []))
            entry[1].append(_("%(part)s (all of it)") % {"part": labels[(review.part_kind, review.part_key)]})
    for mask in request_masks(request):
        label = labels.get((mask.part_kind, mask.part_key))
        if label is None:
            continue
        entry = grounds.setdefault(mask.ground.pk, (mask.ground, []))
        text = _("%(part)s (masked passages)") % {"part": label}
        if text not in entry[1]:
            entry[1].append(text)
    return [WithheldGround(redaction.ground_text(ground), parts) for ground, parts in grounds.values()]


def decision_letter_pdf(request: DocumentRequest) -> bytes:
    """The decision to withhold all or part, with its grounds and how to appeal (to the administrative court of
    appeal, through the authority, within three weeks)."""
    assert request.outcome in (Outcome.PARTLY_DISCLOSED, Outcome.REFUSED)
    return pdf_render(
        template_name="records/decision_letter_pdf.html",
        context={
            "request": request,
            "organisation": request.organisation,
            "withheld": withheld_by_ground(request),
            "signatory": request.decided_by,
        },
    )


def pdf_filename(request: DocumentRequest, *, letter: bool) -> str:
    """A file name with the case's reference number only ("kopia-SN-2026-00012.pdf")."""
    reference = re.sub(r"[^A-Za-z0-9]+", "-", request.case_reference).strip("-")
    stem = _("decision") if letter else _("copy")
    return f"{stem}-{reference}.pdf"
