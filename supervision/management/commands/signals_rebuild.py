"""Write the planning view's summary of signals (supervision.SignalMonth) again from the reports, set-based."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from supervision.selectors import authorities
from supervision.signal_summary import signals_rebuild


class Command(BaseCommand):
    help = "Rebuild the planning view's monthly summary of signals from the reports, one authority at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--authority", help="The authority's short name (slug); every authority if left out."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = authorities()
        if options["authority"]:
            found = found.filter(slug=options["authority"])
        for authority in found.order_by("pk"):
            started = time.monotonic()
            rows = signals_rebuild(authority_id=authority.pk)
            self.stdout.write(f"{authority.slug}: {rows} rows in {time.monotonic() - started:.1f} s")
