"""A SAML 2.0 identity provider for the tests, built on pysaml2's Server and served over real HTTP on a free port
of 127.0.0.1: it reads Synpunkt's AuthnRequest (HTTP-Redirect), shows a small form where the test says who signs
in (subject, e-mail address, authentication context), and answers with a signed assertion by HTTP-POST, as an
organisation's identity provider would. Its key and certificate are made for each test run."""

import datetime
import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig, SPConfig
from saml2.metadata import create_metadata_string, entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
MFA_CONTEXT = "https://refeds.org/profile/mfa"


def key_pair(directory: Path, name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class SamlIdentityProvider:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.entity_id = f"{self.url}/metadata"
        key_file, cert_file = key_pair(directory, "idp")
        self.idp_config = {
            "entityid": self.entity_id,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "service": {
                "idp": {
                    "name": "Testby kommuns identitetsleverantör",
                    "endpoints": {"single_sign_on_service": [(f"{self.url}/sso", BINDING_HTTP_REDIRECT)]},
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
                }
            },
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {},
        }
        self.metadata_file = directory / "idp-metadata.xml"
        config = IdPConfig().load(dict(self.idp_config))
        self.metadata_file.write_text(create_metadata_string(None, config=config, valid=4).decode())
        self.server: Server | None = None
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def trust(self, sp_config: dict) -> None:
        """Load the service provider's metadata (as an administrator of the provider would) and start serving."""
        sp_metadata = self.directory / "sp-metadata.xml"
        descriptor = entity_descriptor(SPConfig().load(dict(sp_config)))
        sp_metadata.write_text(str(descriptor))
        self.server = Server(
            config=IdPConfig().load({**self.idp_config, "metadata": {"local": [str(sp_metadata)]}})
        )
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, *, saml_request: str, relay_state: str, subject: str, email: str, context: str) -> str:
        """The provider's answer page: an HTML form that posts the signed response to Synpunkt."""
        assert self.server is not None
        request = self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        args = self.server.response_args(request.message, [BINDING_HTTP_POST])
        response = self.server.create_authn_response(
            identity={"mail": [email]} if email else {},
            userid=subject,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            authn={"class_ref": context, "authn_auth": self.entity_id},
            sign_assertion=True,
            **{key: args[key] for key in ("in_response_to", "destination", "sp_entity_id", "name_id_policy")},
        )
        http_args = self.server.apply_binding(
            BINDING_HTTP_POST, str(response), args["destination"], relay_state, response=True
        )
        return http_args["data"]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(self, body: str, status: int = 200) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                if parts.path != "/sso" or "SAMLRequest" not in query:
                    self._send("not found", 404)
                    return
                hidden = "".join(
                    f'<input type="hidden" name="{name}" value="{html.escape(query.get(name, ""))}">'
                    for name in ("SAMLRequest", "RelayState")
                )
                self._send(
                    '<!DOCTYPE html><html lang="sv"><head><title>Logga in</title></head><body><main>'
                    '<h1>Testby kommun: logga in</h1><form method="post" action="/login">'
                    f'{hidden}<label for="subject">Subject</label><input id="subject" name="subject">'
                    '<label for="email">E-mail</label><input id="email" name="email">'
                    '<label for="context">Context</label><input id="context" name="context">'
                    '<button type="submit">Sign in</button></form></main></body></html>'
                )

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path != "/login":
                    self._send("not found", 404)
                    return
                self._send(
                    provider.answer(
                        saml_request=form["SAMLRequest"],
                        relay_state=form.get("RelayState", ""),
                        subject=form["subject"],
                        email=form.get("email", ""),
                        context=form.get("context") or PASSWORD_CONTEXT,
                    )
                )

        return Handler
