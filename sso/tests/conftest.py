"""A real OpenID Connect provider (oidc-provider-mock, a Flask app on a free port in a thread) and the settings
that point Synpunkt at it."""

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import httpx2
import oidc_provider_mock
import pytest

CLIENT_ID = "synpunkt-test"
CLIENT_SECRET = "not-a-real-secret-only-for-the-test-provider"


@dataclass
class OidcProvider:
    url: str

    def person(self, subject: str, **claims: object) -> None:
        """What the provider knows of `subject`: its claims, `amr` and `acr` among them."""
        response = httpx2.put(f"{self.url}/users/{quote(subject)}", json=claims)
        assert response.status_code == 204

    def authorize(self, location: str, subject: str) -> str:
        """The person signs in at the provider (the form a browser would post); where it sends them back."""
        response = httpx2.post(location, data={"sub": subject})
        assert response.status_code == 302, response.text
        return response.headers["location"]

    def deny(self, location: str) -> str:
        response = httpx2.post(location, data={"action": "deny"})
        assert response.status_code == 302, response.text
        return response.headers["location"]


@pytest.fixture
def oidc_provider(settings) -> Iterator[OidcProvider]:
    with oidc_provider_mock.run_server_in_thread() as server:
        url = f"http://localhost:{server.server_port}"
        settings.SSO_PROTOCOL = "oidc"
        settings.OIDC_OP_ISSUER = url
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{url}/oauth2/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{url}/oauth2/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{url}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{url}/jwks"
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "sso.oidc.StaffOIDCBackend"]
        yield OidcProvider(url=url)


@pytest.fixture
def saml_provider(settings, tmp_path):
    """A real SAML identity provider (pysaml2's Server over HTTP), trusted by Synpunkt and trusting it."""
    from sso.saml_config import saml_config
    from sso.tests.saml_idp import SamlIdentityProvider

    provider = SamlIdentityProvider(tmp_path)
    site_url = "http://testserver"
    config = saml_config(
        site_url=site_url,
        entity_id=f"{site_url}/konto/sso/saml/metadata/",
        idp_metadata_file=str(provider.metadata_file),
    )
    settings.SSO_PROTOCOL = "saml"
    settings.SAML_CONFIG = config
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "sso.saml.StaffSaml2Backend"]
    provider.trust(config)
    yield provider
    provider.stop()
