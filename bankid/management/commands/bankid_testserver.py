"""`manage.py bankid_testserver`: the project's own BankID test server, for the demo (bankid/testserver.py)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from bankid.testserver import serve


class Command(BaseCommand):
    help = "Run Synpunkt's own BankID test server (RP API v6.0 over mutual TLS) and its phone page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--api-port", type=int, default=settings.BANKID_TESTSERVER_PORT)
        parser.add_argument("--phone-port", type=int, default=settings.BANKID_TESTSERVER_PHONE_PORT)

    def handle(self, *args: Any, **options: Any) -> None:
        server = serve(
            directory=settings.BANKID_TESTSERVER_CERTIFICATES,
            host="127.0.0.1",
            api_port=options["api_port"],
            phone_port=options["phone_port"],
        )
        self.stdout.write(f"BankID test server: the API at {server.api_url} (mutual TLS)")
        self.stdout.write(f"The person's phone: {server.phone_url}")
        server.serve_forever()
