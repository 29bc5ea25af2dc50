"""The citizen says in the intake that they have protected personal details: the case is marked from the start,
with the citizen as the one who said so, and the audit says so."""

import pytest

from audit.actions import Action
from audit.models import Event
from cases.models import Case
from intake.tests.helpers import submit, walk
from protection.models import ProtectedIdentity

pytestmark = pytest.mark.django_db


def test_a_sender_who_says_so_is_protected_from_the_start(client, tree):
    walk(client, tree, anonymous=False, kontaktuppgifter={"protected_identity": "yes"})
    assert submit(client).status_code == 302
    case = Case.objects.get()
    mark = ProtectedIdentity.objects.get(case=case)
    assert (mark.sender, mark.person_concerned, mark.by_citizen, mark.marked_by) == (True, False, True, None)
    event = Event.objects.get(action=Action.PROTECTED_IDENTITY_MARKED)
    assert (event.case_id, event.actor_id) == (case.pk, None)


def test_a_sender_who_skips_the_question_is_not_marked(client, tree):
    walk(client, tree, anonymous=False)
    assert submit(client).status_code == 302
    assert not ProtectedIdentity.objects.exists()


def test_the_question_is_asked_in_swedish_and_in_easy_swedish(client, tree):
    walk(client, tree, anonymous=False, until="kontaktuppgifter")
    page = client.get("/lamna/kontaktuppgifter/").text
    assert "Har du skyddade personuppgifter?" in page
    assert "(valfritt)" in page
