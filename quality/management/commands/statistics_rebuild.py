"""Recompute the statistics' summary table (quality.summary) from the cases: after seeding in bulk, after a
restore, or to check it. One organisation's month at a time, each in its own transaction; idempotent."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from organisations.models import Organisation
from quality.summary import organisation_rebuild


class Command(BaseCommand):
    help = "Recompute the statistics' summary table from the cases, one organisation's month at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", action="append", default=[], help="slug; repeat, or omit for all"
        )
        parser.add_argument("--batch", type=int, default=2000, help="cases read at a time (default 2000)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.order_by("pk")
        if options["organisation"]:
            organisations = organisations.filter(slug__in=options["organisation"])
        for organisation in organisations.iterator():
            months = organisation_rebuild(organisation.pk, chunk=options["batch"])
            if options["verbosity"] > 1:
                self.stdout.write(f"{organisation.slug}: {months} months")
