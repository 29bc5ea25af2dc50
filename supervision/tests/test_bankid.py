"""BankID on the authority's report form, as in the municipal intake (the bankid app's own pages, against the
project's BankID test server over mutual TLS): a logged-in reporter's report is tied to them by the keyed digest
and the masked number only, and shows in "Mina ärenden"; anonymous and without BankID it works as before; protected
personal details hide the reporter and the number from staff."""

import pytest
from django.test import Client

from bankid.identity import person_key
from bankid.testserver import PERSONS
from bankid.views import SESSION_ORDER
from citizen.models import CaseIdentity
from core.personnummer import parse
from protection.models import ProtectedIdentity
from staff.tests.conftest import signed_in_client
from supervision.models import Report
from supervision.tests.test_views import CHECK, DONE, START, answers

pytestmark = pytest.mark.django_db


def bankid_log_in(client: Client, server, person=PERSONS[0]) -> None:
    """Log in the way a person does: start from the report form's link, approve on the phone, continue."""
    assert client.post("/bankid/", {"device": "other", "next": START}).status_code == 302
    server.act(client.session[SESSION_ORDER]["ref"], "approve", person=person)
    session = client.session
    order = session[SESSION_ORDER]
    order["collected"] = 0  # let the waiting page ask BankID at once
    session[SESSION_ORDER] = order
    session.save()
    assert "Enligt BankID är du Karin Exempel." in client.get("/bankid/vanta/").content.decode()
    response = client.post("/bankid/fortsatt/")
    assert response.status_code == 302 and response["Location"] == START


def report(client: Client, ivo, **changes) -> tuple[str, Report]:
    assert client.post(START, answers(ivo, **changes)).status_code == 302
    check = client.get(CHECK).content.decode()
    assert client.post(CHECK)["Location"] == DONE
    return check, Report.objects.get()


def test_the_form_offers_bankid_and_comes_back_to_it(ivo, bankid_server):
    page = Client().get(START).content.decode()
    assert "Logga in med BankID om du vill" in page
    assert 'href="/bankid/?next=/anmal-till-tillsynen/"' in page


def test_without_bankid_configured_nothing_is_offered(ivo, settings):
    settings.BANKID_URL = ""
    assert "Logga in med BankID" not in Client().get(START).content.decode()


def test_a_logged_in_reporter_is_registered_with_the_verified_identity(ivo, bankid_server):
    client = Client()
    bankid_log_in(client, bankid_server)
    page = client.get(START).content.decode()
    assert "Du är inloggad med BankID som Karin Exempel." in page
    assert 'value="Karin Exempel"' in page  # the name is filled in
    check, registered = report(client, ivo)
    assert "Identifierad med BankID" in check and "Ja, som Karin Exempel" in check
    identity = CaseIdentity.objects.get(case=registered.case)
    assert identity.masked == "19121212-****"
    assert identity.person_key == person_key(parse("191212121212"))
    assert "1212121212" not in str(CaseIdentity.objects.values().get())  # never the number itself
    done = client.get(DONE).content.decode()
    assert "Du var inloggad med BankID, så du kan också följa din anmälan under Mina ärenden." in done
    assert registered.case.reference_number in client.get("/folj/mina-arenden/").content.decode()
    # Staff see that the reporter was identified, with the masked number only.
    decide = signed_in_client(ivo.registrar).get(f"/personal/tillsyn/anmalan/{registered.pk}/beslut/")
    assert "Ja, personnummer 19121212-****" in decide.content.decode()


def test_an_anonymous_report_is_not_tied_to_the_person(ivo, bankid_server):
    client = Client()
    bankid_log_in(client, bankid_server)
    check, registered = report(
        client, ivo, is_anonymous="on", contact_name="", contact_email="", protected_identity="on"
    )
    assert "Nej: du valde att vara anonym" in check
    assert registered.case.is_anonymous
    assert not CaseIdentity.objects.exists() and not ProtectedIdentity.objects.exists()
    assert "Mina ärenden" not in client.get(DONE).content.decode()


def test_without_bankid_the_report_is_registered_as_before(ivo, bankid_server):
    client = Client()
    check, registered = report(client, ivo)
    assert "BankID" not in check
    assert not CaseIdentity.objects.exists()
    assert registered.case.contact_name == "Karin Exempel"


def test_protected_details_hide_the_reporter_and_the_number_from_staff(ivo, bankid_server):
    client = Client()
    bankid_log_in(client, bankid_server)
    check, registered = report(client, ivo, protected_identity="on")
    assert "Jag har skyddade personuppgifter" in check
    mark = ProtectedIdentity.objects.get(case=registered.case)
    assert mark.sender and mark.by_citizen and not mark.person_concerned
    assert CaseIdentity.objects.filter(case=registered.case).exists()
    staff = signed_in_client(ivo.registrar)
    decide = staff.get(f"/personal/tillsyn/anmalan/{registered.pk}/beslut/").content.decode()
    assert "Skyddade personuppgifter: dolda" in decide
    assert "Karin Exempel" not in decide and "19121212" not in decide
    case_page = staff.get(f"/personal/arende/{registered.pk}/").content.decode()
    assert "Karin Exempel" not in case_page and "19121212" not in case_page
