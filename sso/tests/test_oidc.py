"""Staff single sign-on with OpenID Connect against a real provider (oidc-provider-mock, started by the test):
matched to the existing account, the provider's second factor when its ID token names one, else the code from the
authenticator app, and a clear refusal for anyone else. Every sign-on and refusal is audited."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.testing import totp_code_for
from audit.actions import Action
from audit.models import Event
from organisations.models import RoleAssignment
from sso.models import StaffIdentity

pytestmark = pytest.mark.django_db


def start(client, next_url="/personal/"):
    response = client.get(reverse("sso:oidc_start"), {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def back_to_synpunkt(client, location):
    parts = urlsplit(location)
    assert parts.path == reverse("sso:oidc_callback")
    return client.get(f"{parts.path}?{parts.query}")


def sign_on(client, provider, subject, next_url="/personal/"):
    return back_to_synpunkt(client, provider.authorize(start(client, next_url), subject))


def test_it_offers_the_organisations_account_on_the_log_in_page_only_when_configured(client, settings):
    settings.SSO_PROTOCOL = ""
    assert "Logga in med organisationens konto" not in client.get(reverse("accounts:login")).text
    assert client.get(reverse("sso:oidc_start")).status_code == 404
    settings.SSO_PROTOCOL = "oidc"
    page = client.get(reverse("accounts:login"), {"next": "/personal/"}).text
    assert "Logga in med organisationens konto" in page
    assert f"{reverse('sso:oidc_start')}?next=%2Fpersonal%2F" in page


def test_it_lets_a_person_in_with_the_providers_second_factor(client, tree, oidc_provider):
    anna = tree.contact_staff
    oidc_provider.person("anna-at-idp", email=anna.email.upper(), amr=["pwd", "mfa"])
    roles_before = list(RoleAssignment.objects.filter(user=anna).values_list("node", "role"))
    response = sign_on(client, oidc_provider, "anna-at-idp")
    assert response.status_code == 302
    assert response["Location"] == "/personal/"
    assert client.get("/personal/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("sso.identityproviderdevice/")
    identity = StaffIdentity.objects.get(user=anna)
    assert (identity.issuer, identity.subject, identity.protocol) == (
        oidc_provider.url,
        "anna-at-idp",
        "oidc",
    )
    assert list(RoleAssignment.objects.filter(user=anna).values_list("node", "role")) == roles_before
    event = Event.objects.get(action=Action.SSO_SIGNED_IN)
    assert event.actor_id == anna.pk
    assert event.data == {
        "protocol": "oidc",
        "issuer": oidc_provider.url,
        "second_factor": "identity_provider",
    }


def test_it_asks_for_the_authenticator_code_when_the_provider_asserts_no_second_factor(
    client, tree, oidc_provider
):
    anna = tree.contact_staff
    oidc_provider.person("anna-at-idp", email=anna.email, amr=["pwd"])
    response = sign_on(client, oidc_provider, "anna-at-idp")
    assert response["Location"] == f"{reverse('accounts:otp_verify')}?next=%2Fpersonal%2F"
    assert client.get("/personal/").status_code == 302  # not in yet
    response = client.post(
        reverse("accounts:otp_verify"), {"code": totp_code_for(anna), "next": "/personal/"}
    )
    assert response["Location"] == "/personal/"
    assert client.get("/personal/").status_code == 200
    event = Event.objects.get(action=Action.SSO_SIGNED_IN)
    assert event.data["second_factor"] == "authenticator_app"
    assert Event.objects.filter(action=Action.SIGNED_IN, actor_id=anna.pk).exists()


def test_it_counts_an_acr_the_installation_names_as_a_second_factor(client, tree, oidc_provider, settings):
    settings.SSO_MFA_CONTEXTS = ["http://id.elegnamnden.se/loa/1.0/loa3"]
    oidc_provider.person(
        "anna-at-idp", email=tree.contact_staff.email, acr="http://id.elegnamnden.se/loa/1.0/loa3"
    )
    sign_on(client, oidc_provider, "anna-at-idp")
    assert client.get("/personal/").status_code == 200


def test_it_matches_by_the_subject_once_linked_whatever_the_address_says_later(client, tree, oidc_provider):
    anna = tree.contact_staff
    oidc_provider.person("anna-at-idp", email=anna.email, amr=["mfa"])
    sign_on(client, oidc_provider, "anna-at-idp")
    client.logout()
    # The address at the provider changes to a colleague's: the subject still names Anna.
    oidc_provider.person("anna-at-idp", email=tree.unit_manager.email, amr=["mfa"])
    sign_on(client, oidc_provider, "anna-at-idp")
    assert int(client.session["_auth_user_id"]) == anna.pk


def test_it_refuses_an_unknown_person_with_a_clear_page(client, tree, oidc_provider):
    oidc_provider.person("stranger", email="okand.person@example.org", amr=["mfa"])
    response = sign_on(client, oidc_provider, "stranger")
    assert response.status_code == 403
    assert "Du kan inte logga in med organisationens konto" in response.text
    assert "du har inget personalkonto i Synpunkt" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/personal/").status_code == 302
    event = Event.objects.get(action=Action.SSO_REFUSED)
    assert event.actor_id is None
    assert event.data == {
        "protocol": "oidc",
        "reason": "unknown",
        "issuer": oidc_provider.url,
        "subject": "stranger",
    }
    assert not StaffIdentity.objects.exists()


def test_it_says_the_refusal_in_english_too(client, tree, oidc_provider):
    client.cookies["django_language"] = "en"
    oidc_provider.person("stranger", email="okand.person@example.org")
    response = sign_on(client, oidc_provider, "stranger")
    assert "You cannot log in with the organisation's account" in response.text
    assert "you have no staff account in Synpunkt" in response.text


def test_it_refuses_a_turned_off_account(client, tree, oidc_provider):
    anna = tree.contact_staff
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    oidc_provider.person("anna-at-idp", email=anna.email, amr=["mfa"])
    response = sign_on(client, oidc_provider, "anna-at-idp")
    assert response.status_code == 403
    assert Event.objects.get(action=Action.SSO_REFUSED).data["reason"] == "inactive"


def test_it_refuses_a_second_identity_claiming_a_linked_account(client, tree, oidc_provider):
    anna = tree.contact_staff
    oidc_provider.person("anna-at-idp", email=anna.email, amr=["mfa"])
    sign_on(client, oidc_provider, "anna-at-idp")
    client.logout()
    oidc_provider.person("someone-else", email=anna.email, amr=["mfa"])
    response = sign_on(client, oidc_provider, "someone-else")
    assert response.status_code == 403
    assert Event.objects.filter(action=Action.SSO_REFUSED).get().data["reason"] == "linked_elsewhere"


def test_it_refuses_an_address_the_provider_has_not_verified(client, tree, oidc_provider):
    oidc_provider.person("anna-at-idp", email=tree.contact_staff.email, email_verified=False, amr=["mfa"])
    response = sign_on(client, oidc_provider, "anna-at-idp")
    assert response.status_code == 403
    assert Event.objects.get(action=Action.SSO_REFUSED).data["reason"] == "unknown"


def test_it_refuses_when_the_person_cancels_at_the_provider(client, tree, oidc_provider):
    response = back_to_synpunkt(client, oidc_provider.deny(start(client)))
    assert response.status_code == 403
    assert "inloggningen hos din organisation avbröts" in response.text.lower()
    assert Event.objects.get(action=Action.SSO_REFUSED).data["reason"] == "provider"


def test_it_refuses_a_replayed_answer(client, tree, oidc_provider):
    oidc_provider.person("anna-at-idp", email=tree.contact_staff.email, amr=["mfa"])
    location = oidc_provider.authorize(start(client), "anna-at-idp")
    assert back_to_synpunkt(client, location).status_code == 302
    client.logout()
    replayed = back_to_synpunkt(client, location)
    assert replayed.status_code == 403
    assert "_auth_user_id" not in client.session


def test_it_refuses_a_forged_state(client, tree, oidc_provider):
    oidc_provider.person("anna-at-idp", email=tree.contact_staff.email, amr=["mfa"])
    location = oidc_provider.authorize(start(client), "anna-at-idp")
    forged = location.replace("state=", "state=x")
    response = back_to_synpunkt(client, forged)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_local_accounts_keep_working_beside_single_sign_on(client, tree, oidc_provider):
    from accounts.tests.test_login import password_step

    response = password_step(client, tree.contact_staff)
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    response = client.post(reverse("accounts:otp_verify"), {"code": totp_code_for(tree.contact_staff)})
    assert client.get("/personal/").status_code == 200


def test_an_administrator_unties_an_identity_and_it_is_audited(client, tree, oidc_provider):
    from sso.services import staff_identity_unlink

    anna = tree.contact_staff
    oidc_provider.person("anna-at-idp", email=anna.email, amr=["mfa"])
    sign_on(client, oidc_provider, "anna-at-idp")
    staff_identity_unlink(identity=StaffIdentity.objects.get(user=anna), acting_user=tree.administrator)
    assert not StaffIdentity.objects.exists()
    event = Event.objects.get(action=Action.SSO_IDENTITY_UNLINKED)
    assert event.actor_id == tree.administrator.pk
    assert event.data == {"user": anna.pk, "protocol": "oidc", "issuer": oidc_provider.url}
