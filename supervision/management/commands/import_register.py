"""Read a CSV file into a supervisory authority's register of providers and units (supervision/register.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from supervision.register import register_import
from supervision.selectors import authorities


class Command(BaseCommand):
    help = "Import providers and units under supervision from a CSV file, and list what was refused and why."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="The CSV file (UTF-8 or Windows-1252; ; or , between columns)."
        )
        parser.add_argument(
            "--authority", help="The authority's short name (slug); needed if there are several."
        )
        parser.add_argument("--language", default="sv", help="The language of the refusals (sv or en).")

    def handle(self, *args: Any, **options: Any) -> None:
        found = authorities()
        if options["authority"]:
            found = found.filter(slug=options["authority"])
        candidates = list(found.order_by("pk")[:2])
        if len(candidates) != 1:
            raise CommandError("Name the supervisory authority with --authority <slug>.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        with translation.override(options["language"]):
            result = register_import(authority=candidates[0], data=data, acting_user=None)
            self.stdout.write(
                f"rows taken: {result.rows_taken}; providers: {result.providers_created} new, "
                f"{result.providers_updated} changed; units: {result.units_created} new, "
                f"{result.units_updated} changed; refused: {len(result.refusals)}"
            )
            for refusal in result.refusals:
                self.stdout.write(f"row {refusal.row or '-'}\t{refusal.column_label}\t{refusal.reason}")
