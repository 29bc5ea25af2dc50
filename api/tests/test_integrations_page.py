"""The integrations page: tokens, connected installations and webhooks, for an organisation's administrator only."""

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken, Peer
from api.services import token_hash
from audit.models import Event
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import webhook_subscribe


def page_url(tree):
    return reverse("integrations:organisation", args=[tree.organisation.slug])


def test_the_administrator_makes_a_token_that_is_shown_once_and_kept_hashed(client, tree):
    client.force_login(tree.administrator)
    assert client.get(reverse("integrations:page")).url == page_url(tree)
    response = client.post(
        reverse("integrations:token_create", args=[tree.organisation.slug]), {"token-name": "Inspektionen"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.startswith("spk_") and secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(secret)
    assert secret not in client.get(page_url(tree)).content.decode()
    assert token.prefix in client.get(page_url(tree)).content.decode()
    assert Event.objects.filter(action="api_token_created", actor=tree.administrator).exists()


def test_a_revoked_token_is_refused(client, tree):
    client.force_login(tree.administrator)
    secret = client.post(
        reverse("integrations:token_create", args=[tree.organisation.slug]), {"token-name": "x"}
    ).context["secret"]
    token = ApiToken.objects.get()
    other = Client()  # the system that holds the token, without anyone's session
    assert other.get("/api/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    response = client.post(reverse("integrations:token_revoke", args=[tree.organisation.slug, token.pk]))
    assert response.status_code == 302
    assert other.get("/api/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert Event.objects.filter(action="api_token_revoked").count() == 1


def test_bad_input_is_named_and_nothing_typed_is_lost(client, tree):
    client.force_login(tree.administrator)
    response = client.post(
        reverse("integrations:peer_create", args=[tree.organisation.slug]),
        {
            "peer-role": "authority",
            "peer-name": "Inspektionen",
            "peer-base_url": "ftp://fel",
            "peer-token": "spk_x",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel:" in body
    assert "Ange en adress som börjar med https:// eller http://" in body
    assert 'value="Inspektionen"' in body
    assert not Peer.objects.exists()
    response = client.post(
        reverse("integrations:webhook_create", args=[tree.organisation.slug]),
        {"webhook-url": "https://x.example"},
    )
    assert "Välj minst en händelse" in response.content.decode()


def test_peers_and_webhooks_are_added_and_stopped(client, tree):
    client.force_login(tree.administrator)
    client.post(
        reverse("integrations:peer_create", args=[tree.organisation.slug]),
        {
            "peer-role": "authority",
            "peer-name": "Inspektionen",
            "peer-base_url": "https://ivo.example",
            "peer-token": "spk_secret",
        },
    )
    peer = Peer.objects.get()
    assert "spk_secret" not in client.get(page_url(tree)).content.decode()
    client.post(reverse("integrations:peer_delete", args=[tree.organisation.slug, peer.pk]))
    peer.refresh_from_db()
    assert not peer.is_active
    response = client.post(
        reverse("integrations:webhook_create", args=[tree.organisation.slug]),
        {
            "webhook-url": "https://hooks.example/in",
            "webhook-events": ["case.registered", "case.outcome_decided"],
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.context["secret"] == endpoint.secret
    assert endpoint.events == ["case.outcome_decided", "case.registered"]
    client.post(reverse("integrations:webhook_delete", args=[tree.organisation.slug, endpoint.pk]))
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert {e.action for e in Event.objects.filter(actor=tree.administrator)} >= {
        "peer_added",
        "peer_removed",
        "webhook_subscribed",
        "webhook_unsubscribed",
    }


def test_the_deliveries_page_lists_each_attempt(client, tree):
    from django.utils import timezone

    endpoint = webhook_subscribe(
        organisation=tree.organisation,
        url="https://hooks.example/in",
        events=["case.registered"],
        acting_user=tree.administrator,
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="case.registered",
        message_id="msg_abc",
        payload={},
        next_attempt_at=timezone.now(),
    )
    WebhookAttempt.objects.create(delivery=delivery, error="ConnectionRefusedError")
    WebhookAttempt.objects.create(delivery=delivery, status_code=204)
    client.force_login(tree.administrator)
    body = client.get(
        reverse("integrations:webhook_deliveries", args=[tree.organisation.slug, endpoint.pk])
    ).content.decode()
    assert "msg_abc" in body and "ConnectionRefusedError" in body and "svar 204" in body


@pytest.mark.parametrize("persona", ["contact_staff", "head_of_operations", "quality_developer", "registrar"])
def test_charlie_has_no_access_to_the_integrations(client, tree, persona):
    endpoint = webhook_subscribe(
        organisation=tree.organisation,
        url="https://hooks.example/in",
        events=["case.registered"],
        acting_user=tree.administrator,
    )
    client.force_login(getattr(tree, persona))
    slug = tree.organisation.slug
    assert client.get(reverse("integrations:page")).status_code == 404
    assert client.get(page_url(tree)).status_code == 404
    assert (
        client.post(reverse("integrations:token_create", args=[slug]), {"token-name": "x"}).status_code == 404
    )
    assert client.get(reverse("integrations:webhook_deliveries", args=[slug, endpoint.pk])).status_code == 404
    assert client.post(reverse("integrations:webhook_delete", args=[slug, endpoint.pk])).status_code == 404
    assert not ApiToken.objects.exists()


def test_another_organisations_administrator_has_no_access(client, tree):
    from organisations.testing import build_tree

    other = build_tree(slug="annanby", prefix="AB")
    client.force_login(other.administrator)
    assert client.get(page_url(tree)).status_code == 404
    assert client.get(reverse("integrations:page")).url == reverse(
        "integrations:organisation", args=["annanby"]
    )
