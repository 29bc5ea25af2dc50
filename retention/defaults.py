"""The periods of domain.md §8 and the research exemption's areas: what a new installation starts with
(retention/migrations/0002), as rows an archivist may then change.

Complaint records are marked "to verify": their period is a local decision (each customer's retention plan,
dokumenthanteringsplan). The Lex Sarah records of municipalities are social-services records (SoL 16 kap. 1 §,
five years), those of private providers five years (domain.md §8).
"""

from typing import Any

RULES = [
    # kind, class, years, legal basis, to verify
    ("municipality", "complaint", 5, "SoL 16 kap. 1 §, LSS 21 c § (lokalt beslut)", True),
    ("municipality", "lex_sarah", 5, "SoL 16 kap. 1 §, LSS 21 c §", False),
    ("provider", "complaint", 2, "SoL 17 kap. 2 § (lokalt beslut)", True),
    ("provider", "lex_sarah", 5, "SoL 17 kap. 2 §", False),
]

EXEMPTION = "Socialtjänstförordningen (2025:468) 13 kap. 1 §"
AREAS = [
    ("county", "Östergötlands län"),
    ("county", "Gotlands län"),
    ("county", "Västernorrlands län"),
    ("municipality", "Göteborg"),
]


def ensure_defaults(rule_model: Any, area_model: Any) -> None:
    """Add the defaults that are missing, leaving every changed row as it is. Takes the models so that the
    migration can pass its historical ones."""
    for kind, record_class, years, basis, to_verify in RULES:
        rule_model.objects.get_or_create(
            organisation_kind=kind,
            organisation=None,
            record_class=record_class,
            defaults={"years": years, "legal_basis": basis, "to_verify": to_verify},
        )
    for kind, name in AREAS:
        area_model.objects.get_or_create(kind=kind, name=name, defaults={"legal_basis": EXEMPTION})
