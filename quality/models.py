"""The quality work's own records. The taxonomies are organisations.Category, a case's are cases.CaseCategory; here
the texts of the annual quality report (kvalitetsberättelse, SOSFS 2011:9 7 kap.) that the quality staff write, and
the statistics' summary table (issue 18.7, docs/decisions/0034): what the statistics page counts, kept per
organisation, node, month received and the filter's dimensions, so that a figure reads a few hundred narrow rows
instead of every case of the period. quality.summary fills it and reads it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation, OrgNode

# The sections the staff write, in the report's order: (field, heading, what to write). The figures come from
# the statistics; these say what they mean and what was done.
SECTIONS = [
    (
        "summary",
        pgettext_lazy("quality report", "Summary"),
        _("The year in a few sentences: what went well, what did not, what comes next."),
    ),
    (
        "analysis",
        _("What the complaints and feedback show"),
        _("The patterns and trends you see in the figures and the categories, and their causes."),
    ),
    (
        "lessons",
        _("What we have learned"),
        _("What the organisation learned from the complaints, the deviations and the Lex Sarah reports."),
    ),
    (
        "actions",
        _("Actions taken and their follow-up"),
        _("What was done to improve, whether it worked, and what is still to be followed up."),
    ),
    (
        "lex_sarah",
        _("Lex Sarah"),
        _("What the reports of serious deficiencies showed, without naming anyone."),
    ),
    (
        "next_year",
        _("Goals for the coming year"),
        _("What you will improve, and how you will know that it worked."),
    ),
]
SECTION_FIELDS = [name for name, _heading, _help in SECTIONS]


class QualityReport(models.Model):
    """The written part of one year's quality report for a part of the tree (the organisation, an area, a unit).
    Always a draft: the staff save it as often as they like, and print it when it is ready."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="quality_reports", verbose_name=_("organisation")
    )
    node = models.ForeignKey(
        OrgNode,
        on_delete=models.PROTECT,
        related_name="quality_reports",
        verbose_name=_("part of the organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(pgettext_lazy("quality report", "Summary"), blank=True)
    analysis = models.TextField(_("What the complaints and feedback show"), blank=True)
    lessons = models.TextField(_("What we have learned"), blank=True)
    actions = models.TextField(_("Actions taken and their follow-up"), blank=True)
    lex_sarah = models.TextField(_("Lex Sarah"), blank=True)
    next_year = models.TextField(_("Goals for the coming year"), blank=True)
    # Saved with every change, and posted back by the form: a save over someone else's newer one is refused.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    class Meta:
        verbose_name = _("quality report")
        verbose_name_plural = _("quality reports")
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="quality_report_one_per_node_year")
        ]

    def __str__(self) -> str:
        return f"{self.node} {self.year}"

    def sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) of each section, in order."""
        return [(name, str(heading), getattr(self, name)) for name, heading, _help in SECTIONS]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in SECTION_FIELDS)


# Stands for "every value" in a dimension column: every fact is kept with kind, channel and sender "any", and the
# count of cases also under each of the three alone (quality.summary).
ANY = "*"


class CaseMonthly(models.Model):
    """How many times one fact holds for the cases of one organisation received at one node in one month, of one
    kind, channel and sender (ANY but for the count of cases by one of them). What a fact is and what `code`, `number`, `other` and `day` hold
    for it: quality.summary.Fact."""

    # No index of its own: the indexes below start with it.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    node_path = models.CharField(max_length=255)
    month = models.DateField()
    kind = models.CharField(max_length=20)
    channel = models.CharField(max_length=10)
    sender_role = models.CharField(max_length=40)
    fact = models.CharField(max_length=20)
    code = models.CharField(max_length=20, blank=True, default="")
    number = models.IntegerField(default=0)
    other = models.IntegerField(default=0)
    day = models.DateField(null=True, blank=True)
    count = models.IntegerField()

    class Meta:
        indexes = [
            # Every figure: one organisation, one combination of the filter's dimensions, one fact, the period;
            # with the rest of the row, so that PostgreSQL answers from the index alone (rows written a node's
            # month at a time lie scattered over the table: one page read per row otherwise).
            models.Index(
                fields=["organisation", "kind", "channel", "sender_role", "fact", "month"],
                include=["node_path", "code", "number", "other", "day", "count"],
                name="casemonthly_figure",
            ),
            # The count of cases by kind, by channel and by sender (quality.summary.SummaryReader._by_dimension):
            # those three vary there, so the index above would be read over every row of the organisation; this one
            # reads only the cases' rows of the period.
            models.Index(
                fields=["organisation", "fact", "month"],
                include=["kind", "channel", "sender_role", "node_path", "count"],
                name="casemonthly_dimension",
            ),
            # The refresh of one node's month when a case changes.
            models.Index(fields=["organisation", "node_path", "month"], name="casemonthly_bucket"),
            # The newest row of an organisation (quality.summary.summary_version): the version of its figures.
            models.Index(fields=["organisation", "id"], name="casemonthly_version"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.node_path} {self.month:%Y-%m} {self.fact}: {self.count}"
