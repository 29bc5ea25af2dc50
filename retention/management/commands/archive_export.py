"""Export kept cases to the archive as information packages (retention/archive.py): one case by its reference
number, or every closed and withdrawn case received in a period, as one package or one package per case."""

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.models import Case, CaseState
from organisations.models import Organisation
from retention.archive import package_case, package_cases, safe_name


class Command(BaseCommand):
    help = "Export cases to the archive as E-ARK/FGS packages (zip files with METS and ERMS XML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's short name (slug).")
        parser.add_argument("--out", type=Path, required=True, help="The folder to write the packages to.")
        parser.add_argument("--case", help="One case, by its reference number.")
        parser.add_argument("--from", dest="start", type=date.fromisoformat, help="First day received.")
        parser.add_argument("--to", dest="end", type=date.fromisoformat, help="Last day received.")
        parser.add_argument(
            "--per-case", action="store_true", help="One package per case, not one per period."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {options['organisation']!r}.")
        out: Path = options["out"]
        cases = Case.objects.filter(organisation=organisation).select_related("organisation", "unit")
        cases = cases.prefetch_related("attachments", "messages__attachments", "notes", "actions")
        if options["case"]:
            case = cases.filter(reference_number__iexact=options["case"]).first()
            if case is None:
                raise CommandError(f"No case {options['case']!r} in {organisation.name}.")
            path = package_case(case, out=out / f"{safe_name(case.reference_number)}.zip")
            self.stdout.write(f"Wrote {path}")
            return
        if not (options["start"] and options["end"]):
            raise CommandError("Give --case, or a period with both --from and --to.")
        start = timezone.make_aware(datetime.combine(options["start"], time.min))
        end = timezone.make_aware(datetime.combine(options["end"], time.max))
        in_period = cases.filter(
            received_at__range=(start, end), state__in=[CaseState.CLOSED, CaseState.WITHDRAWN]
        ).order_by("received_at", "pk")
        if not in_period.exists():
            raise CommandError("No closed or withdrawn case was received in that period.")
        if options["per_case"]:
            for case in in_period.iterator(chunk_size=100):
                self.stdout.write(
                    f"Wrote {package_case(case, out=out / f'{safe_name(case.reference_number)}.zip')}"
                )
            return
        label = f"{organisation.slug} {options['start']}–{options['end']}"
        name = f"{organisation.slug}-{options['start']}-{options['end']}.zip"
        self.stdout.write(f"Wrote {package_cases(in_period, label=label, out=out / name)}")
