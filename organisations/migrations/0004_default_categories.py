"""Give every organisation set up before the taxonomies existed the default ones (organisations.categories, copied
here as they were, so that a later change there does not change what this migration did)."""

from django.db import migrations

TOPICS = (
    ("treatment", "Bemötande", "Treatment and attitude"),
    ("information", "Information och kommunikation", "Information and communication"),
    ("support_quality", "Kvaliteten på stödet eller omsorgen", "Quality of the support or care"),
    ("handling", "Handläggning och beslut", "Handling of a matter and decisions"),
    ("accessibility", "Tillgänglighet", "Accessibility"),
    ("fees", "Avgifter", "Fees"),
    ("continuity", "Kontinuitet i personalen", "Continuity of staff"),
    ("other", "Övrigt", "Other"),
)
CAUSES = (
    ("routines", "Rutiner saknades eller följdes inte", "Routines missing or not followed"),
    ("competence", "Kunskap eller utbildning", "Knowledge or training"),
    ("staffing", "Bemanning eller tid", "Staffing or time"),
    ("communication", "Kommunikation eller samverkan", "Communication or cooperation"),
    ("misunderstanding", "Missförstånd", "Misunderstanding"),
    ("no_failing", "Ingen brist hittades", "No failing found"),
    ("other", "Övrigt", "Other"),
)


def add_defaults(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Category = apps.get_model("organisations", "Category")
    have = set(Category.objects.values_list("organisation_id", flat=True).distinct())
    Category.objects.bulk_create(
        Category(
            organisation_id=organisation_id,
            dimension=dimension,
            code=code,
            name=name,
            name_en=name_en,
            position=position,
        )
        for organisation_id in Organisation.objects.exclude(pk__in=have).values_list("pk", flat=True)
        for dimension, entries in (("topic", TOPICS), ("cause", CAUSES))
        for position, (code, name, name_en) in enumerate(entries, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_categories")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
