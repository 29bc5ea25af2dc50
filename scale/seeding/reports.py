# Table and column names in the SQL below come from model metadata, never from input (S608); the random
# generator makes up test data, not secrets, and is seeded for repeatable runs (S311).
# ruff: noqa: S311, S608
"""Seeding a supervisory authority at national scale (issue 19 item 9): the authority with its regional
departments (scale.seeding.authority, through authority_create as the demo builds one), staff in every role, a
register of providers and units in every county, and N reports spread over counties, departments, providers,
months and kinds, with triage outcomes in realistic shares.

Each report is what `report_register` and `report_decide` would have written: a case of the authority (kind
"report") at its department's node, with the authority's reference number, its assignment to the department's
registrar and its audit events linked into the chain; a `Report` beside it; and, once decided, the notice (a final
answer), what the report concerns, the decision, a supervision in the authority's `-T` series or a hand-over.
Rows go in by batches through `RowWriter` (COPY on PostgreSQL), so memory stays constant. `reports_seed(count=N)`
tops up to N reports: a second run adds only what is missing. The planning view's summary (supervision.SignalMonth)
is written again from every report at the end of a run that added some.

The authority's slug and usernames keep it apart from the seeded municipalities (`skala-…`), whose cases the bench
counts and whose largest organisation it measures; `reports_seeded_delete` removes it (seed_scale --reset)."""

import hashlib
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.models import Event
from cases.clocks import acknowledge_by_for, inform_by_for
from cases.models import (
    Assignment,
    AssignmentReason,
    Case,
    CaseCategory,
    CaseKind,
    CaseState,
    Channel,
    Message,
    MessageKind,
    SenderRole,
)
from cases.receipts import ALPHABET
from core.database import is_postgresql
from organisations.models import CategoryDimension, Organisation, Role, RoleAssignment
from scale import fragments as text
from scale.seeding.authority import (
    AUTHORITY_SLUG,
    STAFF_PREFIX,
    AuthorityInfo,
    DepartmentInfo,
    UnitRow,
    authority_ensure,
)
from scale.seeding.rows import (
    Progress,
    RowWriter,
    case_ids_take,
    counter_reserve,
    events_chain,
    ids_take,
    serials_reserve,
)
from scale.seeding.tree import ascii_only
from supervision.models import (
    Department,
    HandOver,
    HandOverState,
    Outcome,
    Provider,
    Report,
    SignalMonth,
    SupervisedUnit,
    Supervision,
    SupervisionCounter,
)
from supervision.signal_summary import signals_rebuild

# The decisions in realistic shares: most reports are registered for planning, some handed over, few open supervision.
OUTCOMES = [Outcome.NO_FURTHER_REVIEW, Outcome.HANDED_OVER, Outcome.SUPERVISION_OPENED]
OUTCOME_WEIGHTS = [0.72, 0.20, 0.08]
CHANNELS = [Channel.WEB, Channel.EMAIL, Channel.PHONE, Channel.POST]
CHANNEL_WEIGHTS = [0.80, 0.07, 0.06, 0.07]
SENDERS = [SenderRole.PERSON_CONCERNED, SenderRole.RELATIVE, SenderRole.REPRESENTATIVE, SenderRole.OTHER]
SENDER_WEIGHTS = [0.25, 0.45, 0.10, 0.20]
IN_WORDS_SHARE = 0.08  # reports whose provider the reporter could not find in the register
NOTICES = [
    "Vi har registrerat din anmälan. Uppgifterna används när vi planerar vår tillsyn.",
    "Vi har registrerat din anmälan och lämnat den till den ansvariga huvudmannen.",
    "Vi har registrerat din anmälan och inlett tillsyn av verksamheten.",
]


@dataclass
class ReportSeedResult:
    reports: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def reports_per_second(self) -> float:
        return self.reports / self.seconds if self.seconds else 0.0


# ----------------------------------------------------------------------------------------------------------------
# Reports


class ReportFactory:
    """Makes one report with its case, history and decision as row dicts, from one seeded generator."""

    def __init__(self, info: AuthorityInfo, rng: random.Random, now: datetime) -> None:
        self.info = info
        self.rng = rng
        self.now = now
        self.authority = info.authority
        self._clocks: dict[date, tuple[date, date | None]] = {}
        self.kind_label = str(CaseKind.REPORT.label)
        self.counties = list(info.departments)
        self.provider_names = dict(info.providers)

    def clocks(self, day: date) -> tuple[date, date | None]:
        if day not in self._clocks:
            self._clocks[day] = (inform_by_for(self.authority, day), acknowledge_by_for(self.authority, day))
        return self._clocks[day]

    def receipt(self) -> tuple[str, str]:
        bits = self.rng.getrandbits(40)
        raw = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(8))
        secret_bits = self.rng.getrandbits(100)
        secret = "".join(ALPHABET[(secret_bits >> (5 * i)) & 31] for i in range(20))
        return f"{raw[:4]}-{raw[4:]}", hashlib.sha256(secret.encode()).hexdigest()

    def make(self, case_id: int, received_at: datetime) -> dict[str, list[dict]]:
        rng, info = self.rng, self.info
        unit: UnitRow | None = None
        provider_id: int | None = None
        in_words = ""
        if rng.random() < IN_WORDS_SHARE:
            county = rng.choice(self.counties)
            in_words = f"{text.place_name(rng)} {rng.choice(['boende', 'hemtjänst', 'assistans'])}"
        else:
            provider_id, _name = rng.choices(info.providers, info.provider_weights)[0]
            unit = rng.choice(info.units[provider_id])
            county = unit.county
        department = info.departments[county]
        received_on = timezone.localdate(received_at)
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        registered_at = (
            received_at if channel == Channel.WEB else received_at + timedelta(hours=rng.uniform(1, 30))
        )
        registered_at = min(registered_at, self.now)
        inform_by, acknowledge_by = self.clocks(received_on)
        code, secret_hash = self.receipt()
        what_happened, _desired = text.sender_text(rng, CaseKind.COMPLAINT, unit.name if unit else in_words)
        case: dict[str, Any] = {
            "id": case_id,
            "organisation_id": self.authority.pk,
            "unit_id": department.node_id,
            "node_path": department.path,
            "reference_year": received_on.year,
            "kind": CaseKind.REPORT,
            "channel": channel,
            "received_at": received_at,
            "registered_at": registered_at,
            "step": 1,
            "holder_id": department.registrar,
            "inform_by": inform_by,
            "acknowledge_by": acknowledge_by,
            "subject": f"{self.kind_label} – {department.name}"[:200],
            "what_happened": what_happened,
            "desired_outcome": "",
            "sender_role": rng.choices(SENDERS, SENDER_WEIGHTS)[0],
            "receipt_code": code,
            "receipt_secret_hash": secret_hash,
            "state": CaseState.REGISTERED,
        }
        if rng.random() < 0.2:
            case["is_anonymous"] = True
            case["wants_answer"] = False
        else:
            first, last = text.person_name(rng)
            case["contact_name"] = f"{first} {last}"
            case["contact_email"] = f"{ascii_only(first).lower()}.{ascii_only(last).lower()}@exempel.se"
            case["preferred_contact"] = "email"
        report: dict[str, Any] = {
            "case_id": case_id,
            "authority_id": self.authority.pk,
            "department_id": department.id,
            "county": county,
            "provider_id": provider_id,
            "unit_id": unit.id if unit else None,
            "provider_in_words": in_words,
            "service_kind": unit.service_kind if unit else "",
            "received_at": received_at,
        }
        registrar = department.registrar
        events: list[dict] = [
            {"case_id": case_id, "actor_id": None if channel == Channel.WEB else registrar,
             "actor_label": "citizen" if channel == Channel.WEB else f"staff:{registrar}",
             "action": AuditAction.REGISTERED, "at": registered_at,
             "data": {"channel": channel, "kind": CaseKind.REPORT}},
            {"case_id": case_id, "actor_id": None, "actor_label": "system", "action": AuditAction.ASSIGNED,
             "at": registered_at,
             "data": {"from": None, "to": registrar, "reason": AssignmentReason.ROUTED_TO_UNIT, "step": 1,
                      "role": Role.REGISTRAR}},
        ]  # fmt: skip
        made: dict[str, list[dict]] = {
            "case": [case],
            "report": [report],
            "assignments": [
                {
                    "case_id": case_id,
                    "step": 1,
                    "assignee_id": registrar,
                    "node_id": department.node_id,
                    "role": Role.REGISTRAR,
                    "reason": AssignmentReason.ROUTED_TO_UNIT,
                    "note": "",
                    "assigned_by_id": None,
                    "created_at": registered_at,
                }
            ],
            "messages": [],
            "case_categories": [],
            "supervisions": [],
            "hand_overs": [],
            "events": events,
        }
        # Triage: most reports are decided within three weeks; a few wait much longer.
        delay = rng.lognormvariate(2.4, 0.5) if rng.random() < 0.985 else rng.uniform(60, 400)
        decided_at = registered_at + timedelta(days=delay)
        if decided_at < self.now:
            self._decide(made, department, decided_at)
        return made

    def _decide(self, made: dict[str, list[dict]], department: DepartmentInfo, decided_at: datetime) -> None:
        rng = self.rng
        case, report = made["case"][0], made["report"][0]
        case_id = case["id"]
        who = rng.choice(department.inspectors)
        outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
        if outcome == Outcome.HANDED_OVER and report["provider_id"] is None and rng.random() < 0.5:
            outcome = Outcome.NO_FURTHER_REVIEW
        case.update(
            state=CaseState.CLOSED, closed_at=decided_at, informed_at=decided_at, holder_id=case["holder_id"]
        )
        report.update(outcome=outcome, decided_at=decided_at, decided_by_id=who)
        made["messages"].append(
            {"case_id": case_id, "kind": MessageKind.FINAL_ANSWER, "author_id": who, "step": 1,
             "body": NOTICES[OUTCOMES.index(outcome)], "created_at": decided_at}
        )  # fmt: skip
        if self.info.topics:
            made["case_categories"].append(
                {"case_id": case_id, "category_id": rng.choice(self.info.topics), "set_by_id": who,
                 "set_at": decided_at, "dimension": CategoryDimension.TOPIC}
            )  # fmt: skip
        events = made["events"]
        events.append(
            {"case_id": case_id, "actor_id": who, "actor_label": f"staff:{who}", "action": AuditAction.CLOSED,
             "at": decided_at, "data": {"from": CaseState.REGISTERED, "to": CaseState.CLOSED, "step": 1,
                                        "kind": MessageKind.FINAL_ANSWER}}
        )  # fmt: skip
        decided = {"report": case_id, "outcome": outcome}
        if outcome == Outcome.SUPERVISION_OPENED:
            made["supervisions"].append(
                {"authority_id": self.authority.pk, "department_id": department.id,
                 "provider_id": report["provider_id"], "unit_id": report["unit_id"],
                 "reference_year": timezone.localdate(decided_at).year, "opened_at": decided_at,
                 "opened_by_id": who, "case_id": case_id}
            )  # fmt: skip
        elif outcome == Outcome.HANDED_OVER:
            made["hand_overs"].append(
                {"report_id": case_id,
                 "recipient_name": self.provider_names.get(report["provider_id"], report["provider_in_words"])[:200],
                 "recipient_organisation_number": self.info.numbers.get(report["provider_id"], ""),
                 "recipient_provider_id": report["provider_id"], "state": HandOverState.SENT,
                 "queued_at": decided_at, "sent_at": min(decided_at + timedelta(minutes=5), self.now)}
            )  # fmt: skip
            events.append(
                {"case_id": case_id, "actor_id": who, "actor_label": f"staff:{who}",
                 "action": AuditAction.REPORT_HANDED_OVER, "at": decided_at, "data": {}}
            )  # fmt: skip
        events.append(
            {"case_id": case_id, "actor_id": who, "actor_label": f"staff:{who}",
             "action": AuditAction.REPORT_DECIDED, "at": decided_at, "data": decided}
        )  # fmt: skip


def _receipt_codes_free(cases: list[dict], factory: ReportFactory) -> None:
    """Draw again the few receipt codes that another case already has (constant memory: one query a batch)."""
    while True:
        codes = [case["receipt_code"] for case in cases]
        taken = set(Case.objects.filter(receipt_code__in=codes).values_list("receipt_code", flat=True))
        duplicates = {code for code, n in Counter(codes).items() if n > 1}
        if not taken and not duplicates:
            return
        seen: set[str] = set()
        for case in cases:
            code = case["receipt_code"]
            if code in taken or code in seen:
                case["receipt_code"], _ = factory.receipt()
            seen.add(code)


def _references(cases: list[dict], prefix: str) -> None:
    wanted: Counter[int] = Counter(case["reference_year"] for case in cases)
    authority_id = cases[0]["organisation_id"]
    following = {year: serials_reserve(authority_id, year, n) for year, n in sorted(wanted.items())}
    for case in cases:
        year = case["reference_year"]
        case["reference_serial"] = serial = following[year]
        following[year] = serial + 1
        case["reference_number"] = f"{prefix} {year}/{serial:05d}"


def _supervisions(batch: dict[str, list[dict]], prefix: str) -> None:
    """Number the batch's supervisions in the `-T` series and point their reports at them."""
    rows = batch["supervisions"]
    if not rows:
        return
    ids = iter(ids_take(Supervision, len(rows)))
    wanted: Counter[int] = Counter(row["reference_year"] for row in rows)
    authority_id = rows[0]["authority_id"]
    following = {
        year: counter_reserve(SupervisionCounter.objects, n, authority_id=authority_id, year=year)
        for year, n in sorted(wanted.items())
    }
    reports = {report["case_id"]: report for report in batch["report"]}
    for row in rows:
        year = row["reference_year"]
        row["reference_serial"] = serial = following[year]
        following[year] = serial + 1
        row["reference_number"] = f"{prefix}-T {year}/{serial:05d}"
        row["id"] = next(ids)
        reports[row.pop("case_id")]["supervision_id"] = row["id"]
    events = {(event["case_id"], event["action"]): event for event in batch["events"]}
    for report_id, supervision_id in (
        (r["case_id"], r["supervision_id"]) for r in batch["report"] if r.get("supervision_id")
    ):
        event = events[(report_id, AuditAction.REPORT_DECIDED)]
        event["data"] = {**event["data"], "supervision": supervision_id}


def seeded_reports() -> int:
    return Report.objects.filter(authority__slug=AUTHORITY_SLUG).count()


def reports_seed(
    *,
    count: int,
    years: float = 3.0,
    batch_size: int = 10_000,
    seed: int | None = None,
    out: Callable[[str], None] = print,
    progress_stream: Any = None,
) -> ReportSeedResult:
    """Top the seeded authority up to `count` reports (created first if missing); adds only what is missing."""
    rng = random.Random(seed)
    started = time.monotonic()
    info = authority_ensure(rng=rng, out=out)
    missing = max(count - seeded_reports(), 0)
    writer = RowWriter()
    if not missing:
        return ReportSeedResult(reports=0, seconds=time.monotonic() - started)
    now = timezone.now()
    start = now - timedelta(days=365 * years)
    span = (now - start).total_seconds() - 3600
    factory = ReportFactory(info, rng, now)
    prefix = info.authority.reference_prefix
    progress = Progress(missing, "Seeding reports", progress_stream)
    done = 0
    while done < missing:
        size = min(batch_size, missing - done)
        ids = case_ids_take(size)
        # Each batch in the order received, so that serials follow the day received within a batch.
        offsets = sorted(rng.random() * span for _ in range(size))
        batch: dict[str, list[dict]] = {}
        for case_id, offset in zip(ids, offsets, strict=True):
            for key, rows in factory.make(case_id, start + timedelta(seconds=offset)).items():
                batch.setdefault(key, []).extend(rows)
        with transaction.atomic():
            _receipt_codes_free(batch["case"], factory)
            _references(batch["case"], prefix)
            _supervisions(batch, prefix)
            writer.write(Case, batch["case"], with_pk=True)
            writer.write(Supervision, batch["supervisions"], with_pk=True)
            writer.write(Report, batch["report"], with_pk=True)
            writer.write(Assignment, batch["assignments"])
            writer.write(Message, batch["messages"])
            writer.write(CaseCategory, batch["case_categories"])
            writer.write(HandOver, batch["hand_overs"])
            events_chain(batch["events"])
            writer.write(Event, batch["events"])
        done += size
        progress.update(done)
    progress.finish()
    # The planning view's summary, written again from every report of the authority (as `signals_rebuild` does).
    signals_rebuild(authority_id=info.authority.pk)
    if is_postgresql():
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in (
                Report,
                Supervision,
                HandOver,
                Case,
                Assignment,
                Message,
                CaseCategory,
                Event,
                SignalMonth,
            ):
                cursor.execute(f"{command} {model._meta.db_table}")
    return ReportSeedResult(reports=missing, seconds=time.monotonic() - started, rows=dict(writer.counts))


@transaction.atomic
def reports_seeded_delete(*, out: Callable[[str], None] = print) -> None:
    """Remove the seeded authority with its reports, their cases and histories, its register and its staff."""
    authority = Organisation.objects.filter(slug=AUTHORITY_SLUG).first()
    if authority is None:
        return
    started = time.monotonic()
    cases = "SELECT id FROM cases_case WHERE organisation_id = %s"
    SignalMonth.objects.filter(authority=authority).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {HandOver._meta.db_table} WHERE report_id IN ({cases})", [authority.pk])
        cursor.execute(f"DELETE FROM {Report._meta.db_table} WHERE authority_id = %s", [authority.pk])
        cursor.execute(f"DELETE FROM {Supervision._meta.db_table} WHERE authority_id = %s", [authority.pk])
        for relation in Case._meta.related_objects:
            model = relation.related_model
            if model in (Report, HandOver):
                continue
            column = relation.field.column
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {column} IN ({cases})", [authority.pk])
        cursor.execute("DELETE FROM cases_case WHERE organisation_id = %s", [authority.pk])
    SupervisionCounter.objects.filter(authority=authority).delete()
    SupervisedUnit.objects.filter(provider__authority=authority).delete()
    Provider.objects.filter(authority=authority).delete()
    RoleAssignment.objects.filter(node__organisation=authority).delete()
    User.objects.filter(username__startswith=STAFF_PREFIX).delete()
    Department.objects.filter(authority=authority).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM organisations_orgnode WHERE organisation_id = %s", [authority.pk])
    Organisation.objects.filter(pk=authority.pk).delete()
    out(f"Removed the seeded supervisory authority in {time.monotonic() - started:.1f} s")
