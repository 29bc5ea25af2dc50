"""`manage.py outbox`: how the e-mail outbox stands; with --retry-failed, queue given-up messages again."""

from django.core.management.base import BaseCommand, CommandError

from notifications.services import outbox_retry_failed, outbox_status


class Command(BaseCommand):
    help = "Show queued and given-up e-mail; exit with status 1 if any message was given up (for monitoring)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--retry-failed", action="store_true", help="Queue every given-up message again.")

    def handle(self, *args: object, **options: object) -> None:
        if options["retry_failed"]:
            self.stdout.write(f"queued again: {outbox_retry_failed()}")
        status = outbox_status()
        oldest = status.oldest_queued_at.isoformat(timespec="seconds") if status.oldest_queued_at else "-"
        self.stdout.write(f"queued: {status.queued} (oldest {oldest})")
        self.stdout.write(f"given up: {status.failed}")
        if status.failed:
            raise CommandError("some e-mail was given up: check the mail server, then run --retry-failed")
