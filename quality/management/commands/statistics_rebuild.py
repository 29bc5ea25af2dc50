"""Recompute the statistics' summary table (quality.summary) from the cases: after seeding in bulk, after a
restore, or to check it. One organisation at a time, each in its own transaction, its rows grouped by the
database (quality.summary_rebuild); `--per-case` takes the services' path instead, case by case and a month at
a time (the reference: slow, about 5 ms a case). Idempotent either way."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from organisations.models import Organisation
from quality.models import CaseMonthly
from quality.summary import organisation_rebuild
from quality.summary_rebuild import organisation_rebuild_grouped


class Command(BaseCommand):
    help = "Recompute the statistics' summary table from the cases, one organisation at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", action="append", default=[], help="slug; repeat, or omit for all"
        )
        parser.add_argument(
            "--per-case",
            action="store_true",
            help="compute each case's facts in Python, a month at a time (the reference; slow)",
        )
        parser.add_argument(
            "--batch", type=int, default=2000, help="with --per-case: cases read at a time (default 2000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.order_by("pk")
        if options["organisation"]:
            organisations = organisations.filter(slug__in=options["organisation"])
        for organisation in organisations.iterator():
            started = time.monotonic()
            if options["per_case"]:
                months = organisation_rebuild(organisation.pk, chunk=options["batch"])
            else:
                months = organisation_rebuild_grouped(organisation.pk)
            if options["verbosity"] > 1:
                self.stdout.write(f"{organisation.slug}: {months} months, {time.monotonic() - started:.1f} s")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Every row was rewritten: clear the dead ones and set the visibility map, or the page's index-only
            # scans visit the heap for each row (docs/decisions/0034), and give the planner the new figures.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(CaseMonthly._meta.db_table)}")
