"""Print what a retention run would delete today (or on --as-of), and why a rule keeps the rest: one line per
record as it is read (streamed, constant memory), then the counts per class. Deletes nothing, changes nothing."""

import csv
from collections import Counter
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from organisations.models import Organisation
from retention import rules


class Command(BaseCommand):
    help = "Show what the retention rules would delete, and what they keep and why (changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's short name (slug).")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, help="The day to apply the rules on (YYYY-MM-DD)."
        )
        parser.add_argument("--summary", action="store_true", help="Only the counts, not a line per record.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {options['organisation']!r}.")
        as_of = options["as_of"] or timezone.localdate()
        writer = csv.writer(self.stdout, delimiter="\t", lineterminator="\n")
        if not options["summary"]:
            writer.writerow(["class", "reference", "last_note", "delete_by", "decision"])
        counts: Counter[tuple[str, str]] = Counter()
        for row in rules.preview(organisation, as_of=as_of):
            decision = f"keep:{row.kept_reason}" if row.kept_reason else "delete"
            counts[(row.record_class, decision)] += 1
            if not options["summary"]:
                writer.writerow(
                    [row.record_class, row.reference_number, row.last_note_on, row.delete_by, decision]
                )
        self.stdout.write(f"# {organisation.slug} on {as_of.isoformat()}")
        for (record_class, decision), number in sorted(counts.items()):
            self.stdout.write(f"# {record_class} {decision}: {number}")
        if not counts:
            self.stdout.write("# nothing is due")
