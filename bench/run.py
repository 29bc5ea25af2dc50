"""The bench (issue 6): Synpunkt at national scale, measured against the ceiling of the same server, in one run.

    bench/run.sh                     # 1,000,000 cases (seeded once, reused afterwards)
    bench/run.sh --cases 100000      # a quicker run on its own database

What it does, all on 127.0.0.1 and bounded in requests and time:
  1. creates (or reuses) the PostgreSQL database, migrates it and seeds it to --cases with `seed_scale`;
  2. starts gunicorn (2 sync workers) with production settings, DEBUG off, SYNPUNKT_BENCH=1 for the ceiling view;
  3. measures the bare ceiling view, the citizen's final POST (8 clients), the staff inbox for a unit manager and
     a head of operations, the case page, a Swedish full-text search and the statistics page (sequential, one
     client), and the peak memory of a worker;
  4. prints a table of each figure with its ratio to the ceiling and whether the budget (issue 16) holds, and
     writes it to bench/RESULTS.md with the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SLUG_PREFIX = "skala-"  # seeded organisations and staff (scale.seeding)
USERNAME_PREFIX = "skala-"

# The budget (issue 16): the inbox, the case page and the Swedish search each at most this many times the
# sequential ceiling's p95; the citizen's final POST at least this share of the ceiling's requests/s at the same
# concurrency; each gunicorn worker's peak memory at most this.
LATENCY_LIMIT = 25
SUBMISSION_SHARE = 0.08
WORKER_PEAK_MIB = 100

# ----------------------------------------------------------------------------------------------------------------
# HTTP: one keep-alive connection per client, cookies kept by hand, only 127.0.0.1


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float
    path: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Client:
    """A tiny browser: one connection (re-opened when the server closes it), a cookie jar, no JavaScript."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = dict(cookies or {})

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        sent = {"Host": f"{HOST}:{self.port}", "Accept-Language": "sv", "User-Agent": "synpunkt-bench"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=sent)
                raw = self.conn.getresponse()
                data = raw.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A connection the server had closed while idle: nothing was processed, so sending again is safe.
                self.conn.close()
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            break
        for header in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel.value == "" and morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        headers_out = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers_out, data.decode("utf-8", "replace"), seconds, path)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]], referer: str) -> Response:
        body = urlencode(fields).encode()
        return self.request(
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}{referer}",
                "Origin": f"http://{HOST}:{self.port}",
            },
        )

    def close(self) -> None:
        self.conn.close()


# ----------------------------------------------------------------------------------------------------------------
# Forms: enough of HTML to walk a GOV.UK-style wizard without JavaScript


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)  # {"tag","type","name","value","checked","options"}
    buttons: list[dict] = field(default_factory=list)


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None
        self._button: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._form.buttons.append(
                    {"name": a.get("name", ""), "value": a.get("value", ""), "text": ""}
                )
            elif a.get("name"):
                self._form.fields.append(
                    {"tag": "input", "type": kind, "name": a["name"], "value": a.get("value", ""),
                     "checked": "checked" in a, "required": "required" in a, "trap": a.get("tabindex") == "-1"}
                )  # fmt: skip
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "type": "select", "name": a["name"], "options": [], "value": ""}
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["value"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"tag": "textarea", "type": "textarea", "name": a["name"], "value": ""}
            self._form.fields.append(self._textarea)
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._button = {
                "name": a.get("name", ""),
                "value": a.get("value", ""),
                "text": "",
                "primary": a.get("data-variant") == "primary",
            }
            self._form.buttons.append(self._button)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data
        if self._button is not None:
            self._button["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "button":
            self._button = None


def parse(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


SAMPLE_TEXT = (
    "Personalen hade ett dåligt bemötande mot min mamma när hon bad om hjälp i morse. "
    "Jag vill att ni pratar med personalen om bemötande."
)


def _text_value(name: str, kind: str) -> str:
    lowered = name.lower()
    if kind == "email" or "email" in lowered or "e_post" in lowered or "epost" in lowered:
        return "bench@exempel.se"
    if kind == "tel" or "phone" in lowered or "telefon" in lowered:
        return "070-123 45 67"
    if lowered.endswith("day") or lowered.endswith("_dag"):
        return "3"
    if lowered.endswith("month") or lowered.endswith("_manad"):
        return "5"
    if lowered.endswith("year") or lowered.endswith("_ar"):
        return str(datetime.now(UTC).year)
    if "name" in lowered or "namn" in lowered:
        return "Testa Bänksson"
    if "address" in lowered or "adress" in lowered:
        return "Bänkvägen 1\n123 45 Exempelby"
    if kind == "number":
        return "1"
    return SAMPLE_TEXT if kind == "textarea" else "Bänkprov"


# Preferred answers where a question offers choices (the first offered otherwise).
PREFERRED = {"complaint", "relative", "email", "yes", "ja", "sv"}
# A named sender who wants an answer by e-mail: the receipt e-mail is queued too, as for most real senders. Few
# people have protected personal details (about 0.3 % of the population): the bench's senders have none.
PREFERRED_BY_NAME = {"is_anonymous": "no", "wants_manager": "no", "protected_identity": "no"}


def fill(form: Form, *, thorough: bool) -> list[tuple[str, str]]:
    """Answer every question of a step; `thorough` also ticks every checkbox and fills optional text."""
    values: list[tuple[str, str]] = []
    radios: dict[str, list[str]] = {}
    for f in form.fields:
        kind, name = f["type"], f["name"]
        if kind == "hidden":
            values.append((name, f["value"]))
        elif kind == "radio":
            radios.setdefault(name, []).append(f["value"])
        elif kind == "checkbox":
            if f["checked"] or thorough or f.get("required"):
                values.append((name, f["value"] or "on"))
        elif kind == "file":
            continue
        elif kind == "select":
            options = [o for o in f["options"] if o]
            chosen = f["value"] or next((o for o in options if o in PREFERRED), options[0] if options else "")
            values.append((name, chosen))
        elif kind in ("submit", "button", "reset"):
            continue
        elif f.get("trap"):
            values.append((name, f["value"]))  # out of the tab order: a honeypot that people never fill
        else:
            value = f["value"].strip() or _text_value(name, kind)
            values.append((name, value))
    for name, options in radios.items():
        wanted = PREFERRED_BY_NAME.get(name)
        chosen = wanted if wanted in options else next((o for o in options if o in PREFERRED), options[0])
        values.append((name, chosen))
    forward = [
        b for b in form.buttons if not re.search(r"back|tillbaka|avbryt|cancel", b["text"] + b["value"], re.I)
    ]
    primary = [b for b in forward if b.get("primary")]
    button = (primary or forward or form.buttons or [{"name": ""}])[0]
    if button.get("name"):
        values.append((button["name"], button.get("value", "")))
    return values


def wizard_form(page: FormParser, prefix: str) -> Form | None:
    """The step's own form: posts under the wizard's prefix (not the language switch or log-out)."""
    for form in page.forms:
        if form.method == "post" and (
            form.action == "" or form.action.startswith(prefix) or form.action == "."
        ):
            return form
    return None


class WizardError(RuntimeError):
    pass


@dataclass
class ReadySubmission:
    client: Client
    path: str
    fields: list[tuple[str, str]]


def walk_to_check_answers(client: Client, start: str, check_pattern: re.Pattern[str]) -> ReadySubmission:
    """Answer the wizard's questions from `start` until its check-answers page; return that page's final form."""
    prefix = "/" + start.strip("/").split("/")[0] + "/"
    response = client.get(start)
    path = start
    thorough = False
    last_path = ""
    for _ in range(40):
        while response.status in (301, 302, 303):
            path = urljoin(path, response.location)
            response = client.get(path)
        if response.status != 200:
            raise WizardError(f"{path}: HTTP {response.status}")
        page = parse(response.body)
        form = wizard_form(page, prefix)
        if check_pattern.search(urlsplit(path).path) and form is not None:
            action = urljoin(path, form.action or path)
            return ReadySubmission(client, action, fill(form, thorough=False))
        if form is None:
            # On, never across to the other variant (standard or easy-to-read), which would lead back again.
            easy = "/lattlast/" in start
            link = next(
                (
                    h
                    for h in page.links
                    if h.startswith(prefix)
                    and h.rstrip("/") != path.rstrip("/")
                    and ("/lattlast/" in h) == easy
                ),
                None,
            )
            if link is None:
                raise WizardError(f"{path}: no form and no way on")
            path = urljoin(path, link)
            response = client.get(path)
            continue
        thorough = path == last_path  # the same step again: an answer was refused, answer everything
        last_path = path
        action = urljoin(path, form.action or path)
        response = client.post(action, fill(form, thorough=thorough), referer=path)
        if response.status == 200:
            path = action
    raise WizardError("the wizard did not reach its check-answers page in 40 steps")


# ----------------------------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Sample:
    name: str
    latencies: list[float]
    seconds: float
    clients: int
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[index]

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def sequential(
    name: str, client: Client, paths: list[str], *, requests: int, seconds: float, ok=(200,)
) -> Sample:
    """One client, one request after another, over `paths` in turn; stops at `requests` or `seconds`."""
    for path in paths[: min(len(paths), 5)]:  # warm up: first connections, caches, imports
        client.get(path)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    started = time.perf_counter()
    i = 0
    while i < requests and time.perf_counter() - started < seconds:
        response = client.get(paths[i % len(paths)])
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status in ok:
            latencies.append(response.seconds)
        else:
            errors += 1
        i += 1
    return Sample(name, latencies, time.perf_counter() - started, 1, errors, statuses)


def concurrent_get(name: str, port: int, path: str, *, clients: int, requests: int, seconds: float) -> Sample:
    latencies: list[float] = []
    lock = threading.Lock()
    errors = [0]
    deadline = [0.0]
    barrier = threading.Barrier(clients + 1)
    per_client = max(1, requests // clients)

    def run() -> None:
        client = Client(port)
        client.get(path)
        barrier.wait()
        mine = []
        for _ in range(per_client):
            if time.perf_counter() > deadline[0]:
                break
            response = client.get(path)
            if response.status == 200:
                mine.append(response.seconds)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)
        client.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds + 5
    barrier.wait()
    started = time.perf_counter()
    deadline[0] = started + seconds
    for t in threads:
        t.join()
    return Sample(name, latencies, time.perf_counter() - started, clients, errors[0])


def cpu_seconds(master_pid: int) -> dict[int, tuple[str, float]]:
    """CPU time (user + system) used so far by each gunicorn worker, PostgreSQL process and this load generator,
    from /proc: {pid: (kind, seconds)}. cpu_used() turns two readings into where the machine's time went."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[int, tuple[str, float]] = {}
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        ppid, seconds = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
        pid = int(entry.name)
        if pid == me:
            used[pid] = ("bench", seconds)
        elif ppid == master_pid:
            used[pid] = ("app", seconds)
        elif name.startswith("postgres"):
            used[pid] = ("db", seconds)
    return used


def cpu_per_request(cpu: dict[str, float], requests: int) -> str:
    """CPU per request of each kind of process, as printed under the table."""
    labels = (("app", "gunicorn workers"), ("db", "PostgreSQL"), ("bench", "load generator"))
    return ", ".join(f"{label} {1000 * cpu[key] / requests:.1f} ms" for key, label in labels)


def cpu_used(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> dict[str, float]:
    """Seconds of CPU per kind between two readings (a process that started in between counts whole; one that
    ended in between is missed)."""
    totals = {"app": 0.0, "db": 0.0, "bench": 0.0}
    for pid, (kind, seconds) in after.items():
        totals[kind] += seconds - before.get(pid, (kind, 0.0))[1]
    return totals


def concurrent_submissions(
    port: int,
    starts: Sequence[str],
    check: re.Pattern[str],
    *,
    clients: int,
    per_client: int,
    seconds: float,
    master_pid: int,
    settle: Callable[[], object] | None = None,
    alter: Callable[[list[tuple[str, str]]], list[tuple[str, str]]] | None = None,
    name: str = "Citizen submission (final POST)",
) -> tuple[Sample, int, list[str], dict[str, float]]:
    """Walk the wizard per client up to each check-answers page, then (after `settle`, if given) send the final
    POSTs together (their fields changed by `alter`, if given). The sessions start from `starts` in turn, so that
    the submissions sent at the same moment start from different ones."""
    prepared: list[list[ReadySubmission]] = [[] for _ in range(clients)]
    problems: list[str] = []

    def prepare(index: int) -> None:
        for n in range(per_client):
            client = Client(port)  # a fresh session per submission, as a person would have
            try:
                ready = walk_to_check_answers(client, starts[(n * clients + index) % len(starts)], check)
                if alter is not None:
                    ready.fields = alter(ready.fields)
                prepared[index].append(ready)
            except (WizardError, OSError) as error:
                problems.append(str(error))
                return

    threads = [threading.Thread(target=prepare, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if settle is not None:
        settle()
    latencies: list[float] = []
    acknowledged = [0]
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    deadline = [time.perf_counter() + 3600]

    def submit(index: int) -> None:
        barrier.wait()
        for ready in prepared[index]:
            if time.perf_counter() > deadline[0]:
                break
            response = ready.client.post(ready.path, ready.fields, referer=ready.path)
            ok = response.status in (302, 303) and urlsplit(response.location).path.rstrip(
                "/"
            ) != ready.path.rstrip("/")
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if ok:
                    acknowledged[0] += 1
                    latencies.append(response.seconds)
            ready.client.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    cpu_before = cpu_seconds(master_pid)
    barrier.wait()
    started = time.perf_counter()
    deadline[0] = started + seconds
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cpu_after = cpu_seconds(master_pid)
    cpu = cpu_used(cpu_before, cpu_after)
    errors = sum(n for s, n in statuses.items() if s not in (302, 303)) + (
        sum(len(p) for p in prepared) - sum(statuses.values())
    )
    sample = Sample(name, latencies, elapsed, clients, max(errors, 0), statuses)
    return sample, acknowledged[0], problems, cpu


def submission_starts(wizard_start: str, organisations: int) -> list[str]:
    """Where the citizens' sessions start: the page that chooses a seeded organisation (as a municipality's own
    web page links to it), for the first `organisations` of them (0: all); the wizard's start if none is seeded."""
    from django.urls import reverse

    from organisations.models import Organisation

    slugs = list(
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    if organisations:
        slugs = slugs[:organisations]
    return [reverse("intake:choose", args=[slug]) for slug in slugs] or [wizard_start]


def worker_peak_rss_kib(master_pid: int) -> dict[int, int]:
    """VmHWM (peak resident set) of each gunicorn worker, from /proc."""
    peaks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
        hwm = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        if ppid and hwm and int(ppid.group(1)) == master_pid:
            peaks[int(entry.name)] = int(hwm.group(1))
    return peaks


# ----------------------------------------------------------------------------------------------------------------
# The run


def bench_environment(args: argparse.Namespace) -> dict[str, str]:
    var = BASE_DIR / "var" / "bench"
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{args.db_user}@{HOST}:{args.db_port}/{args.db}",
        "SYNPUNKT_ENV": "production",
        "SYNPUNKT_DEBUG": "0",
        "SYNPUNKT_BENCH": "1",
        "SYNPUNKT_SECRET_KEY": os.environ.get("SYNPUNKT_BENCH_SECRET_KEY") or secrets.token_urlsafe(60),
        "SYNPUNKT_ALLOWED_HOSTS": HOST,
        "SYNPUNKT_SSL_REDIRECT": "0",
        "SYNPUNKT_SITE_URL": f"http://{HOST}:{args.port}",
        "SYNPUNKT_STATIC_ROOT": str(var / "static"),
        "SYNPUNKT_MEDIA_ROOT": str(var / "uploads"),
        "SYNPUNKT_LOG_LEVEL": "WARNING",
        "SYNPUNKT_SMTP_PORT": "1",  # nothing is sent: the outbox is not worked off during the bench
        # All the load comes from one address: keep the rate limits counting (their cost is part of the figure)
        # but high enough not to turn the bench's own clients away.
        "SYNPUNKT_RATELIMIT_INTAKE_PAGE": "1000000/10m",
        "SYNPUNKT_RATELIMIT_INTAKE_SUBMIT": "1000000/h",
    }


def database_ensure(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(
        f"postgresql://{args.db_user}@{HOST}:{args.db_port}/postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db}"')
            print(f"• Created database {args.db}")


def say(message: str) -> None:
    print(message, flush=True)


@dataclass
class Persona:
    label: str
    cookie: dict[str, str]
    user_id: int


def personas_prepare() -> tuple[Persona, Persona, list[int], list[int]]:
    """A unit manager of the busiest unit and the head of operations of the largest organisation, each with a
    verified two-factor session (as after TOTP), and case ids each of them may open."""
    from django.db.models import Count

    from accounts.models import User
    from cases.models import Case
    from cases.policy import cases_visible_to
    from organisations.models import Role, RoleAssignment

    seeded = Case.objects.filter(organisation__slug__startswith=SLUG_PREFIX)
    biggest = seeded.values("organisation").annotate(n=Count("id")).order_by("-n").first()
    assert biggest, "no seeded cases"
    org_id = biggest["organisation"]
    busiest_unit = (
        seeded.filter(organisation_id=org_id)
        .exclude(unit=None)
        .values("unit")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    manager = (
        RoleAssignment.objects.filter(node_id=busiest_unit["unit"], role=Role.UNIT_MANAGER)
        .select_related("user")
        .first()
    ).user
    head = (
        RoleAssignment.objects.filter(
            node__organisation_id=org_id, node__parent=None, role=Role.HEAD_OF_OPERATIONS
        )
        .select_related("user")
        .first()
    ).user

    def case_ids(user: User) -> list[int]:
        visible = cases_visible_to(user)
        return list(visible.order_by("-received_at").values_list("pk", flat=True)[:200])

    return (
        Persona("unit manager", session_for(manager), manager.pk),
        Persona("head of operations", session_for(head), head.pk),
        case_ids(manager),
        case_ids(head),
    )


def national_reader_prepare() -> tuple[Persona, list[str]] | None:
    """The national reader of the statistics: no role in the system reads the figures of every organisation at
    once (decision 31: the page counts one organisation at a time, and administrators get no case data), so the
    national view is a quality developer at the top of every seeded organisation (a national body's analyst, or a
    shared service's), who opens each organisation's page in turn. Made once, with the seeded data's username
    prefix so that `seed_scale --reset` removes it. Returns the persona and one page address per organisation,
    largest first."""
    from django.db.models import Count

    from accounts.models import User
    from organisations.models import Organisation, OrgNode, Role, RoleAssignment

    page = url("statistics:page")
    if page is None:
        return None
    user, _ = User.objects.get_or_create(
        username=f"{USERNAME_PREFIX}nationell-kvalitet",
        defaults={"first_name": "Nora", "last_name": "Nationell", "email": "nora.nationell@exempel.se"},
    )
    for root in OrgNode.objects.filter(organisation__slug__startswith=SLUG_PREFIX, parent=None):
        RoleAssignment.objects.get_or_create(user=user, node=root, role=Role.QUALITY_DEVELOPER)
    slugs = (
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
        .annotate(n=Count("cases"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
    )
    return Persona("national reader", session_for(user), user.pk), [f"{page}?organisation={s}" for s in slugs]


def session_for(user) -> dict[str, str]:
    """A session as after a real log-in with a confirmed TOTP device."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return {settings.SESSION_COOKIE_NAME: store.session_key}


def url(name: str, *args: object) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def first_url(names: list[str], *args: object) -> str | None:
    return next((u for u in (url(n, *args) for n in names) if u), None)


def search_page(port: int, persona: Persona, inbox: str, text: str) -> tuple[str, int] | None:
    """Search as staff do: the inbox's filter form is POSTed (the text never goes into a URL) and answers with a
    redirect to a results address holding a token; that GET is what is measured. Returns it and the hits shown."""
    client = Client(port, persona.cookie)
    page = parse(client.get(f"{inbox}?tab=scope").body)
    form = next((f for f in page.forms if any(field["name"] == "q" for field in f.fields)), None)
    if form is None:
        return None
    fields = [(f["name"], f["value"]) for f in form.fields if f["type"] == "hidden" and f["name"] != "tab"]
    fields += [("tab", "scope"), ("q", text)]
    response = client.post(urljoin(inbox, form.action or inbox), fields, referer=inbox)
    if response.status not in (302, 303):
        return None
    path = urljoin(inbox, response.location)
    results = client.get(path)
    client.close()
    hits = len(set(re.findall(r'href="[^"]*/arende/(\d+)/"', results.body)))
    return path, hits


# The small tables every run writes to over and over: sessions, rate-limit counters, the reference counters, the
# outbox and the task queue. Each run leaves tens of thousands of dead row versions in them.
CHURNED_TABLES = [
    "django_session",
    "core_ratecounter",
    "cases_referencecounter",
    "notifications_outboundemail",
    "django_tasks_database_dbtaskresult",
    # The statistics' summary: each rebuild (and each case changed) deletes and rewrites rows; with its dead rows
    # and an empty visibility map, the page's index-only scans visit the heap (p50 240 → 610 ms at 100,000 cases).
    "quality_casemonthly",
]


def quality_seeded() -> bool:
    """Whether the seeded cases have the quality work's data (seed_scale seeds it since issue 18.7)."""
    from lexsarah.models import LexSarahRecord

    return LexSarahRecord.objects.filter(organisation__slug__startswith=SLUG_PREFIX).exists()


def tables_vacuum() -> str:
    """VACUUM (ANALYZE) the tables earlier runs churned, and say whether PostgreSQL's autovacuum is on.

    With autovacuum off (as on some development servers), the dead row versions earlier runs left behind pile up
    in the session table and behind the single counter rows, and every run is slower than the one before: the
    figures would measure the machine's history, not the code. Production runs autovacuum; so does this."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
        existing = set(connection.introspection.table_names(cursor))
        for table in CHURNED_TABLES:
            if table in existing:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        if autovacuum != "on":
            # Nothing else gathers the planner's statistics here: a table or index a migration has just made
            # (the categories, an expression index of the inbox) would be planned blind. Sampling takes seconds.
            cursor.execute("ANALYZE")
    say(
        f"• Vacuumed the tables earlier runs churned, analysed the rest (autovacuum is {autovacuum} on this server)"
    )
    return autovacuum


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = found.group(1).strip() if found else platform.processor()
    memory = "unknown"
    with contextlib.suppress(OSError):
        kib = int(re.search(r"^MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    import django

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "load": load,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "postgresql": pg,
        "python": platform.python_version(),
        "django": django.get_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


def summary_stale() -> bool:
    """Whether the statistics' summary (quality.CaseMonthly) counts other cases than the case table holds."""
    from django.db.models import Sum

    from cases.models import Case
    from quality.models import ANY, CaseMonthly

    summed = CaseMonthly.objects.filter(fact="case", kind=ANY, channel=ANY, sender_role=ANY).aggregate(
        n=Sum("count", default=0)
    )["n"]
    return summed != Case.objects.count()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--cases", type=int, default=1_000_000, help="seeded cases wanted (default 1,000,000)"
    )
    parser.add_argument(
        "--db", default=None, help="database name (default synpunkt_bench, or _<cases> if not 1M)"
    )
    parser.add_argument("--db-user", default="postgres")
    parser.add_argument("--db-port", type=int, default=5432)
    parser.add_argument("--port", type=int, default=8765, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--requests", type=int, default=300, help="at most this many requests per latency figure"
    )
    parser.add_argument("--seconds", type=float, default=20, help="at most this long per figure")
    parser.add_argument("--submissions", type=int, default=40, help="final POSTs per client (8 clients)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--honeypot-field", default="website",
                        help="the check page's honeypot field, filled for the floor run ('' skips it)")  # fmt: skip
    parser.add_argument("--search", default="bemötandet", help="the Swedish search term")
    parser.add_argument("--wizard-start", default="/lamna/", help="the citizen wizard's first page")
    parser.add_argument("--organisations", type=int, default=0,
                        help="spread the submissions over this many seeded organisations, each chosen on "
                             "/lamna/till/<slug>/ as a citizen does (default 0: all of them; 1: all to one)")  # fmt: skip
    parser.add_argument("--check-answers", default=r"kontrollera|granska|check|sammanfatt|bekrafta",
                        help="regex matching the check-answers page's path")  # fmt: skip
    parser.add_argument("--results", default=str(BASE_DIR / "bench" / "RESULTS.md"))
    parser.add_argument("--reports", type=int, default=None,
                        help="seeded reports wanted for the figure 'reports' (default: as many as --cases)")  # fmt: skip
    parser.add_argument(
        "--only",
        default="inbox,case,search,statistics,submission,reports",
        help="comma-separated figures to measure (default all: inbox,case,search,statistics,submission,reports)",
    )
    parser.add_argument(
        "--profile",
        default="",
        metavar="DIR",
        help="run the application under cProfile and write its profiles per request kind to DIR",
    )
    args = parser.parse_args()
    only = {figure.strip() for figure in args.only.split(",") if figure.strip()}
    if args.db is None:
        args.db = "synpunkt_bench" if args.cases == 1_000_000 else f"synpunkt_bench_{args.cases}"

    load_at_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    env = bench_environment(args)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "synpunkt.settings"
    sys.path.insert(0, str(BASE_DIR))
    database_ensure(args)

    import django

    django.setup()
    from django.core.management import call_command

    from cases.models import Case

    say(f"• Migrating {args.db}")
    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    have = Case.objects.filter(organisation__slug__startswith=SLUG_PREFIX).count()
    seeding = None
    if have < args.cases:
        say(f"• Seeding {args.cases - have:,} cases (have {have:,})")
        started = time.monotonic()
        call_command("seed_scale", cases=args.cases - have, seed=None, skip_checks=True)
        seeding = (args.cases - have, time.monotonic() - started)
    else:
        say(f"• Reusing {have:,} seeded cases")
    if "statistics" in only and not quality_seeded():
        # A database seeded before seed_scale seeded the quality work: add it once (idempotent, in batches).
        say("• Adding the quality work's data (topics, causes, Lex Sarah records) to the seeded cases")
        call_command("seed_scale", quality=True, skip_checks=True)
    if "statistics" in only and summary_stale():
        # Seeding writes in bulk, past the services that keep the statistics' summary: rebuild it once.
        say("• Rebuilding the statistics' summary table (statistics_rebuild)")
        started = time.monotonic()
        call_command("statistics_rebuild", skip_checks=True)
        say(f"  {time.monotonic() - started:.0f} s")
    report_count, report_seeding = 0, None
    if "reports" in only:
        # The supervisory authority's pages (issue 19 item 9): its reports, seeded up to --reports.
        import report_figures

        wanted = args.cases if args.reports is None else args.reports
        report_count, report_seeding = report_figures.reports_ensure(wanted, say)
    total_cases = Case.objects.count()
    autovacuum = tables_vacuum()
    manager, head, manager_cases, head_cases = personas_prepare()

    national = national_reader_prepare() if "statistics" in only else None
    report_pages = report_figures.report_pages(session_for) if "reports" in only else []
    statistics_page = url("statistics:page")
    inbox = first_url(["staff:inbox"])
    # The case page staff work on: the workbench (staff.views.case_detail), with its timeline.
    case_names = ["staff:case_detail", "staff:case"]
    case_paths = [p for p in (first_url(case_names, pk) for pk in manager_cases[:100]) if p]
    say(f"• Pages: inbox {inbox}, case {case_paths[:1]}")

    application = "synpunkt.wsgi:application"
    if args.profile:
        application = "bench.profiled_wsgi:application"
        env["SYNPUNKT_BENCH_PROFILE"] = str(Path(args.profile).resolve())
        say(f"• Profiling every request into {args.profile} (the figures are not the bench's)")
    log = BASE_DIR / "var" / "bench" / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "gunicorn", application, "--bind", f"{HOST}:{args.port}",
        "--workers", str(args.workers), "--worker-class", "sync", "--timeout", "120",
        "--error-logfile", str(log), "--log-level", "warning",
    ]  # fmt: skip
    say(f"• Starting gunicorn ({args.workers} workers) on {HOST}:{args.port}")
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    results: list[tuple[str, Sample, Sample, str]] = []  # (figure, sample, its ceiling, kind)
    checks: list[tuple[str, bool | None, str]] = []
    extra: dict[str, str] = {}
    try:
        ceiling_path = "/bench/ceiling/"
        probe = Client(args.port)
        for _ in range(200):
            try:
                if probe.get(ceiling_path).status == 200:
                    break
            except OSError:
                probe.close()
            time.sleep(0.1)
        else:
            raise SystemExit(
                "gunicorn did not answer on the ceiling view in 20 s; see var/bench/gunicorn.log"
            )

        say("• Ceiling, sequential (one client)")
        ceiling_seq = sequential("Ceiling (bare view)", Client(args.port), [ceiling_path],
                                 requests=args.requests * 3, seconds=args.seconds)  # fmt: skip

        def latency(name: str, persona: Persona, paths: list[str]) -> Sample:
            say(f"• {name}")
            client = Client(args.port, persona.cookie)
            sample = sequential(name, client, paths, requests=args.requests, seconds=args.seconds)
            client.close()
            return sample

        if inbox and "inbox" in only:
            for persona in (manager, head):
                # The landing page (cases I hold), then every open case in my part of the tree.
                sample = latency(f"Inbox, {persona.label}", persona, [inbox])
                results.append((sample.name, sample, ceiling_seq, "p95"))
                sample = latency(f"Inbox, whole scope, {persona.label}", persona, [f"{inbox}?tab=scope"])
                results.append((sample.name, sample, ceiling_seq, "p95"))
        if case_paths and "case" in only:
            sample = latency("Case page, unit manager", manager, case_paths)
            results.append((sample.name, sample, ceiling_seq, "p95"))
            head_paths = [p for p in (first_url(case_names, pk) for pk in head_cases[:100]) if p]
            sample = latency("Case page, head of operations", head, head_paths)
            results.append((sample.name, sample, ceiling_seq, "p95"))
        if inbox and "search" in only:
            for persona in (manager, head):
                found = search_page(args.port, persona, inbox, args.search)
                if found is None:
                    extra[f"search, {persona.label}"] = "the inbox has no search form"
                    continue
                path, hits = found
                extra[f"search, {persona.label}"] = f"'{args.search}' lists {hits} cases on its first page"
                checks.append(
                    (
                        f"'{args.search}' finds 'bemötande' ({persona.label})",
                        hits > 0,
                        f"{hits} on the first page",
                    )
                )
                sample = latency(f"Search '{args.search}', {persona.label}", persona, [path])
                results.append((sample.name, sample, ceiling_seq, "p95"))

        if statistics_page and "statistics" in only:
            # The figures of the last twelve months (the page's default period), for the whole organisation.
            sample = latency("Statistics, head of operations", head, [statistics_page])
            results.append((sample.name, sample, ceiling_seq, "p95"))
            if national is not None:
                reader, pages = national
                sample = latency("Statistics, national reader (each organisation)", reader, pages)
                results.append((sample.name, sample, ceiling_seq, "p95"))
                sample = latency("Statistics, national reader (largest organisation)", reader, pages[:1])
                results.append((sample.name, sample, ceiling_seq, "p95"))

        for name, cookie, path in report_pages:
            say(f"• {name}")
            client = Client(args.port, cookie)
            sample = sequential(name, client, [path], requests=args.requests, seconds=args.seconds)
            client.close()
            results.append((sample.name, sample, ceiling_seq, "p95"))

        ceiling_conc: Sample | None = None
        if "submission" in only:
            say(f"• Ceiling, {args.clients} clients")
            ceiling_conc = concurrent_get(f"Ceiling, {args.clients} clients", args.port, ceiling_path,
                                          clients=args.clients, requests=args.requests * 20, seconds=args.seconds)  # fmt: skip
            say(f"• Citizen submissions: walking the wizard for {args.clients} × {args.submissions} sessions")
            starts = submission_starts(args.wizard_start, args.organisations)
            extra["submissions spread over"] = f"{len(starts)} organisation{'s' if len(starts) != 1 else ''}"
            before = Case.objects.count()
            submission, acknowledged, problems, cpu = concurrent_submissions(
                args.port, starts, re.compile(args.check_answers), clients=args.clients,
                per_client=args.submissions, seconds=args.seconds * 3, master_pid=server.pid,
                settle=tables_vacuum,  # the walk just churned the sessions and the counters
            )  # fmt: skip
            if acknowledged:
                extra["CPU per final POST"] = cpu_per_request(cpu, acknowledged)
            registered = Case.objects.count() - before
            results.append((submission.name, submission, ceiling_conc, "rps"))
            extra["submissions"] = f"acknowledged {acknowledged}, registered {registered}"
            if problems:
                extra["wizard problems"] = "; ".join(sorted(set(problems))[:3])
            checks.append(
                ("Registered cases = acknowledged", registered == acknowledged and acknowledged > 0,
                 f"{registered} registered, {acknowledged} acknowledged")
            )  # fmt: skip
            if args.honeypot_field:
                # The floor: the same final POST (session, CSRF, rate limit, the check of the answers, the session
                # written, the redirect) with the honeypot filled, so that it registers nothing. What a final POST
                # costs above it is the registration itself.
                say("• The floor: the same final POSTs, registering nothing (honeypot filled)")
                field_name = args.honeypot_field

                def bot(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
                    return [(k, "https://example.invalid/" if k == field_name else v) for k, v in fields]

                before = Case.objects.count()
                floor, floor_acknowledged, _, floor_cpu = concurrent_submissions(
                    args.port, starts, re.compile(args.check_answers), clients=args.clients,
                    per_client=args.submissions, seconds=args.seconds * 3, master_pid=server.pid,
                    settle=tables_vacuum, alter=bot, name="Floor: the final POST registering nothing",
                )  # fmt: skip
                results.append((floor.name, floor, ceiling_conc, "floor"))
                if floor_acknowledged:
                    extra["CPU per floor POST"] = cpu_per_request(floor_cpu, floor_acknowledged)
                floor_registered = Case.objects.count() - before
                checks.append(
                    ("The floor registers nothing", floor_registered == 0, f"{floor_registered} registered")
                )
        peaks = worker_peak_rss_kib(server.pid)
        if peaks:
            peak_mib = max(peaks.values()) / 1024
            checks.append(
                (f"A worker's peak memory ≤ {WORKER_PEAK_MIB} MiB", peak_mib <= WORKER_PEAK_MIB,
                 f"at most {peak_mib:.0f} MiB")
            )  # fmt: skip
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=20)

    # ------------------------------------------------------------------------------------------------------------
    rows = []
    for name, sample, ceiling, target in results:
        if target in {"rps", "floor"}:
            ratio = sample.rps / ceiling.rps if ceiling.rps else 0
            holds = ratio >= SUBMISSION_SHARE if target == "rps" else None
            rows.append((name, f"{sample.clients}", f"{sample.rps:,.1f} req/s", f"{ceiling.rps:,.1f} req/s",
                         f"{100 * ratio:.1f} %", f"≥ {100 * SUBMISSION_SHARE:.0f} %" if holds is not None else "–",
                         holds, sample))  # fmt: skip
        else:
            ratio = sample.percentile(95) / ceiling.percentile(95)
            holds = ratio <= LATENCY_LIMIT and sample.errors == 0
            rows.append((name, "1", f"{1000 * sample.percentile(95):,.1f} ms", f"{1000 * ceiling.percentile(95):,.2f} ms",
                         f"{ratio:,.1f} ×", f"≤ {LATENCY_LIMIT} ×", holds, sample))  # fmt: skip
    info = machine()
    lines = [
        "# Bench results",
        "",
        f"Run {info['date']} with {total_cases:,} cases in the database ({args.db}); gunicorn {args.workers} sync "
        f"workers, production settings (DEBUG off), PostgreSQL on {HOST}.",
        "",
        f"Machine: {info['cores']} cores, {info['memory']}, {info['cpu']}; PostgreSQL {info['postgresql']} "
        f"(autovacuum {autovacuum}; the bench vacuums the tables it churns before measuring); "
        f"Python {info['python']}, Django {info['django']}, {info['os']}. Load average at the end of the run "
        f"(1, 5, 15 min): {info['load']}; at the start: {load_at_start}. Figures are only comparable on a quiet "
        "machine: other processes make both the pages and the ceiling slower, but not in proportion.",
        "",
    ]
    if seeding:
        lines += [
            f"Seeding: {seeding[0]:,} cases in {seeding[1]:.0f} s ({seeding[0] / seeding[1]:,.0f} cases/s).",
            "",
        ]
    if report_count:
        lines += [f"Reports of the seeded supervisory authority: {report_count:,}.", ""]
    if report_seeding:
        lines += [
            f"Seeding: {report_seeding[0]:,} reports in {report_seeding[1]:.0f} s "
            f"({report_seeding[0] / report_seeding[1]:,.0f} reports/s).",
            "",
        ]
    lines += [
        "| Figure | Clients | Measured | Ceiling | Ratio | Target | Holds | p50 | p95 | p99 | n | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, clients, measured, ceil, ratio, target, holds, s in rows:
        lines.append(
            f"| {name} | {clients} | {measured} | {ceil} | {ratio} | {target} | "
            f"{'–' if holds is None else 'yes' if holds else '**no**'} | "
            f"{1000 * s.percentile(50):.1f} ms | {1000 * s.percentile(95):.1f} ms | {1000 * s.percentile(99):.1f} ms | "
            f"{len(s.latencies)} | {s.errors} |"
        )
    for ceiling in (ceiling_seq, ceiling_conc):
        if ceiling is None:
            continue
        lines.append(
            f"| {ceiling.name} | {ceiling.clients} | {ceiling.rps:,.0f} req/s | – | 1 | – | – | "
            f"{1000 * ceiling.percentile(50):.2f} ms | {1000 * ceiling.percentile(95):.2f} ms | "
            f"{1000 * ceiling.percentile(99):.2f} ms | {len(ceiling.latencies)} | {ceiling.errors} |"
        )
    lines.append("")
    if peaks:
        lines.append(
            "Peak memory (VmHWM) per gunicorn worker: "
            + ", ".join(f"{kib / 1024:.0f} MiB" for kib in sorted(peaks.values(), reverse=True))
            + "."
        )
    for name, ok, detail in checks:
        lines.append(f"{name}: {'yes' if ok else '**no**'} ({detail}).")
    for key, value in extra.items():
        lines.append(f"{key[:1].upper()}{key[1:]}: {value}.")
    missing = [
        label
        for label, present in (("inbox", inbox), ("case page", case_paths), ("statistics", statistics_page))
        if not present
    ]
    if missing:
        lines.append(f"Not measured (the page does not exist yet): {', '.join(missing)}.")
    lines.append("")
    report = "\n".join(lines)
    print("\n" + report)
    Path(args.results).write_text(report, encoding="utf-8")
    say(f"• Written to {args.results}")
    return 0 if all(r[6] is not False for r in rows) and all(c[1] for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
