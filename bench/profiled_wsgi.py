"""The application under cProfile, for `bench/run.sh --profile DIR`: where a figure's time goes, by function.

Each request's profile is added to one file per request kind in DIR (named from its method and the first words of
its path, digits folded to N), written when the worker exits. Read them with
`python -m pstats DIR/POST_lamna_skicka.prof` (then `sort cumulative`, `stats 40`). The profiler slows every request
several times over, so a profiled run's figures are not the bench's figures: run it for where, not how fast.
"""

from __future__ import annotations

import atexit
import cProfile
import os
import pstats
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from synpunkt.wsgi import application as _application

OUT = Path(os.environ.get("SYNPUNKT_BENCH_PROFILE", "var/bench/profile"))
_stats: dict[str, pstats.Stats] = {}


def _kind(environ: dict[str, Any]) -> str:
    path = re.sub(r"\d+", "N", environ.get("PATH_INFO", "/"))
    words = [word for word in path.strip("/").split("/") if word][:3]
    return "_".join([environ.get("REQUEST_METHOD", "GET"), *words]) or "root"


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    profile = cProfile.Profile()
    body = profile.runcall(lambda: list(_application(environ, start_response)))
    kind = _kind(environ)
    if kind in _stats:
        _stats[kind].add(profile)
    else:
        _stats[kind] = pstats.Stats(profile)
    return body


@atexit.register
def _write() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for kind, stats in _stats.items():
        stats.dump_stats(OUT / f"{kind}.{os.getpid()}.prof")
