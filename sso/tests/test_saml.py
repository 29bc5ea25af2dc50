"""Staff single sign-on with SAML 2.0 against a real identity provider (pysaml2's Server over HTTP, started by the
test): matched to the existing account, the provider's AuthnContextClassRef as the second factor when the
installation counts it, else the authenticator app; a clear refusal for anyone else, and a replayed or forged
answer refused. Every sign-on and refusal is audited."""

import base64
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from django.urls import reverse

from accounts.testing import totp_code_for
from audit.actions import Action
from audit.models import Event
from sso.models import StaffIdentity
from sso.tests.saml_idp import MFA_CONTEXT, PASSWORD_CONTEXT

pytestmark = pytest.mark.django_db


def start(client, next_url="/personal/"):
    response = client.get(reverse("sso:saml_start"), {"next": next_url})
    assert response.status_code == 302, response.content
    return response["Location"]


def at_the_provider(location, *, subject, email, context=MFA_CONTEXT):
    """The person's browser at the provider: its form, then its answer page that posts back to Synpunkt."""
    page = httpx2.get(location)
    assert page.status_code == 200
    fields = dict(re.findall(r'name="(SAMLRequest|RelayState)" value="([^"]*)"', page.text))
    answer = httpx2.post(
        f"{urlsplit(location).scheme}://{urlsplit(location).netloc}/login",
        data={
            **{k: unescape(v) for k, v in fields.items()},
            "subject": subject,
            "email": email,
            "context": context,
        },
    )
    assert answer.status_code == 200, answer.text
    action = unescape(re.search(r'action="([^"]+)"', answer.text).group(1))
    posted = {
        name: unescape(value) for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', answer.text)
    }
    return action, posted


def back_to_synpunkt(client, action, posted):
    assert urlsplit(action).path == reverse("sso:saml_answer")
    return client.post(urlsplit(action).path, posted)


def sign_on(client, provider, **person):
    return back_to_synpunkt(client, *at_the_provider(start(client), **person))


def test_the_log_in_page_offers_the_organisations_account(client, tree, saml_provider):
    page = client.get(reverse("accounts:login")).text
    assert "Logga in med organisationens konto" in page
    assert reverse("sso:saml_start") in page


def test_the_request_goes_by_redirect_and_names_synpunkt(client, tree, saml_provider):
    location = start(client)
    assert location.startswith(f"{saml_provider.url}/sso?")
    assert parse_qs(urlsplit(location).query)["RelayState"] == ["/personal/"]


def test_it_lets_a_person_in_with_the_providers_second_factor(client, tree, saml_provider):
    anna = tree.contact_staff
    response = sign_on(client, saml_provider, subject="anna-persistent-id", email=anna.email)
    assert response.status_code == 302, response.content
    assert response["Location"] == "/personal/"
    assert client.get("/personal/").status_code == 200
    identity = StaffIdentity.objects.get(user=anna)
    assert (identity.protocol, identity.issuer, identity.subject) == (
        "saml",
        saml_provider.entity_id,
        "anna-persistent-id",
    )
    event = Event.objects.get(action=Action.SSO_SIGNED_IN)
    assert event.actor_id == anna.pk
    assert event.data == {
        "protocol": "saml",
        "issuer": saml_provider.entity_id,
        "second_factor": "identity_provider",
    }


def test_it_asks_for_the_authenticator_code_after_a_password_only_sign_on(client, tree, saml_provider):
    anna = tree.contact_staff
    response = sign_on(
        client, saml_provider, subject="anna-persistent-id", email=anna.email, context=PASSWORD_CONTEXT
    )
    assert response["Location"] == f"{reverse('accounts:otp_verify')}?next=%2Fpersonal%2F"
    assert client.get("/personal/").status_code == 302
    client.post(reverse("accounts:otp_verify"), {"code": totp_code_for(anna), "next": "/personal/"})
    assert client.get("/personal/").status_code == 200
    assert Event.objects.get(action=Action.SSO_SIGNED_IN).data["second_factor"] == "authenticator_app"


def test_it_refuses_an_unknown_person_with_a_clear_page(client, tree, saml_provider):
    response = sign_on(client, saml_provider, subject="stranger", email="okand.person@example.org")
    assert response.status_code == 403
    assert "du har inget personalkonto i Synpunkt" in response.text
    assert "_auth_user_id" not in client.session
    event = Event.objects.get(action=Action.SSO_REFUSED)
    assert event.data == {
        "protocol": "saml",
        "reason": "unknown",
        "issuer": saml_provider.entity_id,
        "subject": "stranger",
    }


def test_it_refuses_a_replayed_answer(client, tree, saml_provider):
    action, posted = at_the_provider(
        start(client), subject="anna-persistent-id", email=tree.contact_staff.email
    )
    assert back_to_synpunkt(client, action, posted).status_code == 302
    client.logout()
    replayed = back_to_synpunkt(client, action, posted)
    assert replayed.status_code == 403
    assert "_auth_user_id" not in client.session
    assert Event.objects.get(action=Action.SSO_REFUSED).data["reason"] == "provider"


def test_it_refuses_a_forged_answer(client, tree, saml_provider):
    action, posted = at_the_provider(start(client), subject="stranger", email="okand.person@example.org")
    xml = base64.b64decode(posted["SAMLResponse"]).decode()
    forged = xml.replace("okand.person@example.org", tree.contact_staff.email)
    assert forged != xml
    posted["SAMLResponse"] = base64.b64encode(forged.encode()).decode()
    response = back_to_synpunkt(client, action, posted)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not StaffIdentity.objects.exists()
