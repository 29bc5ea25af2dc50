"""In-process timing of the staff pages that render forms, against a bare Django view (not a test; no assertions).

It answers one question: what does the form renderer (settings.FORM_RENDERER) cost on the pages of the budget
(the inbox, whose filter has a select with one option per unit in scope, and the case page, whose handling panel
links to the handling forms) and on the form pages themselves? It builds a throw-away SQLite database with the
test tree, more units and some cases; it times the widgets of four forms alone, then each page through Django's
test client with every middleware, beside the bench's ceiling view (/bench/ceiling/), in rounds that interleave
the renderers compared. It counts the process's CPU time, not the wall clock, so that other work on a shared
machine does not count (SQLite answers in-process, so its work counts too). The in-process ceiling is cheaper than
the bench's, which goes through gunicorn: compare the renderers with each other, not with the bench's ratios.

    SYNPUNKT_ENV=test SYNPUNKT_DEBUG=0 SYNPUNKT_BENCH=1 .venv/bin/python bench/render_timing.py \
        --renderer django.forms.renderers.DjangoTemplates:plain --renderer django.forms.renderers.DjangoTemplates

(":plain" times the kit's selects with Django's own select template.) The Python renderer that issue 16 removed
was timed by restoring it from git (git show <commit>^:core/forms_renderer.py) as a module on PYTHONPATH.
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synpunkt.settings")
os.environ["SYNPUNKT_SQLITE_PATH"] = str(Path(tempfile.mkdtemp(prefix="render-timing-")) / "db.sqlite3")

import django  # noqa: E402

django.setup()

from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from accounts.testing import force_login_passes_second_factor  # noqa: E402
from cases.models import CaseKind, SenderRole  # noqa: E402
from cases.services import CaseSubmission, case_register  # noqa: E402
from core.forms import Select  # noqa: E402
from organisations.models import NodeKind  # noqa: E402
from organisations.services import node_create  # noqa: E402
from organisations.testing import build_tree  # noqa: E402
from registrar.forms import RegistrationForm  # noqa: E402
from staff.forms import InboxFilterForm  # noqa: E402
from staff.handling_forms import ActionForm, MoveForm  # noqa: E402


def timed(client: Client, url: str, requests: int) -> list[float]:
    """The CPU time of each request in ms: on a shared machine the wall clock measures the neighbours too."""
    times = []
    for _ in range(requests):
        start = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


KIT_SELECT = Select.template_name


@contextlib.contextmanager
def variant(name: str) -> Iterator[None]:
    """FORM_RENDERER = the name's renderer; with ":plain", the kit's selects use Django's own template."""
    renderer, _, plain = name.partition(":")
    Select.template_name = forms.Select.template_name if plain else KIT_SELECT
    try:
        with override_settings(FORM_RENDERER=renderer):
            yield
    finally:
        Select.template_name = KIT_SELECT


def form_render_ms(form: forms.BaseForm, repeat: int) -> float:
    """The median time to render every widget of `form`, in ms: the form renderer's part of a page."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for bound in form:
            str(bound)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page (default 300)")
    parser.add_argument("--units", type=int, default=40, help="extra units under elderly care (default 40)")
    parser.add_argument("--cases", type=int, default=50, help="cases in the unit (default 50)")
    parser.add_argument(
        "--renderer",
        action="append",
        help="a FORM_RENDERER to time (repeat to compare several, interleaved in rounds; default the setting's); "
        "NAME:plain times it with Django's own select template instead of the kit's (core.forms.Select)",
    )
    parser.add_argument(
        "--rounds", type=int, default=10, help="rounds the requests are spread over (default 10)"
    )
    args = parser.parse_args()
    if settings.DEBUG:
        sys.exit("Run with SYNPUNKT_DEBUG=0 (DEBUG keeps every query and skips the cached template loader).")

    call_command("migrate", verbosity=0)
    tree = build_tree()
    for number in range(args.units):
        node_create(
            organisation=tree.organisation, parent=tree.elderly, kind=NodeKind.UNIT, name=f"Enhet {number}"
        )
    case = None
    for number in range(args.cases):
        case = case_register(
            submission=CaseSubmission(
                organisation=tree.organisation,
                kind=CaseKind.COMPLAINT,
                sender_role=SenderRole.RELATIVE,
                what_happened=f"Personalen hade ett dåligt bemötande vid middagen ({number}).",
                unit=tree.care_home,
            )
        ).case
    assert case is not None

    with force_login_passes_second_factor():
        manager = Client()
        manager.force_login(tree.unit_manager)  # holds nothing, manages the unit: sees every handling form
        head = Client()
        head.force_login(tree.head_of_operations)  # the whole tree: the longest unit filter
        registrar = Client()
        registrar.force_login(tree.registrar)
    holder = case.holder
    assert holder is not None
    with force_login_passes_second_factor():
        holder_client = Client()
        holder_client.force_login(holder)

    pages = [
        ("ceiling (bare view)", Client(), "/bench/ceiling/"),
        ("inbox, my cases", holder_client, "/personal/"),
        ("inbox, whole tree", head, "/personal/?tab=scope"),
        ("case page (handling panel)", holder_client, f"/personal/arende/{case.pk}/"),
        ("form page: add an action", holder_client, f"/personal/handlaggning/{case.pk}/atgard/"),
        ("form page: move", manager, f"/personal/handlaggning/{case.pk}/flytta/"),
        ("registrar's form", registrar, "/personal/registrera/"),
    ]
    renderers = args.renderer or [settings.FORM_RENDERER]
    widget_forms = [
        ("inbox filters, whole tree", lambda: InboxFilterForm(user=tree.head_of_operations)),
        ("add an action", lambda: ActionForm(case=case)),
        ("move", lambda: MoveForm(case=case)),
        ("registrar's form", lambda: RegistrationForm(organisation=tree.organisation)),
    ]
    times: dict[tuple[str, str], list[float]] = {
        (renderer, name): [] for renderer in renderers for name, *_ in pages
    }
    per_round = max(1, args.requests // args.rounds)
    for round_number in range(args.rounds + 1):  # round 0 warms the template caches and is not counted
        for renderer in renderers:
            with variant(renderer):
                for name, client, url in pages:
                    taken = timed(client, url, per_round)
                    if round_number:
                        times[(renderer, name)].extend(taken)
    for renderer in renderers:
        with variant(renderer):
            rendered = [(name, form_render_ms(make(), 200)) for name, make in widget_forms]
        print(f"\nFORM_RENDERER = {renderer}: the widgets of one form, median of 200 renderings")
        for name, taken_ms in rendered:
            print(f"{name:28} {taken_ms:6.2f} ms")
    for renderer in renderers:
        print(
            f"\nFORM_RENDERER = {renderer}: {per_round * args.rounds} requests per page in {args.rounds} rounds"
        )
        ceiling = p95(times[(renderer, pages[0][0])])
        for name, *_ in pages:
            taken = times[(renderer, name)]
            high = p95(taken)
            print(
                f"{name:28} p50 {statistics.median(taken):6.2f} ms  p95 {high:6.2f} ms  {high / ceiling:5.1f} × ceiling"
            )


if __name__ == "__main__":
    main()
