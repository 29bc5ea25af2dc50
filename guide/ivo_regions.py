"""IVO's regional supervision departments and the counties each one answers for (domain.md §6).

A report on paper goes to the department for the county where it happened. The mapping was taken from a secondary
source and is **(to verify)** against IVO's own pages: it is data with the date it was last checked, never
hard-wired in templates or views.
"""

from dataclasses import dataclass
from datetime import date

VERIFIED_ON = date(2026, 11, 24)
SOURCE = (
    "Synpunkt domain rules, domain.md §6 (IVO's regional departments, from the IVO page in seeds/004); "
    "(to verify) against ivo.se"
)


@dataclass(frozen=True)
class Region:
    key: str
    name: str  # IVO's own name for the department
    city: str
    counties: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "nord",
        "Avdelning nord",
        "Umeå",
        ("Västernorrlands län", "Jämtlands län", "Västerbottens län", "Norrbottens län"),
    ),
    Region(
        "mitt",
        "Avdelning mitt",
        "Örebro",
        (
            "Uppsala län",
            "Gävleborgs län",
            "Västmanlands län",
            "Dalarnas län",
            "Värmlands län",
            "Örebro län",
            "Södermanlands län",
        ),
    ),
    Region("ost", "Avdelning öst", "Stockholm", ("Stockholms län", "Gotlands län")),
    Region("sydost", "Avdelning sydöst", "Jönköping", ("Östergötlands län", "Jönköpings län", "Kalmar län")),
    Region("sydvast", "Avdelning sydväst", "Göteborg", ("Västra Götalands län", "Hallands län")),
    Region("syd", "Avdelning syd", "Malmö", ("Skåne län", "Kronobergs län", "Blekinge län")),
)

COUNTIES: tuple[str, ...] = tuple(sorted(county for region in REGIONS for county in region.counties))


def region_for_county(county: str) -> Region | None:
    """The department for a county, matched on its name ("Västerbottens län"); None if unknown."""
    wanted = county.strip().casefold()
    for region in REGIONS:
        if any(wanted == name.casefold() for name in region.counties):
            return region
    return None
