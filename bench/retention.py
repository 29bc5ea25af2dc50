"""The retention bench (issue 21 item 6): the preview over N cases, and the deletion of M cases in batches while
the inbox is being read. Prints figures only; asserts no timing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/synpunkt_retention_bench \\
        .venv/bin/python bench/retention.py --cases 20000 --delete 2000

1. Creates the database named in DATABASE_URL if it is missing (never `synpunkt_bench`, the main bench's),
   migrates it and seeds it up to --cases with `manage.py seed_scale` (only the cases missing: a database seeded
   before is reused, less what earlier runs deleted, which is topped up).
2. The preview: streams `retention.rules.preview` over every organisation with the rules applied --years-ahead
   years from today (the seeded cases are at most three years old, so that their periods have run out), and
   prints rows, seconds, rows/s and the growth of the process's peak memory (`ru_maxrss`) from before to after:
   constant memory shows as a growth that does not follow N.
3. The deletion: previews the organisations with the most due cases, one run each, until the runs hold --delete
   items (the last one cut short), approves them and executes them one after the other in batches of --batch,
   while a reader thread reads the inbox of the first organisation's head of operations (the whole tree, every
   state, the first page and its count) in a loop on its own connection, for --before seconds first and then
   throughout. Prints cases deleted per second, and the inbox's p50/p95/max before the deletion and during it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
FORBIDDEN_DATABASE = "synpunkt_bench"


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/synpunkt_retention_bench")
    name = urlsplit(url).path.lstrip("/")
    if name == FORBIDDEN_DATABASE:
        sys.exit("This bench never touches synpunkt_bench: give it a database of its own in DATABASE_URL.")
    return url


def _ensure_database(url: str, cases: int) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    env = {**os.environ, "DATABASE_URL": url, "SYNPUNKT_ENV": "development"}
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT count(*) FROM cases_case").fetchone()
    missing = cases - (row[0] if row else 0)
    if missing > 0:  # seed_scale adds: only what is missing, so that a second run reuses the first's cases
        subprocess.run([*manage, "seed_scale", "--cases", str(missing)], env=env, check=True)


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _percentiles(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"n={len(ordered)} p50={statistics.median(ordered) * 1000:.1f} ms "
        f"p95={p95 * 1000:.1f} ms max={ordered[-1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=20_000, help="Seed the database up to this many cases.")
    parser.add_argument("--delete", type=int, default=2_000, help="Cases to delete (M).")
    parser.add_argument("--batch", type=int, default=500, help="Cases per deleting transaction.")
    parser.add_argument(
        "--years-ahead", type=int, default=6, help="Apply the rules this many years from today."
    )
    parser.add_argument(
        "--before", type=float, default=10.0, help="Seconds the inbox is read before the deletion starts."
    )
    parser.add_argument("--skip-seed", action="store_true", help="Use the database as it is.")
    args = parser.parse_args()

    url = _database_url()
    if not args.skip_seed:
        _ensure_database(url, args.cases)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SYNPUNKT_ENV", "development")
    # DEBUG off, as in production: with it on, Django keeps and formats every statement it runs, which for the
    # deletion's statements of hundreds of ids cost more than running them.
    os.environ.setdefault("SYNPUNKT_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synpunkt.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    _bench(args)


def _bench(args: argparse.Namespace) -> None:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from cases.models import Case
    from cases.selectors import STATE_ALL, TAB_SCOPE, InboxFilters, inbox_cases
    from organisations.models import NodeKind, Organisation, Role, RoleAssignment
    from retention import rules, services
    from retention.models import RetentionRun, RunItem, RunState

    today = timezone.localdate()
    as_of = today + timedelta(days=365 * args.years_ahead)
    total_cases = Case.objects.count()
    print(f"database {connection.settings_dict['NAME']}: {total_cases} cases; rules applied on {as_of}")

    # --- 2. The preview -----------------------------------------------------------------------------------
    due_by_organisation: dict[int, int] = {}
    before = _peak_kib()
    started = time.perf_counter()
    rows = 0
    for organisation in Organisation.objects.order_by("pk"):
        for row in rules.preview(organisation, as_of=as_of):
            rows += 1
            if not row.kept_reason:
                due_by_organisation[organisation.pk] = due_by_organisation.get(organisation.pk, 0) + 1
    seconds = time.perf_counter() - started
    print(
        f"preview: {rows} rows over {total_cases} cases in {seconds:.2f} s ({rows / seconds:.0f} rows/s); "
        f"peak memory grew by {(_peak_kib() - before) / 1024:.1f} MiB"
    )
    if not due_by_organisation:
        print("nothing due: no deletion to measure")
        return

    # --- 3. The deletion while the inbox is read ----------------------------------------------------------
    # The organisations with the most due cases first, one run each, until --delete cases are in the runs.
    runs = []
    wanted = args.delete
    for organisation_id in sorted(due_by_organisation, key=due_by_organisation.__getitem__, reverse=True):
        if wanted <= 0:
            break
        organisation = Organisation.objects.get(pk=organisation_id)
        root = organisation.nodes.get(kind=NodeKind.ROOT)
        archivist, _ = User.objects.get_or_create(username=f"bench-arkiv-{organisation.slug}")
        RoleAssignment.objects.get_or_create(user=archivist, node=root, role=Role.ARCHIVIST)
        RetentionRun.objects.filter(organisation=organisation, state=RunState.PREVIEWED).update(
            state=RunState.CANCELLED
        )
        started = time.perf_counter()
        run = services.run_preview(organisation=organisation, acting_user=archivist, as_of=as_of)
        print(
            f"run preview of {organisation.slug}: {run.total} items stored in "
            f"{time.perf_counter() - started:.2f} s"
        )
        first_items = RunItem.objects.filter(run=run).order_by("pk").values_list("pk", flat=True)[:wanted]
        last = list(first_items)[-1] if wanted < run.total else None
        if last is not None:  # the items after the first --delete (one statement: no list of ids to bind)
            RunItem.objects.filter(run=run, pk__gt=last).delete()
        keep = min(wanted, run.total)
        RetentionRun.objects.filter(pk=run.pk).update(total=keep)
        services.run_approve(run=run, acting_user=archivist)
        runs.append(run)
        wanted -= keep
    first = runs[0].organisation
    root = first.nodes.get(kind=NodeKind.ROOT)
    head = (
        User.objects.filter(roles__node=root, roles__role=Role.HEAD_OF_OPERATIONS).first()
        or User.objects.filter(roles__node__organisation=first).first()
    )
    assert head is not None, "the seeded organisation has staff"

    filters = InboxFilters(tab=TAB_SCOPE, state=STATE_ALL)
    stop = threading.Event()
    samples: dict[str, list[float]] = {"before": [], "during": []}
    phase = {"name": "before"}

    def read_inbox() -> None:
        from django.db import connection as reader_connection

        try:
            while not stop.is_set():
                moment = time.perf_counter()
                page = inbox_cases(user=head, filters=filters, today=today)
                list(page[:25])
                page.count()
                samples[phase["name"]].append(time.perf_counter() - moment)
        finally:
            reader_connection.close()

    reader = threading.Thread(target=read_inbox, daemon=True)
    reader.start()
    time.sleep(args.before)
    phase["name"] = "during"
    started = time.perf_counter()
    deleted = kept = 0
    for run in runs:
        done = services.run_execute(run.pk, batch_size=args.batch)
        deleted, kept = deleted + done.deleted, kept + done.kept
    seconds = time.perf_counter() - started
    stop.set()
    reader.join(timeout=30)
    print(
        f"deletion: {deleted} cases deleted ({kept} kept) in {len(runs)} run(s) in batches of {args.batch} "
        f"in {seconds:.2f} s ({deleted / seconds:.0f} cases/s)"
    )
    print(f"inbox of {head.username} (whole tree, every state) before: {_percentiles(samples['before'])}")
    print(f"inbox of {head.username} (whole tree, every state) during: {_percentiles(samples['during'])}")


if __name__ == "__main__":
    main()
