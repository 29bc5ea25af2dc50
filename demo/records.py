"""The register and a request for public documents in the demo: Exempelby publishes its register (`/diarium/`),
and a journalist (made up) asked by phone yesterday to see the documents of an open complaint. The registrar
registered the request; the case's holder has started the review with one masking, so that the request page shows
a masked passage and the parts still to review. Everything through the real services (records.services).
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from cases.models import OPEN_STATES, Case, CaseKind
from organisations.models import Organisation
from records import services
from records.models import LegalGround, RequestChannel


def seed_records(organisation: Organisation, users: dict[str, User], *, registrar: str) -> int:
    """Publish the register and register one request; the number of requests made (0 if no case fits)."""
    services.records_settings_change(
        organisation=organisation, changes={"register_published": True}, acting_user=users[registrar]
    )
    case = (
        Case.objects.filter(
            organisation=organisation, kind=CaseKind.COMPLAINT, state__in=OPEN_STATES, holder__isnull=False
        )
        .exclude(contact_name="")
        .order_by("pk")
        .first()
    )
    if case is None:
        return 0
    request = services.document_request_register(
        case=case,
        channel=RequestChannel.PHONE,
        requester_name="Kim Reportersson, Exempelby Tidning",
        requester_contact="kim.reportersson@example.se",
        received_on=timezone.localdate() - timedelta(days=1),
        acting_user=users[registrar],
    )
    ground = LegalGround.objects.filter(is_active=True).order_by("position").first()
    assert case.holder is not None and ground is not None
    services.document_request_mask(
        request=request,
        part_kind="field",
        part_key="contact_name",
        passage=case.contact_name,
        ground=ground,
        acting_user=case.holder,
    )
    services.document_request_review_part(
        request=request,
        part_kind="field",
        part_key="contact_name",
        withheld_ground=None,
        acting_user=case.holder,
    )
    return 1
