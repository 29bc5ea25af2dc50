"""`manage.py demo_seed`: the fictional Exempelby kommun, its staff, and about 200 sample cases in every state.

Idempotent: when the demo organisation exists, it only prints the log-ins again. Everything goes through the
real services (organisation_create, node_create, totp_enrol, case_register and the handling services of
cases.services), each run at the moment it happens in the story (time-machine), so that clocks, audit trail and
reference numbers look as they would after fourteen months of use. Some cases are overdue on purpose.
"""

import inspect
import random
import time
from binascii import unhexlify
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django_otp.oath import TOTP

from accounts.models import User
from accounts.services import TOTP_STEP, totp_enrol, totp_key_base32, user_has_second_factor
from cases import services
from cases.models import Action, Case, CaseKind, CaseState
from cases.services import CaseSubmission, case_register
from demo import data
from demo.authority import AUTHORITY, build_authority, seed_reports
from demo.lex_sarah import seed_lex_sarah
from demo.story import STORY_DAYS, Step, plan_case
from notifications.models import EmailStatus, OutboundEmail
from organisations.absence import absence_set
from organisations.checks import organisation_problems
from organisations.models import (
    Category,
    CategoryDimension,
    NodeKind,
    Organisation,
    OrgNode,
    Role,
    RoleAssignment,
)
from organisations.selectors import role_holder_for
from organisations.services import node_create, organisation_create

DEMO_PASSWORD = "Synpunkt-demo-2026"
# One authenticator entry for every demo account (base32 of this key is printed); never use in production.
DEMO_TOTP_KEY_HEX = "5375706572687573746c696761446d6f4b6f6d6d"
SITE = "http://127.0.0.1:8000"

# operation of the story -> (the service in cases.services that does it, who does it)
OPERATIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "place": (services.case_move, "registrar"),
    "inform": (services.case_inform, "holder"),
    "note": (services.note_add, "holder"),
    "action": (services.action_add, "holder"),
    "follow_up": (services.action_follow_up, "manager"),
    "citizen_message": (services.message_add, "citizen"),
    "escalate": (services.case_escalate, "citizen"),
    "flag": (services.case_flag_serious_deficiency, "manager"),
    "close": (services.case_answer_and_close, "holder"),
    "thank": (services.case_thank_and_close, "holder"),
    "withdraw": (services.case_withdraw, "citizen"),
}

ROLE_ORDER = [
    Role.HEAD_OF_OPERATIONS,
    Role.REGISTRAR,
    Role.QUALITY_DEVELOPER,
    Role.LEX_SARAH,
    Role.ADMINISTRATOR,
    Role.DEPUTY_HEAD,
    Role.UNIT_MANAGER,
    Role.CONTACT_STAFF,
    Role.DEPARTMENT_HEAD,
    Role.INSPECTOR,
]


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
            self.print_authority_logins()
            return
        started = time.monotonic()
        self.failures: Counter[str] = Counter()
        self.done: Counter[str] = Counter()
        now = timezone.now()
        with transaction.atomic():
            # The organisation, its staff and their authenticators come first in the story. Enrolling marks the
            # time step of the code it was given as used, and django-otp refuses a code of a used step: enrolled
            # now, the accounts would refuse the very code a person types right after seeding (issue 17).
            with travelling_to(now - timedelta(days=STORY_DAYS + 2)):
                organisation, users = self.build_organisation()
                self.second_factor(users)
                # The supervisory authority beside the municipality (issue 19), with its register.
                authority, authority_users = build_authority(make_password(DEMO_PASSWORD), DEMO_PASSWORD)
                self.second_factor(authority_users)
            self.build_cases(organisation, users, now=now, count=options["cases"], seed=options["seed"])
            self.done["lex_sarah"] = seed_lex_sarah(organisation, users, now=now, officer=data.LEX_SARAH)
            self.done["reports"] = seed_reports(authority, authority_users, now=now, seed=options["seed"])
            self.mark_old_mail_sent(organisation)
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
        self.print_authority_logins()

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
        grant(data.LEX_SARAH, root, Role.LEX_SARAH)
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
        """Give every demo account the same authenticator, confirmed with the code it shows at this moment."""
        for user in users.values():
            if totp_enrol(user=user, key_hex=DEMO_TOTP_KEY_HEX, token=totp_code_now()) is None:
                raise CommandError(f"The authenticator of {user.username} was not accepted.")
        self.stdout.write(f"Two-factor authenticator set up for {len(users)} demo accounts.")

    # --- the cases --------------------------------------------------------------------------------------------

    def build_cases(
        self, organisation: Organisation, users: dict[str, User], *, now: datetime, count: int, seed: int
    ) -> None:
        rng = random.Random(seed)  # noqa: S311 (made-up demo data, not secrets)
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

        cases: dict[int, Case] = {}
        absence_at = now - timedelta(days=data.ABSENCE.began_days_ago)
        absence_set_yet = False
        for at, order, _number, step in events:
            if not absence_set_yet and at >= absence_at:
                with travelling_to(absence_at):
                    self.seed_absence(organisation, users)
                absence_set_yet = True
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

    def seed_absence(self, organisation: Organisation, users: dict[str, User]) -> None:
        """One absence, set by the unit manager a few days ago and lasting a while yet, so that the cases that
        came since went to the deputy (the absence pages and the case history show it)."""
        spec = data.ABSENCE
        today = timezone.localdate()
        absence_set(
            organisation=organisation,
            person=users[spec.person],
            deputy=users[spec.deputy],
            starts_on=today,
            ends_on=today + timedelta(days=spec.days - 1),
            acting_user=users[spec.set_by],
        )
        self.done["absence"] += 1

    def play(self, step: Step, case: Case, users: dict[str, User], units: dict[str, OrgNode]) -> None:
        """Carry out one step of a case's story with the service for it, as the person who would do it."""
        case.refresh_from_db()
        if case.state in {CaseState.CLOSED, CaseState.WITHDRAWN}:
            return
        name = step.operation
        function = OPERATIONS[name][0]
        kwargs = dict(step.params)
        if name == "place":
            kwargs["unit"] = units[kwargs.pop("unit_name")]
        if name == "follow_up":
            for action in Action.objects.filter(case=case, followed_up_at__isnull=True):
                self.call(name, function, case, users, {"action": action, **kwargs}, case_argument=False)
            return
        if name == "action":
            kwargs["responsible"] = manager_of(case) or case.holder
            kwargs["due_on"] = timezone.localdate() + timedelta(days=kwargs.pop("due_in_days"))
        if name in {"close", "thank"}:
            kwargs.update(self.categories_for(case))
        self.call(name, function, case, users, kwargs)

    def categories_for(self, case: Case) -> dict[str, list[Category]]:
        """What a closed case concerned and, for a complaint, the cause found: drawn per case, weighted so that the
        quality figures have a shape (treatment and information lead, as in most municipalities' reports)."""
        if not hasattr(self, "taxonomy"):
            self.taxonomy = {
                dimension: list(Category.objects.filter(organisation=case.organisation, dimension=dimension))
                for dimension in CategoryDimension.values
            }
        rng = random.Random(case.pk)  # noqa: S311 (made-up demo data, not secrets)
        topics = self.taxonomy[CategoryDimension.TOPIC]
        causes = self.taxonomy[CategoryDimension.CAUSE]
        chosen = {"topics": rng.choices(topics, weights=range(len(topics) + 8, 8, -1), k=1)}
        if rng.random() < 0.25:
            chosen["topics"] = list({*chosen["topics"], rng.choice(topics)})
        chosen["causes"] = (
            rng.choices(causes, weights=range(len(causes) + 4, 4, -1), k=1)
            if case.kind == CaseKind.COMPLAINT
            else []
        )
        return chosen

    def call(
        self,
        name: str,
        function: Callable[..., Any],
        case: Case,
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
        OutboundEmail.objects.filter(case__organisation=organisation, status=EmailStatus.QUEUED).update(
            status=EmailStatus.SENT, sent_at=F("created_at")
        )

    # --- printing ---------------------------------------------------------------------------------------------

    def print_states(self, organisation: Organisation) -> None:
        states = dict(
            Case.objects.filter(organisation=organisation)
            .values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        escalated = Case.objects.filter(organisation=organisation, step__gt=1).count()
        overdue = Case.objects.filter(
            organisation=organisation, state=CaseState.REGISTERED, inform_by__lt=timezone.localdate()
        ).count()
        self.stdout.write(
            "Cases by state: "
            + ", ".join(f"{state} {count}" for state, count in sorted(states.items()))
            + f"; moved up the ladder {escalated}; overdue {overdue}.\n"
        )
        if self.failures:
            self.stderr.write(
                "Steps that could not be played (the handling services may have changed): "
                + ", ".join(f"{name} × {count}" for name, count in sorted(self.failures.items()))
            )

    def print_authority_logins(self) -> None:
        authority = Organisation.objects.filter(slug=AUTHORITY["slug"]).first()
        if authority is None:
            return
        self.stdout.write(
            f"\n{authority.name}: {authority.cases.count()} reports; the web form for anyone is at "
            f"{SITE}/anmal-till-tillsynen/, staff work at {SITE}/personal/tillsyn/"
        )
        self.print_logins(authority, footer=False)

    def print_logins(self, organisation: Organisation, *, footer: bool = True) -> None:
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
        if not footer:
            return
        self.stdout.write(f"\nPassword for every account: {DEMO_PASSWORD}")
        self.stdout.write(f"The admin (/admin/): {data.ADMINISTRATOR}")
        if user_has_second_factor(User.objects.get(username=data.ADMINISTRATOR)):
            self.stdout.write(
                f"Two-factor key (the same for every demo account; add it to an authenticator app): "
                f"{totp_key_base32(DEMO_TOTP_KEY_HEX)}\n"
                f"  or print the current code with: python manage.py demo_seed --code"
            )
        self.stdout.write(f"\nOpen {SITE}\n")


def tree_order(node: OrgNode) -> list[int]:
    """Sort key: the tree as it was built (ids along the path), not the path's text."""
    return [int(part) for part in node.path.strip("/").split("/") if part]


def manager_of(case: Case) -> User | None:
    if case.unit is None:
        return None
    found = role_holder_for(case.unit, Role.UNIT_MANAGER)
    return found[0] if found else None


def travelling_to(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def totp_code_now() -> str:
    """The code the demo accounts' authenticator shows now (`demo_seed --code`); printing it uses nothing up."""
    return f"{TOTP(unhexlify(DEMO_TOTP_KEY_HEX), step=TOTP_STEP).token():06d}"
