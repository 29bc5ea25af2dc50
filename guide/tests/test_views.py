"""The guide's pages and questions, the appeal helper and its letter (Django's test client)."""

import io
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

GUIDE = "/vart-vander-jag-mig/"
PAGES = [
    "",
    "fraga/",
    "fraga/beslut/",
    "klagomal/",
    "inte-nojd/",
    "overklaga/",
    "overklaga/inte-ditt-beslut/",
    "overklaga/hjalp/",
    "ivo/",
    "patientskada/",
    "lex-sarah/",
]


@pytest.mark.parametrize("route", PAGES)
@pytest.mark.parametrize("variant", ["", "lattlast/"])
def test_every_page_answers_in_both_variants(client, organisation, route, variant):
    response = client.get(GUIDE + variant + route)
    assert response.status_code == 200
    other = "Lättläst" if not variant else "Visa vanlig text"
    assert other in response.content.decode()


def test_the_easy_variant_has_its_own_simple_text(client, organisation):
    standard = client.get(GUIDE + "overklaga/").content.decode()
    easy = client.get(GUIDE + "lattlast/overklaga/").content.decode()
    assert "förvaltningsrätten" in standard
    assert "Det kallas att överklaga." in easy


def test_it_speaks_english_when_asked(client, organisation):
    client.cookies["django_language"] = "en"
    standard = client.get(GUIDE).content.decode()
    assert "Where do I turn?" in standard
    assert "Easy-to-read text" in standard  # the link to the easy variant
    easy = client.get(GUIDE + "lattlast/").content.decode()
    assert 'lang="en"' in easy
    assert "Show the standard text" in easy and "Easy-to-read text" not in easy
    assert "That is called to appeal." in client.get(GUIDE + "lattlast/overklaga/").content.decode()


@pytest.mark.parametrize(
    ("about", "target"),
    [
        ("care", "klagomal/"),
        ("praise", "klagomal/"),
        ("decision", "fraga/beslut/"),
        ("serious", "ivo/"),
        ("handling", "inte-nojd/"),
        ("injury", "patientskada/"),
    ],
)
def test_the_first_question_sends_each_answer_to_its_path(client, organisation, about, target):
    response = client.get(GUIDE + "fraga/", {"sent": "1", "about": about})
    assert response.status_code == 302
    assert response["Location"] == GUIDE + target


def test_the_easy_variant_stays_easy(client, organisation):
    response = client.get(GUIDE + "lattlast/fraga/", {"sent": "1", "about": "serious"})
    assert response["Location"] == GUIDE + "lattlast/ivo/"


def test_only_decisions_about_yourself_go_to_the_appeal(client, organisation):
    assert (
        client.get(GUIDE + "fraga/beslut/", {"sent": "1", "whose": "me"})["Location"] == GUIDE + "overklaga/"
    )
    assert client.get(GUIDE + "fraga/beslut/", {"sent": "1", "whose": "represent"})["Location"] == (
        GUIDE + "overklaga/"
    )
    assert client.get(GUIDE + "fraga/beslut/", {"sent": "1", "whose": "other"})["Location"] == (
        GUIDE + "overklaga/inte-ditt-beslut/"
    )


def test_an_unanswered_question_shows_the_error_summary(client, organisation):
    response = client.get(GUIDE + "fraga/", {"sent": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel:" in body
    assert 'href="#id_about_0"' in body
    assert "Välj vad det gäller" in body


def test_the_ivo_page_names_the_department_for_the_county(client, organisation):
    body = client.get(GUIDE + "ivo/", {"lan": "Västerbottens län"}).content.decode()
    assert "Avdelning nord" in body and "Umeå" in body
    body = client.get(GUIDE + "ivo/", {"lan": "Påhittat län"}).content.decode()
    assert "<title>Fel:" in body


def test_the_appeal_page_lists_the_decisions_with_their_legal_basis(client, organisation):
    body = client.get(GUIDE + "overklaga/").content.decode()
    assert "SoL (2025:400) 35 kap. 1 §" in body
    assert "LSS (1993:387) 27 §, 9 § 10" in body


@time_machine.travel(date(2026, 12, 10))
def test_the_helper_shows_the_last_day(client, organisation):
    response = client.post(
        GUIDE + "overklaga/hjalp/",
        {"decision": "lss_9", "received_day": "3", "received_month": "12", "received_year": "2026"},
    )
    body = response.content.decode()
    assert 'datetime="2026-12-28"' in body
    assert "måndag 28 december 2026" in body


@time_machine.travel(date(2026, 12, 10))
def test_the_helper_keeps_what_was_typed_on_an_error(client, organisation):
    response = client.post(
        GUIDE + "overklaga/hjalp/",
        {"decision": "lss_9", "received_day": "31", "received_month": "2", "received_year": "2026"},
    )
    body = response.content.decode()
    assert "<title>Fel:" in body
    assert 'value="31"' in body and "checked" in body
    response = client.post(
        GUIDE + "overklaga/hjalp/", {"received_day": "1", "received_month": "12", "received_year": "2027"}
    )
    assert "måste vara i dag eller tidigare" in response.content.decode()


def letter_data(organisation, **overrides):
    data = {
        "decision": "sol_assistance",
        "received_day": "3",
        "received_month": "12",
        "received_year": "2026",
        "authority": str(organisation.pk),
        "reference": "SN 2026/00042",
        "decided_day": "1",
        "decided_month": "12",
        "decided_year": "2026",
        "change": "Jag vill få hemtjänst på kvällarna.",
        "reasons": "Jag klarar inte att laga mat själv efter klockan 17.",
        "name": "Tolvan Tolvansson",
        "personal_number": "19121212-1212",
        "address": "Storgatan 1\n900 00 Testby",
        "phone": "070-000 00 00",
    }
    data.update(overrides)
    return data


@time_machine.travel(date(2026, 12, 10))
def test_the_letter_is_a_tagged_pdf_addressed_to_the_authority(client, organisation):
    response = client.post(GUIDE + "overklaga/brev/", letter_data(organisation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and "/MarkInfo" in root
    assert root["/Lang"] == "sv"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Testby kommun" in text and "900 00 Testby" in text
    assert "förvaltningsrätten" in text
    assert "SN 2026/00042" in text and "2026-12-01" in text
    assert "Tolvan Tolvansson" in text and "19121212-1212" in text
    assert "hemtjänst på kvällarna" in text
    assert "2026-12-28" in text
    assert "Underskrift" in text


@time_machine.travel(date(2026, 12, 10))
def test_the_letter_stores_nothing_and_keeps_no_personal_data_in_the_url(client, organisation):
    from audit.models import Event
    from cases.models import Case

    events_before = Event.objects.count()  # creating the organisation is in the audit trail
    response = client.post(GUIDE + "overklaga/brev/", letter_data(organisation))
    assert response.status_code == 200
    assert Case.objects.count() == 0 and Event.objects.count() == events_before
    assert client.get(GUIDE + "overklaga/brev/").status_code == 405


@time_machine.travel(date(2026, 12, 10))
def test_a_letter_with_errors_comes_back_with_what_was_typed(client, organisation):
    response = client.post(
        GUIDE + "overklaga/brev/", letter_data(organisation, change="", personal_number="19121212-1213")
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "<title>Fel:" in body
    assert "Jag klarar inte att laga mat" in body
    assert 'value="19121212-1213"' in body


def test_the_easy_questions_have_their_own_plain_answers(client, organisation):
    standard = client.get(GUIDE + "fraga/").content.decode()
    easy = client.get(GUIDE + "lattlast/fraga/").content.decode()
    assert "Hur personalen hjälper dig eller är mot dig" in easy
    assert "Du har blivit skadad i vården" in easy
    assert "Hur personalen hjälper dig eller är mot dig" not in standard
    for answer in ("Allvarliga brister eller missförhållanden", "i samband med hälso- och sjukvård"):
        assert answer in standard and answer not in easy
    easy_whose = client.get(GUIDE + "lattlast/fraga/beslut/").content.decode()
    assert "Ja, det gäller mig" in easy_whose
    assert "Nej, det gäller en annan person" in easy_whose


def test_the_easy_question_says_plainly_what_is_missing(client, organisation):
    easy = client.get(GUIDE + "lattlast/fraga/", {"sent": "1"}).content.decode()
    assert "Välj ett svar" in easy
    client.cookies["django_language"] = "en"
    easy = client.get(GUIDE + "lattlast/fraga/", {"sent": "1"}).content.decode()
    assert "Choose one answer" in easy and "You were hurt in health care" in easy


def test_the_easy_answers_lead_where_the_standard_ones_do(client, organisation):
    from guide.forms import ABOUT_CHOICES, EASY_ABOUT_CHOICES, EASY_WHOSE_CHOICES, WHOSE_CHOICES
    from guide.views import ABOUT_TARGETS

    # Five easy answers, not six: praise leads where the care does, and the easy answer about the care says so.
    assert [key for key, _ in EASY_ABOUT_CHOICES] == [key for key, _ in ABOUT_CHOICES if key != "praise"]
    assert ABOUT_TARGETS["praise"] == ABOUT_TARGETS["care"]
    assert [key for key, _ in EASY_WHOSE_CHOICES] == [key for key, _ in WHOSE_CHOICES]
    standard_labels = {str(label) for _, label in ABOUT_CHOICES + WHOSE_CHOICES}
    assert not standard_labels & {str(label) for _, label in EASY_ABOUT_CHOICES + EASY_WHOSE_CHOICES}


def test_the_ivo_page_shows_a_departments_postal_address_only_once_it_is_in_the_data(
    client, organisation, monkeypatch
):
    from dataclasses import replace

    from guide import ivo_regions

    body = client.get(GUIDE + "ivo/", {"lan": "Gotlands län"}).content.decode()
    assert "Avdelning öst" in body and "Box 1" not in body
    checked = tuple(
        replace(region, postal_address="Box 1\n100 00 Stockholm") if region.key == "ost" else region
        for region in ivo_regions.REGIONS
    )
    monkeypatch.setattr(ivo_regions, "REGIONS", checked)
    body = client.get(GUIDE + "ivo/", {"lan": "Gotlands län"}).content.decode()
    assert "Box 1<br>100 00 Stockholm" in body


def test_the_easy_appeal_page_lists_the_decisions_without_the_law(client, organisation):
    body = client.get(GUIDE + "lattlast/overklaga/").content.decode()
    main = body.split("<main")[1].split("</main>")[0]
    assert "Du fick nej till hjälp som du sökte" in main
    assert "Du har en funktionsnedsättning och fick nej till stöd som du sökte" in main
    assert "§" not in main and "LSS" not in main and "SoL" not in main


@time_machine.travel(date(2026, 12, 10))
def test_the_easy_appeal_helper_asks_in_four_plain_answers_and_writes_the_letter(client, organisation):
    body = client.get(GUIDE + "lattlast/overklaga/hjalp/").content.decode()
    assert body.count('name="decision"') == 4
    assert "LSS:" not in body and "(SoL)" not in body
    received = {"received_day": "3", "received_month": "12", "received_year": "2026"}
    body = client.post(GUIDE + "lattlast/overklaga/hjalp/", {"decision": "lss", **received}).content.decode()
    assert 'datetime="2026-12-28"' in body
    assert "Du valde: Du har en funktionsnedsättning och fick nej till stöd som du sökte." in body
    assert "§" not in body.split("<main")[1].split("</main>")[0]
    # The standard helper does not know the easy answer; the easy one not the standard's points of LSS 9 §.
    assert (
        "<title>Fel:"
        in client.post(GUIDE + "overklaga/hjalp/", {"decision": "lss", **received}).content.decode()
    )
    assert "<title>Fel:" in (
        client.post(GUIDE + "lattlast/overklaga/hjalp/", {"decision": "lss_9", **received}).content.decode()
    )
    # The letter, addressed to a court, still cites the law.
    response = client.post(GUIDE + "overklaga/brev/", letter_data(organisation, decision="lss", easy="1"))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "LSS (1993:387) 27 §" in text
