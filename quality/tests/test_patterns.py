"""The patterns across units (issue 18.6) through the real view: a unit whose complaints rose is named with the cases
behind it, a small rise is not, Lex Sarah reports are counted apart; each reader within their part of the tree,
each look recorded."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.models import CaseKind
from cases.services import case_categorise
from cases.tests.handling_helpers import register
from lexsarah.tests.conftest import make_people
from lexsarah.tests.conftest import report as lex_sarah_report
from organisations.models import Category, CategoryDimension, Role
from organisations.testing import grant
from quality.patterns import COMPLAINTS, LEX_SARAH, window_before

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Recent months: January to March 2026; the usual level: January to December 2025.
TODAY = datetime(2026, 4, 15, 10, 0, tzinfo=STOCKHOLM)
URL = "/personal/statistik/monster/"


def at(year: int, month: int, day: int):
    return time_machine.travel(datetime(year, month, day, 10, 0, tzinfo=STOCKHOLM), tick=False)


def get(user):
    client = Client()
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        return client.get(URL, HTTP_ACCEPT_LANGUAGE="sv")


def topic(tree, code="treatment"):
    return Category.objects.get(organisation=tree.organisation, dimension=CategoryDimension.TOPIC, code=code)


@pytest.fixture
def rises(tree):
    """The care home: six complaints about treatment in the recent months, one in the year before (a clear rise).
    Home care: four in the recent months and none before (too few to say). The group home: two recent against
    eight before (no rise), and five Lex Sarah reports in the recent months where there were none."""
    people = make_people(tree)
    made = {"care_home": [], "home_care": [], "group_home": []}
    with at(2025, 6, 10):
        case = register(tree)
        case_categorise(case=case, topics=[topic(tree)], causes=[], acting_user=tree.contact_staff)
        for _ in range(8):
            register(tree, unit=tree.group_home)
    for day in range(6):
        with at(2026, 1 + day // 2, 5 + day):
            case = register(tree)
            case_categorise(case=case, topics=[topic(tree)], causes=[], acting_user=tree.contact_staff)
            made["care_home"].append(case)
    with at(2026, 2, 2):
        for _ in range(4):
            made["home_care"].append(register(tree, unit=tree.home_care))
        for _ in range(2):
            made["group_home"].append(register(tree, unit=tree.group_home))
        register(tree, kind=CaseKind.PRAISE)  # praise is no sign of a failing
    for day in range(5):
        with at(2026, 3, 2 + day):
            lex_sarah_report(tree, node=tree.group_home, by=tree.other_unit_staff)
    made["people"] = people
    return made


def found(response) -> set[tuple[str, str, str]]:
    return {
        (p.source, p.node.name if p.node else "", p.category.code if p.category else "")
        for p in response.context["patterns"].found
    }


def test_the_window_is_the_last_three_whole_months_against_the_twelve_before():
    window = window_before(TODAY.date())
    assert window.codes() == {"recent_from": "2026-01", "recent_to": "2026-03", "past_from": "2025-01"}


def test_a_clear_rise_is_named_with_the_cases_behind_it_and_a_small_one_is_not(tree, rises):
    response = get(tree.quality_developer)
    assert response.status_code == 200
    assert found(response) == {
        (COMPLAINTS, "Solgårdens äldreboende", ""),
        (COMPLAINTS, "Solgårdens äldreboende", "treatment"),
        (COMPLAINTS, "", "treatment"),
        (LEX_SARAH, "Gruppbostad Björken", ""),
    }
    html = response.content.decode()
    for case in rises["care_home"]:
        assert reverse("staff:case_detail", args=[case.pk]) in html
    for case in rises["home_care"] + rises["group_home"]:
        assert case.reference_number not in html
    # Counts of Lex Sarah reports, never the records, for a reader not responsible for Lex Sarah.
    assert "ses bara av de som är ansvariga för lex Sarah" in html
    assert "LS-" not in html


def test_each_look_is_recorded_with_counts_only(tree, rises):
    get(tree.quality_developer)
    event = Event.objects.filter(action=AuditAction.PATTERNS_VIEWED).get()
    assert event.actor == tree.quality_developer
    assert event.case_id is None
    assert event.data == {
        "organisation": tree.organisation.pk,
        "recent_from": "2026-01",
        "recent_to": "2026-03",
        "past_from": "2025-01",
        "rises": 4,
        "cases": 18,  # six under each of the three rises of complaints
    }


def test_those_responsible_for_lex_sarah_see_the_records_behind_a_rise(tree, rises):
    grant(tree.quality_developer, tree.root, Role.LEX_SARAH)
    html = get(tree.quality_developer).content.decode()
    assert html.count('href="/personal/lex-sarah/') >= 5


def test_a_unit_manager_of_another_unit_sees_nothing_of_the_others(tree, rises):
    response = get(tree.other_unit_manager)
    assert found(response) == {(LEX_SARAH, "Gruppbostad Björken", "")}
    html = response.content.decode()
    assert "Solgården" not in html
    for case in rises["care_home"]:
        assert case.reference_number not in html
    own = get(tree.unit_manager)
    assert found(own) == {
        (COMPLAINTS, "Solgårdens äldreboende", ""),
        (COMPLAINTS, "Solgårdens äldreboende", "treatment"),
        (COMPLAINTS, "", "treatment"),
    }
    assert "Björken" not in own.content.decode()


def test_nobody_without_a_statistics_role_reaches_it(tree, rises):
    for user in (tree.contact_staff, tree.registrar, tree.administrator, rises["people"].lss_officer):
        assert get(user).status_code == 404
    assert not Event.objects.filter(action=AuditAction.PATTERNS_VIEWED).exists()


def test_nothing_rose_says_so(tree):
    response = get(tree.quality_developer)
    assert response.context["patterns"].found == []
    assert "Inget steg över sin vanliga nivå de här månaderna." in response.content.decode()


def test_the_queries_do_not_grow_with_the_cases(tree, rises):
    client = Client()
    client.force_login(tree.quality_developer)
    with time_machine.travel(TODAY, tick=False):
        client.get(URL)  # the session's first request writes it; the ones after do not
    with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as first:
        client.get(URL)
    with at(2026, 3, 20):
        for _ in range(5):
            register(tree, unit=tree.home_care)
    with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as second:
        response = client.get(URL)
    assert (COMPLAINTS, "Hemtjänst Norr", "") in found(response)
    assert len(second) == len(first)


def test_the_page_is_in_english_too(tree, rises):
    client = Client()
    client.force_login(tree.quality_developer)
    with time_machine.travel(TODAY, tick=False):
        html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Patterns across units" in html
    assert "Complaints: Äldreomsorg › Solgårdens äldreboende" in html
