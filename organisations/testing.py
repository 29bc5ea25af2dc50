"""A small organisation tree with a persona in every role, for tests (made-up people only)."""

from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.hashers import make_password

from accounts.models import User
from organisations.models import NodeKind, Organisation, OrgNode, Role, RoleAssignment
from organisations.services import node_create, organisation_create

TEST_PASSWORD = "korrekt-häst-batteri-42"


@dataclass
class Tree:
    organisation: Organisation
    root: OrgNode
    elderly: OrgNode
    lss: OrgNode
    care_home: OrgNode  # under elderly care
    home_care: OrgNode  # under elderly care
    group_home: OrgNode  # under LSS
    contact_staff: User  # care_home
    unit_manager: User  # care_home
    deputy_head: User  # elderly
    head_of_operations: User  # root
    registrar: User  # root
    quality_developer: User  # root
    administrator: User  # root
    other_unit_staff: User  # group_home contact staff: must never see care_home's cases
    other_unit_manager: User  # group_home manager


@lru_cache(maxsize=1)
def _test_password_hash() -> str:
    # One Argon2 hash per test process, shared by every persona: the real hasher, without paying for it nine
    # times in every test that builds a tree.
    return make_password(TEST_PASSWORD)


def make_user(username: str, first: str, last: str) -> User:
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@exempelby.se",
        password=_test_password_hash(),
    )
    user.save()
    return user


def grant(user: User, node: OrgNode, role: str) -> None:
    RoleAssignment.objects.create(user=user, node=node, role=role)


def build_tree(slug: str = "testby", prefix: str = "SN") -> Tree:
    organisation = organisation_create(
        name=f"{slug.capitalize()} kommun",
        slug=slug,
        reference_prefix=prefix,
        root_name="Socialnämnden",
        county="Västerbottens län",
        phone="090-00 00 00",
        postal_address="Socialtjänsten\n900 00 Testby",
    )
    root = OrgNode.objects.get(organisation=organisation, parent=None)
    elderly = node_create(organisation=organisation, parent=root, kind=NodeKind.AREA, name="Äldreomsorg")
    lss = node_create(organisation=organisation, parent=root, kind=NodeKind.AREA, name="Funktionsstöd LSS")
    care_home = node_create(
        organisation=organisation, parent=elderly, kind=NodeKind.UNIT, name="Solgårdens äldreboende"
    )
    home_care = node_create(
        organisation=organisation, parent=elderly, kind=NodeKind.UNIT, name="Hemtjänst Norr"
    )
    group_home = node_create(
        organisation=organisation, parent=lss, kind=NodeKind.UNIT, name="Gruppbostad Björken"
    )
    people = {
        "contact_staff": make_user(f"{slug}-anna", "Anna", "Kontaktsson"),
        "unit_manager": make_user(f"{slug}-bertil", "Bertil", "Enhetsson"),
        "deputy_head": make_user(f"{slug}-cecilia", "Cecilia", "Biträdesson"),
        "head_of_operations": make_user(f"{slug}-david", "David", "Verksamhetsson"),
        "registrar": make_user(f"{slug}-eva", "Eva", "Registratorsson"),
        "quality_developer": make_user(f"{slug}-fredrik", "Fredrik", "Kvalitetsson"),
        "administrator": make_user(f"{slug}-gun", "Gun", "Adminsson"),
        "other_unit_staff": make_user(f"{slug}-charlie", "Charlie", "Annansson"),
        "other_unit_manager": make_user(f"{slug}-harald", "Harald", "Björksson"),
    }
    grant(people["contact_staff"], care_home, Role.CONTACT_STAFF)
    grant(people["unit_manager"], care_home, Role.UNIT_MANAGER)
    grant(people["unit_manager"], home_care, Role.UNIT_MANAGER)
    grant(people["deputy_head"], elderly, Role.DEPUTY_HEAD)
    grant(people["head_of_operations"], root, Role.HEAD_OF_OPERATIONS)
    grant(people["registrar"], root, Role.REGISTRAR)
    grant(people["quality_developer"], root, Role.QUALITY_DEVELOPER)
    grant(people["administrator"], root, Role.ADMINISTRATOR)
    grant(people["other_unit_staff"], group_home, Role.CONTACT_STAFF)
    grant(people["other_unit_manager"], group_home, Role.UNIT_MANAGER)
    return Tree(
        organisation=organisation,
        root=root,
        elderly=elderly,
        lss=lss,
        care_home=care_home,
        home_care=home_care,
        group_home=group_home,
        **people,
    )
