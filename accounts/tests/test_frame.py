"""The staff frame (core/staff_base.html): organisation, name and role, the navigation a person may use, when the
session ends, and a log-out button that POSTs."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.services import integration_organisations
from audit.views import may_review_log
from cases.tests.handling_helpers import register
from organisations.absence import is_manager
from organisations.models import Role
from organisations.testing import grant
from quality.selectors import taxonomy_organisations
from quality.statistics import statistics_organisations
from registrar.selectors import registrar_organisation

pytestmark = pytest.mark.django_db


def _nav(body: str) -> list[str]:
    nav = re.search(r'<nav class="staff-nav" aria-label="Personalmeny">(.*?)</nav>', body, re.S)
    assert nav, "no staff navigation"
    return re.findall(r">([^<>]+)</a>", nav.group(1))


def _staff_pages(tree) -> list[str]:
    case = register(tree)
    return [
        reverse("staff:inbox"),
        reverse("staff:case_detail", args=[case.pk]),
        reverse("staff:case_log", args=[case.pk]),
        reverse("staff:inform", args=[case.pk]),
        reverse("accounts:account"),
    ]


def test_every_staff_page_shows_the_organisation_the_person_their_role_and_a_log_out_button(client, tree):
    client.force_login(tree.contact_staff)
    for url in _staff_pages(tree):
        body = client.get(url).content.decode()
        assert '<span class="site-header__org">Testby kommun</span>' in body, url
        assert "Anna Kontaktsson" in body, url
        assert "Kontaktpersonal eller handläggare" in body, url
        assert re.search(
            r'<form class="staff-user__logout" method="post" action="/konto/logga-ut/">'
            r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*><button[^>]*type="submit">Logga ut</button>',
            body,
        ), url
        assert re.search(r"Du loggas ut kl\. \d\d:\d\d om du inte gör något\.", body), url
        assert _nav(body)[0] == "Inkorg", url


def test_the_registrar_and_the_administrator_pages_are_in_the_frame(client, tree):
    client.force_login(tree.registrar)
    body = client.get(reverse("registrar:register")).content.decode()
    assert "Eva Registratorsson" in body and "Registrator" in body
    assert 'aria-current="page">Registrera post och telefon</a>' in body
    client.force_login(tree.administrator)
    body = client.get(reverse("accounts:audit_review")).content.decode()
    assert "Gun Adminsson" in body
    assert 'aria-current="page">Logggranskning</a>' in body
    assert "site-main--wide" in body


def test_the_navigation_offers_what_each_person_may_use(client, tree):
    people = [
        tree.contact_staff,
        tree.unit_manager,
        tree.head_of_operations,
        tree.registrar,
        tree.quality_developer,
        tree.administrator,
    ]
    for person in people:
        client.force_login(person)
        items = _nav(client.get(reverse("accounts:account")).content.decode())
        expected = ["Inkorg"]
        if person != tree.administrator:  # requests for public documents: everyone who reads cases (records)
            expected.append("Begäran om handlingar")
        expected.append("Rapportera missförhållande")  # everyone with a role must report (Lex Sarah)
        if registrar_organisation(person) is not None:
            expected.append("Registrera post och telefon")
        if is_manager(person):
            expected.append("Frånvaro och överlämning")
        if statistics_organisations(person):
            expected.append("Statistik")
        if taxonomy_organisations(person).exists():
            expected.append("Kategorier")
        if may_review_log(person):
            expected.append("Logggranskning")
        if integration_organisations(person).exists():
            expected.append("Kopplingar")
        expected.append("Ditt konto")
        assert items == expected, person.username
    client.force_login(tree.registrar)
    assert "Registrera post och telefon" in _nav(client.get(reverse("accounts:account")).content.decode())
    client.force_login(tree.contact_staff)
    assert "Logggranskning" not in _nav(client.get(reverse("accounts:account")).content.decode())
    assert "Frånvaro och överlämning" not in _nav(client.get(reverse("accounts:account")).content.decode())
    grant(tree.contact_staff, tree.care_home, Role.LEX_SARAH)
    assert _nav(client.get(reverse("accounts:account")).content.decode()) == [
        "Inkorg",
        "Begäran om handlingar",
        "Lex Sarah",
        "Rapportera missförhållande",
        "Ditt konto",
    ]
    client.force_login(tree.unit_manager)
    assert "Frånvaro och överlämning" in _nav(client.get(reverse("accounts:account")).content.decode())


def test_the_current_page_and_its_section_are_marked(client, tree):
    client.force_login(tree.contact_staff)
    case = register(tree)
    body = client.get(reverse("staff:inbox")).content.decode()
    assert 'href="/personal/" aria-current="page">Inkorg</a>' in body
    assert 'aria-current="page">Ditt konto' not in body
    body = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert 'href="/personal/" aria-current="true">Inkorg</a>' in body
    body = client.get(reverse("accounts:account")).content.decode()
    assert 'aria-current="page">Ditt konto</a>' in body
    assert 'aria-current="page">Inkorg' not in body


def test_table_pages_are_wide_and_others_keep_a_readable_width(client, tree):
    client.force_login(tree.contact_staff)
    case = register(tree)
    assert (
        'class="site-main site-main--staff site-main--wide"'
        in client.get(reverse("staff:inbox")).content.decode()
    )
    body = client.get(reverse("staff:inform", args=[case.pk])).content.decode()
    assert 'class="site-main site-main--staff site-main--normal"' in body


def test_the_frame_is_in_english_too(client, tree, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(tree.contact_staff)
    body = client.get(reverse("staff:inbox")).content.decode()
    assert 'aria-label="Staff menu"' in body
    assert re.search(r"You will be logged out at \d\d:\d\d if you do nothing\.", body)
    assert ">Log out</button>" in body and ">Register post and phone<" not in body


def test_citizen_pages_keep_their_own_frame(client, tree):
    body = client.get("/").content.decode()
    assert "staff-nav" not in body and "staff-user" not in body


def test_the_frame_costs_one_query_however_many_roles(client, tree):
    client.force_login(tree.unit_manager)  # two roles, on two units
    client.get(reverse("staff:inbox"))
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("staff:inbox")).content.decode()
    frame_queries = [
        query["sql"]
        for query in queries.captured_queries
        if "organisations_roleassignment" in query["sql"] and "organisations_organisation" in query["sql"]
    ]
    assert len(frame_queries) == 1
    assert body.count('<span class="staff-user__roles">Enhetschef</span>') == 1


def test_log_out_is_a_post_that_ends_the_session(client, tree):
    client.force_login(tree.contact_staff)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("staff:inbox")).status_code == 302


def test_a_get_to_log_out_changes_nothing(client, tree):
    client.force_login(tree.contact_staff)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(tree.contact_staff.pk)
    assert client.get(reverse("staff:inbox")).status_code == 200


def test_before_the_second_factor_the_frame_offers_only_log_out(client, tree, unverified_force_login):
    client.force_login(tree.contact_staff)
    body = client.get(reverse("accounts:otp_enrol")).content.decode()
    assert "staff-nav" not in body
    assert ">Logga ut</button>" in body
