# Table and column names in the SQL below come from model metadata, never from input (S608); the random
# generator makes up test data, not secrets, and is seeded for repeatable runs (S311).
# ruff: noqa: S311, S608
"""Seeding N cases with full histories (assignments, escalations, messages, notes, actions and hash-chained audit
events), and removing what seeding added. Seeded organisations are recognised by their slug prefix (`skala-`),
seeded staff by their username prefix, so that `--reset` removes exactly what seeding added. Everything here is
made up."""

import hashlib
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone, translation

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.models import Event
from cases.clocks import inform_by_for
from cases.models import (
    Action,
    Assignment,
    AssignmentReason,
    Case,
    CaseCategory,
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
)
from lexsarah.models import LexSarahRecord
from organisations.models import Category, CategoryDimension, Organisation, Role, RoleAssignment
from scale import fragments as text
from scale.seeding.quality import QualityFactory, SeedCase, lex_sarah_number
from scale.seeding.rows import Progress, RowWriter, case_ids_take, events_chain, serials_reserve
from scale.seeding.tree import LADDER, SLUG_PREFIX, USERNAME_PREFIX, OrgInfo, ascii_only, scale_tree_ensure

# ----------------------------------------------------------------------------------------------------------------
# Cases and their histories


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
        # Each organisation's taxonomies (what a case concerns, the cause found), for the closed cases' categories,
        # chosen with a generator of their own, so that a seed gives the same cases, histories and audit rows as
        # before the categories were seeded.
        self.category_rng = random.Random(hash(rng.getstate()))
        self.categories: dict[tuple[int, str], list[int]] = defaultdict(list)
        for pk, organisation_id, dimension in Category.objects.order_by("pk").values_list(
            "pk", "organisation_id", "dimension"
        ):
            self.categories[(organisation_id, dimension)].append(pk)
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
                f"{ascii_only(first).lower()}.{ascii_only(last).lower()}{rng.randint(1, 99)}@exempel.se"
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
                    # When the sender was informed at the current step (escalation starts a new clock).
                    step_informed_at: datetime | None = informed_at
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
                             "reason": rng.choice(text.ESCALATION_REASONS), "created_at": last,
                             "from_inform_by": case["inform_by"], "from_informed_at": step_informed_at}
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
                        step_informed_at = None
                        if rng.random() < 0.85 and at(last, 5) < self.now:
                            informed_at = step_informed_at = at(last, rng.uniform(0.5, 10))
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
        case_categories: list[dict] = []
        if state == CaseState.CLOSED:
            # Closing needs what the case concerns and, for a complaint, the cause found (cases.services.categories).
            dimensions = [CategoryDimension.TOPIC] + (
                [CategoryDimension.CAUSE] if kind == CaseKind.COMPLAINT else []
            )
            for dimension in dimensions:
                choices = self.categories.get((organisation.pk, dimension))
                if choices:
                    case_categories.append(
                        {"case_id": case_id, "category_id": self.category_rng.choice(choices), "set_by_id": holder,
                         "set_at": closed_at, "dimension": dimension}
                    )  # fmt: skip
        if state == CaseState.REGISTERED:
            informed_at = None  # not informed at the current step (escalation cleared it)
        if state == CaseState.REGISTERED:
            informed_at = None  # not informed at the current step (escalation clears it, as the service does)
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
            "case_categories": case_categories,
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
    ("case_categories", CaseCategory),
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
    quality = QualityFactory(now)
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
            made = factory.make(case_id, chosen[i], received_at)
            for key, rows in made.items():
                batch[key].extend(rows)
            for key, rows in quality.for_case(_seed_case(made)).items():
                batch[key].extend(rows)
        return batch, {info.organisation.pk: info.organisation for info in chosen}

    def write(batch: dict[str, list[dict]], organisations: dict[int, Organisation]) -> None:
        with transaction.atomic():
            _references_fill(batch["case"], organisations)
            writer.write(Case, batch["case"], with_pk=True)
            batch["events"].extend(lex_sarah_number(batch["lex_sarah"]))
            writer.write(LexSarahRecord, batch["lex_sarah"], with_pk=True)
            events_chain(batch["events"])
            for key, model in CHILD_MODELS:
                writer.write(model, batch[key])

    with ThreadPoolExecutor(max_workers=1) as pool:
        size = min(batch_size, count)
        pending = pool.submit(generate, 0, case_ids_take(size))
        while done < count:
            batch, owners = pending.result()
            size = len(batch["case"])
            following = min(batch_size, count - done - size)
            if following:
                pending = pool.submit(generate, done + size, case_ids_take(following))
            write(batch, owners)
            done += size
            progress.update(done)
    progress.finish()
    if is_postgresql():
        # After a bulk load: fresh statistics for the planner and, outside a transaction, a VACUUM that sets the
        # hint bits and the visibility map, so that the first readers do not pay for it (and index-only scans work).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            tables = [
                Case._meta.db_table,
                LexSarahRecord._meta.db_table,
                *[m._meta.db_table for _, m in CHILD_MODELS],
            ]
            for table in tables:
                cursor.execute(f"{command} {table}")
    seconds = time.monotonic() - started
    return SeedResult(cases=count, seconds=seconds, rows=dict(writer.counts))


def _seed_case(made: dict[str, list[dict]]) -> SeedCase:
    """A case just made, as the quality work's rules see it (scale.seeding.quality)."""
    case = made["case"][0]
    dimensions = {link["dimension"] for link in made["case_categories"]}
    return SeedCase(
        id=case["id"],
        organisation_id=case["organisation_id"],
        node_path=case["node_path"],
        kind=case["kind"],
        state=case["state"],
        received_at=case["received_at"],
        closed_at=case["closed_at"],
        holder_id=case["holder_id"],
        possible_serious_deficiency=case["possible_serious_deficiency"],
        has_topic=CategoryDimension.TOPIC in dimensions,
        has_cause=CategoryDimension.CAUSE in dimensions,
    )


def _references_fill(cases: list[dict], organisations: dict[int, Organisation]) -> None:
    wanted: Counter[tuple[int, int]] = Counter((c["organisation_id"], c["reference_year"]) for c in cases)
    next_serial = {key: serials_reserve(key[0], key[1], n) for key, n in sorted(wanted.items())}
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
    LexSarahRecord.objects.filter(organisation__slug__startswith=SLUG_PREFIX).delete()
    ReferenceCounter.objects.filter(organisation__slug__startswith=SLUG_PREFIX).delete()
    RoleAssignment.objects.filter(node__organisation__slug__startswith=SLUG_PREFIX).delete()
    User.objects.filter(username__startswith=USERNAME_PREFIX).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM organisations_orgnode WHERE organisation_id IN ({organisations})", pattern
        )
    Organisation.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    out(f"Removed the seeded data in {time.monotonic() - started:.1f} s")
