"""Seed a national-size data set: `manage.py seed_scale --cases 1000000` (re-runnable: adds more, or --reset)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scale.seeding import cases_seed, seeded_data_delete
from scale.seeding.quality import quality_top_up
from scale.seeding.reports import reports_seed, reports_seeded_delete


class Command(BaseCommand):
    help = (
        "Create N cases with full histories over a large organisation tree (COPY on PostgreSQL). "
        "Running it again adds more; --reset removes the seeded data first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases", type=int, default=0, help="How many cases to add (e.g. 10000, 1000000)."
        )
        parser.add_argument("--organisations", type=int, default=50, help="Organisations in the tree (50).")
        parser.add_argument("--units", type=int, default=30, help="Units per organisation (30).")
        parser.add_argument("--years", type=float, default=3.0, help="Spread cases over this many years (3).")
        parser.add_argument("--batch", type=int, default=10_000, help="Cases per transaction (10000).")
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for a repeatable data set.")
        parser.add_argument(
            "--reports",
            type=int,
            default=0,
            help=(
                "Top the seeded supervisory authority up to this many reports in all (created with its departments, "
                "staff and register if missing); a second run adds only what is missing."
            ),
        )
        parser.add_argument("--reset", action="store_true", help="Remove everything seeded before, first.")
        parser.add_argument(
            "--quality",
            action="store_true",
            help=(
                "Afterwards, add the quality work's data (topics, causes, Lex Sarah records) to the cases seeded "
                "before it was seeded with them, in batches; adds nothing a case already has, so it can be re-run."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 0 or options["organisations"] < 1 or options["units"] < 1:
            raise CommandError("--cases must be 0 or more; --organisations and --units at least 1.")
        if options["reset"]:
            reports_seeded_delete(out=self.stdout.write)
            seeded_data_delete(out=self.stdout.write)
        if options["cases"]:
            self._cases(options)
        if options["reports"] > 0:
            self._reports(options)
        if options["quality"]:
            topped = quality_top_up(batch_size=options["batch"], out=self.stdout.write)
            for label, rows in sorted(topped.rows.items()):
                self.stdout.write(f"  {label}: {rows:,} rows added")

    def _cases(self, options: dict[str, Any]) -> None:
        result = cases_seed(
            count=options["cases"],
            organisations=options["organisations"],
            units_per_organisation=options["units"],
            years=options["years"],
            batch_size=options["batch"],
            seed=options["seed"],
            out=self.stdout.write,
        )
        for label, rows in sorted(result.rows.items()):
            self.stdout.write(f"  {label}: {rows:,} rows")
        self.stdout.write(
            f"Seeded {result.cases:,} cases in {result.seconds:.1f} s: {result.cases_per_second:,.0f} cases/second"
        )

    def _reports(self, options: dict[str, Any]) -> None:
        result = reports_seed(
            count=options["reports"],
            years=options["years"],
            batch_size=options["batch"],
            seed=options["seed"],
            out=self.stdout.write,
        )
        for label, rows in sorted(result.rows.items()):
            self.stdout.write(f"  {label}: {rows:,} rows")
        self.stdout.write(
            f"Seeded {result.reports:,} reports in {result.seconds:.1f} s: "
            f"{result.reports_per_second:,.0f} reports/second"
        )
