"""`manage.py prune_case_links`: delete mailed case links that expired more than a day ago (run daily)."""

from django.core.management.base import BaseCommand

from citizen.services import links_prune


class Command(BaseCommand):
    help = "Delete expired links to the citizen's case page."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"links deleted: {links_prune()}")
