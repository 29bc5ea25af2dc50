"""The authority's reference number written back: once the authority's installation answers with the reference it
registered the report under, the municipality's case keeps it and shows it to staff on the case page and to the
citizen on theirs. The authority here is a real HTTP server on 127.0.0.1 that answers as the API does."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.exchange import message_deliver, report_send, report_to_authority
from api.models import DeliveryStatus, OutboundMessage, PeerRole
from api.services import peer_add
from cases.services import case_flag_serious_deficiency
from cases.tests.handling_helpers import register
from citizen.views import SESSION_CASE
from staff.tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

IVO_REFERENCE = "TIL 2026/00017"


class AuthorityServer(ThreadingHTTPServer):
    """Answers every POST with `answer`: (status, body)."""

    answer: tuple[int, dict[str, object]] = (201, {"reference": IVO_REFERENCE})


class Authority(BaseHTTPRequestHandler):
    server: AuthorityServer

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, body = self.server.answer
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def authority() -> Iterator[AuthorityServer]:
    server = AuthorityServer(("127.0.0.1", 0), Authority)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sent(tree, authority):
    peer_add(
        organisation=tree.organisation,
        role=PeerRole.AUTHORITY,
        name="Inspektionen (fiktiv)",
        base_url=f"http://127.0.0.1:{authority.server_address[1]}",
        token="spk_theirs",
        acting_user=tree.administrator,
    )
    case = register(tree)
    case_flag_serious_deficiency(
        case=case, acting_user=case.holder
    )  # so the citizen's page shows IVO's section
    report_send(case=case, acting_user=None, actor_label="citizen", county="Västerbottens län")
    return case


def citizen_page(client, case) -> str:
    session = client.session
    session[SESSION_CASE] = case.pk
    session.save()
    return client.get("/folj/arende/").content.decode()


def test_the_authoritys_reference_is_kept_with_the_case(sent):
    assert report_to_authority(sent).reference == ""  # queued: nothing from the authority yet
    assert message_deliver(OutboundMessage.objects.get().pk)
    report = report_to_authority(sent)
    assert report.status == DeliveryStatus.SENT and report.reference == IVO_REFERENCE


def test_a_retry_whose_first_answer_was_lost_gets_the_reference_too(sent, authority):
    authority.answer = (
        409,
        {"type": "https://ivo.example/api/problems/already-received", "reference": IVO_REFERENCE},
    )
    assert message_deliver(OutboundMessage.objects.get().pk)
    assert report_to_authority(sent).reference == IVO_REFERENCE


def test_staff_see_it_on_the_case_page(tree, sent):
    client = signed_in_client(tree.unit_manager)
    before = client.get(f"/personal/arende/{sent.pk}/").content.decode()
    assert "Anmälan till IVO" in before and "väntar på att IVO:s installation ska registrera den" in before
    message_deliver(OutboundMessage.objects.get().pk)
    page = client.get(f"/personal/arende/{sent.pk}/").content.decode()
    assert f'IVO:s diarienummer: <strong class="ivo-reference">{IVO_REFERENCE}</strong>' in page


def test_the_citizen_sees_it_on_their_case_page(client, sent):
    assert IVO_REFERENCE not in citizen_page(client, sent)
    message_deliver(OutboundMessage.objects.get().pk)
    page = citizen_page(client, sent)
    assert "Din anmälan skickades till IVO den" in page
    assert (
        f'IVO:s diarienummer för din anmälan: <strong class="ivo-reference">{IVO_REFERENCE}</strong>' in page
    )


def test_a_case_without_a_report_to_ivo_says_nothing_of_it(tree):
    case = register(tree)
    page = signed_in_client(tree.unit_manager).get(f"/personal/arende/{case.pk}/").content.decode()
    assert "Anmälan till IVO" not in page
