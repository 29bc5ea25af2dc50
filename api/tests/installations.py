"""Two real installations for the tests: each a `manage.py runserver` subprocess on its own SQLite file in a temporary
folder, with its own worker run on demand (`manage.py db_worker --batch`), and a real webhook receiver that
verifies signatures with the Standard Webhooks library and keeps each `webhook-id` once."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

BASE_DIR = Path(__file__).resolve().parents[2]
MANAGE = str(BASE_DIR / "manage.py")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Installation:
    """One Synpunkt installation: its database file, its address, its server process."""

    def __init__(self, name: str, folder: Path, database: Path) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = database
        self.env = {
            **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
            "SYNPUNKT_ENV": "test",
            "SYNPUNKT_SQLITE_PATH": str(database),
            "SYNPUNKT_MEDIA_ROOT": str(folder / f"{name}-uploads"),
            "SYNPUNKT_SITE_URL": self.url,
            "SYNPUNKT_RETRY_BASE_SECONDS": "1",
            "SYNPUNKT_MAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.server: subprocess.Popen[bytes] | None = None
        self.log = folder / f"{name}-server.log"

    def manage(self, *args: str, timeout: int = 180) -> str:
        process = subprocess.run(
            [sys.executable, MANAGE, *args], env=self.env, capture_output=True, timeout=timeout, cwd=BASE_DIR
        )
        assert process.returncode == 0, process.stderr.decode()[-3000:]
        return process.stdout.decode()

    def python(self, code: str) -> object:
        """Run `code` in the installation (manage.py shell); it sets `result`, which comes back as JSON."""
        script = code + "\nimport json as _json\nprint('RESULT=' + _json.dumps(result, default=str))\n"
        out = self.manage("shell", "-c", script)
        [line] = [line for line in out.splitlines() if line.startswith("RESULT=")]
        return json.loads(line.removeprefix("RESULT="))

    def start(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, MANAGE, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{self.port}"],
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            cwd=BASE_DIR,
        )
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{self.url}/api/organisations", timeout=2).read()
                return
            except OSError:
                assert self.server.poll() is None, self.log.read_text()[-3000:]
                time.sleep(0.1)
        raise AssertionError(f"{self.name} did not start: {self.log.read_text()[-3000:]}")

    def work(self) -> str:
        """Run the worker once over every task that is due, as `manage.py db_worker` would."""
        return self.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=30)


def installations(folder: Path, names: list[str]) -> list[Installation]:
    """Installations on databases migrated once and copied (the migrations are the slow part)."""
    template = folder / "template.sqlite3"
    first = Installation("template", folder, template)
    first.manage("migrate", "-v", "0", timeout=600)
    result = []
    for name in names:
        database = folder / f"{name}.sqlite3"
        shutil.copyfile(template, database)
        result.append(Installation(name, folder, database))
    return result


class Receiver:
    """A webhook receiver on a fixed port that can be stopped and started again: it verifies each delivery with
    standardwebhooks and keeps each message once, by its webhook-id."""

    def __init__(self, secret: str = "") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.secret = secret
        self.received: dict[str, dict] = {}
        self.refused: list[str] = []
        self.calls = 0
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                receiver.calls += 1
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    payload = Webhook(receiver.secret).verify(body, dict(self.headers.items()))
                except WebhookVerificationError as error:
                    receiver.refused.append(str(error))
                    self.send_response(400)
                    self.end_headers()
                    return
                receiver.received.setdefault(self.headers["webhook-id"], payload)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.allow_reuse_address = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
