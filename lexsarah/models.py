"""Lex Sarah records (domain.md §11): a serious deficiency reported by staff, its investigation, the assessment,
the report to IVO where it is one, and the closure. A record of its own, apart from cases: only the people
responsible for Lex Sarah see it (lexsarah.selectors), and it may be linked to the case that revealed it.

Milestones, deadlines and the assessment are columns, so that the statistics and the quality report count them in
SQL (lexsarah.selectors.lex_sarah_counts); the allowed transitions are a table in lexsarah/lifecycle.py.
"""

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, OrgNode

# The help texts of the periods say what domain.md §11 says of them: found only in secondary sources, they are
# settings, never hard-wired, until someone checks them against the regulations (lexsarah/tests/test_periods.py
# names the sources).
TO_VERIFY = _(
    "To verify: SoL (2025:400) 27 kap. and LSS 24 a–g §§ say “without delay”; the days come from Socialstyrelsen's "
    "regulations on Lex Sarah (SOSFS 2011:5, and the HSLF-FS that replaces it) and from local routines."
)


class IvoReportCountedFrom(models.TextChoices):
    ASSESSMENT = "assessment", _("The day of the assessment")
    STAFF_REPORT = "staff_report", _("The day the staff report was received")


class LexSarahSettings(models.Model):
    """The Lex Sarah periods of one organisation. An organisation without a row uses the defaults
    (lexsarah.selectors.lex_sarah_settings_for); lexsarah.services.lex_sarah_settings_change saves a change."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="lex_sarah_settings",
        verbose_name=_("organisation"),
    )
    reference_prefix = models.CharField(
        _("reference-number prefix"),
        max_length=10,
        default="LS",
        help_text=_("The Lex Sarah records' own series, for example LS, giving LS-2026-0001."),
    )
    investigation_start_days = models.PositiveSmallIntegerField(
        _("days to start the investigation"),
        default=0,
        help_text=format_lazy(
            "{} {}",
            _("Calendar days from the day the staff report was received; 0 means the same day."),
            TO_VERIFY,
        ),
    )
    ivo_report_days = models.PositiveSmallIntegerField(
        _("days to report to IVO"),
        default=14,
        help_text=format_lazy(
            "{} {}",
            _(
                "Calendar days to report a serious deficiency, or a clear risk of one, to IVO (two weeks by default)."
            ),
            TO_VERIFY,
        ),
    )
    ivo_report_counted_from = models.CharField(
        _("the days to report to IVO are counted from"),
        max_length=20,
        choices=IvoReportCountedFrom,
        default=IvoReportCountedFrom.ASSESSMENT,
        help_text=format_lazy(
            "{} {}",
            _("The assessment by default; some routines count from the staff report instead."),
            TO_VERIFY,
        ),
    )

    class Meta:
        verbose_name = _("Lex Sarah periods")
        verbose_name_plural = _("Lex Sarah periods")

    def __str__(self) -> str:
        return str(self.organisation)


class LexSarahState(models.TextChoices):
    """The lifecycle; the allowed transitions live in lexsarah/lifecycle.py."""

    REPORTED = "reported", _("Reported, not yet investigated")
    INVESTIGATING = "investigating", _("Under investigation")
    ASSESSED = "assessed", _("Assessed")
    REPORTED_TO_IVO = "reported_to_ivo", _("Reported to IVO")
    CLOSED = "closed", _("Closed")


OPEN_STATES = [
    LexSarahState.REPORTED,
    LexSarahState.INVESTIGATING,
    LexSarahState.ASSESSED,
    LexSarahState.REPORTED_TO_IVO,
]


class Assessment(models.TextChoices):
    SERIOUS = "serious", _("A serious deficiency")
    CLEAR_RISK = "clear_risk", _("A clear risk of a serious deficiency")
    NEITHER = "neither", _("Neither: not to be reported to IVO")


# What is reported to IVO (SoL 2025:400 27 kap.; LSS 24 f §).
REPORTABLE = [Assessment.SERIOUS, Assessment.CLEAR_RISK]


class LexSarahCounter(models.Model):
    """The last serial of an organisation's Lex Sarah series in a year; taken under a row lock."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_lex_sarah_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_serial}"


class LexSarahRecord(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="lex_sarah_records",
        verbose_name=_("organisation"),
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="lex_sarah_records", verbose_name=_("unit")
    )
    # Denormalised from node.path, as on Case: "the records of my part of the tree" is one prefix match.
    node_path = models.CharField(max_length=255, default="")
    # The case that revealed it, if any: the record links to the case here, the case to the record through the
    # reverse relation (shown on the case page only to those who may see the record). A case removed under the
    # retention rules leaves the record, whose own retention differs.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lex_sarah_records",
        verbose_name=_("case"),
    )

    reference_number = models.CharField(_("reference number"), max_length=40)
    reference_year = models.PositiveSmallIntegerField()
    reference_serial = models.PositiveIntegerField()
    state = models.CharField(_("state"), max_length=20, choices=LexSarahState, default=LexSarahState.REPORTED)

    # The staff report (rapport): kept to what the investigation needs (domain.md §8).
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_at = models.DateTimeField(_("reported"))
    what_happened = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    person_concerned = models.CharField(_("the person concerned"), max_length=200, blank=True)
    immediate_actions = models.TextField(_("what was done at once"), blank=True)

    # The investigation (utredning).
    investigation_due = models.DateField(_("start the investigation by"))
    investigation_started_at = models.DateTimeField(_("investigation started"), null=True, blank=True)
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investigator"),
    )
    findings = models.TextField(_("what happened and when"), blank=True)
    consequences = models.TextField(_("consequences for the person"), blank=True)
    causes = models.TextField(_("causes found"), blank=True)
    actions = models.TextField(_("actions taken or planned"), blank=True)

    # The assessment (bedömning).
    assessment = models.CharField(_("assessment"), max_length=20, choices=Assessment, blank=True)
    assessment_reasoning = models.TextField(_("reasoning"), blank=True)
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )

    # The report to IVO (anmälan), where the assessment makes it one.
    ivo_report_due = models.DateField(_("report to IVO by"), null=True, blank=True)
    ivo_reported_on = models.DateField(_("reported to IVO on"), null=True, blank=True)
    ivo_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported to IVO by"),
    )
    ivo_reference = models.CharField(_("IVO's reference number"), max_length=60, blank=True)

    # Closure.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closing_note = models.TextField(_("at closure"), blank=True)

    # The deadline that runs now (to start the investigation, or to report to IVO), or None: set by every service
    # that changes the state, so that the list orders and filters "overdue" on one indexed column.
    due_on = models.DateField(_("next deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("Lex Sarah record")
        verbose_name_plural = _("Lex Sarah records")
        constraints = [
            # The series is the organisation's own (the same "LS-2026-0001" can be in two organisations).
            models.UniqueConstraint(
                fields=["organisation", "reference_year", "reference_serial"],
                name="unique_lex_sarah_reference_serial",
            ),
            # An assessment is made with its time, and only the serious ones are reported to IVO.
            models.CheckConstraint(
                condition=models.Q(assessment="") | models.Q(assessed_at__isnull=False),
                name="lex_sarah_assessment_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(ivo_reported_on__isnull=True)
                | models.Q(assessment__in=["serious", "clear_risk"]),
                name="lex_sarah_only_serious_to_ivo",
            ),
        ]
        indexes = [
            # The list: my part of the tree, by state, the next deadline first. The prefix match needs
            # varchar_pattern_ops on PostgreSQL (as Case's scope index); Django leaves the class out on SQLite.
            models.Index(
                fields=["node_path", "state", "due_on"],
                opclasses=["varchar_pattern_ops", "", ""],
                name="lex_sarah_scope_state_due",
            ),
            models.Index(fields=["state", "due_on"], name="lex_sarah_state_due"),
            # The statistics and the quality report: counted by organisation and period, by assessment.
            models.Index(fields=["organisation", "reported_at"], name="lex_sarah_org_reported"),
            models.Index(fields=["organisation", "assessment", "assessed_at"], name="lex_sarah_org_assessed"),
        ]

    def __str__(self) -> str:
        return self.reference_number

    @property
    def is_open(self) -> bool:
        return self.state != LexSarahState.CLOSED

    @property
    def is_reportable(self) -> bool:
        return self.assessment in REPORTABLE

    @property
    def investigation_complete(self) -> bool:
        return all(field.strip() for field in (self.findings, self.consequences, self.causes, self.actions))
