"""Helpers for the retention tests: the archivist, and cases closed long ago through the real services."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.services import case_withdraw, note_add
from organisations.models import Role
from organisations.testing import Tree, grant, make_user
from retention.defaults import ensure_defaults
from retention.models import ResearchExemptArea, RetentionRule
from staff.tests.conftest import pdf_upload, register, signed_in_client  # noqa: F401 (re-exported)

# Far enough back that every period has run out (five years and more before the run's day).
LONG_AGO = date(2018, 3, 1)
RUN_DAY = date(2026, 12, 1)


def archivist_of(tree: Tree) -> User:
    user = make_user(f"{tree.organisation.slug}-arkiv", "Arvid", "Arkivsson")
    grant(user, tree.root, Role.ARCHIVIST)
    return user


@pytest.fixture(autouse=True)
def default_rules(request) -> None:
    """The migration's default rules, again after a transactional test's flush emptied the tables."""
    if "transactional_db" in request.fixturenames or "transactional_tree" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_defaults(RetentionRule, ResearchExemptArea)


@pytest.fixture
def archivist(tree) -> User:
    return archivist_of(tree)


def old_case(
    tree: Tree, *, on: date = LONG_AGO, attachment: bool = False, note: bool = False, **overrides
) -> Case:
    """A case received, noted and withdrawn on `on`: its last note is that day."""
    moment = timezone.make_aware(datetime.combine(on, time(10)))
    with time_machine.travel(moment, tick=False):
        case = register(
            tree, attachments=[pdf_upload()] if attachment else [], received_at=timezone.now(), **overrides
        )
        if note:
            note_add(case=case, body="Samtal med enhetschefen.", acting_user=tree.unit_manager)
        case_withdraw(case=case, by_citizen=True)
    case.refresh_from_db()
    return case
