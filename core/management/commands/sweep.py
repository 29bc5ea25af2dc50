"""The periodic sweep: run it every few minutes. Idempotent, and safe with two at once.

cron runs it every 5 minutes:

    */5 * * * *  cd /srv/synpunkt && .venv/bin/python manage.py sweep

A `django.tasks` worker (`manage.py db_worker`) can run the same work instead, as the task
`cases.deadlines.periodic_sweep`; running both does no harm, since every reminder and every e-mail is claimed
by exactly one sweep.
"""

from django.core.management.base import BaseCommand

from cases.deadlines import deadline_sweep
from notifications.services import outbox_sweep


class Command(BaseCommand):
    help = (
        "Send due e-mail, send deadline reminders and report overdue cases to managers (run every 5 minutes)."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = deadline_sweep()
        # Deadlines first, so that the reminders just queued go out in this same run.
        sent = outbox_sweep()
        self.stdout.write(
            f"reminders before the date: {result.reminded_before}; on the date: {result.reminded_due}; "
            f"overdue reported: {result.overdue_reported}; e-mail sent: {sent}"
        )
