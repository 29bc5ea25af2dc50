# Table and column names in the SQL below come from model metadata, never from input (S608); the random
# generator makes up test data, not secrets, and is seeded for repeatable runs (S311).
# ruff: noqa: S311
"""The quality work's part of a seeded data set (issue 18.7): what each case concerns and the cause found, and the
Lex Sarah records of the cases that may show a serious deficiency, with their audit events.

One set of rules serves two paths, so that they give the same data:

- `cases_seed` applies them to every case it makes (`QualityFactory.for_case`), beside the categories a closed case
  already gets from `CaseFactory`;
- `quality_top_up` (`seed_scale --quality`) applies them to cases seeded before, in batches of keys with constant
  memory, adding only what a case lacks: a case with a topic gets no second one, a case with a Lex Sarah record no
  second record. Run twice, the second run adds nothing.

Every choice for a case comes from a generator seeded with the case's key, so that the result does not depend on
the batch, the order or the path. Closed cases already have their topic (and a complaint its cause) from
`CaseFactory`; these rules add a topic to about half of the open and withdrawn cases (the sender chose one in the
intake, or staff set it while handling), a cause to a third of the complaints informed but not closed, and a Lex
Sarah record to every complaint marked as a possible serious deficiency (about 1 in 100 complaints), taken as far
through its lifecycle as its age allows: the investigation, the assessment, the report to IVO, the closure.
"""

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.models import Case, CaseCategory, CaseKind, CaseState
from core.database import is_postgresql
from lexsarah import clocks
from lexsarah.models import (
    REPORTABLE,
    Assessment,
    LexSarahCounter,
    LexSarahRecord,
    LexSarahSettings,
    LexSarahState,
)
from lexsarah.selectors import lex_sarah_settings_for
from organisations.models import Category, CategoryDimension, Organisation, OrgNode, Role, RoleAssignment
from scale import fragments as text
from scale.seeding.rows import Progress, RowWriter, counter_reserve, events_chain, ids_take
from scale.seeding.tree import SLUG_PREFIX

# The shares the rules give (module docstring).
OPEN_TOPIC_SHARE = 0.5
INFORMED_CAUSE_SHARE = 0.33
ASSESSMENTS = [Assessment.SERIOUS, Assessment.CLEAR_RISK, Assessment.NEITHER]
ASSESSMENT_WEIGHTS = [0.25, 0.2, 0.55]


@dataclass
class SeedCase:
    """What the rules need to know of a case, whether just made or read back from the database."""

    id: int
    organisation_id: int
    node_path: str
    kind: str
    state: str
    received_at: datetime
    closed_at: datetime | None
    holder_id: int | None
    possible_serious_deficiency: bool
    has_topic: bool = False
    has_cause: bool = False
    has_lex_sarah: bool = False


class QualityFactory:
    """The rules of the module docstring, for the seeded organisations."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        organisations = list(Organisation.objects.filter(slug__startswith=SLUG_PREFIX))
        ids = [o.pk for o in organisations]
        self.categories: dict[tuple[int, str], list[int]] = defaultdict(list)
        for pk, organisation_id, dimension in (
            Category.objects.filter(organisation_id__in=ids, is_active=True)
            .order_by("pk")
            .values_list("pk", "organisation_id", "dimension")
        ):
            self.categories[(organisation_id, dimension)].append(pk)
        self.settings: dict[int, LexSarahSettings] = {o.pk: lex_sarah_settings_for(o) for o in organisations}
        # The person responsible for Lex Sarah at the top of each organisation investigates and assesses.
        self.responsible: dict[int, int] = {}
        for organisation_id, user_id in (
            RoleAssignment.objects.filter(
                node__organisation_id__in=ids, node__parent=None, role=Role.LEX_SARAH, user__is_active=True
            )
            .order_by("pk")
            .values_list("node__organisation_id", "user_id")
        ):
            self.responsible.setdefault(organisation_id, user_id)
        # Nodes by path: a record is about the case's unit (or the organisation, if the case has none yet).
        self.node_ids: dict[str, int] = dict(
            OrgNode.objects.filter(organisation_id__in=ids).values_list("path", "pk")
        )

    def for_case(self, case: SeedCase) -> dict[str, list[dict]]:
        """The rows to add for one case: its categories and Lex Sarah records (with their events, filled in by
        `lex_sarah_number`)."""
        # Every draw is made whatever the case already has, in the same order, so that what one part decides
        # does not depend on whether another part was added before (the top-up may run twice).
        rng = random.Random(case.id * 2_654_435_761 % 2**32)
        topic_draw, by_sender_draw, topic_pick = rng.random(), rng.random(), rng.random()
        cause_draw, cause_days, cause_pick = rng.random(), rng.uniform(3, 20), rng.random()
        categories: list[dict] = []
        records: list[dict] = []

        def link(dimension: str, pick: float, set_by: int | None, at: datetime) -> None:
            choices = self.categories.get((case.organisation_id, dimension))
            if choices:
                categories.append(
                    {"case_id": case.id, "category_id": choices[int(pick * len(choices))], "set_by_id": set_by,
                     "set_at": at}
                )  # fmt: skip

        # Closing needs a topic (and a complaint its cause): CaseFactory gives those; here only what is missing.
        closed = case.state == CaseState.CLOSED
        if not case.has_topic and (closed or topic_draw < OPEN_TOPIC_SHARE):
            by_sender = not closed and by_sender_draw < 0.4  # chosen in the intake, where it is optional
            at = case.closed_at or case.received_at
            link(CategoryDimension.TOPIC, topic_pick, None if by_sender else case.holder_id, at)
        found = closed or (case.state == CaseState.INFORMED and cause_draw < INFORMED_CAUSE_SHARE)
        if not case.has_cause and case.kind == CaseKind.COMPLAINT and found:
            at = case.closed_at or min(case.received_at + timedelta(days=cause_days), self.now)
            link(CategoryDimension.CAUSE, cause_pick, case.holder_id, at)
        if case.possible_serious_deficiency and not case.has_lex_sarah and case.holder_id is not None:
            record = self._lex_sarah(case, rng)
            if record is not None:
                records.append(record)
        return {"case_categories": categories, "lex_sarah": records}

    def _lex_sarah(self, case: SeedCase, rng: random.Random) -> dict | None:
        responsible = self.responsible.get(case.organisation_id)
        node_id = self.node_ids.get(case.node_path)
        if responsible is None or node_id is None:
            return None
        settings = self.settings[case.organisation_id]
        reporter = case.holder_id

        def at(start: datetime, days: float) -> datetime:
            return min(start + timedelta(days=days), self.now)

        reported_at = at(case.received_at, rng.uniform(0.2, 4))
        reported_on = timezone.localdate(reported_at)
        record: dict[str, Any] = {
            "organisation_id": case.organisation_id,
            "node_id": node_id,
            "node_path": case.node_path,
            "case_id": case.id,
            "reference_year": reported_on.year,
            "state": LexSarahState.REPORTED,
            "reported_by_id": reporter,
            "reported_at": reported_at,
            "what_happened": rng.choice(text.LEX_SARAH_REPORTS),
            "occurred_on": timezone.localdate(case.received_at) - timedelta(days=rng.randint(0, 5)),
            "immediate_actions": rng.choice(text.LEX_SARAH_IMMEDIATE) if rng.random() < 0.7 else "",
            "investigation_due": clocks.investigation_due_for(settings, reported_on),
        }
        events: list[tuple[str, int | None, datetime, dict]] = [
            (AuditAction.LEX_SARAH_REPORTED, reporter, reported_at, {"node": node_id}),
            (AuditAction.LEX_SARAH_CASE_LINKED, reporter, reported_at, {"case": case.id}),
        ]
        started = at(reported_at, rng.uniform(0, 0.9) if rng.random() < 0.85 else rng.uniform(1, 6))
        if started < self.now and rng.random() < 0.95:
            late = timezone.localdate(started) > record["investigation_due"]
            record.update(
                state=LexSarahState.INVESTIGATING,
                investigation_started_at=started,
                investigator_id=responsible,
            )
            events.append((AuditAction.LEX_SARAH_INVESTIGATION_STARTED, responsible, started, {"late": late}))
            written = at(started, rng.uniform(5, 25))
            if written < self.now:
                record.update(
                    findings=rng.choice(text.LEX_SARAH_FINDINGS),
                    consequences=rng.choice(text.LEX_SARAH_CONSEQUENCES),
                    causes=rng.choice(text.LEX_SARAH_CAUSES),
                    actions=rng.choice(text.LEX_SARAH_ACTIONS),
                )
                fields = ["findings", "consequences", "causes", "actions"]
                events.append(
                    (AuditAction.LEX_SARAH_INVESTIGATION_RECORDED, responsible, written, {"fields": fields})
                )
                assessed = at(written, rng.uniform(1, 10))
                if assessed < self.now:
                    assessment = rng.choices(ASSESSMENTS, ASSESSMENT_WEIGHTS)[0]
                    reasoning = text.LEX_SARAH_REASONING[
                        2 if assessment == Assessment.NEITHER else rng.randint(0, 1)
                    ]
                    record.update(
                        state=LexSarahState.ASSESSED,
                        assessment=assessment,
                        assessment_reasoning=reasoning,
                        assessed_at=assessed,
                        assessed_by_id=responsible,
                    )
                    events.append(
                        (AuditAction.LEX_SARAH_ASSESSED, responsible, assessed, {"assessment": assessment})
                    )
                    end: datetime | None = assessed if assessment == Assessment.NEITHER else None
                    if assessment in REPORTABLE:
                        due = clocks.ivo_report_due_for(
                            settings, reported_on=reported_on, assessed_on=timezone.localdate(assessed)
                        )
                        record["ivo_report_due"] = due
                        # Most are reported within the period, some late.
                        sent = at(
                            assessed, rng.uniform(1, 12) if rng.random() < 0.85 else rng.uniform(15, 30)
                        )
                        if sent < self.now:
                            sent_on = timezone.localdate(sent)
                            reference = (
                                f"3.5.1-{rng.randint(10000, 99999)}/{sent_on.year}"
                                if rng.random() < 0.6
                                else ""
                            )
                            record.update(
                                state=LexSarahState.REPORTED_TO_IVO,
                                ivo_reported_on=sent_on,
                                ivo_reported_by_id=responsible,
                                ivo_reference=reference,
                            )
                            events.append(
                                (AuditAction.LEX_SARAH_REPORTED_TO_IVO, responsible, sent,
                                 {"sent_on": sent_on.isoformat(), "on_time": sent_on <= due,
                                  "ivo_reference": bool(reference)})
                            )  # fmt: skip
                            end = sent
                    # Closed some weeks after the assessment (neither) or the report to IVO.
                    if end is not None and (closed := at(end, rng.uniform(10, 60))) < self.now:
                        record.update(state=LexSarahState.CLOSED, closed_at=closed, closed_by_id=responsible)
                        events.append((AuditAction.LEX_SARAH_CLOSED, responsible, closed, {}))
        record["due_on"] = clocks.running_due(
            LexSarahRecord(
                state=record["state"],
                investigation_due=record["investigation_due"],
                assessment=record.get("assessment", ""),
                ivo_report_due=record.get("ivo_report_due"),
            )
        )
        record["_events"] = events
        return record


def lex_sarah_number(records: list[dict]) -> list[dict]:
    """Give the records their keys and reference numbers (from the organisations' Lex Sarah counters, as the
    service does) and return their audit events, in the trail's row format. In the caller's transaction."""
    if not records:
        return []
    ids = ids_take(LexSarahRecord, len(records))
    wanted: Counter[tuple[int, int]] = Counter((r["organisation_id"], r["reference_year"]) for r in records)
    next_serial = {
        key: counter_reserve(LexSarahCounter.objects, n, organisation_id=key[0], year=key[1])
        for key, n in sorted(wanted.items())
    }
    prefixes = dict(LexSarahSettings.objects.values_list("organisation_id", "reference_prefix"))
    default_prefix = LexSarahSettings._meta.get_field("reference_prefix").get_default()
    events: list[dict] = []
    for record, pk in zip(sorted(records, key=lambda r: r["reported_at"]), ids, strict=True):
        key = (record["organisation_id"], record["reference_year"])
        serial = next_serial[key]
        next_serial[key] = serial + 1
        prefix = prefixes.get(record["organisation_id"], default_prefix)
        record.update(
            id=pk,
            reference_serial=serial,
            reference_number=f"{prefix}-{record['reference_year']}-{serial:04d}",
        )
        for action, actor, at, data in record.pop("_events"):
            events.append(
                {"case_id": None, "actor_id": actor, "actor_label": f"staff:{actor}", "action": action, "at": at,
                 "data": {"lex_sarah": pk, "reference": record["reference_number"], **data}}
            )  # fmt: skip
    return events


@dataclass
class TopUpResult:
    cases: int
    seconds: float
    rows: dict[str, int]


def quality_top_up(
    *, batch_size: int = 10_000, out: Callable[[str], None] = print, progress_stream: Any = None
) -> TopUpResult:
    """Add the quality work's rows to the cases seeded before (module docstring), batch by batch of keys: each
    batch reads its cases and what they have, writes what they lack in one transaction, and is forgotten."""

    started = time.monotonic()
    factory = QualityFactory(timezone.now())
    organisation_ids = list(
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    seeded = Case.objects.filter(organisation_id__in=organisation_ids)
    total = seeded.count()
    writer = RowWriter()
    progress = Progress(total, "Quality data", progress_stream)
    done = 0
    last = 0
    topic_ids = set(Category.objects.filter(dimension=CategoryDimension.TOPIC).values_list("pk", flat=True))
    while True:
        rows = list(
            seeded.filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk", "organisation_id", "node_path", "kind", "state", "received_at", "closed_at", "holder_id",
                "possible_serious_deficiency",
            )[:batch_size]
        )  # fmt: skip
        if not rows:
            break
        first, last = rows[0][0], rows[-1][0]
        topics: set[int] = set()
        causes: set[int] = set()
        for case_id, category_id in CaseCategory.objects.filter(
            case_id__gte=first, case_id__lte=last
        ).values_list("case_id", "category_id"):
            (topics if category_id in topic_ids else causes).add(case_id)
        linked = set(
            LexSarahRecord.objects.filter(case_id__gte=first, case_id__lte=last).values_list(
                "case_id", flat=True
            )
        )
        categories: list[dict] = []
        records: list[dict] = []
        for pk, organisation_id, path, kind, state, received_at, closed_at, holder_id, flagged in rows:
            made = factory.for_case(
                SeedCase(
                    id=pk, organisation_id=organisation_id, node_path=path, kind=kind, state=state,
                    received_at=received_at, closed_at=closed_at, holder_id=holder_id,
                    possible_serious_deficiency=flagged, has_topic=pk in topics, has_cause=pk in causes,
                    has_lex_sarah=pk in linked,
                )
            )  # fmt: skip
            categories.extend(made["case_categories"])
            records.extend(made["lex_sarah"])
        with transaction.atomic():
            events = lex_sarah_number(records)
            writer.write(CaseCategory, categories)
            writer.write(LexSarahRecord, records, with_pk=True)
            if events:
                events_chain(events)
                writer.write(Event, events)
        done += len(rows)
        progress.update(done)
    progress.finish()
    if is_postgresql():
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in (CaseCategory._meta.db_table, LexSarahRecord._meta.db_table):
                cursor.execute(f"{command} {table}")
    seconds = time.monotonic() - started
    out(f"Quality data added to {done:,} seeded cases in {seconds:.1f} s")
    return TopUpResult(cases=done, seconds=seconds, rows=dict(writer.counts))
