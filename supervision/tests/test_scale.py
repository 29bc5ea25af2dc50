"""At national scale (issue 19 item 9): the register of reports and the triage list make the same queries for a
few reports or many (the planning view: test_signal_summary), the register counts only up to its cap; and the
seeding of a supervisory authority (scale.seeding.reports) writes what the services would, tops up idempotently and
is removed by --reset."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.se import orgnr

from cases.models import Case, CaseKind, CaseState, Message
from scale.seeding.authority import AUTHORITY_SLUG, organisation_number
from scale.seeding.reports import reports_seed, reports_seeded_delete
from staff.tests.conftest import signed_in_client
from supervision.models import HandOver, Outcome, Report, Supervision
from supervision.paging import CappedPaginator
from supervision.services import report_register

REPORTS = reverse("supervision:reports")
PLANNING = reverse("supervision:planning")


def _report(ivo, **kwargs):
    values = {
        "authority": ivo.authority,
        "channel": "web",
        "county": "Västerbottens län",
        "what_happened": "Något hände.",
        "unit": ivo.care_home,
    }
    return report_register(**(values | kwargs)).report


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_register_and_the_triage_list_make_the_same_queries_for_more_reports(ivo):
    _report(ivo)
    client = signed_in_client(ivo.head)
    client.get(REPORTS)  # the session's first request
    before = {path: _queries(client, path) for path in (REPORTS, f"{REPORTS}?show=all")}
    for index in range(60):  # more than a page
        _report(ivo, unit=ivo.group_home if index % 2 else ivo.care_home)
    after = {path: _queries(client, path) for path in (REPORTS, f"{REPORTS}?show=all")}
    assert after == before
    central = signed_in_client(ivo.central_registrar)
    central.get(REPORTS)
    assert _queries(central, f"{REPORTS}?show=all") == after[f"{REPORTS}?show=all"]


def test_the_register_counts_up_to_its_cap(ivo):
    for _ in range(4):
        _report(ivo)
    reports = Report.objects.order_by("received_at", "pk")
    paginator = CappedPaginator(reports, 2, cap=3)
    assert paginator.count == 3 and paginator.capped and paginator.num_pages == 2
    exact = CappedPaginator(reports, 2, cap=4)
    assert exact.count == 4 and not exact.capped


def test_seeded_organisation_numbers_are_valid():
    assert orgnr.is_valid(organisation_number("212000", 7))
    assert orgnr.is_valid(organisation_number("556012", 345 % 1000))


def test_the_seeding_writes_what_the_services_would_and_tops_up(db):
    result = reports_seed(count=40, seed=7, batch_size=15, out=lambda _: None, progress_stream=io.StringIO())
    assert result.reports == 40
    reports = Report.objects.filter(authority__slug=AUTHORITY_SLUG).select_related("case", "department__node")
    assert reports.count() == 40
    for report in reports:
        case = report.case
        assert case.kind == CaseKind.REPORT and case.organisation_id == report.authority_id
        assert case.unit_id == report.department.node_id and case.reference_number.startswith("TSK ")
        assert case.holder_id is not None
        if report.outcome:
            assert case.state == CaseState.CLOSED and report.decided_by_id is not None
            assert Message.objects.filter(case=case).exists()
        else:
            assert case.state == CaseState.REGISTERED
        if report.outcome == Outcome.SUPERVISION_OPENED:
            assert report.supervision is not None and "-T " in report.supervision.reference_number
        if report.outcome == Outcome.HANDED_OVER:
            hand_over = HandOver.objects.get(report=report)
            if report.provider is not None:
                assert hand_over.recipient_name == report.provider.name
                assert hand_over.recipient_organisation_number == report.provider.organisation_number
    numbers = list(Case.objects.filter(kind=CaseKind.REPORT).values_list("reference_number", flat=True))
    assert len(set(numbers)) == 40
    # Top-up: a second run adds only what is missing.
    assert reports_seed(count=40, out=lambda _: None).reports == 0
    assert reports_seed(count=45, out=lambda _: None, progress_stream=io.StringIO()).reports == 5
    assert Report.objects.count() == 45
    reports_seeded_delete(out=lambda _: None)
    assert not Report.objects.exists() and not Supervision.objects.exists()
    assert not Case.objects.filter(kind=CaseKind.REPORT).exists()


def test_seed_scale_seeds_reports(db):
    out = io.StringIO()
    call_command("seed_scale", reports=12, seed=3, stdout=out, stderr=io.StringIO())
    assert "Seeded 12 reports" in out.getvalue()
    assert Report.objects.count() == 12
