"""Verify the audit trail's hash chain; name the first broken row. Exit status 1 when the chain is broken.

The chain shows a row changed, removed or inserted anywhere before the newest row, but not that the newest rows
were removed (the chain that is left is whole). So the command prints the last row's id and hash ("tail"): an
operator who keeps that outside the database (a ticket, a signed mail, another system's log) can later run
`audit_verify --expect-tail ID:HASH`, which fails when that row is gone or differs.
"""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.chain import first_break
from audit.models import Event

_TAIL = re.compile(r"^(\d+):([0-9a-f]{64})$")


def parse_tail(value: str) -> tuple[int, str]:
    match = _TAIL.match(value.strip().lower())
    if match is None:
        raise CommandError(
            "--expect-tail takes ID:HASH, as printed by audit_verify (the hash is 64 hex digits)."
        )
    return int(match.group(1)), match.group(2)


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain and name the first row where it breaks; print the last row's id and "
        "hash, and with --expect-tail check that a tail noted earlier is still there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-tail",
            metavar="ID:HASH",
            help="a tail printed by an earlier run: fail unless that row is still in the chain, unchanged",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = parse_tail(options["expect_tail"]) if options.get("expect_tail") else None
        events = Event.objects.order_by("pk").iterator(chunk_size=2000)
        broken = first_break(events)
        if broken is not None:
            raise CommandError(f"Audit chain broken at event id {broken.event_id}: {broken.reason}.")
        if expected is not None:
            event_id, event_hash = expected
            row = Event.objects.filter(pk=event_id).values_list("hash", flat=True).first()
            if row is None:
                raise CommandError(
                    f"Expected tail event id {event_id} is missing: rows at the end of the trail were removed."
                )
            if row != event_hash:
                raise CommandError(
                    f"Expected tail event id {event_id} has another hash: the trail was rewritten."
                )
        count = Event.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} events verified."))
        if expected is not None:
            self.stdout.write(f"Expected tail {expected[0]} found, unchanged.")
        last = Event.objects.order_by("-pk").values_list("pk", "hash").first()
        if last is None:
            self.stdout.write("Tail: none (the trail is empty).")
        else:
            self.stdout.write(f"Tail: {last[0]}:{last[1]}")
            self.stdout.write("Keep this tail outside the database; check it later with --expect-tail.")
