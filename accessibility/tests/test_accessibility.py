"""The accessibility statement (DOS-lagen 2018:1937) and reports that become tracked cases."""

from datetime import date

import time_machine

from cases.models import Case, CaseKind, Channel

URL = "/tillganglighet/"


def test_the_statement_names_the_law_the_known_issues_and_digg(client, tree):
    body = client.get(URL).content.decode()
    assert "2018:1937" in body
    assert "DIGG" in body
    assert "Det här är inte tillgängligt" in body
    assert 'href="/tillganglighet/rapportera/"' in body


@time_machine.travel(date(2026, 11, 24))
def test_a_report_becomes_a_tracked_case_with_an_answer_date(client, tree):
    response = client.post(
        URL + "rapportera/",
        {
            "description": "Knappen Fortsätt läses inte upp av min skärmläsare.",
            "where": "Vägledningen",
            "contact_email": "anna.andersson@example.se",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.kind == CaseKind.ACCESSIBILITY
    assert case.channel == Channel.WEB
    assert case.unit is None and case.holder == tree.registrar
    assert case.inform_by == date(2026, 12, 8)
    assert "Vägledningen" in case.what_happened
    assert case.wants_answer and not case.is_anonymous
    body = client.get(response["Location"]).content.decode()
    assert case.reference_number in body
    assert "8 december 2026" in body
    # Shown once: a reload does not show the secret again.
    assert client.get(response["Location"]).status_code == 302


def test_an_anonymous_report_is_allowed(client, tree):
    client.post(URL + "rapportera/", {"description": "Kontrasten är för låg på startsidan."})
    case = Case.objects.get()
    assert case.is_anonymous and not case.wants_answer


def test_an_empty_report_shows_the_error_and_registers_nothing(client, tree):
    response = client.post(URL + "rapportera/", {"where": "Startsidan"})
    body = response.content.decode()
    assert "<title>Fel:" in body and 'href="#id_description"' in body
    assert 'value="Startsidan"' in body
    assert Case.objects.count() == 0


def test_the_report_form_has_a_honeypot_people_never_meet(client, tree):
    body = client.get(URL + "rapportera/").content.decode()
    start = body.index('<div class="honeypot" aria-hidden="true">')
    honeypot = body[start : body.index("</div>", start)]
    assert 'name="website"' in honeypot and 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_a_filled_honeypot_shows_the_thanks_page_and_registers_nothing(client, tree):
    response = client.post(
        URL + "rapportera/",
        {"description": "Köp billiga klockor här.", "website": "https://spam.example"},
    )
    assert response.status_code == 302
    assert response["Location"] == URL + "tack/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Tack för din rapport" in thanks.content.decode()
    assert Case.objects.count() == 0
    # Even a bot that leaves the form's required fields empty learns nothing from an error.
    response = client.post(URL + "rapportera/", {"website": "x"})
    assert response.status_code == 302
    assert Case.objects.count() == 0
