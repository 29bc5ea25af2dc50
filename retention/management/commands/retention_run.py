"""Execute an approved retention run, or take up one that was interrupted (the worker killed, the server
restarted): what is already deleted stays deleted, the rest is deleted in batches. Safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from retention.models import RetentionRun
from retention.services import BATCH_SIZE, RetentionError, run_execute


class Command(BaseCommand):
    help = "Execute (or resume) an approved retention run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run", type=int, help="The run's number (on its page).")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--pause",
            type=float,
            default=0.0,
            help="Seconds to wait between batches, to spare a busy service.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not RetentionRun.objects.filter(pk=options["run"]).exists():
            raise CommandError(f"There is no retention run {options['run']}.")
        try:
            run = run_execute(options["run"], batch_size=options["batch_size"], pause=options["pause"])
        except RetentionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Run {run.pk}: {run.get_state_display()}; deleted {run.deleted}, kept {run.kept}.")
