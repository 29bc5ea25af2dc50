"""Helpers for the staff tests: cases made through the real registration service, and signed-in clients."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def register(tree, *, days_ago: int = 0, attachments=(), **overrides):
    """Register a case through the real service; `days_ago` moves the day it was received."""
    values = dict(
        organisation=tree.organisation,
        kind=CaseKind.COMPLAINT,
        sender_role=SenderRole.RELATIVE,
        what_happened="Personalen hade ett dåligt bemötande mot min mamma vid middagen.",
        desired_outcome="Att personalen får utbildning.",
        unit=tree.care_home,
        received_at=timezone.now() - timedelta(days=days_ago),
        attachments=list(attachments),
    )
    values.update(overrides)
    return case_register(submission=CaseSubmission(**values)).case


def pdf_upload(name: str = "brev.pdf") -> SimpleUploadedFile:
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    upload.validated_content_type = "application/pdf"  # what intake's content check sets
    return upload


def signed_in_client(user) -> Client:
    """A client signed in with both steps (password and second factor), as staff_required demands."""
    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def as_staff():
    return signed_in_client
