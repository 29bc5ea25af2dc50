"""The admin keeps the tree working: it refuses a change that would leave a unit with nobody to receive cases,
keeps paths through the services, and shows cases only as a register (no content, no contact details)."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from audit.actions import Action
from audit.chain import first_break
from audit.models import Event
from cases.models import Case
from cases.services import CaseSubmission, case_register
from organisations.models import NodeKind, Organisation, OrgNode, Role, RoleAssignment
from organisations.selectors import tree_problems

pytestmark = pytest.mark.django_db

REFUSED = "Enheten ”{unit}” skulle inte ha någon som tar emot dess ärenden"


class FormFields(HTMLParser):
    """The fields of the admin's main form, as a browser would submit them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                self.data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_data(client, url) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data


@pytest.fixture
def admin_client(client, tree):
    admin = User.objects.create_superuser("root.admin", "root.admin@example.se", "irrelevant-password-123")
    client.force_login(admin)
    return client


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- the pages open ---------------------------------------------------------------------------------------------


def test_it_opens_every_page_of_the_tree_and_the_staff(admin_client, tree):
    for url in [
        reverse("admin:organisations_organisation_changelist"),
        reverse("admin:organisations_organisation_change", args=[tree.organisation.pk]),
        reverse("admin:organisations_organisation_add"),
        reverse("admin:organisations_orgnode_changelist"),
        reverse("admin:organisations_orgnode_change", args=[tree.care_home.pk]),
        reverse("admin:organisations_orgnode_add"),
        reverse("admin:organisations_roleassignment_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[tree.unit_manager.pk]),
        reverse("admin:cases_case_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_it_creates_an_organisation_with_its_top_and_ladder(admin_client):
    data = form_data(admin_client, reverse("admin:organisations_organisation_add"))
    data.update(
        name=["Nyby kommun"], slug=["nyby"], reference_prefix=["SN"], root_name=["Socialnämnden i Nyby"]
    )
    response = admin_client.post(reverse("admin:organisations_organisation_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation = Organisation.objects.get(slug="nyby")
    root = OrgNode.objects.get(organisation=organisation, parent=None)
    assert root.name == "Socialnämnden i Nyby" and root.path == f"/{root.pk}/"
    assert organisation.ladder_steps.count() == 4


# --- parts of the tree ------------------------------------------------------------------------------------------


def test_it_refuses_a_new_unit_with_nobody_to_receive_its_cases(admin_client, tree):
    url = reverse("admin:organisations_orgnode_add")
    data = form_data(admin_client, url)
    data.update(
        organisation=[str(tree.organisation.pk)], parent=[str(tree.lss.pk)], kind=[NodeKind.UNIT], name=["Ön"]
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Enheten ”Ön” skulle inte ha någon som tar emot dess ärenden" in response.content.decode()
    assert not OrgNode.objects.filter(name="Ön").exists()

    english(admin_client)
    response = admin_client.post(url, data)
    assert "The unit “Ön” would have nobody to receive its cases" in response.content.decode()


def test_it_accepts_a_new_unit_with_its_receiver_and_gives_it_a_path(admin_client, tree):
    url = reverse("admin:organisations_orgnode_add")
    data = form_data(admin_client, url)
    data.update(
        {
            "organisation": [str(tree.organisation.pk)],
            "parent": [str(tree.lss.pk)],
            "kind": [NodeKind.UNIT],
            "name": ["Ön"],
            "role_assignments-0-user": [str(tree.other_unit_staff.pk)],
            "role_assignments-0-role": [Role.CONTACT_STAFF],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = OrgNode.objects.get(name="Ön")
    assert unit.path == f"{tree.lss.path}{unit.pk}/"
    assert RoleAssignment.objects.filter(
        node=unit, user=tree.other_unit_staff, role=Role.CONTACT_STAFF
    ).exists()
    assert tree_problems(tree.organisation) == []


def test_moving_a_part_of_the_tree_refreshes_the_paths_below_it(admin_client, tree):
    url = reverse("admin:organisations_orgnode_change", args=[tree.elderly.pk])
    data = form_data(admin_client, url)
    data["parent"] = [str(tree.lss.pk)]
    data["kind"] = [NodeKind.AREA]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    tree.care_home.refresh_from_db()
    assert tree.care_home.path == f"{tree.lss.path}{tree.elderly.pk}/{tree.care_home.pk}/"


def test_it_never_offers_a_node_of_another_organisation_or_below_itself_as_parent(admin_client, tree):
    from organisations.testing import build_tree

    other = build_tree(slug="annanby")
    response = admin_client.get(reverse("admin:organisations_orgnode_change", args=[tree.elderly.pk]))
    parent_field = response.context["adminform"].form.fields["parent"]
    offered = set(parent_field.queryset)
    assert tree.root in offered and tree.lss in offered
    assert tree.elderly not in offered and tree.care_home not in offered
    assert other.root not in offered


def test_it_refuses_removing_the_last_receiver_in_the_inline(admin_client, tree):
    url = reverse("admin:organisations_orgnode_change", args=[tree.home_care.pk])
    data = form_data(admin_client, url)
    data["role_assignments-0-DELETE"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert REFUSED.format(unit="Hemtjänst Norr") in response.content.decode()
    assert RoleAssignment.objects.filter(node=tree.home_care).exists()


# --- roles ------------------------------------------------------------------------------------------------------


def _manager_on_home_care(tree) -> RoleAssignment:
    return RoleAssignment.objects.get(user=tree.unit_manager, node=tree.home_care)


def test_it_refuses_deleting_the_last_receivers_role(admin_client, tree):
    assignment = _manager_on_home_care(tree)
    url = reverse("admin:organisations_roleassignment_delete", args=[assignment.pk])
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert (
        "Enheten ”Hemtjänst Norr” skulle inte ha någon som tar emot dess ärenden" in response.content.decode()
    )
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()

    english(admin_client)
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert "The unit “Hemtjänst Norr” would have nobody to receive its cases" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_it_deletes_a_role_that_others_cover(admin_client, tree):
    assignment = RoleAssignment.objects.get(user=tree.contact_staff, node=tree.care_home)
    url = reverse("admin:organisations_roleassignment_delete", args=[assignment.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_it_refuses_deleting_the_last_receivers_with_the_bulk_action(admin_client, tree):
    ids = [str(pk) for pk in RoleAssignment.objects.filter(node=tree.group_home).values_list("pk", flat=True)]
    url = reverse("admin:organisations_roleassignment_changelist")
    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": ids, "post": "yes"}, follow=True
    )
    assert REFUSED.format(unit="Gruppbostad Björken") in response.content.decode()
    assert RoleAssignment.objects.filter(node=tree.group_home).count() == 2


def test_it_refuses_moving_the_last_receivers_role_elsewhere(admin_client, tree):
    assignment = _manager_on_home_care(tree)
    url = reverse("admin:organisations_roleassignment_change", args=[assignment.pk])
    data = form_data(admin_client, url)
    data["node"] = [str(tree.group_home.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert REFUSED.format(unit="Hemtjänst Norr") in response.content.decode()
    assert _manager_on_home_care(tree).node_id == tree.home_care.pk


def test_it_refuses_turning_off_the_only_receiver(admin_client, tree):
    url = reverse("admin:accounts_user_change", args=[tree.other_unit_manager.pk])
    # Group home: the contact staff and the manager both receive; turning both off leaves nobody.
    User.objects.filter(pk=tree.other_unit_staff.pk).update(is_active=False)
    data = form_data(admin_client, url)
    data.pop("is_active", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert REFUSED.format(unit="Gruppbostad Björken") in response.content.decode()
    tree.other_unit_manager.refresh_from_db()
    assert tree.other_unit_manager.is_active


# --- cases: the register only -----------------------------------------------------------------------------------


def test_it_lists_cases_as_a_register_without_content_or_contact_details(admin_client, tree):
    registration = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Hemligt innehåll om mamma",
            desired_outcome="Hemlig önskan",
            unit=tree.care_home,
            contact_name="Agneta Hemlig",
            contact_email="agneta.hemlig@example.se",
            contact_phone="070-174 06 05",
            about_person="Personal Hemligsson",
        )
    )
    case = registration.case
    html = admin_client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert case.reference_number in html
    assert "Solgårdens äldreboende" in html
    for secret in ["Hemligt innehåll", "Hemlig önskan", "Agneta", "agneta.hemlig", "070-174", "Hemligsson"]:
        assert secret not in html
    assert admin_client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code in {302, 403}
    assert admin_client.get(reverse("admin:cases_case_add")).status_code == 403
    assert Case.objects.count() == 1


# --- every change through the audited services ------------------------------------------------------------------


def admin_user() -> User:
    return User.objects.get(username="root.admin")


def last_event(action: str) -> Event:
    return Event.objects.filter(action=action).latest("pk")


def chain_is_whole() -> bool:
    return first_break(Event.objects.order_by("pk").iterator()) is None


def test_giving_a_role_in_the_admin_is_in_the_audit_chain(admin_client, tree):
    url = reverse("admin:organisations_roleassignment_add")
    data = form_data(admin_client, url)
    data.update(
        user=[str(tree.other_unit_staff.pk)], node=[str(tree.care_home.pk)], role=[Role.CONTACT_STAFF]
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert RoleAssignment.objects.filter(user=tree.other_unit_staff, node=tree.care_home).exists()
    event = last_event(Action.ROLE_GRANTED)
    assert event.actor == admin_user()
    assert event.data == {
        "user": tree.other_unit_staff.pk,
        "node": tree.care_home.pk,
        "organisation": tree.organisation.pk,
        "role": Role.CONTACT_STAFF,
    }
    assert chain_is_whole()


def test_moving_a_role_in_the_admin_is_in_the_audit_chain(admin_client, tree):
    assignment = RoleAssignment.objects.get(user=tree.contact_staff, node=tree.care_home)
    url = reverse("admin:organisations_roleassignment_change", args=[assignment.pk])
    data = form_data(admin_client, url)
    data["node"] = [str(tree.home_care.pk)]
    assert admin_client.post(url, data).status_code == 302
    assert last_event(Action.ROLE_REVOKED).data["node"] == tree.care_home.pk
    assert last_event(Action.ROLE_GRANTED).data["node"] == tree.home_care.pk
    assert last_event(Action.ROLE_GRANTED).actor == admin_user()


def test_an_administrator_cannot_give_itself_a_role(admin_client, tree):
    before = Event.objects.count()
    url = reverse("admin:organisations_roleassignment_add")
    data = form_data(admin_client, url)
    data.update(user=[str(admin_user().pk)], node=[str(tree.root.pk)], role=[Role.HEAD_OF_OPERATIONS])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Du kan inte ge dig själv en roll" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=admin_user()).exists()
    assert Event.objects.count() == before


def test_nor_on_a_part_of_the_tree(admin_client, tree):
    url = reverse("admin:organisations_orgnode_change", args=[tree.care_home.pk])
    data = form_data(admin_client, url)
    rows = int(data["role_assignments-TOTAL_FORMS"][0])
    data[f"role_assignments-{rows - 1}-user"] = [str(admin_user().pk)]
    data[f"role_assignments-{rows - 1}-role"] = [Role.UNIT_MANAGER]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Du kan inte ge dig själv en roll" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=admin_user()).exists()


def test_nor_on_its_own_page(admin_client, tree):
    url = reverse("admin:accounts_user_change", args=[admin_user().pk])
    data = form_data(admin_client, url)
    data["roles-0-node"] = [str(tree.root.pk)]
    data["roles-0-role"] = [Role.ADMINISTRATOR]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Du kan inte ge dig själv en roll" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=admin_user()).exists()


def test_taking_a_role_away_in_the_admin_is_in_the_audit_chain(admin_client, tree):
    assignment = RoleAssignment.objects.get(user=tree.contact_staff, node=tree.care_home)
    url = reverse("admin:organisations_roleassignment_changelist")
    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [str(assignment.pk)], "post": "yes"}
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = last_event(Action.ROLE_REVOKED)
    assert event.actor == admin_user() and event.data["user"] == tree.contact_staff.pk
    assert chain_is_whole()


def test_a_refused_change_leaves_nothing_in_the_audit_trail(admin_client, tree):
    before = Event.objects.count()
    assignment = _manager_on_home_care(tree)
    admin_client.post(
        reverse("admin:organisations_roleassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert Event.objects.count() == before  # the change was only tried out, and rolled back
    assert chain_is_whole()


def test_a_new_unit_with_its_receiver_is_in_the_audit_chain(admin_client, tree):
    url = reverse("admin:organisations_orgnode_add")
    data = form_data(admin_client, url)
    data.update(
        {
            "organisation": [str(tree.organisation.pk)],
            "parent": [str(tree.lss.pk)],
            "kind": [NodeKind.UNIT],
            "name": ["Ön"],
            "role_assignments-0-user": [str(tree.other_unit_staff.pk)],
            "role_assignments-0-role": [Role.CONTACT_STAFF],
        }
    )
    assert admin_client.post(url, data).status_code == 302
    unit = OrgNode.objects.get(name="Ön")
    created = last_event(Action.NODE_CREATED)
    assert created.data["node"] == unit.pk and created.actor == admin_user()
    granted = last_event(Action.ROLE_GRANTED)
    assert granted.data["node"] == unit.pk and granted.pk > created.pk
    assert chain_is_whole()


def test_renaming_and_turning_off_a_part_of_the_tree_is_in_the_audit_chain(admin_client, tree):
    url = reverse("admin:organisations_orgnode_change", args=[tree.care_home.pk])
    data = form_data(admin_client, url)
    data["name"] = ["Solgården"]
    data.pop("is_active", None)
    assert admin_client.post(url, data).status_code == 302
    tree.care_home.refresh_from_db()
    assert tree.care_home.name == "Solgården" and not tree.care_home.is_active
    assert last_event(Action.NODE_RENAMED).data["new"] == "Solgården"
    assert last_event(Action.NODE_DEACTIVATED).data["node"] == tree.care_home.pk


def test_changing_the_ladder_and_the_periods_is_in_the_audit_chain(admin_client, tree):
    url = reverse("admin:organisations_organisation_change", args=[tree.organisation.pk])
    data = form_data(admin_client, url)
    deputy = next(key for key, value in data.items() if key.endswith("-role") and value == [Role.DEPUTY_HEAD])
    data[deputy.replace("-role", "-DELETE")] = ["on"]
    data["inform_period_days"] = ["10"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ladder = last_event(Action.LADDER_CHANGED)
    assert ladder.data["new"] == [Role.CONTACT_STAFF, Role.UNIT_MANAGER, Role.HEAD_OF_OPERATIONS]
    assert ladder.actor == admin_user()
    changed = last_event(Action.ORGANISATION_CHANGED)
    assert changed.data == {"organisation": tree.organisation.pk, "fields": ["inform_period_days"]}


def test_it_refuses_a_ladder_without_steps(admin_client, tree):
    url = reverse("admin:organisations_organisation_change", args=[tree.organisation.pk])
    data = form_data(admin_client, url)
    for key in [key for key in data if key.endswith("-role")]:
        data[key.replace("-role", "-DELETE")] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Trappan behöver minst ett steg." in response.content.decode()
    assert tree.organisation.ladder_steps.count() == 4


def test_parts_of_the_tree_and_organisations_are_never_deleted_in_the_admin(admin_client, tree):
    for url in [
        reverse("admin:organisations_orgnode_delete", args=[tree.care_home.pk]),
        reverse("admin:organisations_organisation_delete", args=[tree.organisation.pk]),
    ]:
        assert admin_client.get(url).status_code == 403
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert OrgNode.objects.filter(pk=tree.care_home.pk).exists()
