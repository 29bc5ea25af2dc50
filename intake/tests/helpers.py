"""Shared helpers for the intake tests: walking the wizard with the test client, and real file bytes."""

import io
import struct
import zlib

from django.urls import reverse


def step_url(slug: str, *, easy: bool = False) -> str:
    return reverse("intake:step_easy" if easy else "intake:step", args=[slug])


CHECK_URL = "/lamna/kontrollera/"
CONFIRMATION_URL = "/lamna/skickat/"
EASY_START_URL = "/lamna/lattlast/"
EASY_CHECK_URL = "/lamna/lattlast/kontrollera/"
EASY_CONFIRMATION_URL = "/lamna/lattlast/skickat/"

WHAT_HAPPENED = "Personalen kom inte på utsatt tid tre dagar i rad och ingen ringde."
DESIRED = "Att tiderna hålls och att någon ringer när det blir sent."


def answers(tree, *, kind="complaint", anonymous=True, **overrides):
    """The pages of a typical submission in order, as (slug, POST data)."""
    pages = [
        ("vad-galler", {"kind": kind}),
        ("verksamhet", {"unit": str(tree.care_home.pk)}),
    ]
    if kind == "complaint":
        pages.append(("mottagare", {"wants_manager": "no"}))
    pages += [
        ("vad-hande", {"what_happened": WHAT_HAPPENED, "about_person": ""}),
        ("nar", {"event_date_day": "3", "event_date_month": "2", "event_date_year": "2025"}),
        ("onskemal", {"desired_outcome": DESIRED}),
        ("vem-skriver", {"sender_role": "relative"}),
        ("svar", {"wants_answer": "yes"}),
        ("kontakt", {"is_anonymous": "yes" if anonymous else "no"}),
    ]
    if not anonymous:
        pages.append(
            (
                "kontaktuppgifter",
                {
                    "contact_name": "Anna Andersson",
                    "contact_email": "anna.andersson@example.se",
                    "contact_phone": "",
                    "contact_address": "",
                    "preferred_language": "sv",
                    "preferred_contact": "email",
                },
            )
        )
    pages.append(("bilagor", {"action": "continue"}))
    result = []
    for slug, data in pages:
        if slug in overrides:
            data = {**data, **overrides[slug]}
        result.append((slug, data))
    return result


def walk(client, tree, *, until=None, easy=False, **options):
    """Answer every page (up to, not including, `until`) through GET and POST, as a person would, writing to
    the tree's organisation (chosen first, as where an installation serves several); `easy=True` in the
    easy-to-read variant."""
    client.get(reverse("intake:choose", args=[tree.organisation.slug]))
    client.get(reverse("intake:start_easy" if easy else "intake:start"))
    for slug, data in answers(tree, **options):
        if slug == until:
            return
        response = client.get(step_url(slug, easy=easy))
        assert response.status_code == 200, (slug, response.status_code, response.get("Location"))
        response = client.post(step_url(slug, easy=easy), data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])


def submit(client, *, easy=False):
    return client.post(EASY_CHECK_URL if easy else CHECK_URL, {"website": ""})


def pdf_bytes() -> bytes:
    """A small, valid PDF (one empty page), written by hand with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def exe_bytes() -> bytes:
    """The start of a Windows program (MZ header with a PE signature): what a renamed .exe looks like."""
    header = bytearray(b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44)
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    body = bytes(header) + b"\x00" * (0x80 - len(header)) + b"PE\x00\x00\x4c\x01" + b"\x00" * 200
    return body
