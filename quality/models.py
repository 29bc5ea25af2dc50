"""The quality work's own records. The taxonomies are organisations.Category, a case's are cases.CaseCategory; here
the texts of the annual quality report (kvalitetsberättelse, SOSFS 2011:9 7 kap.) that the quality staff write."""

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
