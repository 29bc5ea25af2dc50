"""The parts of a case as a redacted copy shows them, and the masking of each (records.services, records.copies).

A part is a field of the case, a message, an internal note, an action or an attachment, named by its kind and key
(the field's name or the row's id). A text part is cut into segments at its masks: a masked segment carries only
its ground, never the text it covers, so that whatever renders the segments cannot put that text into a file.
An image is painted over in its masked boxes before it is encoded again (Pillow), so that its pixels are gone too.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Attachment, Case
from records.models import LegalGround, Mask, PartKind

# The fields of a case a copy shows, each a text part of its own; the register's facts (reference number, date
# received, kind, unit, state) are public and shown as they are.
FIELD_PARTS = [
    ("subject", _("Short subject")),
    ("contact_name", _("Sender's name")),
    ("contact_email", _("Sender's e-mail")),
    ("contact_phone", _("Sender's phone")),
    ("contact_address", _("Sender's postal address")),
    ("about_person", _("Person it is about")),
    ("event_date", _("When it happened")),
    ("what_happened", _("What happened")),
    ("desired_outcome", _("What they want to happen")),
]

# What a copy can show of an attachment: these images, painted over where masked. Other files are left out of the
# copy and the copy says so.
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# An image larger than this is left out rather than decoded (a decompression bomb reaches no further).
MAX_IMAGE_PIXELS = 40_000_000


@dataclass
class Part:
    kind: str
    key: str
    label: str
    text: str | None = None  # None: an attachment
    attachment: Attachment | None = None
    created_at: object = None

    @property
    def is_image(self) -> bool:
        return self.attachment is not None and self.attachment.content_type in IMAGE_TYPES

    @property
    def anchor(self) -> str:
        return f"part-{self.kind}-{self.key}"


def case_parts(case: Case) -> list[Part]:
    """Every part of the case, in the order a reader meets them: its fields, then messages, notes, actions and
    attachments, each oldest first."""
    parts = []
    for name, field_label in FIELD_PARTS:
        text = case.event_date_in_words if name == "event_date" else getattr(case, name)
        parts.append(Part(PartKind.FIELD, name, str(field_label), text=str(text or "")))
    for number, message in enumerate(case.messages.all(), start=1):
        label = gettext("Message %(number)s (%(kind)s)") % {
            "number": number,
            "kind": message.get_kind_display(),
        }
        parts.append(
            Part(PartKind.MESSAGE, str(message.pk), str(label), message.body, None, message.created_at)
        )
    for number, note in enumerate(case.notes.all(), start=1):
        label = gettext("Internal note %(number)s") % {"number": number}
        parts.append(Part(PartKind.NOTE, str(note.pk), str(label), note.body, None, note.created_at))
    for number, action in enumerate(case.actions.all(), start=1):
        label = gettext("Action %(number)s") % {"number": number}
        text = action.description + (f"\n\n{action.effect}" if action.effect else "")
        parts.append(Part(PartKind.ACTION, str(action.pk), str(label), text, None, action.created_at))
    for number, attachment in enumerate(case.attachments.all(), start=1):
        label = gettext("Attachment %(number)s") % {"number": number}
        parts.append(
            Part(PartKind.ATTACHMENT, str(attachment.pk), str(label), None, attachment, attachment.created_at)
        )
    return parts


def part_of(case: Case, kind: str, key: str) -> Part | None:
    """One part of the case by its kind and key, or None when the case has no such part."""
    return next((part for part in case_parts(case) if part.kind == kind and part.key == key), None)


def passage_ranges(text: str, passage: str, *, every: bool) -> list[tuple[int, int]]:
    """Where `passage` occurs in `text` as [start, end) ranges: the first occurrence, or with `every` all of them
    (a name that recurs). Empty when it does not occur, or the passage is empty."""
    if not passage:
        return []
    ranges = []
    start = text.find(passage)
    while start != -1:
        ranges.append((start, start + len(passage)))
        if not every:
            break
        start = text.find(passage, start + len(passage))
    return ranges


@dataclass(frozen=True)
class Segment:
    """A stretch of a text part: either text that is shown, or a masked stretch with its grounds only."""

    text: str = ""
    grounds: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_masked(self) -> bool:
        return bool(self.grounds)


def segments(text: str, masks: Iterable[tuple[int, int, str]], *, keep_text: bool = False) -> list[Segment]:
    """`text` cut at the masks ((start, end, citation), which may overlap): overlapping masks merge into one
    masked segment that names every ground. A masked segment holds no text, unless `keep_text` (for the
    reviewer's own page, never for the copy)."""
    covered: list[set[str]] = [set() for _ in text]
    for start, end, citation in masks:
        for index in range(max(start, 0), min(end, len(text))):
            covered[index].add(citation)
    result: list[Segment] = []
    index = 0
    while index < len(text):
        if covered[index]:
            grounds: set[str] = set()
            begin = index
            while index < len(text) and covered[index]:
                grounds |= covered[index]
                index += 1
            result.append(
                Segment(text=text[begin:index] if keep_text else "", grounds=tuple(sorted(grounds)))
            )
        else:
            begin = index
            while index < len(text) and not covered[index]:
                index += 1
            result.append(Segment(text=text[begin:index]))
    return result


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int
    citation: str


def masked_image_png(attachment: Attachment, boxes: Sequence[Box]) -> bytes | None:
    """The image, rasterised and turned as it is shown, with every box painted black and labelled with its ground,
    encoded anew as PNG (no metadata of the original goes with it). None when the file cannot be read as an image
    or is too large to decode safely: the copy then leaves it out and says so."""
    # Pillow is loaded by the first masked image, not with the records pages: about 10 MiB in every worker that
    # most never use (issue 16 §2: a worker's peak memory at most 100 MiB).
    from PIL import Image, ImageDraw, ImageOps

    try:
        with attachment.file.open("rb") as handle, Image.open(handle) as original:
            if original.width * original.height > MAX_IMAGE_PIXELS:
                return None
            original.seek(0)  # the first frame of an animation
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    draw = ImageDraw.Draw(image)
    for box in boxes:
        x0 = image.width * box.left // 100
        y0 = image.height * box.top // 100
        x1 = min(image.width, x0 + max(1, image.width * box.width // 100))
        y1 = min(image.height, y0 + max(1, image.height * box.height // 100))
        draw.rectangle([x0, y0, x1, y1], fill=(0, 0, 0))
        draw.text((x0 + 3, y0 + 3), box.citation, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def masks_by_part(masks: Iterable[Mask]) -> dict[tuple[str, str], list[Mask]]:
    grouped: dict[tuple[str, str], list[Mask]] = {}
    for mask in masks:
        grouped.setdefault((mask.part_kind, mask.part_key), []).append(mask)
    return grouped


def ground_text(ground: LegalGround) -> str:
    """The ground as a copy or letter names it: the provision, and what it protects in the current language."""
    label = ground.label_en if (get_language() or "sv").startswith("en") and ground.label_en else ground.label
    return f"{ground.citation} ({label})"
