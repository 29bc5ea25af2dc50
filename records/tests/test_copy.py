"""The redacted copy and the decision letter: masked text is not in the PDF (its text extracted with pypdf and with
poppler's pdftotext), each masking shows its ground, images are painted over, and the letter says how to appeal."""

import io
import shutil
import subprocess

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from documents.tests.pdfcheck import is_tagged, text_of
from records import copies, redaction, services
from records.models import Outcome
from records.tests.conftest import SECRET_NAME, ground, png_upload, request_for, secret_case

pytestmark = pytest.mark.django_db


def _pdftotext(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    source = tmp_path / "copy.pdf"
    source.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def _reviewed(request, user, withheld=None):
    for part in services.parts_to_review(request.case):
        services.document_request_review_part(
            request=request,
            part_kind=part.kind,
            part_key=part.key,
            withheld_ground=withheld.get((part.kind, part.key)) if withheld else None,
            acting_user=user,
        )


def test_it_leaves_the_masked_text_out_of_the_copy_and_shows_its_ground(tree, tmp_path):
    case = secret_case(tree)
    request = request_for(case, tree.registrar)
    masks = services.document_request_mask(
        request=request,
        part_kind="field",
        part_key="what_happened",
        passage=SECRET_NAME,
        ground=ground(),
        acting_user=tree.contact_staff,
    )
    assert len(masks) == 1
    services.document_request_review_part(
        request=request,
        part_kind="field",
        part_key="about_person",
        withheld_ground=ground("OSL 26 kap. 5 §"),
        acting_user=tree.contact_staff,
    )
    pdf = copies.redacted_copy_pdf(request)
    for text in (text_of(pdf), _pdftotext(pdf, tmp_path)):
        flat = " ".join(text.split())
        assert "Astrid" not in flat and "Hemligsdotter" not in flat
        assert "Personalen var stressad" in flat
        assert "OSL 26 kap. 1 §" in flat
        assert "OSL 26 kap. 5 §" in flat
        assert case.reference_number in flat
    assert b"Hemligsdotter" not in pdf
    assert is_tagged(pdf)


def test_it_masks_every_occurrence_of_a_recurring_name(tree):
    case = secret_case(
        tree, what_happened=f"{SECRET_NAME} ringde. Sedan ringde {SECRET_NAME} igen.", about_person=""
    )
    request = request_for(case, tree.registrar)
    masks = services.document_request_mask(
        request=request,
        part_kind="field",
        part_key="what_happened",
        passage=SECRET_NAME,
        ground=ground(),
        acting_user=tree.contact_staff,
    )
    assert len(masks) == 2
    assert "Hemligsdotter" not in " ".join(text_of(copies.redacted_copy_pdf(request)).split())


def test_it_paints_over_a_masked_area_of_an_image(tree):
    case = secret_case(tree, attachments=[png_upload()])
    attachment = case.attachments.get()
    request = request_for(case, tree.registrar)
    services.document_request_mask(
        request=request,
        part_kind="attachment",
        part_key=str(attachment.pk),
        ground=ground(),
        box=services.BoxInput(left=0, top=0, width=50, height=100),
        acting_user=tree.contact_staff,
    )
    png = redaction.masked_image_png(attachment, [redaction.Box(0, 0, 50, 100, "OSL 26 kap. 1 §")])
    assert png is not None
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.getpixel((90, 90)) == (0, 0, 0)  # painted over, under the ground's label
    assert image.getpixel((150, 50)) == (200, 30, 30)  # the rest as it was
    pdf = copies.redacted_copy_pdf(request)
    images = [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images]
    assert images  # pypdf may list the one image once per reference to it
    embedded = images[0].image.convert("RGB")
    assert embedded.getpixel((90, 90)) == (0, 0, 0)
    assert "OSL 26 kap. 1 §" in text_of(pdf)


def test_a_file_that_is_not_an_image_is_left_out_and_the_copy_says_so(tree):
    from staff.tests.conftest import pdf_upload

    case = secret_case(tree, attachments=[pdf_upload()])
    pdf = copies.redacted_copy_pdf(request_for(case, tree.registrar))
    text = " ".join(text_of(pdf).split())
    assert "kan inte visas i kopian och finns inte med" in text
    assert "brev.pdf" not in text  # not even its name, which may say something of the case


def test_the_decision_letter_gives_the_grounds_and_how_to_appeal(tree, tmp_path):
    case = secret_case(tree)
    request = request_for(case, tree.registrar)
    services.document_request_mask(
        request=request,
        part_kind="field",
        part_key="what_happened",
        passage=SECRET_NAME,
        ground=ground(),
        acting_user=tree.contact_staff,
    )
    _reviewed(request, tree.contact_staff)
    request = services.document_request_decide(request=request, acting_user=tree.contact_staff)
    assert request.outcome == Outcome.PARTLY_DISCLOSED
    with translation.override("sv"):
        text = " ".join(_pdftotext(copies.decision_letter_pdf(request), tmp_path).split())
    assert "kammarrätten" in text
    assert "tre veckor" in text
    assert "OSL 26 kap. 1 §" in text
    assert "Hemligsdotter" not in text


def test_withholding_every_part_is_a_refusal(tree):
    case = secret_case(tree)
    request = request_for(case, tree.registrar)
    parts = services.parts_to_review(case)
    _reviewed(request, tree.contact_staff, {(part.kind, part.key): ground() for part in parts})
    request = services.document_request_decide(request=request, acting_user=tree.contact_staff)
    assert request.outcome == Outcome.REFUSED
    assert "OSL 26 kap. 1 §" in text_of(copies.decision_letter_pdf(request))
