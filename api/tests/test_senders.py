"""What queues a message to another installation, and what queues a webhook: the citizen's report to IVO from
their case page, the Lex Sarah report to IVO, and the three case events. Nothing is sent before commit; no
delivery carries what a case says."""

import json

import pytest
from standardwebhooks.webhooks import Webhook

from api.exchange import ExchangeError, handover_send, report_send
from api.models import OutboundMessage, PeerRole
from api.services import peer_add
from audit.models import Event
from cases.services import case_inform
from cases.tests.handling_helpers import register
from citizen.views import SESSION_CASE
from webhooks.models import WebhookDelivery
from webhooks.services import _post, retry_backoff, webhook_subscribe


@pytest.fixture
def connected(tree):
    return peer_add(
        organisation=tree.organisation,
        role=PeerRole.AUTHORITY,
        name="Inspektionen (fiktiv)",
        base_url="https://ivo.example/",
        token="spk_theirs",
        acting_user=tree.administrator,
    )


def citizen(client, case):
    session = client.session
    session[SESSION_CASE] = case.pk
    session.save()


def test_the_citizen_sends_the_report_to_ivo_once_from_the_case_page(
    client, tree, connected, django_capture_on_commit_callbacks
):
    case = register(tree)
    citizen(client, case)
    # Offered only where IVO's section shows; flag the case so that it does.
    from cases.services import case_flag_serious_deficiency

    case_flag_serious_deficiency(case=case, acting_user=case.holder)
    page = client.get("/folj/arende/").content.decode()
    assert "Skicka anmälan till IVO" in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/dokument/ivo-anmalan/skicka/", {"lan": "Västerbottens län"})
    assert response.status_code == 302
    assert len(callbacks) == 1  # the worker's task, queued after commit
    client.post("/dokument/ivo-anmalan/skicka/", {"lan": "Västerbottens län"})
    message = OutboundMessage.objects.get()
    assert message.case == case and message.peer == connected
    assert message.payload["sender_reference"] == case.reference_number
    assert message.payload["county"] == "Västerbottens län"
    assert "Din anmälan skickades till IVO den" in client.get("/folj/arende/").content.decode()
    assert Event.objects.filter(action="exchange_queued", case_id=case.pk, actor_label="citizen").count() == 1


def test_without_a_connection_nothing_is_offered_or_sent(client, tree):
    case = register(tree)
    citizen(client, case)
    assert client.post("/dokument/ivo-anmalan/skicka/", {"lan": "Västerbottens län"}).status_code == 404
    with pytest.raises(ExchangeError):
        report_send(case=case, acting_user=None)
    assert not OutboundMessage.objects.exists()


def test_a_handover_goes_only_to_a_municipality(tree, connected):
    with pytest.raises(ExchangeError):
        handover_send(peer=connected, authority_reference="IVO 1", what_happened="x", acting_user=None)


def test_a_lex_sarah_report_is_sent_to_ivo_when_asked(tree, connected):
    from datetime import timedelta

    from lexsarah import services
    from lexsarah.models import Assessment
    from lexsarah.tests.conftest import assessed, make_people, report

    people = make_people(tree)
    record = assessed(report(tree), people.officer, Assessment.CLEAR_RISK)
    services.lex_sarah_report_to_ivo(
        record=record,
        acting_user=people.officer,
        sent_on=record.ivo_report_due - timedelta(days=14),
        send_electronically=True,
    )
    message = OutboundMessage.objects.get()
    assert message.payload["kind"] == "deficiency_report"
    assert message.payload["sender_reference"] == record.reference_number
    assert message.case is None
    queued = Event.objects.get(action="exchange_queued")
    assert queued.case_id is None and queued.data["lex_sarah"] == record.pk


def test_the_lex_sarah_form_offers_sending_only_when_connected(tree):
    from lexsarah.forms import IvoReportForm

    assert "send_electronically" not in IvoReportForm().fields
    assert "send_electronically" in IvoReportForm(electronic=True).fields


def test_case_events_queue_signed_deliveries_with_identifiers_only(tree):
    endpoint = webhook_subscribe(
        organisation=tree.organisation,
        url="https://hooks.example/in",
        events=["case.registered", "case.notice_sent", "case.outcome_decided"],
        acting_user=tree.administrator,
    )
    case = register(tree)
    case_inform(case=case, body="Vi utreder bemötandet.", acting_user=case.holder)
    deliveries = list(WebhookDelivery.objects.order_by("pk"))
    assert [d.event for d in deliveries] == ["case.registered", "case.notice_sent"]
    for delivery in deliveries:
        body = json.dumps(delivery.payload)
        assert case.what_happened not in body and "utreder" not in body
        assert delivery.payload["data"] == {
            "case_id": case.pk,
            "reference_number": case.reference_number,
            "organisation_id": tree.organisation.pk,
        }
    # The signature is the library's: a receiver verifies it with the subscription's secret.
    signer = Webhook(endpoint.secret)
    from django.utils import timezone

    raw = json.dumps(deliveries[0].payload).encode()
    now = timezone.now()
    headers = {
        "webhook-id": deliveries[0].message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signer.sign(deliveries[0].message_id, now, raw),
    }
    assert signer.verify(raw, headers) == deliveries[0].payload
    assert _post  # the sender (exercised against a real server in test_two_installations)


def test_an_organisation_without_subscriptions_queues_nothing(tree):
    register(tree)
    assert not WebhookDelivery.objects.exists()


def test_retries_back_off_exponentially_up_to_six_hours(settings):
    settings.RETRY_BASE_SECONDS = 60
    assert [retry_backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_backoff(30).total_seconds() == 6 * 3600
