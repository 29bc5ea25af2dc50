"""The supervisory authority's figures of the bench (issue 19 item 9, `--only reports`): the register of reports,
the triage list and the planning view over the seeded authority's reports (scale.seeding.reports), each opened with
its default filters by the staff who work with it:

- the register of reports (every report, the latest first: `?show=all`) by a department head,
- the triage list (the reports waiting for a decision, the oldest first: the list's default) by the department's
  registrar,
- the planning view (signals of the last twelve months) by an inspector of the department,

all three for the department with the most reports, and again for the central registrar, who reads every
department at once (the national view). Imported by bench/run.py after Django is set up.

The planning view is counted afresh at every request, from the monthly summary of signals (supervision.SignalMonth;
there is no cache in front of it since decision 42's amendment), so its figure is the uncached computation. A
database seeded before the summary existed has it written once here (signals_rebuild) before measuring.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from organisations.models import Role, RoleAssignment
from scale.seeding.reports import AUTHORITY_SLUG, STAFF_PREFIX, seeded_reports
from supervision.models import Report, SignalMonth
from supervision.signal_summary import signals_rebuild


def reports_ensure(wanted: int, say: Callable[[str], None]) -> tuple[int, tuple[int, float] | None]:
    """Top the seeded authority up to `wanted` reports (seed_scale --reports); returns the count and, if it
    seeded, (reports added, seconds)."""
    have = seeded_reports()
    if have >= wanted:
        say(f"• Reusing {have:,} seeded reports")
        seeded = Report.objects.filter(authority__slug=AUTHORITY_SLUG).values_list("authority_id", flat=True)
        authority_id = seeded.first()
        if authority_id is not None and not SignalMonth.objects.filter(authority_id=authority_id).exists():
            started = time.monotonic()
            rows = signals_rebuild(authority_id=authority_id)
            say(f"• Wrote the planning summary ({rows:,} rows) in {time.monotonic() - started:.0f} s")
        return have, None
    say(f"• Seeding {wanted - have:,} reports (have {have:,})")
    started = time.monotonic()
    call_command("seed_scale", reports=wanted, skip_checks=True)
    return seeded_reports(), (wanted - have, time.monotonic() - started)


def report_pages(session_for: Callable[[Any], dict[str, str]]) -> list[tuple[str, dict[str, str], str]]:
    """(figure, session cookie, path) for each page and reader."""
    busiest = (
        Report.objects.filter(authority__slug=AUTHORITY_SLUG)
        .values("department__node_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        return []
    node_id = busiest["department__node_id"]
    holders = {
        role: user
        for role, user in (
            (assignment.role, assignment.user)
            for assignment in RoleAssignment.objects.filter(node_id=node_id)
            .select_related("user")
            .order_by("-pk")
        )
    }
    central = (
        RoleAssignment.objects.filter(user__username=f"{STAFF_PREFIX}central", role=Role.REGISTRAR)
        .select_related("user")
        .first()
    )
    reports, planning = reverse("supervision:reports"), reverse("supervision:planning")
    pages = [
        ("Register of reports, department head", holders[Role.DEPARTMENT_HEAD], f"{reports}?show=all"),
        ("Triage list, registrar", holders[Role.REGISTRAR], reports),
        ("Planning view, inspector", holders[Role.INSPECTOR], planning),
    ]
    if central is not None:
        pages += [
            (
                "Register of reports, central registrar (every department)",
                central.user,
                f"{reports}?show=all",
            ),
            ("Triage list, central registrar (every department)", central.user, reports),
            ("Planning view, central registrar (every department)", central.user, planning),
        ]
    cookies: dict[int, dict[str, str]] = {}
    result = []
    for name, user, path in pages:
        if user.pk not in cookies:
            cookies[user.pk] = session_for(user)
        result.append((name, cookies[user.pk], path))
    return result
