"""IVO's regional supervision departments and the counties each one answers for (domain.md §6).

A report on paper goes to the department for the county where it happened. The mapping is data, not code: it lives
in guide/data/ivo_regions.json with the date it was last checked (`verified_on`) and where it came from (`source`).
It was taken from domain.md §6, where it is marked **(to verify)**; it has not been checked against ivo.se, and no
postal addresses are given (a region's `postal_address` is null until someone checks it on ivo.se).
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "ivo_regions.json"


@dataclass(frozen=True)
class Region:
    key: str
    name: str  # IVO's own name for the department
    city: str  # where the department sits
    counties: tuple[str, ...]
    postal_address: str | None = None  # only when checked; otherwise the reader is sent to ivo.se


def _load(path: Path) -> tuple[date, str, tuple[Region, ...]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    regions = tuple(
        Region(
            key=item["key"],
            name=item["name"],
            city=item["city"],
            counties=tuple(item["counties"]),
            postal_address=item.get("postal_address") or None,
        )
        for item in data["regions"]
    )
    return date.fromisoformat(data["verified_on"]), str(data["source"]), regions


VERIFIED_ON, SOURCE, REGIONS = _load(DATA_FILE)

COUNTIES: tuple[str, ...] = tuple(sorted(county for region in REGIONS for county in region.counties))


def region_for_county(county: str) -> Region | None:
    """The department for a county, matched on its name ("Västerbottens län"); None if unknown."""
    wanted = county.strip().casefold()
    for region in REGIONS:
        if any(wanted == name.casefold() for name in region.counties):
            return region
    return None


def county_named(county: str) -> str | None:
    """The county's own spelling if it is one of the 21 counties, else None (for input from a form)."""
    wanted = county.strip().casefold()
    return next((name for name in COUNTIES if name.casefold() == wanted), None)
