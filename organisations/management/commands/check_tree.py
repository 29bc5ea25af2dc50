"""`manage.py check_tree`: fail, naming the unit, when a unit has nobody to receive its cases."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from organisations.checks import organisation_problems


class Command(BaseCommand):
    help = "Check every organisation's tree: each unit must have someone to receive its cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="Check only the organisation with this short name (slug).")

    def handle(self, *args: object, **options: object) -> None:
        found = organisation_problems()
        if options["organisation"]:
            found = [(org, sentences) for org, sentences in found if org.slug == options["organisation"]]
        if not found:
            self.stdout.write(
                self.style.SUCCESS("The organisation tree is complete: every unit has a receiver.")
            )
            return
        for organisation, sentences in found:
            for sentence in sentences:
                self.stderr.write(f"{organisation.name} ({organisation.slug}): {sentence}")
        count = sum(len(sentences) for _, sentences in found)
        raise CommandError(f"{count} problem(s) in the organisation tree.")
