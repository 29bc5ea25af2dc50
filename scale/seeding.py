# Table and column names in the SQL below come from model metadata, never from input (S608); the random
# generator makes up test data, not secrets, and is seeded for repeatable runs (S311).
# ruff: noqa: S311, S608
"""Seeding a national-size data set through bulk paths, to measure the system at scale (issue 6).

A large tree (by default 50 organisations with 30 units each, staff in every role) and N cases with full histories:
assignments, escalations, messages, notes, actions and audit events. Cases and their children go in with
PostgreSQL's COPY (bulk INSERTs on SQLite), the Swedish full-text document is computed by PostgreSQL on the way in,
and reference numbers are reserved from `cases.ReferenceCounter` batch by batch, so that registrations made
afterwards (or meanwhile) continue the same series without a gap or a clash.

Everything here is made up; seeded organisations are recognised by their slug prefix (`skala-`), seeded staff by
their username prefix, so that `--reset` removes exactly what seeding added.
"""

import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone, translation

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.chain import GENESIS, canonical, link_hash
from audit.models import Event
from audit.services import CHAIN_LOCK_ID
from cases.clocks import inform_by_for
from cases.models import (
    Action,
    Assignment,
    AssignmentReason,
    Case,
    CaseKind,
    CaseState,
    Channel,
    Escalation,
    Message,
    MessageKind,
    Note,
    ReferenceCounter,
    SenderRole,
)
from cases.receipts import ALPHABET
from cases.services import UNIT_NOT_GIVEN
from core.database import (
    is_postgresql,
    search_document_from,
    search_document_input,
    transaction_lock,
)
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


def _ascii(value: str) -> str:
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
                email=f"{_ascii(first).lower()}.{_ascii(last).lower()}.{node.pk}{serial}@{_ascii(place).lower()}.se",
                password=password,
            )
        )
        grants.append((len(users) - 1, node, role))

    for role in [Role.HEAD_OF_OPERATIONS, Role.REGISTRAR, Role.QUALITY_DEVELOPER, Role.ADMINISTRATOR]:
        person(role, root, 1)
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


# ----------------------------------------------------------------------------------------------------------------
# Writing rows: COPY on PostgreSQL, bulk INSERT elsewhere


def _columns(model: type[models.Model], *, with_pk: bool) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if (with_pk or not f.primary_key) and f.name != "search_document"
    ]


class RowWriter:
    """Writes lists of row dicts (attname → value) to a model's table; absent fields take their default."""

    def __init__(self) -> None:
        self.postgres = is_postgresql()
        self.counts: Counter[str] = Counter()
        self._defaults: dict[type[models.Model], dict[str, Any]] = {}
        self._stage_ready = False

    def _fields(self, model: type[models.Model], with_pk: bool) -> list[models.Field]:
        fields = _columns(model, with_pk=with_pk)
        if model not in self._defaults:
            # get_default() gives "" for text columns without a default, None for nullable ones.
            self._defaults[model] = {f.attname: f.get_default() for f in fields}
        return fields

    def _values(
        self, model: type[models.Model], fields: list[models.Field], rows: list[dict]
    ) -> Iterable[list]:
        defaults = self._defaults[model]
        spec = [(f.attname, defaults.get(f.attname)) for f in fields]
        json_at = (
            [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)] if self.postgres else []
        )
        for row in rows:
            values = [row.get(name, default) for name, default in spec]
            for i in json_at:
                values[i] = json.dumps(values[i])
            yield values

    def write(self, model: type[models.Model], rows: list[dict], *, with_pk: bool = False) -> None:
        if not rows:
            return
        fields = self._fields(model, with_pk)
        table = model._meta.db_table
        self.counts[model._meta.label] += len(rows)
        if model is Case:
            # The search document of the texts, as case_register makes it (core.database).
            fields = [*fields, Case._meta.get_field("search_document")]
            for row in rows:
                row["search_document"] = search_document_input(
                    row["what_happened"], row["desired_outcome"], row["subject"]
                )
        if self.postgres:
            if model is Case:
                self._write_cases_postgres(fields, rows)
                return
            self._copy(table, fields, rows, model)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        quoted = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        prepared = [
            [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
            for values in self._values(model, fields, rows)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", prepared)

    def _copy(
        self, table: str, fields: list[models.Field], rows: list[dict], model: type[models.Model]
    ) -> None:
        quoted = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for values in self._values(model, fields, rows):
                    copy.write_row(values)

    def _write_cases_postgres(self, fields: list[models.Field], rows: list[dict]) -> None:
        # COPY cannot compute a column: stage the batch, then move it with its tsvector in one INSERT … SELECT,
        # so that each row is written once (an UPDATE afterwards would write every row, and the GIN index, twice).
        with connection.cursor() as cursor:
            if not self._stage_ready:
                cursor.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS scale_case_stage (LIKE cases_case INCLUDING DEFAULTS)"
                )
                # It holds the words the tsvector is made of.
                cursor.execute("ALTER TABLE scale_case_stage ALTER COLUMN search_document TYPE text")
                self._stage_ready = True
        self._copy("scale_case_stage", fields, rows, Case)
        quoted = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        selected = ", ".join(
            search_document_from(str(f.column))
            if f.name == "search_document"
            else connection.ops.quote_name(str(f.column))
            for f in fields
        )
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO cases_case ({quoted}) SELECT {selected} FROM scale_case_stage")
            cursor.execute("TRUNCATE scale_case_stage")


def _case_ids(count: int) -> list[int]:
    """Reserve primary keys, so that children can point at cases without reading them back."""
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_case")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _serials_reserve(organisation_id: int, year: int, count: int) -> int:
    """Take `count` serials from the organisation's counter for `year`; returns the first."""
    counter = ReferenceCounter.objects.filter(organisation_id=organisation_id, year=year)
    if not counter.update(last_serial=F("last_serial") + count):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(organisation_id=organisation_id, year=year, last_serial=count)
        except IntegrityError:
            counter.update(last_serial=F("last_serial") + count)
    last = counter.values_list("last_serial", flat=True).get()
    return last - count + 1


# ----------------------------------------------------------------------------------------------------------------
# Cases and their histories


class Progress:
    """A plain progress bar on stderr: no package, no terminal tricks beyond a carriage return."""

    def __init__(self, total: int, label: str, stream: Any = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.done = 0

    def update(self, done: int) -> None:
        self.done = done
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = done / elapsed
        width = 30
        filled = int(width * done / self.total) if self.total else width
        eta = (self.total - done) / rate if rate else 0
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'-' * (width - filled)}] {100 * done / max(self.total, 1):5.1f} % "
            f"{done:,}/{self.total:,}  {rate:,.0f}/s  ETA {int(eta // 60)}:{int(eta % 60):02d} "
        )
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


@dataclass
class SeedResult:
    cases: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


class CaseFactory:
    """Makes one case with its history as row dicts; all randomness comes from one seeded generator."""

    KINDS = [CaseKind.COMPLAINT, CaseKind.FEEDBACK, CaseKind.PRAISE, CaseKind.ACCESSIBILITY]
    KIND_WEIGHTS = [0.60, 0.22, 0.14, 0.04]
    CHANNELS = [Channel.WEB, Channel.EMAIL, Channel.PHONE, Channel.POST, Channel.VISIT]
    CHANNEL_WEIGHTS = [0.72, 0.10, 0.09, 0.06, 0.03]
    SENDERS = [SenderRole.PERSON_CONCERNED, SenderRole.RELATIVE, SenderRole.REPRESENTATIVE, SenderRole.OTHER]
    SENDER_WEIGHTS = [0.35, 0.45, 0.12, 0.08]

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(now)
        self._inform_by: dict[tuple[int, date], date] = {}
        self.case_fields = {f.attname for f in Case._meta.concrete_fields}
        self.receipt_codes: set[str] = set(Case.objects.values_list("receipt_code", flat=True).iterator())
        with translation.override("sv"):
            self.kind_labels = {k: str(CaseKind(k).label) for k in CaseKind.values}
            self.unit_not_given = str(UNIT_NOT_GIVEN)

    def inform_by(self, organisation: Organisation, day: date) -> date:
        key = (organisation.pk, day)
        if key not in self._inform_by:
            self._inform_by[key] = inform_by_for(organisation, day)
        return self._inform_by[key]

    def receipt_code(self) -> str:
        while True:
            bits = self.rng.getrandbits(40)
            raw = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(8))
            code = f"{raw[:4]}-{raw[4:]}"
            if code not in self.receipt_codes:
                self.receipt_codes.add(code)
                return code

    def receipt_hash(self) -> str:
        bits = self.rng.getrandbits(100)
        secret = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(20))
        return hashlib.sha256(
            secret.encode()
        ).hexdigest()  # = receipts.hash_secret of an already normal secret

    def contact(self, case: dict) -> None:
        rng = self.rng
        if rng.random() < 0.08:
            case["is_anonymous"] = True
            case["wants_answer"] = False
            return
        first, last = text.person_name(rng)
        case["contact_name"] = f"{first} {last}"
        case["wants_answer"] = rng.random() < 0.88
        if rng.random() < 0.75:
            case["contact_email"] = (
                f"{_ascii(first).lower()}.{_ascii(last).lower()}{rng.randint(1, 99)}@exempel.se"
            )
            case["preferred_contact"] = "email"
        if rng.random() < 0.45:
            case["contact_phone"] = (
                f"07{rng.randint(0, 9)}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            )
            if "preferred_contact" not in case:
                case["preferred_contact"] = "phone"
        if rng.random() < 0.1:
            case["contact_address"] = (
                f"{rng.choice(text.NATURE)}vägen {rng.randint(1, 80)}\n{rng.randint(100, 999)} {rng.randint(10, 99)} {text.place_name(rng)}"
            )
            case.setdefault("preferred_contact", "post")

    def make(self, case_id: int, org: OrgInfo, received_at: datetime) -> dict[str, list[dict]]:
        """One case and its children; the caller fills in the reference number."""
        rng = self.rng
        organisation = org.organisation
        kind = rng.choices(self.KINDS, self.KIND_WEIGHTS)[0]
        channel = rng.choices(self.CHANNELS, self.CHANNEL_WEIGHTS)[0]
        received_on = timezone.localdate(received_at)
        age_days = (self.now - received_at).total_seconds() / 86400
        unknown_unit = rng.random() < 0.04
        placed = not unknown_unit or age_days > 2
        unit = rng.choices(org.units, org.unit_weights)[0] if placed else None
        wants_manager = kind == CaseKind.COMPLAINT and not unknown_unit and rng.random() < 0.08
        what_happened, desired = text.sender_text(rng, kind, unit.name if unit else "er verksamhet")
        has_clock = kind != CaseKind.PRAISE
        sender_role = rng.choices(self.SENDERS, self.SENDER_WEIGHTS)[0]
        staff_registered = channel != Channel.WEB
        registered_at = received_at + timedelta(hours=rng.uniform(1, 30)) if staff_registered else received_at
        registered_at = min(registered_at, self.now)
        case: dict[str, Any] = {
            "id": case_id,
            "organisation_id": organisation.pk,
            "unit_id": unit.node_id if unit else None,
            "node_path": unit.path if unit else org.root_path,
            "reference_year": received_on.year,
            "kind": kind,
            "channel": channel,
            "received_at": received_at,
            "registered_at": registered_at,
            "inform_by": self.inform_by(organisation, received_on) if has_clock else None,
            "subject": f"{self.kind_labels[kind]} – {unit.name if unit else self.unit_not_given}"[:200],
            "what_happened": what_happened,
            "desired_outcome": desired,
            "sender_role": sender_role,
            "wants_manager": wants_manager,
            "preferred_language": "en" if rng.random() < 0.04 else "sv",
            "receipt_code": self.receipt_code(),
            "receipt_secret_hash": self.receipt_hash(),
            "possible_serious_deficiency": kind == CaseKind.COMPLAINT and rng.random() < 0.01,
        }
        if sender_role in (SenderRole.RELATIVE, SenderRole.REPRESENTATIVE):
            case["about_person"] = " ".join(text.person_name(rng))
        if rng.random() < 0.5:
            event_day = received_on - timedelta(days=rng.randint(0, 40))
            case["event_year"] = event_day.year
            case["event_month"] = event_day.month
            if rng.random() < 0.7:
                case["event_day"] = event_day.day
        self.contact(case)

        assignments: list[dict] = []
        escalations: list[dict] = []
        messages: list[dict] = []
        notes: list[dict] = []
        actions: list[dict] = []
        events: list[dict] = []
        registrar = org.registrar

        def at(start: datetime, days: float) -> datetime:
            return min(start + timedelta(days=days), self.now)

        def holder_for(step: int) -> tuple[int, int, str]:
            assert unit is not None
            if step == 1:
                return unit.contact_staff[case_id % len(unit.contact_staff)], unit.node_id, Role.CONTACT_STAFF
            if step == 2:
                return unit.unit_manager, unit.node_id, Role.UNIT_MANAGER
            if step == 3:
                return unit.deputy_head, unit.area_id, Role.DEPUTY_HEAD
            return org.head, org.root_id, Role.HEAD_OF_OPERATIONS

        def assign(when: datetime, step: int, who: int, node: int, role: str, reason: str, by: int | None):
            assignments.append(
                {"case_id": case_id, "step": step, "assignee_id": who, "node_id": node, "role": role,
                 "reason": reason, "note": "", "assigned_by_id": by, "created_at": when}
            )  # fmt: skip
            events.append(
                {"case_id": case_id, "actor_id": by, "actor_label": f"staff:{by}" if by else "system",
                 "action": AuditAction.ASSIGNED, "at": when,
                 "data": {"to": who, "reason": reason, "step": step, "role": role}}
            )  # fmt: skip

        def viewed(when: datetime, who: int) -> None:
            events.append(
                {"case_id": case_id, "actor_id": who, "actor_label": f"staff:{who}", "action": AuditAction.VIEWED,
                 "at": when, "data": {}}
            )  # fmt: skip

        events.append(
            {"case_id": case_id, "actor_id": registrar if staff_registered else None,
             "actor_label": f"staff:{registrar}" if staff_registered else "citizen",
             "action": AuditAction.REGISTERED, "at": registered_at, "data": {"channel": channel, "kind": kind}}
        )  # fmt: skip

        # Routing: the unit's first step, the manager if asked for, or the registrar who places it.
        t = registered_at + timedelta(seconds=1)
        step = 2 if wants_manager else 1
        if unknown_unit:
            assign(t, 1, registrar, org.root_id, Role.REGISTRAR, AssignmentReason.UNIT_UNKNOWN, None)
            holder = registrar
            if unit is not None:
                t = at(t, rng.uniform(0.05, 2))
                viewed(t, registrar)
                who, node, role = holder_for(1)
                assign(t, 1, who, node, role, AssignmentReason.PLACED, registrar)
                holder = who
        else:
            who, node, role = holder_for(step)
            reason = AssignmentReason.ASKED_FOR_MANAGER if wants_manager else AssignmentReason.ROUTED_TO_UNIT
            assign(t, step, who, node, role, reason, None)
            holder = who
        if unit is not None and step == 1 and rng.random() < 0.03 and len(unit.contact_staff) > 1:
            t = at(t, rng.uniform(0.1, 3))
            other = unit.contact_staff[(case_id + 1) % len(unit.contact_staff)]
            assign(
                t, 1, other, unit.node_id, Role.CONTACT_STAFF, AssignmentReason.REASSIGNED, unit.unit_manager
            )
            holder = other

        # The lifecycle, by age: recent cases are open, old ones mostly closed; a few are forgotten.
        state = CaseState.REGISTERED
        informed_at = closed_at = escalated_at = None
        if unit is not None:
            viewed(at(t, rng.uniform(0.01, 1)), holder)
            stuck = rng.random() < 0.015
            if kind == CaseKind.PRAISE:
                if age_days > 3 and not stuck:
                    closed_at = at(received_at, rng.uniform(0.5, 5))
                    state = CaseState.CLOSED
                    messages.append(
                        {"case_id": case_id, "kind": MessageKind.THANKS, "author_id": holder, "step": step,
                         "body": "Tack för dina fina ord, vi har delat dem med personalen.", "created_at": closed_at}
                    )  # fmt: skip
            else:
                inform_delay = rng.uniform(0.2, 12) if rng.random() < 0.9 else rng.uniform(12, 30)
                if received_at + timedelta(days=inform_delay) < self.now and not stuck:
                    informed_at = received_at + timedelta(days=inform_delay)
                    state = CaseState.INFORMED
                    messages.append(
                        {"case_id": case_id, "kind": MessageKind.INFORMATION, "author_id": holder, "step": step,
                         "body": rng.choice(text.STAFF_INFORMATION), "created_at": informed_at}
                    )  # fmt: skip
                    if rng.random() < 0.3:
                        asked = at(informed_at, rng.uniform(0.5, 6))
                        messages.append(
                            {"case_id": case_id, "kind": MessageKind.MESSAGE, "author_id": holder, "step": step,
                             "body": rng.choice(text.STAFF_MESSAGES), "created_at": asked}
                        )  # fmt: skip
                        messages.append(
                            {"case_id": case_id, "kind": MessageKind.MESSAGE, "from_citizen": True, "step": step,
                             "body": rng.choice(text.CITIZEN_MESSAGES), "created_at": at(asked, rng.uniform(0.1, 3))}
                        )  # fmt: skip
                    if kind == CaseKind.COMPLAINT and rng.random() < 0.35:
                        for _ in range(rng.randint(1, 2)):
                            notes.append(
                                {"case_id": case_id, "author_id": holder, "body": rng.choice(text.STAFF_NOTES),
                                 "created_at": at(informed_at, rng.uniform(0.1, 10))}
                            )  # fmt: skip
                    close_after = inform_delay + rng.lognormvariate(3.0, 0.6)  # median about 20 days
                    # Escalations: the sender is not content, or the matter is serious.
                    times = 2 if rng.random() < 0.02 else (1 if rng.random() < 0.08 else 0)
                    last = informed_at
                    for _ in range(times):
                        if step >= len(LADDER):
                            break
                        last = at(last, rng.uniform(1, 15))
                        if last >= self.now:
                            break
                        by_citizen = rng.random() < 0.6
                        escalations.append(
                            {"case_id": case_id, "from_step": step, "to_step": step + 1,
                             "requested_by_citizen": by_citizen, "requested_by_id": None if by_citizen else holder,
                             "reason": rng.choice(text.ESCALATION_REASONS), "created_at": last}
                        )  # fmt: skip
                        step += 1
                        who, node, role = holder_for(step)
                        assign(
                            last,
                            step,
                            who,
                            node,
                            role,
                            AssignmentReason.ESCALATED,
                            None if by_citizen else holder,
                        )
                        holder = who
                        escalated_at = last
                        close_after += rng.uniform(5, 30)
                        case["inform_by"] = self.inform_by(organisation, timezone.localdate(last))
                        state = CaseState.REGISTERED  # the new step's clock runs until its holder informs
                        if rng.random() < 0.85 and at(last, 5) < self.now:
                            informed_at = at(last, rng.uniform(0.5, 10))
                            state = CaseState.INFORMED
                            messages.append(
                                {"case_id": case_id, "kind": MessageKind.INFORMATION, "author_id": holder,
                                 "step": step, "body": rng.choice(text.STAFF_INFORMATION), "created_at": informed_at}
                            )  # fmt: skip
                    forgotten = rng.random() < 0.02
                    if (
                        state == CaseState.INFORMED
                        and received_at + timedelta(days=close_after) < self.now
                        and not forgotten
                    ):
                        closed_at = max(received_at + timedelta(days=close_after), informed_at)
                        if rng.random() < 0.04:
                            state = CaseState.WITHDRAWN
                        else:
                            state = CaseState.CLOSED
                            messages.append(
                                {"case_id": case_id, "kind": MessageKind.FINAL_ANSWER, "author_id": holder,
                                 "step": step, "body": rng.choice(text.STAFF_FINAL), "created_at": closed_at}
                            )  # fmt: skip
                            if kind == CaseKind.COMPLAINT and rng.random() < 0.3:
                                for _ in range(rng.randint(1, 2)):
                                    due = timezone.localdate(closed_at) + timedelta(days=rng.randint(14, 90))
                                    followed = due < self.today and rng.random() < 0.8
                                    actions.append(
                                        {"case_id": case_id, "description": rng.choice(text.ACTIONS),
                                         "responsible_id": unit.unit_manager, "due_on": due, "created_by_id": holder,
                                         "created_at": closed_at,
                                         "followed_up_at": at(closed_at, (due - timezone.localdate(closed_at)).days)
                                         if followed else None,
                                         "followed_up_by_id": unit.unit_manager if followed else None,
                                         "was_done": (rng.random() < 0.85) if followed else None,
                                         "effect": "Åtgärden har genomförts och följts upp." if followed else ""}
                                    )  # fmt: skip
            for _ in range(rng.randint(0, 3)):
                viewed(at(received_at, rng.uniform(0, max(age_days, 0.01))), holder)
            if channel == Channel.WEB and rng.random() < 0.3:
                events.append(
                    {"case_id": case_id, "actor_id": None, "actor_label": "citizen", "action": AuditAction.CITIZEN_VIEWED,
                     "at": at(received_at, rng.uniform(0, max(age_days, 0.01))), "data": {}}
                )  # fmt: skip
        case.update(
            state=state, step=step, holder_id=holder, informed_at=informed_at, escalated_at=escalated_at,
            closed_at=closed_at,
        )  # fmt: skip
        self._reminders(case)
        return {
            "case": [case],
            "assignments": assignments,
            "escalations": escalations,
            "messages": messages,
            "notes": notes,
            "actions": actions,
            "events": events,
        }

    def _reminders(self, case: dict) -> None:
        # Old cases still waiting were reminded about long ago: mark it, so that a sweep on a seeded database
        # does not send a reminder for each of them at once.
        inform_by = case["inform_by"]
        if case["state"] != CaseState.REGISTERED or inform_by is None or inform_by >= self.today:
            return
        for name, days in (("reminded_before_on", -2), ("reminded_due_on", 0), ("overdue_reported_on", 1)):
            if name in self.case_fields:
                case[name] = min(inform_by + timedelta(days=days), self.today)


CHILD_MODELS: list[tuple[str, type[models.Model]]] = [
    ("assignments", Assignment),
    ("escalations", Escalation),
    ("messages", Message),
    ("notes", Note),
    ("actions", Action),
    ("events", Event),
]


def cases_seed(
    *,
    count: int,
    organisations: int = 50,
    units_per_organisation: int = 30,
    years: float = 3.0,
    batch_size: int = 10_000,
    seed: int | None = None,
    out: Callable[[str], None] = print,
    progress_stream: Any = None,
) -> SeedResult:
    """Add `count` cases with their histories to the seeded tree (created first if missing)."""
    rng = random.Random(seed)
    infos = scale_tree_ensure(
        organisations=organisations, units_per_organisation=units_per_organisation, rng=rng, out=out
    )
    infos = [info for info in infos if info.units]
    # Bigger and smaller organisations: a Zipf-like spread, the largest about ten times the median.
    org_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(infos))]
    now = timezone.now()
    start = now - timedelta(days=365 * years)
    span = (now - start).total_seconds() - 3600
    started = time.monotonic()
    factory = CaseFactory(rng, now)
    writer = RowWriter()
    progress = Progress(count, "Seeding cases", progress_stream)
    progress.update(0)
    # Chronological order, so that serial numbers follow the date received within each organisation and year.
    offsets = sorted(rng.random() * span for _ in range(count))
    done = 0

    def generate(first: int, ids: list[int]) -> tuple[dict[str, list[dict]], dict[int, Organisation]]:
        # Pure Python, no database: runs in a thread while the previous batch is being written.
        chosen = rng.choices(infos, org_weights, k=len(ids))
        batch: dict[str, list[dict]] = defaultdict(list)
        for i, case_id in enumerate(ids):
            received_at = start + timedelta(seconds=offsets[first + i])
            for key, rows in factory.make(case_id, chosen[i], received_at).items():
                batch[key].extend(rows)
        return batch, {info.organisation.pk: info.organisation for info in chosen}

    def write(batch: dict[str, list[dict]], organisations: dict[int, Organisation]) -> None:
        with transaction.atomic():
            _references_fill(batch["case"], organisations)
            writer.write(Case, batch["case"], with_pk=True)
            _events_chain(batch["events"])
            for key, model in CHILD_MODELS:
                writer.write(model, batch[key])

    with ThreadPoolExecutor(max_workers=1) as pool:
        size = min(batch_size, count)
        pending = pool.submit(generate, 0, _case_ids(size))
        while done < count:
            batch, owners = pending.result()
            size = len(batch["case"])
            following = min(batch_size, count - done - size)
            if following:
                pending = pool.submit(generate, done + size, _case_ids(following))
            write(batch, owners)
            done += size
            progress.update(done)
    progress.finish()
    if is_postgresql():
        # After a bulk load: fresh statistics for the planner and, outside a transaction, a VACUUM that sets the
        # hint bits and the visibility map, so that the first readers do not pay for it (and index-only scans work).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            tables = [Case._meta.db_table, *[m._meta.db_table for _, m in CHILD_MODELS]]
            for table in tables:
                cursor.execute(f"{command} {table}")
    seconds = time.monotonic() - started
    return SeedResult(cases=count, seconds=seconds, rows=dict(writer.counts))


def _events_chain(events: list[dict]) -> None:
    """Link the batch's audit events into the trail's hash chain, after its last event, in insertion order.

    Like `audit_record`, this holds the chain's lock until the batch commits (PostgreSQL; SQLite's IMMEDIATE
    transactions hold the write lock), so no other append can come between; rows are inserted in list order, so
    their ids follow the chain.
    """
    transaction_lock(CHAIN_LOCK_ID)
    previous = Event.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS
    for event in events:
        payload = canonical(
            case_id=event["case_id"],
            actor_id=event["actor_id"],
            actor_label=event["actor_label"],
            action=event["action"],
            data=event["data"],
            at=event["at"],
        )
        event["prev_hash"] = previous
        event["hash"] = previous = link_hash(previous, payload)


def _references_fill(cases: list[dict], organisations: dict[int, Organisation]) -> None:
    wanted: Counter[tuple[int, int]] = Counter((c["organisation_id"], c["reference_year"]) for c in cases)
    next_serial = {key: _serials_reserve(key[0], key[1], n) for key, n in sorted(wanted.items())}
    for case in cases:
        key = (case["organisation_id"], case["reference_year"])
        serial = next_serial[key]
        next_serial[key] = serial + 1
        prefix = organisations[case["organisation_id"]].reference_prefix
        case["reference_serial"] = serial
        case["reference_number"] = (
            f"{prefix} {case['reference_year']}/{serial:05d}"  # as reference_number_next
        )


@transaction.atomic
def seeded_data_delete(*, out: Callable[[str], None] = print) -> None:
    """Remove every seeded organisation with its cases, their histories and audit rows, and the seeded staff."""
    organisations = "SELECT id FROM organisations_organisation WHERE slug LIKE %s"
    cases = f"SELECT id FROM cases_case WHERE organisation_id IN ({organisations})"
    pattern = [SLUG_PREFIX + "%"]
    started = time.monotonic()
    with connection.cursor() as cursor:
        # Foreign keys are deferred to the commit on both backends, so the order of these deletes does not matter.
        for relation in Case._meta.related_objects:
            model = relation.related_model
            column = relation.field.column
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {column} IN ({cases})", pattern)
        cursor.execute(f"DELETE FROM cases_case WHERE organisation_id IN ({organisations})", pattern)
    ReferenceCounter.objects.filter(organisation__slug__startswith=SLUG_PREFIX).delete()
    RoleAssignment.objects.filter(node__organisation__slug__startswith=SLUG_PREFIX).delete()
    User.objects.filter(username__startswith=USERNAME_PREFIX).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM organisations_orgnode WHERE organisation_id IN ({organisations})", pattern
        )
    Organisation.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    out(f"Removed the seeded data in {time.monotonic() - started:.1f} s")
