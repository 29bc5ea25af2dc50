"""`manage.py demo_seed`: Exempelby kommun with staff in every role and cases in every state; twice is once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from cases.models import Assignment, Case, CaseState
from organisations.models import (
    AUTHORITY_ONLY_ROLES,
    Absence,
    NodeKind,
    Organisation,
    OrgNode,
    Role,
    RoleAssignment,
)
from organisations.selectors import tree_problems

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out, err = StringIO(), StringIO()
    call_command("demo_seed", stdout=out, stderr=err, **options)
    assert "could not be played" not in err.getvalue(), err.getvalue()
    return out.getvalue()


def test_it_builds_the_demo_and_running_it_again_adds_nothing():
    output = seed()
    organisation = Organisation.objects.get(slug="exempelby")
    assert organisation.name == "Exempelby kommun"
    assert organisation.reference_prefix == "SN"
    assert organisation.county == "Västerbottens län"
    assert organisation.phone == "0123-45 67 00"
    assert organisation.postal_address and organisation.freepost_address

    # The tree: Socialnämnden → three areas → about fifteen units, every unit with someone to receive cases.
    root = OrgNode.objects.get(organisation=organisation, parent=None)
    assert root.name == "Socialnämnden"
    areas = set(
        OrgNode.objects.filter(organisation=organisation, kind=NodeKind.AREA).values_list("name", flat=True)
    )
    assert areas == {"Äldreomsorg", "Funktionsstöd (LSS)", "Individ- och familjeomsorg"}
    assert OrgNode.objects.filter(organisation=organisation, kind=NodeKind.UNIT).count() >= 14
    assert tree_problems(organisation) == []

    # Staff in every role, and an administrator who can use the admin.
    roles = set(RoleAssignment.objects.filter(node__organisation=organisation).values_list("role", flat=True))
    assert roles == set(Role.values) - set(AUTHORITY_ONLY_ROLES)
    # Lex Sarah: an officer for the whole committee, one record started from a flagged case, one on its own.
    from lexsarah.models import LexSarahRecord

    assert RoleAssignment.objects.get(role=Role.LEX_SARAH).node.parent is None
    records = LexSarahRecord.objects.filter(organisation=organisation)
    assert records.count() == 2
    linked = records.get(case__isnull=False)
    assert linked.case.possible_serious_deficiency
    assert records.filter(case__isnull=True, due_on__lt=timezone.localdate()).exists()
    admin = User.objects.get(username="admin.exempelby")
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password("Synpunkt-demo-2026")
    assert not User.objects.exclude(email__endswith="@example.se").filter(roles__isnull=False).exists()

    # Cases in every state, spread over about fourteen months, some overdue, some moved up the ladder.
    cases = Case.objects.filter(organisation=organisation)
    assert cases.count() >= 150
    states = set(cases.values_list("state", flat=True))
    assert states == set(CaseState.values)
    assert cases.filter(step__gt=1).exists()
    assert cases.filter(state=CaseState.REGISTERED, inform_by__lt=timezone.localdate()).exists()
    assert cases.filter(unit__isnull=True).exists()  # "I don't know" and accessibility reports
    assert cases.filter(is_anonymous=True).exists() and cases.filter(is_anonymous=False).exists()
    assert set(cases.values_list("channel", flat=True)) >= {"web", "post", "phone"}
    oldest = cases.order_by("received_at").first().received_at
    assert (timezone.now() - oldest).days > 300
    assert cases.filter(actions__followed_up_at__isnull=False).exists()
    assert not cases.exclude(contact_email="").exclude(contact_email__endswith="@example.se").exists()

    # One absence, in force: Anna at Solgården is away and Fatima stands in for her.
    [absence] = Absence.objects.filter(organisation=organisation)
    assert (absence.person.username, absence.deputy.username) == ("anna.karlsson", "fatima.hassan")
    assert absence.starts_on < timezone.localdate() < absence.ends_on and absence.ended_at is None
    assert Assignment.objects.filter(deputy_for=absence.person, assignee=absence.deputy).exists()

    # The supervisory authority beside it (issue 19): a department per region, staff in its roles, a register,
    # reports decided with each of the three outcomes, some waiting and one overdue.
    from supervision.models import Department, Outcome, Report, SupervisedUnit

    authority = Organisation.objects.get(slug="tillsynsverket")
    assert authority.kind == "authority" and authority.inform_period_days == 21
    assert Department.objects.filter(authority=authority).count() == 6
    held = set(RoleAssignment.objects.filter(node__organisation=authority).values_list("role", flat=True))
    assert held == {Role.REGISTRAR, Role.INSPECTOR, Role.DEPARTMENT_HEAD}
    assert tree_problems(authority) == []
    assert SupervisedUnit.objects.filter(provider__authority=authority).count() == 10
    reports = Report.objects.filter(authority=authority)
    assert reports.count() >= 30
    assert set(reports.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
    assert reports.filter(outcome="", case__inform_by__lt=timezone.localdate()).exists()
    assert reports.filter(provider__isnull=True).exists()
    assert "ivar.inspektor" in output

    # It prints the log-ins and where to go.
    assert "anna.karlsson" in output and "Synpunkt-demo-2026" in output and "http://127.0.0.1:8000" in output

    # Twice is once.
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Case.objects.count(),
        OrgNode.objects.count(),
    )
    again = seed()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Case.objects.count(),
        OrgNode.objects.count(),
    ) == (counts)
    assert "anna.karlsson" in again

    out = StringIO()
    call_command("check_tree", stdout=out)


def test_it_prints_the_demo_accounts_current_two_factor_code():
    out = StringIO()
    call_command("demo_seed", "--code", stdout=out)
    assert out.getvalue().strip().isdigit() and len(out.getvalue().strip()) == 6
    assert not Organisation.objects.exists()  # --code only prints
