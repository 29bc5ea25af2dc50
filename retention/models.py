"""Retention (gallring) and the archive (domain.md §8): the rules as data, legal holds, the research exemption's
facts, the runs that delete, and what remains of a deleted record.

The periods and the exemption are rows, not code, so that a customer's archivist can set them (the periods of
complaint records are local decisions, marked "to verify"). Nothing here holds case content: a deletion record
keeps the reference, the class, the dates and the decision, never who wrote or what about.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, OrganisationKind


class RecordClass(models.TextChoices):
    """The kinds of record a rule covers: a complaint case (cases.Case) and a Lex Sarah record (lexsarah)."""

    COMPLAINT = "complaint", _("Complaints and feedback (cases)")
    LEX_SARAH = "lex_sarah", _("Lex Sarah records")


class RetentionRule(models.Model):
    """How long a class of record is kept after its last note, for a kind of organisation or for one organisation.

    A rule of one organisation wins over the rule of its kind. Without any rule a class is never deleted.
    """

    organisation_kind = models.CharField(_("kind of organisation"), max_length=20, choices=OrganisationKind)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only this organisation"),
    )
    record_class = models.CharField(_("class of record"), max_length=20, choices=RecordClass)
    years = models.PositiveSmallIntegerField(_("years after the last note"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    to_verify = models.BooleanField(
        _("to verify"),
        default=False,
        help_text=_(
            "A local decision or a period not yet checked against the customer's own retention plan."
        ),
    )

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["organisation_kind", "record_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_kind", "record_class"],
                condition=models.Q(organisation__isnull=True),
                name="retention_rule_per_kind",
            ),
            models.UniqueConstraint(
                fields=["organisation", "record_class"],
                condition=models.Q(organisation__isnull=False),
                name="retention_rule_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_organisation_kind_display()} / {self.get_record_class_display()}: {self.years}"


class ExemptionKind(models.TextChoices):
    COUNTY = "county", _("County")
    MUNICIPALITY = "municipality", _("Municipality")


class ResearchExemptArea(models.Model):
    """A county or a municipality whose municipalities keep every record (Socialtjänstförordningen (2025:468)
    13 kap. 1 §). An organisation is in it when it is a municipality and its county or its name matches."""

    kind = models.CharField(_("kind"), max_length=20, choices=ExemptionKind)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As the organisation's county is written, e.g. Gotlands län.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("area of the research exemption")
        verbose_name_plural = _("areas of the research exemption")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_exempt_area")]

    def __str__(self) -> str:
        return self.name


class ResearchBirthDay(models.Model):
    """The day of the month on which the person a record is about was born, and nothing more of the number: all
    the research exemption needs (days 5, 15 and 25 are kept). Set by retention.services.record_birth_day_set from
    a personnummer or samordningsnummer (core.personnummer; a samordningsnummer's day less 60)."""

    record_class = models.CharField(max_length=20, choices=RecordClass)
    record_id = models.PositiveBigIntegerField()
    day = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_class", "record_id", "day"], name="unique_birth_day"),
            models.CheckConstraint(condition=models.Q(day__gte=1, day__lte=31), name="birth_day_in_month"),
        ]

    def __str__(self) -> str:
        return f"{self.record_class}:{self.record_id}"


class LegalHold(models.Model):
    """A record that must not be deleted, whatever the rules, until the hold is lifted (a dispute, an inquiry)."""

    record_class = models.CharField(_("class of record"), max_length=20, choices=RecordClass)
    record_id = models.PositiveBigIntegerField()
    reason = models.CharField(_("reason"), max_length=200)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        indexes = [models.Index(fields=["record_class", "record_id"], name="legal_hold_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["record_class", "record_id"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_hold_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_class}:{self.record_id}"


class RunState(models.TextChoices):
    """retention/lifecycle: previewed → approved → running → done; previewed → cancelled."""

    PREVIEWED = "previewed", _("Awaiting approval")
    APPROVED = "approved", _("Approved, waiting for the worker")
    RUNNING = "running", _("Deleting")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_RUN_STATES = [RunState.PREVIEWED, RunState.APPROVED, RunState.RUNNING]


class RetentionRun(models.Model):
    """One organisation's deletion: the preview it was approved on (its items), who approved it, and progress."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    state = models.CharField(_("state"), max_length=20, choices=RunState, default=RunState.PREVIEWED)
    as_of = models.DateField(_("rules applied on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)
    # What the preview kept and why, per class and reason: {"complaint": {"legal_hold": 2, ...}, ...}.
    kept_summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One run at a time per organisation: a second one started is refused, not run twice.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(state__in=ACTIVE_RUN_STATES),
                name="one_active_run_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.as_of}"

    @property
    def done_count(self) -> int:
        return self.deleted + self.kept


class ItemState(models.TextChoices):
    PENDING = "pending", _("To delete")
    DELETED = "deleted", _("Deleted")
    KEPT = "kept", _("Kept after all")


class RunItem(models.Model):
    """A record the preview found due for deletion, and what became of it. References and dates only."""

    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="items")
    record_class = models.CharField(max_length=20, choices=RecordClass)
    record_id = models.PositiveBigIntegerField()
    reference_number = models.CharField(max_length=40)
    last_note_on = models.DateField()
    delete_by = models.DateField()
    state = models.CharField(max_length=10, choices=ItemState, default=ItemState.PENDING)
    kept_reason = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "record_class", "record_id"], name="unique_run_item")
        ]
        indexes = [models.Index(fields=["run", "state", "id"], name="run_item_state")]

    def __str__(self) -> str:
        return self.reference_number


class DeletionRecord(models.Model):
    """What remains of a deleted record: its reference, class, dates and the decision that deleted it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    record_class = models.CharField(_("class of record"), max_length=20, choices=RecordClass)
    reference_number = models.CharField(_("reference number"), max_length=40)
    received_on = models.DateField(_("received"))
    last_note_on = models.DateField(_("last note"))
    deleted_at = models.DateTimeField(_("deleted"))
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("rule"), max_length=200)

    class Meta:
        verbose_name = _("deletion record")
        verbose_name_plural = _("deletion records")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_class", "reference_number"], name="unique_deletion_record"
            )
        ]

    def __str__(self) -> str:
        return self.reference_number


class PendingFileRemoval(models.Model):
    """A stored file whose record is gone, written in the deleting transaction and removed once the file is: a
    run killed between the commit and the removal finds it again (retention.services.files_remove_pending)."""

    name = models.CharField(max_length=255)
    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return self.name
