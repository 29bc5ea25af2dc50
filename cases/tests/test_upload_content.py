"""What is inside an upload: office documents that are zip bombs, and PDFs that act, are refused with a message
that names the file, in Swedish and English; sound files pass (cases/filecontent.py)."""

import io
import struct
import zipfile
import zlib

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from cases.filecontent import ARCHIVE_MAX_MEMBERS, pdf_problem
from cases.models import Message
from cases.uploads import sniff_content_type, validate_upload
from citizen.tests.conftest import log_in, register

MiB = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# --- building zip archives by hand (APPNOTE 4.3), so that one can unpack to far more than it holds ----------------

LOCAL = struct.Struct("<4s5H3L2H")
CENTRAL = struct.Struct("<4s6H3L5H2L")
END = struct.Struct("<4s4H2LH")

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
    b'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return (name, deflated(data), zlib.crc32(data), len(data))


def zeros_member(name: str, mib: int, *, declared_size: int | None = None) -> tuple[str, bytes, int, int]:
    """`mib` MiB of zero bytes, deflated to about a thousandth: after a full flush the compressor's output for
    the next MiB of zeros is the same block again, so the stream is built without compressing it all."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(b"\0" * MiB) + packer.flush(zlib.Z_FULL_FLUSH)
    raw = block * mib + packer.flush()
    if declared_size is not None:
        return (name, raw, 0, declared_size)  # an archive that lies about its size needs no true checksum
    crc = 0
    zeros = b"\0" * MiB
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return (name, raw, crc, mib * MiB)


def archive(members: list[tuple[str, bytes, int, int]]) -> bytes:
    out = io.BytesIO()
    central = []
    for name, raw, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(LOCAL.pack(b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0))
        out.write(encoded + raw)
        central.append(
            CENTRAL.pack(
                b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0, 0, 0, 0, 0, offset
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def docx(*members: tuple[str, bytes, int, int]) -> bytes:
    return archive([member("[Content_Types].xml", CONTENT_TYPES), member("_rels/.rels", RELS), *members])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(file: SimpleUploadedFile, language: str = "sv") -> ValidationError:
    with translation.override(language), pytest.raises(ValidationError) as error:
        validate_upload(file)
    return error.value


# --- office documents ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """About 1 MB on disk, 1 GiB unpacked, recognised as a Word document."""
    return docx(zeros_member("word/document.xml", 1024))


def test_it_refuses_a_docx_of_1_mb_that_unpacks_to_1_gib(zip_bomb):
    assert len(zip_bomb) < 1.1 * MiB
    assert zipfile.ZipFile(io.BytesIO(zip_bomb)).getinfo("word/document.xml").file_size == 1024 * MiB
    assert sniff_content_type(upload("rapport.docx", zip_bomb)) == DOCX
    error = refusal(upload("rapport.docx", zip_bomb))
    assert error.code == "archive_too_large"
    assert "rapport.docx packas upp till mycket mer än sin egen storlek" in error.messages[0]
    english = refusal(upload("rapport.docx", zip_bomb), "en")
    assert "rapport.docx unpacks to far more than its own size" in english.messages[0]


def test_it_refuses_a_bomb_that_declares_a_small_size(zip_bomb):
    # The directory says 1,000 bytes; the data says 1 GiB. What really comes out is counted.
    lying = docx(zeros_member("word/document.xml", 1024, declared_size=1000))
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("word/document.xml").file_size == 1000
    assert refusal(upload("rapport.docx", lying)).code == "archive_too_large"


def test_it_refuses_a_bomb_inside_an_archive_inside_the_document():
    inner = archive([zeros_member("xl/worksheets/sheet1.xml", 200)])
    outer = docx(member("word/document.xml", b"<w:document/>"), member("word/embeddings/tabell.xlsx", inner))
    assert len(outer) < MiB
    assert refusal(upload("rapport.docx", outer)).code == "archive_too_large"


def test_it_refuses_a_document_of_too_many_parts():
    parts = [member(f"word/media/{index}.xml", b"<a/>") for index in range(ARCHIVE_MAX_MEMBERS + 1)]
    assert refusal(upload("rapport.docx", docx(*parts))).code == "archive_too_many_members"


def test_it_refuses_a_damaged_document():
    whole = docx(member("word/document.xml", b"<w:document>" + b"text " * 5000 + b"</w:document>"))
    data_at = whole.index(b"word/document.xml") + len("word/document.xml")
    damaged = whole[:data_at] + b"\xff" * 64 + whole[data_at + 64 :]
    error = refusal(upload("rapport.docx", damaged))
    assert error.code == "archive_damaged"
    assert "rapport.docx är skadad eller låst" in error.messages[0]


def test_it_accepts_a_real_document_written_by_zipfile():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as document:
        document.writestr("[Content_Types].xml", CONTENT_TYPES)
        document.writestr("_rels/.rels", RELS)
        document.writestr("word/document.xml", b"<w:document>" + "Hej, så här var det. ".encode() * 20_000)
        document.writestr("word/media/image1.png", bytes(range(256)) * 400, compress_type=zipfile.ZIP_STORED)
    assert validate_upload(upload("brev.docx", buffer.getvalue())) == DOCX


# --- PDFs ---------------------------------------------------------------------------------------------------------


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def test_it_refuses_a_pdf_with_javascript():
    writer = blank_pdf()
    writer.add_open_action(JavaScript("app.alert('Hej');"))
    error = refusal(upload("intyg.pdf", written(writer)))
    assert error.code == "pdf_active"
    assert "intyg.pdf innehåller skript, åtgärder eller bifogade filer" in error.messages[0]
    english = refusal(upload("intyg.pdf", written(writer)), "en")
    assert "intyg.pdf contains scripts, actions or attached files" in english.messages[0]


def test_it_refuses_javascript_whose_names_are_escaped():
    writer = blank_pdf()
    writer.add_open_action(JavaScript("app.alert('Hej');"))
    data = written(writer).replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in data and b"/JS " not in data
    assert refusal(upload("intyg.pdf", data)).code == "pdf_active"


def test_it_refuses_an_open_action_that_acts():
    writer = blank_pdf()
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://example.com/")}
    )
    assert refusal(upload("intyg.pdf", written(writer))).code == "pdf_active"


def test_it_refuses_a_pdf_carrying_a_file():
    writer = blank_pdf()
    writer.add_attachment("program.exe", b"MZ\x90\x00")
    assert refusal(upload("intyg.pdf", written(writer))).code == "pdf_active"


def object_stream_pdf(objects: bytes, *, encrypted: bool = False) -> bytes:
    """A PDF 1.5 whose catalog and action live only in a compressed object stream."""
    offsets = b"3 0 4 %d " % objects.index(b"<<", 10)
    content = zlib.compress(offsets + objects)
    stream_object = (
        b"5 0 obj\n<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(offsets), len(content))
        + content
        + b"\nendstream\nendobj\n"
    )
    trailer = b"<< /Size 6 /Root 3 0 R" + (b" /Encrypt 6 0 R" if encrypted else b"") + b" >>"
    return b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n" + stream_object + b"trailer\n" + trailer + b"\n%%EOF\n"


HIDDEN_ACTION = (
    b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript << /Names [(x) 4 0 R] >> >> >>\n"
    b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"
)


def test_it_refuses_javascript_hidden_in_a_compressed_object_stream():
    data = object_stream_pdf(HIDDEN_ACTION)
    assert b"JavaScript" not in data
    assert pdf_problem(io.BytesIO(data)) == "pdf_active"
    assert refusal(upload("intyg.pdf", data)).code == "pdf_active"


def test_it_refuses_encrypted_object_streams_it_cannot_read():
    data = object_stream_pdf(b"<< /Type /Catalog /Pages 2 0 R >>\n<< /Type /Font >>", encrypted=True)
    error = refusal(upload("intyg.pdf", data))
    assert error.code == "pdf_unreadable"
    assert "intyg.pdf är krypterad" in error.messages[0]


def test_it_accepts_an_open_action_that_only_says_where_to_open():
    writer = blank_pdf()
    writer.open_destination = writer.pages[0]
    data = written(writer)
    assert b"/OpenAction" in data
    assert validate_upload(upload("brev.pdf", data)) == "application/pdf"


def test_it_accepts_the_pdfs_this_service_makes():
    data = weasyprint.HTML(
        string="<h1>Överklagande</h1><p><a href='https://example.se'>länk</a></p>"
    ).write_pdf()
    assert b"ObjStm" in data  # its object streams are inflated and read
    assert validate_upload(upload("overklagande.pdf", data)) == "application/pdf"


# --- where a citizen meets it -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_citizen_is_told_and_keeps_what_they_typed(client, tree, zip_bomb):
    registration = register(tree)
    log_in(client, registration)
    response = client.post(
        "/folj/arende/svara/",
        {"body": "Här är mitt brev till er.", "attachments": [upload("brev.docx", zip_bomb)]},
    )
    assert response.status_code == 400
    assert "Här är mitt brev till er." in response.text
    assert "brev.docx packas upp till mycket mer än sin egen storlek" in response.text
    assert not Message.objects.filter(case=registration.case).exists()
