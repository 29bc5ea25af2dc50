from datetime import timedelta

import time_machine
from django.utils import timezone

from citizen.models import CaseLink
from citizen.services import citizen_link_for
from citizen.tests.conftest import WHAT_HAPPENED, register
from citizen.views import SESSION_CASE
from notifications.models import OutboundEmail


def _path(link):
    return link.split("http://127.0.0.1:8000", 1)[-1] if link.startswith("http") else link


def test_the_link_carries_no_case_id_and_only_a_hash_is_stored(registration):
    case = registration.case
    link = citizen_link_for(case)
    token = _path(link).split("/folj/lank/")[1].rstrip("/")
    assert str(case.pk) not in token.split(".")[0] or len(token.split(".")[0]) > 20
    assert case.reference_number not in link and case.receipt_code not in link
    stored = CaseLink.objects.get(case=case)
    assert stored.token_hash not in link
    assert token.split(".")[0] not in stored.token_hash


def test_opening_the_link_with_get_does_not_log_in(client, registration):
    link = _path(citizen_link_for(registration.case))
    response = client.get(link)
    assert response.status_code == 200
    assert "Visa mitt ärende" in response.text
    assert SESSION_CASE not in client.session
    assert registration.case.reference_number not in response.text
    assert client.get("/folj/arende/").status_code == 302


def test_the_button_logs_in(client, registration):
    link = _path(citizen_link_for(registration.case))
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/folj/arende/"
    assert client.session[SESSION_CASE] == registration.case.pk
    assert CaseLink.objects.get(case=registration.case).last_used_at is not None
    assert WHAT_HAPPENED in client.get("/folj/arende/").text


def test_an_expired_link_is_refused(client, registration):
    link = _path(citizen_link_for(registration.case))
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(link)
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.text
    assert SESSION_CASE not in client.session


def test_a_tampered_link_is_refused(client, registration):
    link = _path(citizen_link_for(registration.case))
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.post(f"/folj/lank/{tampered}/")
    assert response.status_code == 404
    assert SESSION_CASE not in client.session
    random_part, rest = token.split(".", 1)
    other = ("x" if random_part[0] != "x" else "y") + random_part[1:]
    assert client.post(f"/folj/lank/{other}.{rest}/").status_code == 404


def test_a_link_whose_row_is_gone_is_refused(client, registration):
    link = _path(citizen_link_for(registration.case))
    CaseLink.objects.all().delete()
    assert client.post(link).status_code == 404


def test_asking_for_a_link_mails_one_when_address_and_number_match(client, registration):
    case = registration.case
    OutboundEmail.objects.all().delete()
    typed = case.reference_number.lower().replace(" ", "")
    response = client.post(
        "/folj/skicka-lank/", {"email": "KARIN.exempel@example.se", "reference_number": typed}
    )
    assert response.status_code == 200
    mail = OutboundEmail.objects.get(kind="case_link")
    assert mail.to == case.contact_email
    assert "/folj/lank/" in mail.body_text
    assert WHAT_HAPPENED not in mail.body_text


def test_asking_for_a_link_answers_the_same_when_nothing_matches(client, tree, registration):
    OutboundEmail.objects.all().delete()
    match = client.post(
        "/folj/skicka-lank/",
        {"email": "karin.exempel@example.se", "reference_number": registration.case.reference_number},
    )
    no_match = client.post(
        "/folj/skicka-lank/",
        {"email": "nagon.annan@example.se", "reference_number": registration.case.reference_number},
    )
    assert match.status_code == no_match.status_code == 200
    assert "Titta i din e-post" in match.text and "Titta i din e-post" in no_match.text
    assert OutboundEmail.objects.filter(kind="case_link").count() == 1


def test_anonymous_senders_get_no_link(client, tree):
    anonymous = register(tree, is_anonymous=True)
    OutboundEmail.objects.all().delete()
    client.post(
        "/folj/skicka-lank/",
        {"email": "karin.exempel@example.se", "reference_number": anonymous.case.reference_number},
    )
    assert not OutboundEmail.objects.exists()


def test_asking_for_links_is_rate_limited(client, settings, registration):
    settings.RATELIMITS = {**settings.RATELIMITS, "link-request": "3/h"}
    OutboundEmail.objects.all().delete()
    data = {"email": "karin.exempel@example.se", "reference_number": registration.case.reference_number}
    with time_machine.travel(timezone.now(), tick=False):
        for number in range(3):
            assert client.post("/folj/skicka-lank/", data, REMOTE_ADDR=f"10.0.0.{number}").status_code == 200
        response = client.post("/folj/skicka-lank/", data, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert OutboundEmail.objects.filter(kind="case_link").count() == 3


def test_news_mail_carries_a_link_and_nothing_of_the_case(tree, registration):
    from cases.services import case_news_email_enqueue

    mail = case_news_email_enqueue(case=registration.case)
    assert mail is not None
    assert "/folj/lank/" in mail.body_text
    assert WHAT_HAPPENED not in mail.body_text and WHAT_HAPPENED not in mail.subject
    assert "Karin" not in mail.body_text
    assert "Det finns nyheter i ditt ärende" in mail.body_text or "nytt" in mail.subject.lower()


def test_old_links_are_pruned(registration):
    from citizen.services import links_prune

    citizen_link_for(registration.case)
    assert links_prune() == 0
    assert links_prune(now=timezone.now() + timedelta(days=9)) == 1
    assert not CaseLink.objects.exists()


def test_the_prune_command_runs(registration):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("prune_case_links", stdout=out)
    assert "links deleted: 0" in out.getvalue()
