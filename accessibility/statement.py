"""Facts of the accessibility statement that change over time, kept as data (DOS-lagen 2018:1937, DIGG's model)."""

from datetime import date

# When the statement was first written and last reviewed: update both when the service or its testing changes.
PREPARED_ON = date(2026, 11, 24)
REVIEWED_ON = date(2026, 11, 24)
# The standard the service is measured against (EN 301 549 refers to WCAG 2.1 level AA).
STANDARD = "WCAG 2.1 AA (EN 301 549)"
