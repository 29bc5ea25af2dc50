"""Issue 19, item 8: a municipality's installation and the supervisory authority's, each a real server with its own
database, exchange a report and a hand-over through HTTP; a webhook delivery to a receiver that is down arrives
after it comes back, exactly once."""

import pytest

from api.tests.installations import Receiver, installations

SETUP_MUNICIPALITY = """
from organisations.testing import build_tree
from api.services import api_token_create
tree = build_tree(slug="exempelby", prefix="SN")
result = api_token_create(organisation=tree.organisation, name="Inspektionen", acting_user=None).secret
"""

SETUP_AUTHORITY = """
from supervision.testing import build_authority
from api.services import api_token_create
ivo = build_authority()
result = api_token_create(organisation=ivo.authority, name="Exempelby kommun", acting_user=None).secret
"""

CONNECT = """
from organisations.models import Organisation
from api.services import peer_add
result = peer_add(organisation=Organisation.objects.get(), role={role!r}, name="Exempelby kommun",
                  base_url={url!r}, token={token!r}, acting_user=None).pk
"""

REPORT = """
from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register
from organisations.models import Organisation, OrgNode
from api.exchange import report_send
organisation = Organisation.objects.get()
case = case_register(submission=CaseSubmission(
    organisation=organisation, kind=CaseKind.COMPLAINT, sender_role=SenderRole.RELATIVE,
    what_happened="Min mamma fick inte sin medicin på tre dagar.", unit=OrgNode.objects.get(name="Solgårdens äldreboende"),
    contact_name="Test Testsson", contact_email="test@example.se")).case
report_send(case=case, acting_user=None, actor_label="citizen")
result = case.reference_number
"""

SUBSCRIBE = """
from organisations.models import Organisation
from accounts.models import User
from webhooks.services import webhook_subscribe
endpoint = webhook_subscribe(organisation=Organisation.objects.get(), url={url!r}, events=["case.registered"],
                             acting_user=User.objects.get(username="exempelby-gun"))
result = endpoint.secret
"""


@pytest.fixture
def pair(tmp_path):
    municipality, authority = installations(tmp_path, ["municipality", "authority"])
    yield municipality, authority
    municipality.stop()
    authority.stop()


def test_a_report_goes_to_the_authority_and_a_handover_comes_back(pair):
    municipality, authority = pair
    municipality_token = municipality.python(SETUP_MUNICIPALITY)
    authority_token = authority.python(SETUP_AUTHORITY)
    municipality.start()
    authority.start()
    municipality.python(CONNECT.format(role="authority", url=authority.url, token=authority_token))
    authority.python(CONNECT.format(role="municipality", url=municipality.url, token=municipality_token))

    # The citizen's report to IVO, from their case, sent by the municipality's worker.
    reference = municipality.python(REPORT)
    municipality.work()
    sent = municipality.python(
        "from api.models import OutboundMessage\n"
        "m = OutboundMessage.objects.get()\n"
        "result = [m.status, m.remote_reference, m.payload]"
    )
    received = authority.python(
        "from supervision.models import Report\n"
        "r = Report.objects.get()\n"
        "result = ['report', r.case.reference_number, r.external_reference, r.case.what_happened,"
        " r.case.channel, r.department.region_key]"
    )
    assert received[2].endswith(":" + reference)
    assert received[3] == "Min mamma fick inte sin medicin på tre dagar."
    assert received[4:] == ["exchange", "nord"]  # from another installation, to the county's department
    assert sent == ["sent", received[1], {}]  # what it said is wiped from the outbox once received
    # The authority's reference number is written back to the municipality's case, which shows it to staff.
    shown = municipality.python(
        "from django.template.loader import render_to_string\n"
        "from django.utils import translation\n"
        "from api.exchange import report_to_authority\n"
        "from cases.models import Case\n"
        f"case = Case.objects.get(reference_number={reference!r})\n"
        "translation.activate('sv')\n"
        "result = [report_to_authority(case).reference,\n"
        "          render_to_string('api/_ivo_report_fact.html', {'case': case})]"
    )
    assert shown[0] == received[1]
    assert f'IVO:s diarienummer: <strong class="ivo-reference">{received[1]}</strong>' in shown[1]

    # A webhook subscriber of the municipality, whose receiver is down when the hand-over arrives.
    receiver = Receiver()
    receiver.secret = municipality.python(SUBSCRIBE.format(url=receiver.url))

    # The authority hands the report over to the municipality: a new case there, from the supervisory authority.
    authority.python(
        "from organisations.models import Category, CategoryDimension\n"
        "from accounts.models import User\n"
        "from supervision.models import Outcome, Report\n"
        "from supervision.services import report_decide\n"
        "report = Report.objects.get()\n"
        "report_decide(report=report, outcome=Outcome.HANDED_OVER, notice='Vi lämnar över till nämnden.',\n"
        "    topics=[Category.objects.filter(organisation=report.authority, dimension=CategoryDimension.TOPIC).first()],\n"
        "    acting_user=User.objects.get(username='tillsynen-insp'), hand_to_name='Exempelby kommun')\n"
        "result = None"
    )
    authority.work()
    case = municipality.python(
        "from cases.models import Case\n"
        "c = Case.objects.get(channel='authority')\n"
        "result = [c.reference_number, c.unit.name, c.holder.username, c.what_happened]"
    )
    assert case[1] == "Solgårdens äldreboende"
    assert case[2]  # routed to someone, like any new case
    assert case[3] == "Min mamma fick inte sin medicin på tre dagar."
    handed = authority.python(
        "from supervision.models import HandOver\nh = HandOver.objects.get()\nresult = [h.state, h.remote_reference]"
    )
    assert handed == ["sent", case[0]]

    # The delivery fails while the receiver is down…
    municipality.work()
    tries = municipality.python(
        "from webhooks.models import WebhookDelivery\nd = WebhookDelivery.objects.get()\n"
        "result = [d.status, d.attempts, [a.error for a in d.tries.all()]]"
    )
    assert tries[0] == "queued" and tries[1] >= 1 and tries[2][0]
    assert receiver.calls == 0

    # …and arrives once it is back, exactly once, signed.
    receiver.start()
    try:
        for _ in range(60):
            municipality.work()
            if receiver.received:
                break
        status = municipality.python(
            "from webhooks.models import WebhookDelivery\nd = WebhookDelivery.objects.get()\nresult = d.status"
        )
        municipality.work()
    finally:
        receiver.stop()
    assert status == "delivered"
    assert not receiver.refused
    [payload] = receiver.received.values()
    assert payload["type"] == "case.registered"
    assert payload["data"]["reference_number"] == case[0]
    assert receiver.calls == 1
    assert "medicin" not in str(payload)
