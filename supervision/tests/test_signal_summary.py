"""The planning view's summary (supervision.SignalMonth, docs/decisions/0042): the figures it gives are the ones
counted on the reports themselves (`planning_from_reports`, the reference) for every filter, after a report is
registered, decided and deleted by retention, after a rebuild and after seeding; and the view makes the same
queries for more reports."""

import io
from datetime import timedelta

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.services.categories import case_categorise
from organisations.models import Category, CategoryDimension
from retention.hooks import run_deletion_hooks
from scale.seeding.reports import reports_seed
from staff.tests.conftest import signed_in_client
from supervision.models import Outcome, Report, SignalMonth
from supervision.planning import Planning, planning, planning_from_reports
from supervision.selectors import authorities
from supervision.services import report_decide, report_register
from supervision.signal_summary import signals_rebuild

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


def _figures(result: Planning) -> tuple:
    return (
        result.since,
        result.quarter_starts,
        result.total,
        result.reports_in_words,
        [
            (
                row.provider.pk,
                row.total,
                row.quarters,
                [
                    (unit.unit_id, unit.name, unit.service_kind, unit.total, unit.quarters)
                    for unit in row.units
                ],
                row.categories,
            )
            for row in result.providers
        ],
    )


def _filters(ivo) -> list[dict]:
    every = [ivo.nord.pk, ivo.syd.pk]
    return [
        {"department_ids": every},
        {"department_ids": [ivo.nord.pk]},
        {"department_ids": every, "department_id": ivo.syd.pk},
        {"department_ids": every, "county": "Västerbottens län"},
        {"department_ids": every, "service_kind": "lss"},
        {"department_ids": every, "limit": 1},
    ]


def assert_same_figures(ivo, **extra) -> None:
    for filters in _filters(ivo):
        arguments = {"authority": ivo.authority, **filters, **extra}
        assert _figures(planning(**arguments)) == _figures(planning_from_reports(**arguments)), filters


def _topics(ivo, n: int) -> list[Category]:
    return list(Category.objects.filter(organisation=ivo.authority, dimension=CategoryDimension.TOPIC)[:n])


def test_the_summary_gives_the_figures_of_the_reports_as_the_services_change_them(ivo):
    assert_same_figures(ivo)
    now = timezone.now()
    reports = [
        _report(ivo),
        _report(ivo, unit=ivo.group_home, received_at=now - timedelta(days=100)),
        _report(ivo, unit=ivo.group_home, received_at=now - timedelta(days=200)),
        _report(ivo, unit=ivo.assistance, county="Skåne län", received_at=now - timedelta(days=300)),
        _report(ivo, unit=None, provider=ivo.municipal, county="Skåne län"),
        _report(ivo, unit=None, provider_in_words="Ett boende", county="Norrbottens län"),
        _report(ivo, received_at=now - timedelta(days=400)),  # older than the year: not counted
    ]
    assert_same_figures(ivo)
    assert planning(authority=ivo.authority, department_ids=[ivo.nord.pk, ivo.syd.pk]).total == 6
    # Decided: the categories chosen are counted.
    for report, n in zip(reports[:3], (1, 2, 2), strict=True):
        report_decide(
            report=report,
            outcome=Outcome.NO_FURTHER_REVIEW,
            notice="Vi har registrerat dina uppgifter.",
            topics=_topics(ivo, n),
            acting_user=ivo.inspector,
        )
    result = planning(authority=ivo.authority, department_ids=[ivo.nord.pk], language="en")
    assert sum(count for _label, count in result.providers[0].categories) == 5
    assert_same_figures(ivo)
    assert_same_figures(ivo, language="en")
    # Deleted by retention: the hook takes the reports out before their cases go.
    gone = [reports[1].pk, reports[5].pk]
    with transaction.atomic():
        run_deletion_hooks("complaint", gone)
        Case.objects.filter(pk__in=gone).delete()
    assert not Report.objects.filter(pk__in=gone).exists()
    assert_same_figures(ivo)
    assert planning(authority=ivo.authority, department_ids=[ivo.nord.pk, ivo.syd.pk]).reports_in_words == 0


def test_the_summary_follows_categories_changed_on_the_case_page(ivo):
    """The case page's categorise form (cases.services.case_categorise) changes a report's categories without
    the triage: the summary counts them all the same (cases.signals)."""
    report = _report(ivo)
    topics = _topics(ivo, 3)
    case_categorise(case=report.case, topics=topics[:2], causes=[], acting_user=ivo.inspector)
    assert_same_figures(ivo)
    case_categorise(case=report.case, topics=topics[1:], causes=[], acting_user=ivo.inspector)
    assert_same_figures(ivo)
    result = planning(authority=ivo.authority, department_ids=[ivo.nord.pk])
    assert sum(count for _label, count in result.providers[0].categories) == 2
    # Decided with the same topics: nothing changes, and nothing is counted twice.
    report_decide(
        report=report,
        outcome=Outcome.NO_FURTHER_REVIEW,
        notice="Vi har registrerat dina uppgifter.",
        topics=topics[1:],
        acting_user=ivo.inspector,
    )
    assert_same_figures(ivo)


def test_the_rebuild_writes_the_same_figures_and_merges_the_rows(ivo):
    for index in range(6):
        _report(ivo, unit=ivo.group_home if index % 2 else ivo.care_home)
    before = SignalMonth.objects.count()
    SignalMonth.objects.update(count=0)
    assert planning(authority=ivo.authority, department_ids=[ivo.nord.pk]).total == 0
    assert signals_rebuild(authority_id=ivo.authority.pk) == before
    assert_same_figures(ivo)
    assert signals_rebuild(authority_id=ivo.authority.pk) == before  # idempotent


def test_the_command_rebuilds_every_authority(ivo):
    _report(ivo)
    SignalMonth.objects.all().delete()
    out = io.StringIO()
    call_command("signals_rebuild", stdout=out)
    assert authorities().count() == 1 and "rows in" in out.getvalue()
    assert_same_figures(ivo)


def test_the_seeding_leaves_the_summary_consistent(db):
    reports_seed(count=60, seed=5, batch_size=25, out=lambda _: None, progress_stream=io.StringIO())
    authority = Report.objects.first().authority
    departments = list(authority.supervision_departments.values_list("pk", flat=True))
    for filters in ({}, {"department_id": departments[0]}, {"service_kind": "sol"}):
        arguments = {"authority": authority, "department_ids": departments, **filters}
        assert _figures(planning(**arguments)) == _figures(planning_from_reports(**arguments))
    assert planning(authority=authority, department_ids=departments).total > 0


def _queries(client, path: str) -> int:
    """The queries of the page drawn afresh (not from the figures kept by an earlier request)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_planning_view_makes_the_same_queries_for_more_reports(ivo):
    topics = _topics(ivo, 2)
    report_decide(
        report=_report(ivo),
        outcome=Outcome.NO_FURTHER_REVIEW,
        notice="Vi har registrerat dina uppgifter.",
        topics=topics[:1],
        acting_user=ivo.inspector,
    )
    client = signed_in_client(ivo.inspector)
    client.get(PLANNING)  # the session's first request
    before = _queries(client, PLANNING)
    for index in range(20):
        report = _report(ivo, unit=ivo.group_home if index % 2 else ivo.care_home)
        if index % 3 == 0:
            report_decide(
                report=report,
                outcome=Outcome.NO_FURTHER_REVIEW,
                notice="Vi har registrerat dina uppgifter.",
                topics=topics,
                acting_user=ivo.inspector,
            )
    assert _queries(client, PLANNING) == before
    assert _queries(client, f"{PLANNING}?service_kind=lss") == before
    page = client.get(PLANNING).content.decode()
    assert "21" in page  # counted at once: no cache between the reports and the page


def test_the_planning_view_keeps_its_figures_until_its_signals_or_register_change(ivo):
    from supervision.register import register_import

    _report(ivo)
    client = signed_in_client(ivo.inspector)
    first = client.get(PLANNING).content.decode()
    assert "Omsorgsbolaget Exempel AB" in first

    # Kept: a change that bypasses the services is not seen (nothing may do that; this shows the page is kept) …
    SignalMonth.objects.update(count=7)
    assert client.get(PLANNING).context["planning"].total == 1
    # … until the version is raised: by a rebuild, which also writes the real figures again,
    signals_rebuild(authority_id=ivo.authority.pk)
    assert client.get(PLANNING).context["planning"].total == 1
    SignalMonth.objects.update(count=7)
    # by a report,
    _report(ivo, unit=ivo.group_home)
    assert (
        client.get(PLANNING).context["planning"].total == 7 + 1
    )  # the summary as it now is, plus the new one
    # and by a change of a report's categories.
    signals_rebuild(authority_id=ivo.authority.pk)
    assert client.get(PLANNING).context["planning"].total == 2
    report = Report.objects.order_by("pk").first()
    assert report is not None
    case_categorise(case=report.case, topics=_topics(ivo, 1), causes=[], acting_user=ivo.inspector)
    categories = client.get(PLANNING).context["planning"].providers[0].categories
    assert [count for _name, count in categories] == [1]

    # The register's names are on the page: an import that renames the provider draws it again.
    register_import(
        authority=ivo.authority,
        data="organisationsnummer;huvudman;typ;enhet;verksamhet;län\n"
        "556677-8899;Omsorgsbolaget Nytt Namn AB;privat;Björkhagens äldreboende;SoL;Västerbottens län\n".encode(),
        acting_user=None,
    )
    page = client.get(PLANNING).content.decode()
    assert "Omsorgsbolaget Nytt Namn AB" in page and "Omsorgsbolaget Exempel AB" not in page

    # Another reader with other departments never gets the figures kept for the first.
    central = signed_in_client(ivo.central_registrar).get(PLANNING).context["planning"]
    assert central.total == 2
