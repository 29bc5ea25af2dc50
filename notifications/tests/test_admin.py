"""The outbox in the admin shows whether mail goes out, never to whom or what it says: no address, no subject, no
case reference (issue 16: the admin shows no contact details or case content anywhere)."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from notifications.models import OutboundEmail
from notifications.services import deliver_email
from notifications.tests.test_outbox import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, tree):
    admin = User.objects.create_superuser("root.admin", "root.admin@example.se", "irrelevant-password-123")
    client.force_login(admin)
    return client


def test_the_outbox_shows_state_and_times_but_no_address_subject_or_reference(admin_client, tree):
    case = register(tree)
    mail = OutboundEmail.objects.get(case=case, kind="receipt")
    assert mail.to == "gustav@example.se" and case.reference_number in mail.subject
    pages = [
        admin_client.get(reverse("admin:notifications_outboundemail_changelist")),
        admin_client.get(reverse("admin:notifications_outboundemail_change", args=[mail.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "receipt" in html  # the kind of message, and its state
        for secret in ["gustav", "example.se", case.reference_number, mail.subject, "Gustav"]:
            assert secret not in html, secret


def test_the_outbox_cannot_be_changed_in_the_admin(admin_client, tree):
    mail = OutboundEmail.objects.get(case=register(tree), kind="receipt")
    url = reverse("admin:notifications_outboundemail_change", args=[mail.pk])
    admin_client.post(url, {"to": "someone@example.com", "status": "sent"})
    mail.refresh_from_db()
    assert mail.to == "gustav@example.se" and mail.status == "queued"


def test_a_tasks_arguments_and_traceback_are_not_shown(admin_client, tree):
    result = deliver_email.enqueue(424242)
    DBTaskResult.objects.filter(pk=result.id).update(
        traceback="SMTPRecipientsRefused: {'gustav@example.se': (550, b'No such user')}"
    )
    html = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[result.id])
    ).content
    text = html.decode()
    assert "deliver_email" in text
    assert "gustav@example.se" not in text and "424242" not in text
