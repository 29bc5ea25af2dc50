"""Helpers for the records tests: cases through the real services, requests registered by the registrar."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.models import Case
from records import services
from records.models import DocumentRequest, LegalGround, RequestChannel
from staff.tests.conftest import register, signed_in_client  # noqa: F401 (re-exported for the tests)

SECRET_NAME = "Astrid Hemligsdotter"
WHAT_HAPPENED = f"Min mamma {SECRET_NAME} fick inte sin medicin i tid. Personalen var stressad."


def secret_case(tree, **overrides) -> Case:
    values = dict(what_happened=WHAT_HAPPENED, contact_name="Bo Avsändarsson", about_person=SECRET_NAME)
    values.update(overrides)
    return register(tree, **values)


def ground(citation: str = "OSL 26 kap. 1 §") -> LegalGround:
    return LegalGround.objects.get(citation=citation)


def request_for(case: Case, user) -> DocumentRequest:
    return services.document_request_register(
        case=case, channel=RequestChannel.IN_PERSON, requester_name="Journalist Jansson", acting_user=user
    )


def png_upload(name: str = "bild.png", color=(200, 30, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), color).save(out, format="PNG")
    upload = SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
    upload.validated_content_type = "image/png"
    return upload
