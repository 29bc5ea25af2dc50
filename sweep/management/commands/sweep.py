"""`manage.py sweep`: one whole periodic sweep (sweep.services), for cron every 5 minutes:

    */5 * * * *  cd /srv/synpunkt && .venv/bin/python manage.py sweep

`manage.py sweep --schedule` instead has the `django.tasks` worker run it every 5 minutes from now on (once is
enough; never more than one sweep waits). Running both does no harm: every reminder and every e-mail is claimed
by exactly one sweep.
"""

from argparse import ArgumentParser
from datetime import timedelta

from django.core.management.base import BaseCommand

from sweep.services import sweep_run, sweep_schedule


class Command(BaseCommand):
    help = "Send deadline reminders, report overdue cases, send waiting e-mail and clear expired data (every 5 minutes)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Do not sweep now: have the tasks worker run the sweep every 5 minutes from now on.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options.get("schedule"):
            enqueued = sweep_schedule(delay=timedelta(0))
            self.stdout.write(
                "periodic sweep scheduled"
                if enqueued
                else "periodic sweep already scheduled (or not deferrable)"
            )
            return
        report = sweep_run()
        self.stdout.write(
            f"reminders before the date: {report.reminded_before}; on the date: {report.reminded_due}; "
            f"overdue reported: {report.overdue_reported}; confirm receipt: {report.reminded_acknowledge}; "
            f"e-mail sent: {report.emails_sent}; sent to other installations: {report.exchange_sent}; "
            f"webhooks delivered: {report.webhooks_delivered}; expired counters: {report.counters_deleted}; "
            f"expired links: {report.links_deleted}; unsubmitted uploads: {report.uploads_deleted}; "
            f"used BankID orders: {report.bankid_orders_deleted}; "
            f"old idempotency keys: {report.idempotency_keys_deleted}; "
            f"finished webhook deliveries: {report.webhook_deliveries_deleted}"
        )
