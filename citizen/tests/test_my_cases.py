"""Identified citizens: a BankID log-in fills in the name in the intake and ties the case to the person; "Mina
ärenden" lists every case tied to them, in every organisation, and opens each on the same case page as the
receipt code. The personnummer itself is stored nowhere."""

from dataclasses import asdict

import pytest

from bankid.identity import SESSION_PERSON, identified_person, person_key
from cases.models import Case
from citizen.models import CaseIdentity
from citizen.services import case_tie_to_person
from citizen.tests.conftest import register
from core.personnummer import parse
from core.tests.public_forms import walk_intake
from intake.questions import NO, PAGES_BY_SLUG, YES
from intake.wizard import Wizard
from organisations.testing import build_tree

KARIN = identified_person(parse("19121212-1212"), name="Karin Exempel", given_name="Karin", surname="Exempel")
OLLE = identified_person(parse("20121212-1212"), name="Olle Testsson", given_name="Olle", surname="Testsson")


def log_in_as(client, person):
    session = client.session
    session[SESSION_PERSON] = asdict(person)
    session.save()
    return client


def test_the_key_is_the_same_for_the_same_person_and_differs_between_people(settings):
    assert person_key(parse("19121212-1212")) == person_key(parse("191212121212")) == KARIN.key
    assert KARIN.key != OLLE.key
    settings.PERSON_KEY_SECRET = "another secret, at least thirty-two characters"
    assert person_key(parse("19121212-1212")) != KARIN.key  # worthless without the secret


def test_the_number_is_masked(db):
    assert KARIN.masked == "19121212-****"
    assert "1212" not in KARIN.key


def test_my_cases_lists_every_tied_case_in_every_organisation(client, tree):
    elsewhere = build_tree(slug="annanby", prefix="AB")
    mine_here = register(tree).case
    mine_there = register(elsewhere, unit=elsewhere.care_home).case
    not_mine = register(tree).case
    someone_elses = register(tree).case
    case_tie_to_person(case=mine_here, person=KARIN)
    case_tie_to_person(case=mine_there, person=KARIN)
    case_tie_to_person(case=someone_elses, person=OLLE)
    html = log_in_as(client, KARIN).get("/folj/mina-arenden/").content.decode()
    assert mine_here.reference_number in html and mine_there.reference_number in html
    assert "Annanby kommun" in html and "Testby kommun" in html
    assert not_mine.reference_number not in html and someone_elses.reference_number not in html
    assert "Du är inloggad med BankID som Karin Exempel." in html


def test_a_case_opens_on_the_same_page_as_the_receipt_code(client, tree):
    case = register(tree).case
    case_tie_to_person(case=case, person=KARIN)
    response = log_in_as(client, KARIN).post("/folj/mina-arenden/", {"case": case.pk})
    assert response["Location"] == "/folj/arende/"
    html = client.get("/folj/arende/").content.decode()
    assert case.reference_number in html
    assert "Tillbaka till Mina ärenden" in html


def test_a_case_of_someone_else_does_not_open(client, tree):
    theirs = register(tree).case
    case_tie_to_person(case=theirs, person=OLLE)
    untied = register(tree).case
    log_in_as(client, KARIN)
    for case_id in (theirs.pk, untied.pk, "x", ""):
        response = client.post("/folj/mina-arenden/", {"case": case_id}, follow=True)
        assert "Det ärendet är inte ditt." in response.content.decode()
    assert client.get("/folj/arende/").status_code == 302


def test_my_cases_needs_a_bankid_log_in(client, db):
    response = client.get("/folj/mina-arenden/")
    assert response.status_code == 302
    assert response["Location"] == "/bankid/?next=%2Ffolj%2Fmina-arenden%2F"


def test_logging_out_forgets_the_person(client, db):
    log_in_as(client, KARIN)
    client.post("/folj/logga-ut/")
    assert SESSION_PERSON not in client.session


def test_the_intake_fills_in_the_name(client, tree):
    log_in_as(client, KARIN)
    client.get("/lamna/")
    session = client.session
    form = Wizard(session, tree.organisation).form(PAGES_BY_SLUG["kontaktuppgifter"])
    assert form.initial["contact_name"] == "Karin Exempel"


def test_the_intake_keeps_a_name_already_typed(client, tree):
    log_in_as(client, KARIN)
    client.get("/lamna/")
    session = client.session
    wizard = Wizard(session, tree.organisation)
    wizard.store(PAGES_BY_SLUG["kontaktuppgifter"], {"contact_name": "Karin E."})
    assert wizard.form(PAGES_BY_SLUG["kontaktuppgifter"]).data["contact_name"] == "Karin E."


def test_the_intake_offers_bankid_and_says_who_is_logged_in(client, tree, settings):
    settings.BANKID_URL = "https://127.0.0.1:1/rp/v6.0/"
    assert "Logga in med BankID om du vill" in client.get("/lamna/").content.decode()
    log_in_as(client, KARIN)
    assert "Du är inloggad med BankID som Karin Exempel." in client.get("/lamna/").content.decode()


def test_a_case_sent_logged_in_is_tied_to_the_person(client, tree):
    log_in_as(client, KARIN)
    response, _ = walk_intake(client, choose={"is_anonymous": NO})
    assert "Du var inloggad med BankID" in response.content.decode()
    identity = CaseIdentity.objects.get()
    assert identity.person_key == KARIN.key and identity.masked == "19121212-****"
    html = client.get("/folj/mina-arenden/").content.decode()
    assert identity.case.reference_number in html


def test_an_anonymous_case_is_not_tied(client, tree):
    log_in_as(client, KARIN)
    walk_intake(client, choose={"is_anonymous": YES})
    assert Case.objects.count() == 1
    assert not CaseIdentity.objects.exists()


def test_a_case_sent_without_logging_in_is_not_tied(client, tree):
    walk_intake(client, choose={"is_anonymous": NO})
    assert Case.objects.count() == 1 and not CaseIdentity.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_my_cases_speaks_both_languages(client, tree, language):
    log_in_as(client, KARIN)
    html = client.get("/folj/mina-arenden/", headers={"accept-language": language}).content.decode()
    assert ("Mina ärenden" if language == "sv" else "My cases") in html
