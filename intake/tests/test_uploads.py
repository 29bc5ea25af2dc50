"""Attachments: the type is decided by content, the size is limited, and errors name the file and the reason."""

import sys
import types
from datetime import timedelta
from importlib.machinery import ModuleSpec

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cases.models import Attachment, Case
from cases.uploads import validate_upload
from intake import tempfiles
from intake.tests.helpers import CHECK_URL, exe_bytes, pdf_bytes, png_bytes, step_url, submit, walk


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_it_accepts_a_real_pdf_and_a_real_png():
    pdf = upload("brev.pdf", pdf_bytes())
    png = upload("foto.png", png_bytes())
    assert validate_upload(pdf) == "application/pdf"
    assert pdf.validated_content_type == "application/pdf"
    assert validate_upload(png) == "image/png"


def test_it_decides_by_content_not_by_the_name_or_the_browser():
    # A PDF with a misleading name and browser type is still a PDF.
    assert validate_upload(upload("bild.jpg", pdf_bytes(), "image/jpeg")) == "application/pdf"


def test_it_rejects_a_program_renamed_pdf_and_names_the_file():
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        validate_upload(upload("intyg.pdf", exe_bytes(), "application/pdf"))
    assert error.value.code == "type_not_allowed"
    assert "intyg.pdf" in error.value.messages[0]
    assert "inte en filtyp vi kan ta emot" in error.value.messages[0]


def test_it_rejects_in_english_too():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_upload(upload("intyg.pdf", exe_bytes(), "application/pdf"))
    assert "intyg.pdf is not a file type we can accept" in error.value.messages[0]


def test_it_rejects_a_file_over_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        validate_upload(upload("stor.pdf", pdf_bytes() + b"\n" * 2000))
    assert error.value.code == "too_large"
    assert "stor.pdf är för stor" in error.value.messages[0]


def test_it_rejects_an_empty_file():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("tom.pdf", b""))
    assert error.value.code == "empty"


def test_it_calls_the_virus_scan_hook(monkeypatch):
    scanned = []
    module = types.ModuleType("core.virusscan")
    module.__spec__ = ModuleSpec("core.virusscan", loader=None)

    def scan(file):
        scanned.append(file.name)
        raise ValidationError(f"{file.name} innehåller ett virus", code="virus")

    module.scan = scan
    monkeypatch.setitem(sys.modules, "core.virusscan", module)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("brev.pdf", pdf_bytes()))
    assert scanned == ["brev.pdf"]
    assert error.value.code == "virus"


# --- the attachments page ------------------------------------------------------------------------------------


def test_it_attaches_files_through_the_page_and_registers_them_with_the_case(client, tree):
    walk(client, tree, until="bilagor")
    response = client.post(
        step_url("bilagor"),
        {
            "action": "upload",
            "attachments": [upload("brev.pdf", pdf_bytes()), upload("foto.png", png_bytes())],
        },
    )
    assert response.status_code == 302
    page = client.get(step_url("bilagor")).content.decode()
    assert "brev.pdf" in page and "foto.png" in page
    assert client.post(step_url("bilagor"), {"action": "continue"})["Location"] == CHECK_URL
    assert "brev.pdf" in client.get(CHECK_URL).content.decode()
    kept = default_storage.listdir(tempfiles.TEMP_DIR)[1]
    assert len(kept) == 2
    submit(client)
    case = Case.objects.get()
    names = sorted(Attachment.objects.filter(case=case).values_list("original_name", "content_type"))
    assert names == [("brev.pdf", "application/pdf"), ("foto.png", "image/png")]
    # The kept copies are gone once the case holds the files.
    assert default_storage.listdir(tempfiles.TEMP_DIR)[1] == []


def test_it_names_the_rejected_file_and_keeps_the_good_one(client, tree):
    walk(client, tree, until="bilagor")
    response = client.post(
        step_url("bilagor"),
        {
            "action": "continue",
            "attachments": [upload("brev.pdf", pdf_bytes()), upload("program.pdf", exe_bytes())],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Fel: " in body
    assert "program.pdf är inte en filtyp vi kan ta emot" in body
    assert 'href="#id_attachments"' in body
    assert "brev.pdf" in body  # listed as attached


def test_it_refuses_more_files_than_allowed(client, tree, settings):
    settings.UPLOAD_MAX_FILES = 1
    walk(client, tree, until="bilagor")
    response = client.post(
        step_url("bilagor"),
        {"action": "upload", "attachments": [upload("ett.pdf", pdf_bytes()), upload("två.pdf", pdf_bytes())]},
    )
    assert response.status_code == 200
    assert "två.pdf bifogades inte: du kan bifoga högst 1 filer." in response.content.decode()


def test_it_rejects_an_oversized_file_on_the_page(client, tree, settings):
    settings.UPLOAD_MAX_BYTES = 500
    walk(client, tree, until="bilagor")
    response = client.post(
        step_url("bilagor"), {"action": "upload", "attachments": [upload("stor.pdf", pdf_bytes() * 3)]}
    )
    assert "stor.pdf är för stor: den får vara högst 500" in response.content.decode()


def test_it_removes_an_attached_file(client, tree):
    walk(client, tree, until="bilagor")
    client.post(step_url("bilagor"), {"action": "upload", "attachments": [upload("brev.pdf", pdf_bytes())]})
    token = client.session["intake"]["files"][0]["token"]
    assert client.post(step_url("bilagor"), {"remove": token}).status_code == 302
    assert client.session["intake"]["files"] == []
    assert default_storage.listdir(tempfiles.TEMP_DIR)[1] == []


def test_it_sweeps_kept_files_older_than_a_day(client, tree):
    walk(client, tree, until="bilagor")
    client.post(step_url("bilagor"), {"action": "upload", "attachments": [upload("brev.pdf", pdf_bytes())]})
    assert tempfiles.temp_sweep() == 0
    assert tempfiles.temp_sweep(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert default_storage.listdir(tempfiles.TEMP_DIR)[1] == []


def test_it_refuses_a_forged_token():
    with pytest.raises(ValueError):
        tempfiles.temp_open({"token": "../../etc/passwd", "name": "x"})


def test_the_sweep_command_runs(client, tree):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("intake_sweep_uploads", stdout=out)
    assert "Deleted 0" in out.getvalue()


def _zip(entries, *, stored_first=None):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1])
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES_XML = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "brev.docx",
            _zip(
                [
                    ("[Content_Types].xml", CONTENT_TYPES_XML),
                    ("_rels/.rels", "x"),
                    ("word/document.xml", "<w/>"),
                ]
            ),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "tider.xlsx",
            _zip(
                [
                    ("[Content_Types].xml", CONTENT_TYPES_XML),
                    ("_rels/.rels", "x"),
                    ("xl/workbook.xml", "<w/>"),
                ]
            ),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "brev.odt",
            _zip(
                [("content.xml", "<x/>")],
                stored_first=("mimetype", "application/vnd.oasis.opendocument.text"),
            ),
            "application/vnd.oasis.opendocument.text",
        ),
        ("brev.rtf", b"{\\rtf1\\ansi Hej}", "text/rtf"),
        ("bild.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
    ],
)
def test_it_accepts_office_documents_and_other_images(name, content, expected):
    assert validate_upload(upload(name, content)) == expected


def test_it_accepts_heic_when_libmagic_knows_it():
    import magic

    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    if magic.from_buffer(heic, mime=True) != "image/heic":
        pytest.skip("this libmagic does not recognise HEIC")
    assert validate_upload(upload("foto.heic", heic)) == "image/heic"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sida.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("arkiv.zip", _zip([("a.txt", "x")])),
        ("skript.sh", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_it_rejects_other_types(name, content):
    with pytest.raises(ValidationError):
        validate_upload(upload(name, content))
