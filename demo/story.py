"""The story of each demo case: who wrote, about what, and what has happened with it since (all drawn at random).

`plan_case` draws a case and `story` its steps, each at the moment it happens; demo_seed plays them in time order
with the real services. Nothing here touches the database.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from demo import data

# How far back the story goes: about fourteen months, so that a year's statistics have something to show.
STORY_DAYS = 425


@dataclass
class Step:
    at: datetime
    operation: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class CasePlan:
    index: int
    submission: dict[str, Any]
    registered_by: str | None
    steps: list[Step]
    serious: bool = False


def working_time(rng: random.Random, moment: datetime) -> datetime:
    """Move a staff step to a weekday between 08 and 16, local time."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    local = local.replace(hour=rng.randint(8, 15), minute=rng.randint(0, 59), second=rng.randint(0, 59))
    return local


def plan_case(rng: random.Random, index: int, now: datetime, unit_kinds: dict[str, str]) -> CasePlan:
    """Draw one case: who wrote, about what, through which channel, and what has happened since."""
    # Recent weeks are busier in the demo, so that the inbox has open cases with running clocks.
    age = rng.uniform(0.05, 20) if rng.random() < 0.2 else rng.uniform(0.05, STORY_DAYS)
    local = timezone.localtime(now - timedelta(days=age))
    received_at = local.replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59), second=rng.randint(0, 59))
    if received_at > now - timedelta(minutes=30):
        received_at = now - timedelta(minutes=30 + rng.randint(0, 600))
    kind = rng.choices(["complaint", "feedback", "praise", "accessibility"], [55, 20, 22, 3])[0]
    unit_name: str | None = rng.choice(list(unit_kinds))
    if kind != "accessibility" and rng.random() < 0.08:
        unit_name = None  # "I don't know": the registrar places it
    service = unit_kinds.get(unit_name or "", rng.choice(list(data.COMPLAINTS)))
    if kind == "complaint":
        text = rng.choice(data.COMPLAINTS[service])
    elif kind == "feedback":
        text = rng.choice(data.FEEDBACK)
    elif kind == "praise":
        text = rng.choice(data.PRAISE)
    else:
        text = rng.choice(data.ACCESSIBILITY)
        unit_name = None
    where = unit_name or "er verksamhet"
    channel = rng.choices(["web", "post", "phone", "visit", "email"], [60, 12, 15, 6, 7])[0]
    sender_role = rng.choices(
        ["person_concerned", "relative", "representative", "staff", "other_organisation", "other"],
        [30, 45, 10, 5, 3, 7],
    )[0]
    anonymous = rng.random() < 0.25
    first, last = rng.choice(data.SENDER_FIRST), rng.choice(data.SENDER_LAST)
    contact: dict[str, Any] = {}
    if not anonymous:
        email = rng.random() < 0.65
        contact = {
            "contact_name": f"{first} {last}",
            "contact_email": f"{ascii_name(first)}.{ascii_name(last)}{index}@example.se" if email else "",
            "contact_phone": f"070-174 06 {rng.randint(5, 99):02d}"
            if not email or rng.random() < 0.4
            else "",
            "contact_address": (
                f"{rng.choice(data.STREETS)} {rng.randint(1, 40)}\n123 4{rng.randint(0, 9)} Exempelby"
                if channel == "post"
                else ""
            ),
            "preferred_contact": "email" if email else ("post" if channel == "post" else "phone"),
        }
    event_day = event_month = event_year = None
    if kind == "complaint" and rng.random() < 0.6:
        event = timezone.localdate(received_at) - timedelta(days=rng.randint(1, 20))
        event_year, event_month = event.year, event.month
        event_day = event.day if rng.random() < 0.7 else None
    submission = {
        "kind": kind,
        "sender_role": sender_role,
        "what_happened": text.what_happened.format(unit=where),
        "desired_outcome": text.desired_outcome.format(unit=where),
        "unit_name": unit_name,
        "event_day": event_day,
        "event_month": event_month,
        "event_year": event_year,
        "about_person": text.about_person,
        "wants_manager": kind == "complaint" and unit_name is not None and rng.random() < 0.06,
        "wants_answer": (not anonymous) and rng.random() < 0.9,
        "is_anonymous": anonymous,
        "preferred_language": "en" if rng.random() < 0.05 else "sv",
        "channel": channel,
        "received_at": received_at,
        **contact,
    }
    plan = CasePlan(
        index=index,
        submission=submission,
        registered_by=None if channel == "web" else data.REGISTRAR,
        steps=[],
        serious=text.serious,
    )
    plan.steps = story(rng, plan, now, age)
    return plan


def story(rng: random.Random, plan: CasePlan, now: datetime, age: float) -> list[Step]:
    """What has happened with the case since it came in, given its kind and age (in days)."""
    received: datetime = plan.submission["received_at"]
    kind = plan.submission["kind"]
    steps: list[Step] = []
    cursor = received

    def at(days: float, *, staff: bool = True) -> datetime:
        nonlocal cursor
        moment = received + timedelta(days=days)
        moment = working_time(rng, moment) if staff else moment
        cursor = max(moment, cursor + timedelta(minutes=rng.randint(20, 120)))
        return cursor

    def add(days: float, operation: str, staff: bool = True, **params: Any) -> None:
        steps.append(Step(at(days, staff=staff), operation, params))

    offset = 0.0
    # The registrar places most "I don't know" cases within a day or two; a few recent ones still wait.
    if plan.submission["unit_name"] is None and kind != "accessibility" and age > 2 and rng.random() < 0.85:
        offset = rng.uniform(0.5, 2)
        add(
            offset,
            "place",
            unit_name=rng.choice([u.name for a in data.AREAS for u in a.units]),
            reason=data.MOVE_REASON,
        )

    def inform(days: float, texts: list[str] = data.INFORM) -> None:
        add(days, "inform", body=rng.choice(texts))

    def action_and_follow_up(start: float, close_after: bool, *, follow: bool = True) -> float:
        description, effect = rng.choice(data.ACTIONS)
        add(start, "action", description=description, due_in_days=rng.randint(14, 45))
        if not follow:
            return start
        done_at = start + rng.uniform(10, 40)
        add(done_at, "follow_up", was_done=rng.random() < 0.9, effect=effect)
        return done_at

    def close(days: float) -> None:
        if kind == "praise":
            add(days, "thank", body=rng.choice(data.THANKS))
        elif kind == "feedback":
            add(days, "thank" if rng.random() < 0.5 else "close", body=rng.choice(data.FEEDBACK_ANSWERS))
        else:
            add(days, "close", body=rng.choice(data.ANSWERS))

    r = rng.random()
    if kind == "praise":
        if age > 5 and r < 0.9:
            close(offset + rng.uniform(1, min(age - 1, 10)))
    elif kind in {"feedback", "accessibility"}:
        if age > 10 and r < 0.8:
            if r < 0.3:
                inform(offset + rng.uniform(1, 6))
            close(offset + rng.uniform(6, min(age - 1, 25)))
        elif age > 3 and r < 0.5:
            inform(offset + rng.uniform(1, min(age - 0.5, 8)))
    elif age <= 1:
        pass
    elif age <= 14:
        if r < 0.35:
            add(offset + rng.uniform(0.2, age - 0.1), "note", body=rng.choice(data.NOTES))
        elif r < 0.45:
            pass
        else:
            informed = offset + rng.uniform(0.5, min(age - 0.1, 12))
            inform(informed)
            if rng.random() < 0.4 and informed + 1 < age:
                action_and_follow_up(informed + rng.uniform(0.5, min(age - informed, 3)), False, follow=False)
    elif age <= 60:
        if r < 0.15:  # still not informed: overdue
            add(offset + rng.uniform(1, 10), "note", body=rng.choice(data.NOTES))
        elif r < 0.45:
            informed = offset + rng.choice([rng.uniform(2, 13), rng.uniform(15, min(age - 1, 22))])
            inform(informed)
            action_and_follow_up(informed + rng.uniform(1, 5), False, follow=False)
            if rng.random() < 0.4:
                add(
                    informed + rng.uniform(5, 10),
                    "citizen_message",
                    staff=False,
                    body=rng.choice(data.CITIZEN_MESSAGES),
                    from_citizen=True,
                )
        elif r < 0.6:
            informed = offset + rng.uniform(3, 10)
            inform(informed)
            escalated = informed + rng.uniform(4, 12)
            add(
                escalated,
                "escalate",
                staff=False,
                reason=rng.choice(data.ESCALATION_REASONS),
                requested_by_citizen=True,
            )
            if rng.random() < 0.5 and escalated + 3 < age:
                inform(escalated + rng.uniform(2, min(age - escalated - 1, 10)), data.INFORM_AFTER_ESCALATION)
        elif r < 0.95:
            informed = offset + rng.uniform(2, 12)
            inform(informed)
            done = (
                action_and_follow_up(informed + rng.uniform(1, 4), True) if rng.random() < 0.6 else informed
            )
            if done + 2 < age:
                close(done + rng.uniform(1, min(age - done - 1, 6)))
        else:
            add(offset + rng.uniform(2, 10), "withdraw", staff=False, by_citizen=True)
    else:
        if r < 0.72:
            informed = offset + rng.choice([rng.uniform(1, 13), rng.uniform(1, 13), rng.uniform(15, 25)])
            inform(informed)
            if rng.random() < 0.3:
                add(informed + rng.uniform(0.5, 3), "note", body=rng.choice(data.NOTES))
            done = informed
            if rng.random() < 0.7:
                done = action_and_follow_up(informed + rng.uniform(1, 5), True)
            close(done + rng.uniform(1, 8))
        elif r < 0.82:
            informed = offset + rng.uniform(2, 12)
            inform(informed)
            escalated = informed + rng.uniform(5, 15)
            add(
                escalated,
                "escalate",
                staff=False,
                reason=rng.choice(data.ESCALATION_REASONS),
                requested_by_citizen=True,
            )
            informed2 = escalated + rng.uniform(2, 12)
            inform(informed2, data.INFORM_AFTER_ESCALATION)
            done = action_and_follow_up(informed2 + rng.uniform(1, 4), True)
            close(done + rng.uniform(1, 6))
        elif r < 0.88:
            add(offset + rng.uniform(2, 20), "withdraw", staff=False, by_citizen=True)
        elif r < 0.94:
            informed = offset + rng.uniform(2, 12)
            inform(informed)
            action_and_follow_up(informed + rng.uniform(1, 5), False, follow=False)
        else:
            informed = offset + rng.uniform(2, 10)
            inform(informed)
            first = informed + rng.uniform(4, 10)
            add(
                first,
                "escalate",
                staff=False,
                reason=rng.choice(data.ESCALATION_REASONS),
                requested_by_citizen=True,
            )
            second = first + rng.uniform(6, 14)
            add(
                second,
                "escalate",
                staff=False,
                reason=rng.choice(data.ESCALATION_REASONS),
                requested_by_citizen=True,
            )
            inform(second + rng.uniform(2, 10), data.INFORM_AFTER_ESCALATION)
    if plan.serious and kind == "complaint" and steps and age > 3 and rng.random() < 0.5:
        # Flag right after the first look at it: a possible missförhållande.
        first_staff = next((step for step in steps if step.operation != "place"), None)
        moment = (first_staff.at if first_staff else received) - timedelta(minutes=5)
        if moment > received:
            steps.append(Step(moment, "flag", {"note": data.FLAG_NOTE}))
    # Nothing in the future, and a case's steps in order.
    limit = now - timedelta(minutes=10)
    steps = sorted((step for step in steps if step.at < limit), key=lambda step: step.at)
    return steps


def ascii_name(name: str) -> str:
    return name.lower().translate(str.maketrans("åäöé", "aaoe"))
