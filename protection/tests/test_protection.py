"""Protected personal details: a marked sender's or person concerned's details are hidden on the staff case page
from everyone but the roles the organisation names, every showing of them is audited, and no letter carries the
address."""

import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import Event
from cases.models import ContactPreference, SenderRole
from cases.services import case_inform
from documents.tests.pdfcheck import text_of
from organisations.models import Role
from protection.models import ProtectedIdentity
from protection.selectors import sender_details
from protection.services import protected_identity_access_set, protected_identity_mark
from staff.tests.conftest import register, signed_in_client

pytestmark = pytest.mark.django_db

NAME = "Tolvan Tolvansson"
EMAIL = "tolvan@example.org"
ADDRESS = "Hemliga gatan 7\n900 00 Testby"
ABOUT = "Märta Tolvansson"


def case_of(tree, **overrides):
    values = dict(
        contact_name=NAME,
        contact_email=EMAIL,
        contact_phone="070-000 00 00",
        contact_address=ADDRESS,
        about_person=ABOUT,
        preferred_contact=ContactPreference.POST,
    )
    values.update(overrides)
    return register(tree, **values)


def page_of(user, case) -> str:
    response = signed_in_client(user).get(reverse("staff:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.text


def test_an_unmarked_case_shows_the_details_as_before(tree):
    case = case_of(tree)
    text = page_of(tree.contact_staff, case)
    assert NAME in text and EMAIL in text and "Hemliga gatan 7" in text and ABOUT in text
    assert not Event.objects.filter(action=Action.PROTECTED_IDENTITY_VIEWED).exists()


def test_a_marked_sender_is_hidden_from_staff_without_a_named_role(tree):
    case = case_of(tree)
    protected_identity_mark(case=case, sender=True, person_concerned=False, acting_user=tree.contact_staff)
    text = page_of(tree.contact_staff, case)
    assert NAME not in text and EMAIL not in text and "Hemliga gatan" not in text and "070-000" not in text
    assert "Skyddade personuppgifter: dolda" in text
    assert ABOUT in text  # the person concerned is not marked
    assert not Event.objects.filter(action=Action.PROTECTED_IDENTITY_VIEWED).exists()


def test_the_roles_the_organisation_names_see_them_and_each_showing_is_audited(tree):
    case = case_of(tree)
    protected_identity_mark(case=case, sender=True, person_concerned=True, acting_user=tree.contact_staff)
    protected_identity_access_set(
        organisation=tree.organisation, roles=[Role.UNIT_MANAGER], acting_user=tree.administrator
    )
    text = page_of(tree.unit_manager, case)
    assert NAME in text and "Hemliga gatan 7" in text and ABOUT in text
    event = Event.objects.get(action=Action.PROTECTED_IDENTITY_VIEWED)
    assert (event.case_id, event.actor_id) == (case.pk, tree.unit_manager.pk)
    assert event.data == {"sender": True, "person_concerned": True}
    # The contact staff below the unit manager hold no named role: still hidden.
    text = page_of(tree.contact_staff, case)
    assert NAME not in text and ABOUT not in text
    # A unit manager of another unit holds the role, but not over this case (and cannot open it anyway).
    assert not sender_details(case=case, reader=tree.other_unit_manager).name


def test_a_marked_person_concerned_is_hidden(tree):
    case = case_of(tree)
    protected_identity_mark(case=case, sender=False, person_concerned=True, acting_user=tree.contact_staff)
    text = page_of(tree.contact_staff, case)
    assert ABOUT not in text
    assert NAME in text


def test_a_sender_writing_for_themselves_hides_the_person_concerned_too(tree):
    case = case_of(tree, sender_role=SenderRole.PERSON_CONCERNED)
    protected_identity_mark(case=case, sender=True, person_concerned=False, acting_user=tree.contact_staff)
    assert not sender_details(case=case, reader=tree.contact_staff).about_person


def test_staff_mark_on_the_case_page_and_it_is_audited(tree):
    case = case_of(tree)
    client = signed_in_client(tree.contact_staff)
    response = client.post(reverse("protection:mark", args=[case.pk]), {"sender": "on"})
    assert response.status_code == 302
    assert ProtectedIdentity.objects.get(case=case).sender
    event = Event.objects.get(action=Action.PROTECTED_IDENTITY_MARKED)
    assert event.case_id == case.pk
    assert event.data == {
        "old": {"sender": False, "person_concerned": False},
        "new": {"sender": True, "person_concerned": False},
    }
    assert (
        "Avsändaren har skyddade personuppgifter."
        in client.get(reverse("staff:case_detail", args=[case.pk])).text
    )


def test_someone_who_may_not_see_cannot_take_the_mark_away(tree):
    case = case_of(tree)
    protected_identity_mark(case=case, sender=True, person_concerned=False, acting_user=tree.contact_staff)
    client = signed_in_client(tree.contact_staff)
    response = client.post(reverse("protection:mark", args=[case.pk]), {}, follow=True)
    assert "Bara den som får se skyddade personuppgifter kan ta bort markeringen." in response.text
    assert ProtectedIdentity.objects.get(case=case).sender


def test_staff_outside_the_case_cannot_mark_it(tree):
    case = case_of(tree)
    response = signed_in_client(tree.other_unit_staff).post(
        reverse("protection:mark", args=[case.pk]), {"sender": "on"}
    )
    assert response.status_code == 404
    assert not ProtectedIdentity.objects.exists()


def test_no_letter_carries_a_protected_address(tree):
    case = case_of(tree)
    message = case_inform(case=case, body="Vi hör av oss igen.", acting_user=tree.contact_staff)
    letter = reverse("documents:message_letter", args=[case.pk, message.pk])
    client = signed_in_client(tree.contact_staff)
    assert "Hemliga gatan 7" in text_of(client.get(letter).content)
    protected_identity_mark(case=case, sender=True, person_concerned=False, acting_user=tree.contact_staff)
    text = " ".join(text_of(client.get(letter).content).split())
    assert "Hemliga gatan" not in text and NAME not in text
