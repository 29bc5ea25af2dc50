# Table and column names in the SQL below come from model metadata, never from input (S608); the random
# generator makes up test data, not secrets, and is seeded for repeatable runs (S311).
# ruff: noqa: S311
"""The seeded tree: organisations with their units and staff in every role, built through the organisation
services, then read back for the case seeder (`scale_tree_ensure`, `scale_tree_load`)."""

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from organisations.models import NodeKind, Organisation, OrgNode, Role, RoleAssignment
from organisations.services import node_create, organisation_create
from scale import fragments as text

SLUG_PREFIX = "skala-"
USERNAME_PREFIX = "skala-"
# Made-up demo password shared by every seeded person (hashed once): seeded databases are never production.
SEED_PASSWORD = "skala-korrekt-häst-2026"

LADDER = [Role.CONTACT_STAFF, Role.UNIT_MANAGER, Role.DEPUTY_HEAD, Role.HEAD_OF_OPERATIONS]


# ----------------------------------------------------------------------------------------------------------------
# The tree


@dataclass
class UnitInfo:
    node_id: int
    path: str
    name: str
    area_id: int
    contact_staff: list[int]
    unit_manager: int
    deputy_head: int


@dataclass
class OrgInfo:
    organisation: Organisation
    root_id: int
    root_path: str
    head: int
    registrar: int
    units: list[UnitInfo]
    unit_weights: list[float]


def ascii_only(value: str) -> str:
    return value.translate(str.maketrans("åäöÅÄÖé", "aaoAAOe"))


def _role_holders(organisation_ids: list[int]) -> dict[tuple[int, str], list[int]]:
    """(node id, role) → user ids, oldest holder first (as routing chooses)."""
    holders: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = (
        RoleAssignment.objects.filter(node__organisation_id__in=organisation_ids, user__is_active=True)
        .order_by("pk")
        .values_list("node_id", "role", "user_id")
    )
    for node_id, role, user_id in rows:
        holders[(node_id, role)].append(user_id)
    return holders


def scale_tree_ensure(
    *, organisations: int, units_per_organisation: int, rng: random.Random, out: Callable[[str], None]
) -> list[OrgInfo]:
    """Create the seeded tree if it is not there yet (or has fewer organisations), and describe it."""
    existing = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if existing < organisations:
        started = time.monotonic()
        password = make_password(SEED_PASSWORD)
        for index in range(existing, organisations):
            with transaction.atomic():  # one commit per organisation, not one per node
                _organisation_seed(index, units_per_organisation, rng, password)
        out(f"Tree: {organisations - existing} organisations added in {time.monotonic() - started:.1f} s")
    return scale_tree_load(rng=rng)


def _organisation_seed(index: int, units_per_organisation: int, rng: random.Random, password: str) -> None:
    number = index + 1
    place = text.place_name(rng)
    is_provider = number % 5 == 0  # one in five is a private provider
    # reference_number is unique across the installation, so every organisation needs its own prefix; letters
    # only, as the staff search recognises a reference number by a prefix of letters ("SNAB 2026/00012").
    letters = chr(ord("A") + index // 26 % 26) + chr(ord("A") + index % 26)
    if is_provider:
        name, root_name = f"{place} Omsorg AB", "Verksamhetsledningen"
        prefix = f"VO{letters}"
    else:
        name, root_name = f"{place} kommun", rng.choice(["Socialnämnden", "Vård- och omsorgsnämnden"])
        prefix = f"SN{letters}"
    organisation = organisation_create(
        name=name,
        slug=f"{SLUG_PREFIX}{number:02d}",
        reference_prefix=prefix,
        root_name=root_name,
        kind="provider" if is_provider else "municipality",
        county=rng.choice(
            ["Västerbottens län", "Skåne län", "Stockholms län", "Dalarnas län", "Hallands län"]
        ),
        phone=f"0{rng.randint(10, 99)}-{rng.randint(100, 999)} {rng.randint(10, 99)} 00",
        postal_address=f"{root_name}\n{rng.randint(100, 999)} {rng.randint(10, 99)} {place}",
    )
    root = OrgNode.objects.get(organisation=organisation, parent=None)
    area_count = min(len(text.AREAS), max(1, units_per_organisation // 6 or 1))
    users: list[User] = []
    grants: list[tuple[int, OrgNode, str]] = []  # (index in users, node, role)

    def person(role: str, node: OrgNode, serial: int) -> None:
        first, last = text.person_name(rng)
        username = f"{USERNAME_PREFIX}{number:02d}-{role}-{node.pk}-{serial}"
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{ascii_only(first).lower()}.{ascii_only(last).lower()}.{node.pk}{serial}@{ascii_only(place).lower()}.se",
                password=password,
            )
        )
        grants.append((len(users) - 1, node, role))

    for role in [Role.HEAD_OF_OPERATIONS, Role.REGISTRAR, Role.QUALITY_DEVELOPER, Role.ADMINISTRATOR]:
        person(role, root, 1)
        if role == Role.QUALITY_DEVELOPER:
            # The quality developer also answers for Lex Sarah, as in many municipalities: no new person, so that
            # the random names drawn after stay as they were.
            grants.append((len(users) - 1, root, Role.LEX_SARAH))
        if role == Role.REGISTRAR:
            # The registrar also keeps the archive (retention/), likewise without a new person.
            grants.append((len(users) - 1, root, Role.ARCHIVIST))
    for area_index in range(area_count):
        area_name, unit_patterns = text.AREAS[area_index]
        area = node_create(organisation=organisation, parent=root, kind=NodeKind.AREA, name=area_name)
        person(Role.DEPUTY_HEAD, area, 1)
        per_area = units_per_organisation // area_count + (
            1 if area_index < units_per_organisation % area_count else 0
        )
        manager_index: int | None = None
        for unit_index in range(per_area):
            pattern = unit_patterns[unit_index % len(unit_patterns)]
            unit_name = pattern.replace("{n}", rng.choice(text.NATURE).removesuffix("s")).replace(
                "{d}", rng.choice(text.DIRECTIONS)
            )
            unit = node_create(organisation=organisation, parent=area, kind=NodeKind.UNIT, name=unit_name)
            for serial in (1, 2):
                person(Role.CONTACT_STAFF, unit, serial)
            # Some managers lead two units, as in real life.
            if manager_index is not None and rng.random() < 0.2:
                grants.append((manager_index, unit, Role.UNIT_MANAGER))
                manager_index = None
            else:
                person(Role.UNIT_MANAGER, unit, 1)
                manager_index = len(users) - 1
    created = User.objects.bulk_create(users, batch_size=500)
    if any(user.pk is None for user in created):  # backends that do not return ids from bulk inserts
        by_name = dict(
            User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
        )
        for user in created:
            user.pk = by_name[user.username]
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user_id=created[i].pk, node=node, role=role) for i, node, role in grants
    )


def scale_tree_load(*, rng: random.Random) -> list[OrgInfo]:
    organisations = list(Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))
    ids = [o.pk for o in organisations]
    holders = _role_holders(ids)
    nodes = list(OrgNode.objects.filter(organisation_id__in=ids).order_by("path"))
    by_org: dict[int, list[OrgNode]] = defaultdict(list)
    for node in nodes:
        by_org[node.organisation_id].append(node)

    def nearest(node: OrgNode, role: str, by_id: dict[int, OrgNode]) -> int:
        for node_id in reversed([int(p) for p in node.path.strip("/").split("/")]):
            found = holders.get((node_id, role))
            if found:
                return found[0]
        raise LookupError(f"Nobody holds {role} above node {node.pk}")

    infos = []
    for organisation in organisations:
        org_nodes = by_org[organisation.pk]
        by_id = {n.pk: n for n in org_nodes}
        root = next(n for n in org_nodes if n.parent_id is None)
        units = []
        for node in org_nodes:
            if node.kind != NodeKind.UNIT:
                continue
            contact = holders.get((node.pk, Role.CONTACT_STAFF)) or [nearest(node, Role.UNIT_MANAGER, by_id)]
            units.append(
                UnitInfo(
                    node_id=node.pk,
                    path=node.path,
                    name=node.name,
                    area_id=node.parent_id or root.pk,
                    contact_staff=contact,
                    unit_manager=nearest(node, Role.UNIT_MANAGER, by_id),
                    deputy_head=nearest(node, Role.DEPUTY_HEAD, by_id),
                )
            )
        unit_rng = random.Random(organisation.pk)  # the same busy units on every run
        infos.append(
            OrgInfo(
                organisation=organisation,
                root_id=root.pk,
                root_path=root.path,
                head=nearest(root, Role.HEAD_OF_OPERATIONS, by_id),
                registrar=nearest(root, Role.REGISTRAR, by_id),
                units=units,
                unit_weights=[unit_rng.lognormvariate(0, 0.7) for _ in units],
            )
        )
    return infos
