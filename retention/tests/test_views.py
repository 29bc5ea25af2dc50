"""The retention pages: only the archivist, a run started twice refused with a message, approval, the progress
page that refreshes itself while the worker deletes, and legal holds placed and lifted by reference number."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import Event
from cases.models import Case
from retention.models import LegalHold, RetentionRun, RunState

from .conftest import old_case, signed_in_client

pytestmark = pytest.mark.django_db


def test_staff_without_the_archivists_role_get_no_retention_page(tree):
    for user in (tree.head_of_operations, tree.administrator, tree.contact_staff):
        client = signed_in_client(user)
        assert client.get(reverse("retention:runs")).status_code == 403
        assert client.post(reverse("retention:run_start")).status_code == 403


def test_the_archivist_previews_approves_and_follows_the_run(tree, archivist):
    case = old_case(tree)
    client = signed_in_client(archivist)
    page = client.get(reverse("retention:runs"))
    assert page.status_code == 200
    assert "Gallring" in page.content.decode()
    response = client.post(reverse("retention:run_start"), {"organisation": tree.organisation.pk})
    run = RetentionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("retention:run", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert case.reference_number in page
    assert "Godkänn och gallra" in page
    assert 'http-equiv="refresh"' not in page
    assert case.what_happened not in page  # references and dates only

    # Started twice: refused, in words, and the first run is untouched.
    again = client.post(reverse("retention:run_start"), {"organisation": tree.organisation.pk})
    assert again.status_code == 400
    assert "pågår redan" in again.content.decode()
    assert RetentionRun.objects.count() == 1

    client.post(reverse("retention:run_approve", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == RunState.APPROVED and run.approved_by == archivist
    page = client.get(reverse("retention:run", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="run-progress" max="1" value="0">' in page
    # Approved twice: a message, nothing else.
    response = client.post(reverse("retention:run_approve", args=[run.pk]), follow=True)
    assert "redan beslutad" in response.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()  # the worker deletes, not the request


def test_the_run_page_is_fully_english(tree, archivist):
    old_case(tree)
    client = signed_in_client(archivist)
    client.post(reverse("retention:run_start"), {"organisation": tree.organisation.pk})
    run = RetentionRun.objects.get()
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        page = client.get(reverse("retention:run", args=[run.pk]), headers={"accept-language": "en"})
    text = page.content.decode()
    assert "Approve and delete" in text and "Records due for deletion" in text


def test_a_legal_hold_by_reference_number_and_its_lifting(tree, archivist):
    case = old_case(tree)
    client = signed_in_client(archivist)
    response = client.post(
        reverse("retention:hold_place"), {"reference_number": "SN 1999/99999", "reason": "Tvist"}
    )
    assert response.status_code == 400
    assert "SN 1999/99999" in response.content.decode()
    response = client.post(
        reverse("retention:hold_place"),
        {"reference_number": case.reference_number.lower(), "reason": "Tvist"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(record_id=case.pk, lifted_at__isnull=True)
    assert Event.objects.filter(action="legal_hold_placed", case_id=case.pk).exists()
    client.post(reverse("retention:hold_lift", args=[hold.pk]))
    hold.refresh_from_db()
    assert hold.lifted_by == archivist


def test_another_organisations_archivist_sees_neither_runs_nor_cases(tree, archivist):
    from organisations.testing import build_tree

    from .conftest import archivist_of

    other = build_tree("annanby", "AN")
    stranger = archivist_of(other)
    case = old_case(tree)
    signed_in_client(archivist).post(reverse("retention:run_start"), {"organisation": tree.organisation.pk})
    run = RetentionRun.objects.get()
    client = signed_in_client(stranger)
    assert client.get(reverse("retention:run", args=[run.pk])).status_code == 404
    assert client.post(reverse("retention:run_approve", args=[run.pk])).status_code == 404
    response = client.post(
        reverse("retention:hold_place"), {"reference_number": case.reference_number, "reason": "x"}
    )
    assert response.status_code == 400
