import pytest

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register

WHAT_HAPPENED = "Nattpersonalen glömde medicinen till min pappa tre kvällar i rad."


def register(tree, **overrides):
    values = dict(
        organisation=tree.organisation,
        kind=CaseKind.COMPLAINT,
        sender_role=SenderRole.RELATIVE,
        what_happened=WHAT_HAPPENED,
        unit=tree.care_home,
        contact_name="Karin Exempel",
        contact_email="karin.exempel@example.se",
    )
    values.update(overrides)
    return case_register(submission=CaseSubmission(**values))


@pytest.fixture
def registration(tree):
    return register(tree)


def log_in(client, registration):
    return client.post(
        "/folj/", {"code": registration.case.receipt_code, "secret": registration.receipt_secret}
    )


@pytest.fixture
def citizen_client(client, registration):
    response = log_in(client, registration)
    assert response.status_code == 302
    return client
