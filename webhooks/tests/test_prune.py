"""The sweep deletes webhook deliveries that were delivered or given up after a while, with their attempts, in
batches (decision 41); a delivery still waiting or retrying is kept however old it is."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sweep.services import sweep_run
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookStatus
from webhooks.services import webhook_deliveries_prune, webhook_subscribe

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


@pytest.fixture
def endpoint(tree):
    return webhook_subscribe(
        organisation=tree.organisation,
        url="http://127.0.0.1:9/hook",
        events=["case.registered"],
        acting_user=tree.administrator,
    )


def delivery(endpoint, status, tries=1):
    # Its next try far ahead: the sweep that prunes also delivers what is due, and this test is about pruning.
    made = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="case.registered",
        message_id=f"msg_{WebhookDelivery.objects.count()}_{status}",
        payload={"type": "case.registered"},
        status=status,
        attempts=tries,
        next_attempt_at=timezone.now() + timedelta(days=2000),
    )
    for _ in range(tries):
        WebhookAttempt.objects.create(delivery=made, status_code=500, error="")
    return made


def test_finished_deliveries_go_with_their_attempts_after_the_period(endpoint):
    with time_machine.travel(START, tick=False) as traveller:
        delivered = delivery(endpoint, WebhookStatus.DELIVERED, tries=2)
        failed = delivery(endpoint, WebhookStatus.FAILED, tries=12)
        retrying = delivery(endpoint, WebhookStatus.QUEUED, tries=3)
        traveller.shift(timedelta(days=89))
        assert sweep_run().webhook_deliveries_deleted == 0
        traveller.shift(timedelta(days=1, seconds=1))
        recent = delivery(endpoint, WebhookStatus.DELIVERED)
        assert sweep_run().webhook_deliveries_deleted == 2
    assert set(WebhookDelivery.objects.all()) == {retrying, recent}
    assert not WebhookAttempt.objects.filter(delivery_id__in=[delivered.pk, failed.pk]).exists()
    assert WebhookAttempt.objects.filter(delivery=retrying).count() == 3


def test_a_waiting_delivery_is_kept_however_old(endpoint):
    with time_machine.travel(START, tick=False) as traveller:
        waiting = delivery(endpoint, WebhookStatus.QUEUED, tries=0)
        traveller.shift(timedelta(days=1000))
        assert webhook_deliveries_prune() == 0
    assert WebhookDelivery.objects.get() == waiting


def test_the_period_is_a_setting_and_it_deletes_in_batches(endpoint, settings):
    settings.WEBHOOK_DELIVERIES_KEEP_DAYS = 7
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            delivery(endpoint, WebhookStatus.DELIVERED)
        traveller.shift(timedelta(days=7, seconds=1))
        assert webhook_deliveries_prune(batch_size=2) == 5
    assert not WebhookDelivery.objects.exists() and not WebhookAttempt.objects.exists()
