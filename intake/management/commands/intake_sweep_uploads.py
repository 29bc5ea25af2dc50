"""Delete files attached in the intake wizard but never submitted (kept at most a day). Run it daily (cron or
the task worker)."""

from typing import Any

from django.core.management.base import BaseCommand

from intake.tempfiles import temp_sweep


class Command(BaseCommand):
    help = "Delete files attached in the intake but never submitted, once they are a day old."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = temp_sweep()
        if options["verbosity"] > 0:
            self.stdout.write(f"Deleted {deleted} unsubmitted intake file(s).")
