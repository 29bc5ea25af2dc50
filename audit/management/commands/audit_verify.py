"""Verify the audit trail's hash chain; name the first broken row. Exit status 1 when the chain is broken."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.chain import first_break
from audit.models import Event


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and name the first row where it breaks."

    def handle(self, *args: Any, **options: Any) -> None:
        events = Event.objects.order_by("pk").iterator(chunk_size=2000)
        broken = first_break(events)
        if broken is not None:
            raise CommandError(f"Audit chain broken at event id {broken.event_id}: {broken.reason}.")
        count = Event.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} events verified."))
