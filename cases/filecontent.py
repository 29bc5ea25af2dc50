"""What is inside an uploaded file: office documents that unpack to far more than they hold, and PDFs that act.

Office documents (docx, xlsx, odt, ods) are zip archives. A "zip bomb" of 1 MB can unpack to gigabytes and stop
the computer of the member of staff who opens it, or the virus scanner. `archive_problem` reads the archive's own
directory with zipfile and then inflates every member, counting the bytes that really come out (the sizes an
archive declares can lie) and stopping as soon as they pass the limit, so it never holds more than a chunk in
memory. Archives inside the archive (an embedded spreadsheet) are checked the same way, within the same budget.

A PDF can carry JavaScript, an action run when it is opened, a program to launch or other files. `pdf_problem`
scans the file's bytes for the PDF names that do those things, with the #xx escapes of PDF names decoded (so that
/J#61vaScript is seen): in the file outside its streams (the data of images and fonts is skipped, where random
bytes would now and then spell a name), and inside compressed object streams (PDF 1.5+, where dictionaries
hide), inflated with zlib under a budget. An /OpenAction that is only a destination ("open at page 1", which
LibreOffice writes) is let through; one that is an action, or a reference to one, is not. An encrypted PDF whose
object streams cannot be read is refused as one that cannot be checked. Neither check needs a PDF library (pypdf
is only for tests). Such PDFs are refused, not rewritten: the citizen is told to print the document to a new
PDF, which keeps what it shows and drops what it does.
"""

import io
import re
import struct
import zipfile
import zlib
from typing import IO, Any

MiB = 1024 * 1024

# Office documents unpack to a few times their size; these limits are far above any real one.
ARCHIVE_MAX_EXPANDED_BYTES = 100 * MiB
ARCHIVE_MAX_MEMBERS = 10_000
# Deflate's best is about 1,000 to 1; text and spreadsheets reach 10 to 50. Above this ratio (and past this
# size), an archive is built to explode, not to be read.
ARCHIVE_MAX_RATIO = 200
ARCHIVE_RATIO_FLOOR_BYTES = 10 * MiB
ARCHIVE_MAX_DEPTH = 3
# An archive inside the archive is read into memory to be checked in turn: no larger than this.
NESTED_ARCHIVE_MAX_BYTES = 20 * MiB

ZIP_BASED_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}

CHUNK = 256 * 1024  # the most that comes out of one inflate step
# What goes into one: small, since the compressed bytes an inflate step leaves are copied each step.
RAW_CHUNK = 16 * 1024
LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # APPNOTE 4.3.7: the local file header before each member's data
LOCAL_SIGNATURE = b"PK\x03\x04"


class Problem(Exception):
    """Why a file is refused: a code for the message (cases.uploads) and the log."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Archives -------------------------------------------------------------------------------------------------


def archive_problem(upload: IO[bytes]) -> str | None:
    """None if the zip archive is sound and unpacks to a sane size; otherwise the code of the problem:
    "archive_too_large" (unpacks to more than the limit, or at an absurd ratio), "archive_too_many_members",
    or "archive_damaged" (not a readable zip archive, encrypted, or packed by a method office programs do not
    use)."""
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    budget = min(ARCHIVE_MAX_EXPANDED_BYTES, max(ARCHIVE_RATIO_FLOOR_BYTES, ARCHIVE_MAX_RATIO * size))
    try:
        _archive_expanded(upload, budget=budget, depth=1)
    except Problem as problem:
        return problem.code
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error):
        return "archive_damaged"
    finally:
        upload.seek(0)
    return None


def _archive_expanded(stream: IO[bytes], *, budget: int, depth: int) -> int:
    """The bytes the archive really unpacks to, raising Problem as soon as it passes `budget`."""
    with zipfile.ZipFile(stream) as archive:
        members = archive.infolist()
        if len(members) > ARCHIVE_MAX_MEMBERS:
            raise Problem("archive_too_many_members")
        # What the archive declares, first: a bomb that is honest about itself is refused without inflating it.
        if sum(member.file_size for member in members) > budget:
            raise Problem("archive_too_large")
        total = 0
        for member in members:
            total += _member_expanded(stream, member, budget=budget - total, depth=depth)
        return total


def _member_expanded(stream: IO[bytes], member: zipfile.ZipInfo, *, budget: int, depth: int) -> int:
    """Inflate one member from its raw data, whatever sizes it declares; check an archive inside it too."""
    if member.flag_bits & 0x1:
        raise Problem("archive_damaged")  # encrypted: office programs never encrypt the zip itself
    stream.seek(member.header_offset)
    header = stream.read(LOCAL_HEADER.size)
    fields = LOCAL_HEADER.unpack(header)
    if fields[0] != LOCAL_SIGNATURE:
        raise Problem("archive_damaged")
    name_length, extra_length = fields[-2], fields[-1]
    stream.seek(member.header_offset + LOCAL_HEADER.size + name_length + extra_length)
    if member.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        raise Problem("archive_damaged")
    remaining = member.compress_size
    produced = 0
    # The first bytes that come out decide whether the member is itself an archive, to be checked in turn.
    head = bytearray()
    nested: io.BytesIO | None = None
    while remaining > 0:
        raw = stream.read(min(RAW_CHUNK, remaining))
        if not raw:
            raise Problem("archive_damaged")
        remaining -= len(raw)
        pending = raw
        while pending:
            if inflater is None:
                out, pending = pending, b""
            else:
                # At most CHUNK bytes out per call: a bomb never gets to fill memory.
                out = inflater.decompress(pending, CHUNK)
                pending = b"" if inflater.eof else inflater.unconsumed_tail
            produced += len(out)
            if produced > budget:
                raise Problem("archive_too_large")
            nested = _keep_if_archive(out, head, nested, produced)
    if nested is not None:
        if depth >= ARCHIVE_MAX_DEPTH:
            raise Problem("archive_too_large")
        nested.seek(0)
        _archive_expanded(nested, budget=budget - produced, depth=depth + 1)
    return produced


def _keep_if_archive(
    out: bytes, head: bytearray, nested: io.BytesIO | None, produced: int
) -> io.BytesIO | None:
    """Collect a member's output while it may be an archive (it starts with a zip signature)."""
    if nested is not None:
        if produced > NESTED_ARCHIVE_MAX_BYTES:
            raise Problem("archive_too_large")
        nested.write(out)
        return nested
    if len(head) >= len(LOCAL_SIGNATURE):
        return None  # decided: not an archive
    head += out
    if len(head) >= len(LOCAL_SIGNATURE) and bytes(head[: len(LOCAL_SIGNATURE)]) == LOCAL_SIGNATURE:
        kept = io.BytesIO()
        kept.write(head)  # everything that came out so far
        return kept
    return None


# --- PDFs -----------------------------------------------------------------------------------------------------

# Names of what a PDF can do rather than show: run JavaScript, act on events (opening a page, a field), start a
# program, carry other files, play embedded media, send or fetch form data, jump into an embedded file. And
# /OpenAction, unless it only says where to open (pdf_acts).
ACTIVE_PDF_NAMES = {
    "JavaScript",
    "JS",
    "AA",
    "Launch",
    "EmbeddedFile",
    "EmbeddedFiles",
    "RichMedia",
    "SubmitForm",
    "ImportData",
    "GoToE",
}
PDF_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]{1,127})")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_OPEN_ACTION = re.compile(rb"/OpenAction(?![^\s/\[\]()<>{}%])\s*(.?)", re.DOTALL)
# The keyword that starts a stream's data (not the end of "endstream"), and a direct /Length.
PDF_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
PDF_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
PDF_DICTIONARY_WINDOW = 4096
PDF_MAX_INFLATED_BYTES = 100 * MiB


def pdf_unescaped(data: bytes) -> bytes:
    """The bytes with the #xx escapes of PDF names decoded (/J#61vaScript becomes /JavaScript)."""
    return PDF_NAME_ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), data)


def pdf_names(data: bytes) -> set[str]:
    """Every name in the bytes, escapes decoded."""
    return {match.group(1).decode("latin-1") for match in PDF_NAME.finditer(pdf_unescaped(data))}


def pdf_acts(data: bytes) -> bool:
    """Whether the bytes hold a name that makes the PDF act, or an /OpenAction that is more than a place to open
    at: a destination array ("[3 0 R /Fit]", which LibreOffice writes) only shows; an action dictionary, or a
    reference to one, could do anything."""
    unescaped = pdf_unescaped(data)
    names = {match.group(1).decode("latin-1") for match in PDF_NAME.finditer(unescaped)}
    if names & ACTIVE_PDF_NAMES:
        return True
    return any(match.group(1) != b"[" for match in PDF_OPEN_ACTION.finditer(unescaped))


def pdf_streams(data: bytes) -> list[tuple[bytes, int, int]]:
    """(the stream's dictionary, start, end of its data) for every stream in the file.

    The data of images and fonts is skipped by the scan: random bytes would now and then spell "/JS" or "/AA",
    while a name that acts is always a key of a dictionary, outside streams or inside an object stream."""
    streams = []
    position = 0
    while match := PDF_STREAM.search(data, position):
        window_start = max(position, match.start() - PDF_DICTIONARY_WINDOW)
        object_at = data.rfind(b"obj", window_start, match.start())
        dictionary = data[object_at if object_at >= 0 else window_start : match.start()]
        start = match.end()
        end = -1
        length = PDF_DIRECT_LENGTH.search(dictionary)
        if length is not None:
            candidate = start + int(length.group(1))
            if data[candidate : candidate + 32].lstrip().startswith(b"endstream"):
                end = candidate
        if end < 0:
            end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        streams.append((dictionary, start, end))
        position = end
    return streams


def pdf_problem(upload: IO[bytes]) -> str | None:
    """None if the PDF only shows; otherwise "pdf_active" (it would act: JavaScript, an action on opening or on
    an event, a launch, embedded files) or "pdf_unreadable" (encrypted object streams, or object streams that
    inflate past the limit, which hide what they hold)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    streams = pdf_streams(data)
    outside = []
    position = 0
    for _dictionary, start, end in streams:
        outside.append(data[position:start])
        position = end
    outside.append(data[position:])
    text = b"\n".join(outside)
    if pdf_acts(text):
        return "pdf_active"
    try:
        inflated = _object_streams(data, streams, encrypted="Encrypt" in pdf_names(text))
    except Problem as problem:
        return problem.code
    if pdf_acts(inflated):
        return "pdf_active"
    return None


def _object_streams(data: bytes, streams: list[tuple[bytes, int, int]], *, encrypted: bool) -> bytes:
    """The content of every object stream (/Type /ObjStm), inflated where it is compressed, joined."""
    parts: list[bytes] = []
    total = 0
    for dictionary, start, end in streams:
        names = pdf_names(dictionary)
        if "ObjStm" not in names:
            continue
        if encrypted or names & {"ASCIIHexDecode", "ASCII85Decode", "LZWDecode", "RunLengthDecode", "Crypt"}:
            # Encrypted, or a chain of filters that only hides: no real writer needs one for object streams.
            raise Problem("pdf_unreadable")
        if "FlateDecode" not in names:
            parts.append(data[start:end])
            continue
        inflater = zlib.decompressobj()
        pending = data[start:end]
        while pending and not inflater.eof:
            try:
                out = inflater.decompress(pending, CHUNK)
            except zlib.error:
                break  # damaged: viewers stop here too, and what came out so far is scanned
            pending = inflater.unconsumed_tail
            total += len(out)
            if total > PDF_MAX_INFLATED_BYTES:
                raise Problem("pdf_unreadable")
            parts.append(out)
            if not out:
                break
    return b"\n".join(parts)


def content_problem(upload: Any, content_type: str) -> str | None:
    """The problem with what is inside the file, for the content types that can hide one; None if it is sound."""
    if content_type in ZIP_BASED_CONTENT_TYPES:
        return archive_problem(upload)
    if content_type == "application/pdf":
        return pdf_problem(upload)
    return None
