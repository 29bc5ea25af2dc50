"""pysaml2's configuration of Synpunkt as a SAML service provider, from a few settings (read by synpunkt/settings.py
from the environment, and by the tests for their own identity provider). Imports nothing of Django's models."""

from typing import Any

from saml2 import BINDING_HTTP_POST
from saml2.saml import NAMEID_FORMAT_PERSISTENT


def saml_config(
    *,
    site_url: str,
    entity_id: str,
    idp_metadata_file: str = "",
    idp_metadata_url: str = "",
    key_file: str = "",
    cert_file: str = "",
    xmlsec_binary: str = "/usr/bin/xmlsec1",
) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if idp_metadata_file:
        metadata["local"] = [idp_metadata_file]
    if idp_metadata_url:
        metadata["remote"] = [{"url": idp_metadata_url}]
    config: dict[str, Any] = {
        "xmlsec_binary": xmlsec_binary,
        "entityid": entity_id,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Synpunkt",
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "endpoints": {
                    "assertion_consumer_service": [(f"{site_url}/konto/sso/saml/svar/", BINDING_HTTP_POST)],
                },
                "allow_unsolicited": False,
                "authn_requests_signed": bool(key_file),
                "want_assertions_signed": True,
                "want_response_signed": False,
            }
        },
        "metadata": metadata,
    }
    if key_file and cert_file:
        config["key_file"] = key_file
        config["cert_file"] = cert_file
        config["encryption_keypairs"] = [{"key_file": key_file, "cert_file": cert_file}]
    return config
