"""The periodic sweep: run it every few minutes. Idempotent, and safe with two at once.

cron runs it every 5 minutes:

    */5 * * * *  cd /srv/synpunkt && .venv/bin/python manage.py sweep

Without cron, the `django.tasks` worker (`manage.py db_worker`) runs the same work as the task
`cases.deadlines.periodic_sweep`, which schedules its own next run every 5 minutes; `manage.py sweep --schedule`
starts that chain (once is enough; never more than one sweep waits). Running both does no harm, since every
reminder and every e-mail is claimed by exactly one sweep.
"""

from argparse import ArgumentParser

from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.deadlines import deadline_sweep, sweep_schedule
from core.ratelimit import counters_expired_delete
from notifications.services import outbox_sweep


class Command(BaseCommand):
    help = (
        "Send due e-mail, send deadline reminders and report overdue cases to managers (run every 5 minutes)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Do not sweep now: have the tasks worker run the sweep every 5 minutes from now on.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options.get("schedule"):
            from datetime import timedelta

            enqueued = sweep_schedule(delay=timedelta(0))
            self.stdout.write(
                "periodic sweep scheduled"
                if enqueued
                else "periodic sweep already scheduled (or not deferrable)"
            )
            return
        result = deadline_sweep()
        # Deadlines first, so that the reminders just queued go out in this same run.
        sent = outbox_sweep()
        counters_expired_delete(now=timezone.now())
        self.stdout.write(
            f"reminders before the date: {result.reminded_before}; on the date: {result.reminded_due}; "
            f"overdue reported: {result.overdue_reported}; confirm receipt: {result.reminded_acknowledge}; "
            f"e-mail sent: {sent}"
        )
