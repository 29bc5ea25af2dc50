"""`manage.py demo_seed`: the fictional Exempelby kommun, its staff, and about 200 sample cases in every state.

Idempotent: when the demo organisation exists, it only prints the log-ins again. Everything goes through the
real services (organisation_create, node_create, case_register, and the handling services of cases.handling when
they are there), each run at the moment it happens in the story (time-machine), so that clocks, audit trail and
reference numbers look as they would after fourteen months of use. Some cases are overdue on purpose.
"""

import inspect
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisations.checks import organisation_problems
from organisations.management import demo_data as data
from organisations.models import NodeKind, Organisation, OrgNode, Role, RoleAssignment
from organisations.selectors import role_holder_for
from organisations.services import node_create, organisation_create

DEMO_PASSWORD = "Synpunkt-demo-2026"
# One authenticator entry for every demo account (base32 of this key is printed); never use in production.
DEMO_TOTP_KEY_HEX = "5375706572687573746c696761446d6f4b6f6d6d"
SITE = "http://127.0.0.1:8000"

try:  # a development dependency: without it the story still plays, only with today's timestamps
    import time_machine
except ImportError:  # pragma: no cover
    time_machine = None  # type: ignore[assignment]


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


class Command(BaseCommand):
    help = "Create the demo municipality Exempelby kommun with staff and sample cases, and print the log-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=200, help="How many sample cases (default 200).")
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed, for the same demo every time."
        )
        parser.add_argument(
            "--code", action="store_true", help="Only print the demo accounts' current two-factor code."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["code"]:
            self.stdout.write(totp_code_now())
            return
        organisation = Organisation.objects.filter(slug=data.ORGANISATION["slug"]).first()
        if organisation is not None:
            self.stdout.write(f"{organisation.name} is already there: nothing was added.\n")
            self.print_logins(organisation)
            return
        started = time.monotonic()
        self.failures: Counter[str] = Counter()
        self.done: Counter[str] = Counter()
        with transaction.atomic():
            organisation, users = self.build_organisation()
            self.build_cases(organisation, users, count=options["cases"], seed=options["seed"])
            self.mark_old_mail_sent(organisation)
        self.second_factor(users)
        problems = organisation_problems()
        for _org, sentences in problems:
            for sentence in sentences:
                self.stderr.write(f"Tree problem: {sentence}")
        self.stdout.write(
            f"Created {organisation.name}: {OrgNode.objects.filter(organisation=organisation).count()} parts of "
            f"the tree, {len(users)} staff, {organisation.cases.count()} cases "
            f"in {time.monotonic() - started:.0f} s.\n"
        )
        self.print_states(organisation)
        self.print_logins(organisation)

    # --- the organisation -------------------------------------------------------------------------------------

    def build_organisation(self) -> tuple[Organisation, dict[str, User]]:
        spec: dict[str, Any] = dict(data.ORGANISATION)
        organisation = organisation_create(
            name=spec.pop("name"),
            slug=spec.pop("slug"),
            reference_prefix=spec.pop("reference_prefix"),
            root_name=spec.pop("root_name"),
            **spec,
        )
        root = OrgNode.objects.get(organisation=organisation, parent__isnull=True)
        # One hash for every demo account: Argon2 is slow on purpose, and they share the password anyway.
        password_hash = make_password(DEMO_PASSWORD)
        users: dict[str, User] = {}
        for username, (first, last) in data.PEOPLE.items():
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.se",
                password=password_hash,
                is_staff=username == data.ADMINISTRATOR,
                is_superuser=username == data.ADMINISTRATOR,
            )
            validate_password(DEMO_PASSWORD, user)
            user.save()
            users[username] = user

        def grant(username: str, node: OrgNode, role: str) -> None:
            RoleAssignment.objects.get_or_create(user=users[username], node=node, role=role)

        grant(data.HEAD_OF_OPERATIONS, root, Role.HEAD_OF_OPERATIONS)
        grant(data.REGISTRAR, root, Role.REGISTRAR)
        grant(data.QUALITY_DEVELOPER, root, Role.QUALITY_DEVELOPER)
        grant(data.ADMINISTRATOR, root, Role.ADMINISTRATOR)
        for area_spec in data.AREAS:
            area = node_create(
                organisation=organisation, parent=root, kind=NodeKind.AREA, name=area_spec.name
            )
            grant(area_spec.deputy_head, area, Role.DEPUTY_HEAD)
            for unit_spec in area_spec.units:
                unit = node_create(
                    organisation=organisation, parent=area, kind=NodeKind.UNIT, name=unit_spec.name
                )
                for username in unit_spec.contact_staff:
                    grant(username, unit, Role.CONTACT_STAFF)
                grant(unit_spec.manager, unit, Role.UNIT_MANAGER)
        return organisation, users

    def second_factor(self, users: dict[str, User]) -> None:
        """Give every demo account the same authenticator, if accounts offers enrolment with a known key."""
        try:
            from accounts.services import totp_enrol
        except ImportError:
            return
        enrolled = 0
        for user in users.values():
            try:
                if totp_enrol(user=user, key_hex=DEMO_TOTP_KEY_HEX, token=totp_code_now()) is not None:
                    enrolled += 1
            except Exception as error:  # an accounts app in the middle of changing: the demo works without
                self.stderr.write(f"Two-factor enrolment skipped: {type(error).__name__}")
                break
        if enrolled:
            self.stdout.write(f"Two-factor authenticator set up for {enrolled} demo accounts.")

    # --- the cases --------------------------------------------------------------------------------------------

    def build_cases(
        self, organisation: Organisation, users: dict[str, User], *, count: int, seed: int
    ) -> None:
        from cases.services import CaseSubmission, case_register

        rng = random.Random(seed)  # noqa: S311 (made-up demo data, not secrets)
        now = timezone.now()
        units = {
            node.name: node for node in OrgNode.objects.filter(organisation=organisation, kind=NodeKind.UNIT)
        }
        unit_kinds = {unit.name: unit.kind for area in data.AREAS for unit in area.units}
        plans = sorted(
            (plan_case(rng, index, now, unit_kinds) for index in range(count)),
            key=lambda plan: plan.submission["received_at"],
        )
        events: list[tuple[datetime, int, int, Step | None]] = []
        for order, plan in enumerate(plans):
            events.append((plan.submission["received_at"], order, 0, None))
            for number, planned in enumerate(plan.steps, start=1):
                events.append((planned.at, order, number, planned))
        events.sort(key=lambda event: (event[0], event[1], event[2]))

        self.handling = handling_functions()
        cases: dict[int, Any] = {}
        for at, order, _number, step in events:
            plan = plans[order]
            with travelling_to(at):
                if step is None:
                    submission = dict(plan.submission)
                    unit_name = submission.pop("unit_name")
                    submission["unit"] = units.get(unit_name) if unit_name else None
                    registered_by = users[plan.registered_by] if plan.registered_by else None
                    cases[order] = case_register(
                        submission=CaseSubmission(organisation=organisation, **submission),
                        registered_by=registered_by,
                    ).case
                    self.done["register"] += 1
                elif order in cases:
                    self.play(step, cases[order], users, units)

    def play(self, step: Step, case: Any, users: dict[str, User], units: dict[str, OrgNode]) -> None:
        """Carry out one step of a case's story with the service for it, as the person who would do it."""
        case.refresh_from_db()
        if case.state in {"closed", "withdrawn"}:
            return
        name = step.operation
        function = self.handling.get(OPERATIONS[name][0])
        if function is None:
            self.failures[name] += 1
            return
        kwargs = dict(step.params)
        if name == "place":
            kwargs["unit"] = units[kwargs.pop("unit_name")]
        if name == "follow_up":
            from cases.models import Action

            for action in Action.objects.filter(case=case, followed_up_at__isnull=True):
                self.call(name, function, case, users, {"action": action, **kwargs}, case_argument=False)
            return
        if name == "action":
            kwargs["responsible"] = manager_of(case) or case.holder
            kwargs["due_on"] = timezone.localdate() + timedelta(days=kwargs.pop("due_in_days"))
        self.call(name, function, case, users, kwargs)

    def call(
        self,
        name: str,
        function: Callable[..., Any],
        case: Any,
        users: dict[str, User],
        kwargs: dict[str, Any],
        *,
        case_argument: bool = True,
    ) -> None:
        parameters = inspect.signature(function).parameters
        if case_argument:
            kwargs["case"] = case
        actor_kind = OPERATIONS[name][1]
        if actor_kind == "citizen":
            candidates: list[User | None] = [None]
        elif actor_kind == "registrar":
            candidates = [users[data.REGISTRAR]]
        elif actor_kind == "manager":
            candidates = [manager_of(case), case.holder]
        else:
            candidates = [case.holder, manager_of(case)]
        last_error = "nobody to do it"
        for actor in candidates:
            if actor_kind != "citizen" and actor is None:
                continue
            call_kwargs = dict(kwargs)
            if "acting_user" in parameters:
                call_kwargs["acting_user"] = actor
            call_kwargs = {key: value for key, value in call_kwargs.items() if key in parameters}
            try:
                with transaction.atomic():
                    function(**call_kwargs)
            except Exception as error:
                last_error = type(error).__name__
                continue
            self.done[name] += 1
            return
        self.failures[f"{name} ({last_error})"] += 1

    def mark_old_mail_sent(self, organisation: Organisation) -> None:
        """The demo's fourteen months of e-mail went to fictional addresses long ago: record them as delivered,
        so that the worker does not try to send hundreds of messages to example.se when the demo starts."""
        try:
            from django.db.models import F

            from notifications.models import EmailStatus, OutboundEmail
        except ImportError:
            return
        OutboundEmail.objects.filter(case__organisation=organisation, status=EmailStatus.QUEUED).update(
            status=EmailStatus.SENT, sent_at=F("created_at")
        )

    # --- printing ---------------------------------------------------------------------------------------------

    def print_states(self, organisation: Organisation) -> None:
        from django.db.models import Count

        from cases.models import Case

        states = dict(
            Case.objects.filter(organisation=organisation)
            .values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        escalated = Case.objects.filter(organisation=organisation, step__gt=1).count()
        overdue = Case.objects.filter(
            organisation=organisation, state="registered", inform_by__lt=timezone.localdate()
        ).count()
        self.stdout.write(
            "Cases by state: "
            + ", ".join(f"{state} {count}" for state, count in sorted(states.items()))
            + f"; moved up the ladder {escalated}; overdue {overdue}.\n"
        )
        if getattr(self, "failures", None):
            self.stderr.write(
                "Steps that could not be played (the handling services may be missing or changed): "
                + ", ".join(f"{name} × {count}" for name, count in sorted(self.failures.items()))
            )

    def print_logins(self, organisation: Organisation) -> None:
        assignments = sorted(
            RoleAssignment.objects.filter(node__organisation=organisation).select_related("user", "node"),
            key=lambda a: (tree_order(a.node), ROLE_ORDER.index(Role(a.role)), a.user.username),
        )
        rows = [(a.user.username, a.get_role_display(), a.node.name) for a in assignments]
        widths = [
            max(len(str(row[i])) for row in [("Username", "Role", "Part of the organisation"), *rows])
            for i in range(3)
        ]
        line = "  ".join("-" * width for width in widths)
        self.stdout.write("\nStaff log-ins (" + organisation.name + "):\n")
        self.stdout.write(
            "  ".join(
                title.ljust(widths[i])
                for i, title in enumerate(("Username", "Role", "Part of the organisation"))
            )
        )
        self.stdout.write(line)
        for row in rows:
            self.stdout.write("  ".join(str(value).ljust(widths[i]) for i, value in enumerate(row)))
        self.stdout.write(f"\nPassword for every account: {DEMO_PASSWORD}")
        self.stdout.write(f"The admin (/admin/): {data.ADMINISTRATOR}")
        try:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            has_totp = TOTPDevice.objects.filter(user__username=data.ADMINISTRATOR, confirmed=True).exists()
        except Exception:
            has_totp = False
        if has_totp:
            self.stdout.write(
                f"Two-factor key (the same for every demo account; add it to an authenticator app): "
                f"{totp_key_base32()}\n"
                f"  or print the current code with: python manage.py demo_seed --code"
            )
        self.stdout.write(f"\nOpen {SITE}\n")


ROLE_ORDER = [
    Role.HEAD_OF_OPERATIONS,
    Role.REGISTRAR,
    Role.QUALITY_DEVELOPER,
    Role.ADMINISTRATOR,
    Role.DEPUTY_HEAD,
    Role.UNIT_MANAGER,
    Role.CONTACT_STAFF,
]


def tree_order(node: OrgNode) -> list[int]:
    """Sort key: the tree as it was built (ids along the path), not the path's text."""
    return [int(part) for part in node.path.strip("/").split("/") if part]


# --- the story of each case ---------------------------------------------------------------------------------------

# operation -> (name of the service in cases.handling, who does it)
OPERATIONS = {
    "place": ("case_move", "registrar"),
    "inform": ("case_inform", "holder"),
    "note": ("note_add", "holder"),
    "action": ("action_add", "holder"),
    "follow_up": ("action_follow_up", "manager"),
    "citizen_message": ("message_add", "citizen"),
    "escalate": ("case_escalate", "citizen"),
    "flag": ("case_flag_serious_deficiency", "manager"),
    "close": ("case_answer_and_close", "holder"),
    "thank": ("case_thank_and_close", "holder"),
    "withdraw": ("case_withdraw", "citizen"),
}


def handling_functions() -> dict[str, Callable[..., Any]]:
    try:
        from cases import handling
    except ImportError:
        return {}
    return {
        name: getattr(handling, name)
        for name, _actor in OPERATIONS.values()
        if callable(getattr(handling, name, None))
    }


def manager_of(case: Any) -> User | None:
    if case.unit is None:
        return None
    found = role_holder_for(case.unit, Role.UNIT_MANAGER)
    return found[0] if found else None


class _Still:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def travelling_to(moment: datetime) -> Any:
    if time_machine is None:
        return _Still()
    return time_machine.travel(moment, tick=False)


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
    age = rng.uniform(0.05, 20) if rng.random() < 0.2 else rng.uniform(0.05, 425)
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


def totp_code_now() -> str:
    from binascii import unhexlify

    from django_otp.oath import TOTP

    return f"{TOTP(unhexlify(DEMO_TOTP_KEY_HEX), step=30).token():06d}"


def totp_key_base32() -> str:
    from base64 import b32encode
    from binascii import unhexlify

    raw = b32encode(unhexlify(DEMO_TOTP_KEY_HEX)).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
