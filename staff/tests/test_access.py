"""Who may see a case: every staff view, with the personas who must and who must not (domain.md §8).

A case outside one's part of the tree is a 404, never a 403: the answer must not reveal that it exists.
"""

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import Event
from cases.models import AssignmentReason
from cases.services import case_assign
from organisations.models import Role
from staff.tests.conftest import pdf_upload, register

MUST_SEE = [
    "contact_staff",
    "unit_manager",
    "deputy_head",
    "head_of_operations",
    "registrar",
    "quality_developer",
]
MUST_NOT_SEE = ["other_unit_staff", "other_unit_manager", "administrator"]


@pytest.fixture
def care_home_case(tree):
    """A case at the care home, held by its contact staff, with an attachment."""
    return register(tree, attachments=[pdf_upload()])


def urls(case) -> dict[str, str]:
    attachment = case.attachments.get()
    return {
        "case page": reverse("staff:case_detail", args=[case.pk]),
        "download": reverse("staff:attachment_download", args=[case.pk, attachment.pk]),
    }


@pytest.mark.parametrize("persona", MUST_SEE)
def test_these_personas_see_the_case_everywhere(tree, as_staff, care_home_case, persona):
    client = as_staff(getattr(tree, persona))
    for name, url in urls(care_home_case).items():
        assert client.get(url).status_code == 200, name
    inbox = client.get(reverse("staff:inbox"), {"tab": "scope"})
    assert care_home_case.reference_number in inbox.content.decode()


@pytest.mark.parametrize("persona", MUST_NOT_SEE)
def test_these_personas_get_a_404_and_nothing_is_recorded_as_read(tree, as_staff, care_home_case, persona):
    client = as_staff(getattr(tree, persona))
    for name, url in urls(care_home_case).items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert care_home_case.reference_number not in response.content.decode()
    for tab in ("mine", "scope"):
        inbox = client.get(reverse("staff:inbox"), {"tab": tab, "state": "all"})
        assert care_home_case.reference_number not in inbox.content.decode()
    assert not Event.objects.filter(
        case=care_home_case, action__in=["viewed", "attachment_downloaded"]
    ).exists()


def test_a_case_that_does_not_exist_looks_the_same_as_one_out_of_reach(tree, as_staff, care_home_case):
    client = as_staff(tree.other_unit_staff)
    missing = client.get(reverse("staff:case_detail", args=[care_home_case.pk + 1000]))
    hidden = client.get(reverse("staff:case_detail", args=[care_home_case.pk]))
    assert missing.status_code == hidden.status_code == 404


def test_the_holder_sees_a_case_held_outside_their_roles(tree, as_staff, care_home_case):
    outsider = User.objects.create_user(username="tillfallig", password="x" * 20)
    case_assign(
        case=care_home_case,
        assignee=outsider,
        node=tree.care_home,
        role=Role.CONTACT_STAFF,
        reason=AssignmentReason.REASSIGNED,
        acting_user=tree.unit_manager,
    )
    client = as_staff(outsider)
    for name, url in urls(care_home_case).items():
        assert client.get(url).status_code == 200, name
    assert care_home_case.reference_number in client.get(reverse("staff:inbox")).content.decode()


def test_an_inactive_user_sees_nothing(tree, as_staff, care_home_case):
    client = as_staff(tree.contact_staff)
    User.objects.filter(pk=tree.contact_staff.pk).update(is_active=False)
    for url in urls(care_home_case).values():
        assert client.get(url).status_code in {302, 404}


def test_anonymous_visitors_are_sent_to_the_log_in(client, tree, care_home_case):
    for name, url in [*urls(care_home_case).items(), ("inbox", reverse("staff:inbox"))]:
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name
    assert not Event.objects.filter(case=care_home_case, action="viewed").exists()


def test_a_session_without_the_second_factor_is_sent_to_verify_it(
    client, tree, care_home_case, unverified_force_login
):
    client.force_login(tree.contact_staff)
    for url in [*urls(care_home_case).values(), reverse("staff:inbox")]:
        response = client.get(url)
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("accounts:login"))
