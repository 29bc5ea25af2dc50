# The random generator makes up test data, not secrets, and is seeded for repeatable runs (S311).
# ruff: noqa: S311
"""The seeded supervisory authority (scale.seeding.reports): made through supervision.services.authority_create as
the demo makes one, with a registrar, a head and inspectors in every regional department, a central registrar at
the root, and a register of made-up municipal committees and private companies with their units in every county
(organisation numbers with valid check digits). Created once, then read back for the report seeder."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from guide.ivo_regions import COUNTIES, region_for_county
from organisations.models import Category, CategoryDimension, Organisation, Role, RoleAssignment
from scale import fragments as text
from scale.seeding.tree import USERNAME_PREFIX, ascii_only
from supervision.models import Department, Provider, ProviderKind, ServiceKind, SupervisedUnit
from supervision.services import authority_create

AUTHORITY_SLUG = "tillsyn-skala"
AUTHORITY_PREFIX = "TSK"
AUTHORITY_NAME = "Tillsynsmyndigheten Skala (fiktiv)"
STAFF_PREFIX = f"{USERNAME_PREFIX}tillsyn-"
INSPECTORS_PER_DEPARTMENT = 6
MUNICIPALITIES_PER_COUNTY = 14
PRIVATE_PROVIDERS = 1_500


@dataclass
class UnitRow:
    id: int
    provider_id: int
    name: str
    county: str
    service_kind: str


@dataclass
class DepartmentInfo:
    id: int
    node_id: int
    path: str
    name: str
    registrar: int
    head: int
    inspectors: list[int]


@dataclass
class AuthorityInfo:
    authority: Organisation
    departments: dict[str, DepartmentInfo]  # by county
    providers: list[tuple[int, str]]  # (id, name)
    provider_weights: list[float]
    units: dict[int, list[UnitRow]]  # by provider
    topics: list[int]
    numbers: dict[int, str]  # each provider's organisation number


# ----------------------------------------------------------------------------------------------------------------
# The authority, its staff and its register


def _check_digit(digits: str) -> str:
    """The Luhn check digit of nine digits, as stdnum.se.orgnr validates it."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def organisation_number(first_six: str, serial: int) -> str:
    nine = f"{first_six}{serial:03d}"
    return f"{first_six}-{nine[6:]}{_check_digit(nine)}"


def _staff(username: str, first: str, last: str, password: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{ascii_only(username)}@exempel.se",
            "password": password,
        },
    )
    return user


@transaction.atomic
def authority_ensure(*, rng: random.Random, out: Callable[[str], None] = print) -> AuthorityInfo:
    """The seeded authority, created once: departments, staff, the register."""
    authority = Organisation.objects.filter(slug=AUTHORITY_SLUG).first()
    if authority is None:
        started = time.monotonic()
        authority = authority_create(
            name=AUTHORITY_NAME, slug=AUTHORITY_SLUG, reference_prefix=AUTHORITY_PREFIX
        )
        _staff_create(authority, rng)
        _register_create(authority, rng)
        out(f"Created the supervisory authority {AUTHORITY_SLUG} in {time.monotonic() - started:.1f} s")
    return authority_load(authority)


def _staff_create(authority: Organisation, rng: random.Random) -> None:
    password = make_password(None)
    root = authority.nodes.get(parent__isnull=True)
    grants = [(_staff(f"{STAFF_PREFIX}central", "Cecilia", "Central", password), root, Role.REGISTRAR)]
    for department in Department.objects.filter(authority=authority).select_related("node"):
        key = department.region_key
        roles = [("registrator", Role.REGISTRAR), ("chef", Role.DEPARTMENT_HEAD)] + [
            (f"inspektor-{index}", Role.INSPECTOR) for index in range(1, INSPECTORS_PER_DEPARTMENT + 1)
        ]
        for suffix, role in roles:
            first, last = text.person_name(rng)
            user = _staff(f"{STAFF_PREFIX}{key}-{suffix}", first, last, password)
            grants.append((user, department.node, role))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, node=node, role=role) for user, node, role in grants]
    )


def _register_create(authority: Organisation, rng: random.Random) -> None:
    """Municipal providers (a social committee per made-up municipality) and private companies, with their units
    in one or two counties; the names are made up and unique within their provider."""
    providers: list[Provider] = []
    homes: list[list[str]] = []  # the counties of each provider's units
    serial = 0
    for county in COUNTIES:
        for _ in range(MUNICIPALITIES_PER_COUNTY):
            serial += 1
            providers.append(
                Provider(
                    authority=authority,
                    name=f"{text.place_name(rng)} kommun, socialnämnden ({serial})",
                    organisation_number=organisation_number("212000", serial),
                    kind=ProviderKind.MUNICIPAL,
                )
            )
            homes.append([county])
    for index in range(1, PRIVATE_PROVIDERS + 1):
        providers.append(
            Provider(
                authority=authority,
                name=f"{text.place_name(rng)} Omsorg AB ({index})",
                organisation_number=organisation_number(
                    f"55{index // 1000 + 60:02d}{index % 1000 // 100:02d}", index % 100
                ),
                kind=ProviderKind.PRIVATE,
            )
        )
        homes.append(rng.sample(COUNTIES, 2 if rng.random() < 0.2 else 1))
    Provider.objects.bulk_create(providers, batch_size=1000)
    created = list(Provider.objects.filter(authority=authority).order_by("pk"))
    units: list[SupervisedUnit] = []
    for provider, counties in zip(created, homes, strict=True):
        municipal = provider.kind == ProviderKind.MUNICIPAL
        for index in range(1, rng.randint(4, 8) if municipal else rng.randint(1, 5)):
            kind = rng.choices(list(ServiceKind), [0.55, 0.30, 0.15])[0]
            place = text.place_name(rng)
            label = {"sol": "äldreboende", "lss": "gruppbostad", "personal_assistance": "personlig assistans"}
            units.append(
                SupervisedUnit(
                    provider=provider,
                    name=f"{place} {label[kind]} {index}",
                    service_kind=kind,
                    county=rng.choice(counties),
                    municipality=place,
                )
            )
    SupervisedUnit.objects.bulk_create(units, batch_size=2000)


def authority_load(authority: Organisation) -> AuthorityInfo:
    roles: dict[tuple[int, str], list[int]] = {}
    for node_id, role, user_id in (
        RoleAssignment.objects.filter(node__organisation=authority)
        .order_by("pk")
        .values_list("node_id", "role", "user_id")
    ):
        roles.setdefault((node_id, role), []).append(user_id)
    by_region: dict[str, DepartmentInfo] = {}
    for department in Department.objects.filter(authority=authority).select_related("node"):
        node = department.node
        by_region[department.region_key] = DepartmentInfo(
            id=department.pk,
            node_id=node.pk,
            path=node.path,
            name=node.name,
            registrar=roles[(node.pk, Role.REGISTRAR)][0],
            head=roles[(node.pk, Role.DEPARTMENT_HEAD)][0],
            inspectors=roles[(node.pk, Role.INSPECTOR)],
        )
    departments = {}
    for county in COUNTIES:
        region = region_for_county(county)
        if region is not None and region.key in by_region:
            departments[county] = by_region[region.key]
    units: dict[int, list[UnitRow]] = {}
    for row in SupervisedUnit.objects.filter(provider__authority=authority).order_by("pk"):
        units.setdefault(row.provider_id, []).append(
            UnitRow(row.pk, row.provider_id, row.name, row.county, row.service_kind)
        )
    register = list(
        Provider.objects.filter(authority=authority)
        .order_by("pk")
        .values_list("pk", "name", "organisation_number")
    )
    providers = [(pk, name) for pk, name, _number in register if pk in units]
    # A few providers draw many reports (large companies, large municipalities), most a handful.
    order = list(range(len(providers)))
    random.Random(len(providers)).shuffle(order)
    weights = [0.0] * len(providers)
    for rank, index in enumerate(order):
        weights[index] = 1 / (rank + 1) ** 0.7
    topics = list(
        Category.objects.filter(organisation=authority, dimension=CategoryDimension.TOPIC)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    numbers = {pk: number for pk, _name, number in register}
    return AuthorityInfo(authority, departments, providers, weights, units, topics, numbers)
