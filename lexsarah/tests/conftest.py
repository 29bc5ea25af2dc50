"""Helpers for the Lex Sarah tests: the test tree with people responsible for Lex Sarah, records made through the
real services, and signed-in clients."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.models import User
from lexsarah import services
from lexsarah.models import Assessment, LexSarahRecord
from organisations.models import Role
from organisations.testing import Tree, grant, make_user
from staff.tests.conftest import register, signed_in_client  # noqa: F401 (re-exported for the tests)

WHAT_HAPPENED = "En boende fick fel läkemedel vid kvällsmedicineringen."


@dataclass
class People:
    tree: Tree
    officer: User  # responsible for Lex Sarah in elderly care (the care home and home care)
    lss_officer: User  # responsible for Lex Sarah in LSS only (the group home)
    root_officer: User  # responsible for Lex Sarah for the whole committee


@pytest.fixture
def people(tree) -> People:
    return make_people(tree)


@pytest.fixture
def transactional_people(transactional_tree) -> People:
    return make_people(transactional_tree)


def make_people(tree: Tree) -> People:
    officer = make_user(f"{tree.organisation.slug}-sara", "Sara", "Lexsson")
    lss_officer = make_user(f"{tree.organisation.slug}-lars", "Lars", "Lexsson")
    root_officer = make_user(f"{tree.organisation.slug}-rut", "Rut", "Lexsson")
    grant(officer, tree.elderly, Role.LEX_SARAH)
    grant(lss_officer, tree.lss, Role.LEX_SARAH)
    grant(root_officer, tree.root, Role.LEX_SARAH)
    return People(tree=tree, officer=officer, lss_officer=lss_officer, root_officer=root_officer)


def report(tree: Tree, *, node=None, by=None, **overrides) -> LexSarahRecord:
    """A staff report through the real service: by the care home's contact staff, about the care home."""
    values = dict(
        node=node or tree.care_home,
        reported_by=by or tree.contact_staff,
        what_happened=WHAT_HAPPENED,
        person_concerned="Boende i rum 4",
    )
    values.update(overrides)
    return services.lex_sarah_report(**values)


def investigated(record: LexSarahRecord, user: User) -> LexSarahRecord:
    record = services.lex_sarah_start_investigation(record=record, acting_user=user)
    return services.lex_sarah_investigation_record(
        record=record,
        acting_user=user,
        findings="Dosen delades ut kl. 20 av en vikarie utan introduktion.",
        consequences="Den boende blev trött men mådde bra efter kontroll.",
        causes="Ingen signeringslista vid skiftbyte.",
        actions="Signeringslista införs; alla vikarier får introduktion.",
    )


def assessed(record: LexSarahRecord, user: User, assessment: str = Assessment.SERIOUS) -> LexSarahRecord:
    return services.lex_sarah_assess(
        record=investigated(record, user),
        acting_user=user,
        assessment=assessment,
        reasoning="Fel läkemedel kan ge allvarlig skada.",
    )


def detail_url(record: LexSarahRecord) -> str:
    return reverse("lexsarah:detail", args=[record.pk])


def step_url(record: LexSarahRecord, operation: str) -> str:
    return reverse(f"lexsarah:{operation}", args=[record.pk])
