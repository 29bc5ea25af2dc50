"""The sweep forgets the idempotency keys of received messages after a while (decision 41): within the period a
replay is recognised, after it the same key is taken as a new message; a message not yet taken in is kept."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from api.models import InboundMessage, MessageKind
from api.services import api_token_create, inbound_messages_prune
from api.tests.test_exchange import handover, post
from cases.models import Case
from sweep.services import sweep_run

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


@pytest.fixture
def token(tree):
    return api_token_create(organisation=tree.organisation, name="IVO", acting_user=tree.administrator)


def test_a_replay_within_the_period_is_recognised_and_after_it_taken_as_new(client, token):
    key = str(uuid.uuid4())
    with time_machine.travel(START, tick=False) as traveller:
        first = post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=key)
        assert first.status_code == 201
        traveller.shift(timedelta(days=29))
        assert sweep_run().idempotency_keys_deleted == 0
        again = post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=key)
        assert again.status_code == 409 and again.json()["reference"] == first.json()["reference"]
        traveller.shift(timedelta(days=1, seconds=1))
        assert sweep_run().idempotency_keys_deleted == 1
        assert not InboundMessage.objects.exists()
        late = post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=key)
    assert late.status_code == 201
    assert late.json()["reference"] != first.json()["reference"]
    assert Case.objects.count() == 2  # the case the first call made stays: only the key is forgotten


def test_the_period_is_a_setting(client, token, settings):
    settings.API_IDEMPOTENCY_KEEP_DAYS = 10
    with time_machine.travel(START, tick=False) as traveller:
        post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=str(uuid.uuid4()))
        traveller.shift(timedelta(days=10, seconds=1))
        assert inbound_messages_prune() == 1


def test_a_message_not_yet_taken_in_is_kept(tree, token):
    with time_machine.travel(START, tick=False) as traveller:
        InboundMessage.objects.create(
            organisation=tree.organisation,
            token=token.token,
            kind=MessageKind.REPORT,
            idempotency_key="waiting",
            body_sha256="0" * 64,
            payload={"what_happened": "Ännu inte registrerad."},
        )
        traveller.shift(timedelta(days=400))
        assert inbound_messages_prune() == 0
    assert InboundMessage.objects.filter(idempotency_key="waiting").exists()


def test_it_deletes_in_batches(tree, token):
    with time_machine.travel(START, tick=False) as traveller:
        for index in range(5):
            InboundMessage.objects.create(
                organisation=tree.organisation,
                token=token.token,
                kind=MessageKind.HANDOVER,
                idempotency_key=f"key-{index}",
                body_sha256="0" * 64,
            )
        traveller.shift(timedelta(days=31))
        fresh = InboundMessage.objects.create(
            organisation=tree.organisation,
            kind=MessageKind.HANDOVER,
            idempotency_key="new",
            body_sha256="1" * 64,
        )
        assert inbound_messages_prune(batch_size=2) == 5
    assert list(InboundMessage.objects.all()) == [fresh]
