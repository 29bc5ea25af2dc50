"""The periods of domain.md §8 and the research exemption's areas, as rows an archivist may change.

Complaint records are marked "to verify": their period is a local decision (each customer's retention plan,
dokumenthanteringsplan). The Lex Sarah records of municipalities are social-services records (SoL 16 kap. 1 §,
five years), those of private providers five years (domain.md §8).
"""

from django.db import migrations

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


def add(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    ResearchExemptArea = apps.get_model("retention", "ResearchExemptArea")
    for kind, record_class, years, basis, to_verify in RULES:
        RetentionRule.objects.get_or_create(
            organisation_kind=kind,
            organisation=None,
            record_class=record_class,
            defaults={"years": years, "legal_basis": basis, "to_verify": to_verify},
        )
    for kind, name in AREAS:
        ResearchExemptArea.objects.get_or_create(kind=kind, name=name, defaults={"legal_basis": EXEMPTION})


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
