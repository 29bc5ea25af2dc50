"""The default taxonomies of the quality work (domain.md §7), given to every new organisation.

They are data from then on: each organisation renames, orders, adds and retires its own entries
(organisations.services). The codes stay, so that a national figure can still add up "treatment and attitude"
across organisations that renamed it. The Swedish names follow the words Swedish municipalities use in their
quality reports; the English ones are for staff who read the interface in English.
"""

from organisations.models import CategoryDimension

# (code, Swedish name, English name), in the order shown.
DEFAULT_TOPICS: tuple[tuple[str, str, str], ...] = (
    ("treatment", "Bemötande", "Treatment and attitude"),
    ("information", "Information och kommunikation", "Information and communication"),
    ("support_quality", "Kvaliteten på stödet eller omsorgen", "Quality of the support or care"),
    ("handling", "Handläggning och beslut", "Handling of a matter and decisions"),
    ("accessibility", "Tillgänglighet", "Accessibility"),
    ("fees", "Avgifter", "Fees"),
    ("continuity", "Kontinuitet i personalen", "Continuity of staff"),
    ("other", "Övrigt", "Other"),
)

DEFAULT_CAUSES: tuple[tuple[str, str, str], ...] = (
    ("routines", "Rutiner saknades eller följdes inte", "Routines missing or not followed"),
    ("competence", "Kunskap eller utbildning", "Knowledge or training"),
    ("staffing", "Bemanning eller tid", "Staffing or time"),
    ("communication", "Kommunikation eller samverkan", "Communication or cooperation"),
    ("misunderstanding", "Missförstånd", "Misunderstanding"),
    ("no_failing", "Ingen brist hittades", "No failing found"),
    ("other", "Övrigt", "Other"),
)

DEFAULTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    CategoryDimension.TOPIC: DEFAULT_TOPICS,
    CategoryDimension.CAUSE: DEFAULT_CAUSES,
}
