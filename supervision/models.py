"""A supervisory authority's side (domain.md §6, issue 19): its regional departments, the register of the
providers and units it supervises, the reports it receives, its decisions on them, and the supervision it opens.

A report is a case (cases.Case, kind "report") with a `Report` beside it: the case gives it the reference number,
the clock, the inbox, the receipt, the audit trail and the mail; the `Report` adds what only a supervisory authority
needs, denormalised so that the planning view counts signals on this table alone (docs/decisions/0035).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from organisations.models import Category, Organisation, OrgNode


class ServiceKind(models.TextChoices):
    SOL = "sol", _("Social services (SoL)")
    LSS = "lss", _("Support and service for disabled people (LSS)")
    PERSONAL_ASSISTANCE = "personal_assistance", _("Personal assistance")


class ProviderKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    PRIVATE = "private", _("Private")


class Department(models.Model):
    """A regional department of a supervisory authority: a node of its tree, answering for the counties of its
    region in guide/data/ivo_regions.json (`region_key`). Staff hold their roles on the node."""

    authority = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="supervision_departments",
        verbose_name=_("authority"),
    )
    node = models.OneToOneField(
        OrgNode, on_delete=models.PROTECT, related_name="supervision_department", verbose_name=_("node")
    )
    region_key = models.SlugField(_("region"), max_length=20)

    class Meta:
        verbose_name = _("regional department")
        verbose_name_plural = _("regional departments")
        constraints = [
            models.UniqueConstraint(fields=["authority", "region_key"], name="unique_department_region"),
        ]

    def __str__(self) -> str:
        return self.node.name


class Provider(models.Model):
    """A provider under supervision: a municipality's committee or a private company, by organisation number."""

    authority = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="supervised_providers",
        verbose_name=_("authority"),
    )
    name = models.CharField(_("name"), max_length=200)
    # As stdnum.se.orgnr formats it: NNNNNN-NNNN.
    organisation_number = models.CharField(_("organisation number"), max_length=11)
    kind = models.CharField(_("kind of provider"), max_length=20, choices=ProviderKind)
    is_active = models.BooleanField(_("in the register"), default=True)

    class Meta:
        verbose_name = _("provider under supervision")
        verbose_name_plural = _("providers under supervision")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "organisation_number"], name="unique_provider_organisation_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_number})"


class SupervisedUnit(models.Model):
    """A unit of a provider (a care home, a group home, an assistance company's service) and its kind of service."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="units", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=200)
    service_kind = models.CharField(_("kind of service"), max_length=30, choices=ServiceKind)
    county = models.CharField(_("county"), max_length=60)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    is_active = models.BooleanField(_("in the register"), default=True)

    class Meta:
        verbose_name = _("unit under supervision")
        verbose_name_plural = _("units under supervision")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="unique_supervised_unit_name")
        ]

    def __str__(self) -> str:
        return self.name


class Supervision(models.Model):
    """Supervision opened after one or more reports: a case of the authority's own, with its own reference series
    (`<prefix>-T 2026/00001`), linked from each report that led to it."""

    authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="supervisions", verbose_name=_("authority")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="supervisions", verbose_name=_("department")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="supervisions"
    )
    unit = models.ForeignKey(
        SupervisedUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="supervisions"
    )
    reference_number = models.CharField(_("reference number"), max_length=40)
    reference_year = models.PositiveSmallIntegerField()
    reference_serial = models.PositiveIntegerField()
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        constraints = [
            models.UniqueConstraint(fields=["reference_number"], name="supervision_reference_unique"),
            models.UniqueConstraint(
                fields=["authority", "reference_year", "reference_serial"], name="supervision_serial_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.reference_number


class SupervisionCounter(models.Model):
    """The last serial of the supervision series per authority and year (locked as cases.ReferenceCounter is)."""

    authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="unique_supervision_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id}/{self.year}: {self.last_serial}"


class Outcome(models.TextChoices):
    """The three answers of the seed (seeds/004, domain.md §6)."""

    NO_FURTHER_REVIEW = "no_further_review", _("Registered without further review")
    SUPERVISION_OPENED = "supervision_opened", _("Registered and supervision opened")
    HANDED_OVER = "handed_over", _("Registered and handed to the responsible municipality or provider")


class Report(models.Model):
    """What a supervisory authority needs beside the case: the county and department, the provider and unit (from
    the register, or in the reporter's words), and the decision. The department, the kind of service and the day
    received are copied here from the case and the register, so that the signals are counted on one table with
    its own indexes (supervision.signals)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="supervision_report"
    )
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="reports")
    county = models.CharField(_("county"), max_length=60)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("provider"),
    )
    unit = models.ForeignKey(
        SupervisedUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("unit"),
    )
    # When the reporter did not know the provider or unit as the register names it: their own words.
    provider_in_words = models.CharField(_("provider, in the reporter's words"), max_length=300, blank=True)
    service_kind = models.CharField(_("kind of service"), max_length=30, choices=ServiceKind, blank=True)
    received_at = models.DateTimeField(_("received"))
    # The sending installation's own identifier (issue 19, the API): a report is registered once per reference.
    external_reference = models.CharField(_("sender's reference"), max_length=100, blank=True)

    outcome = models.CharField(_("decision"), max_length=30, choices=Outcome, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supervision = models.ForeignKey(
        Supervision, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="unique_report_external_reference",
            ),
        ]
        indexes = [
            # The planning view: an authority's (or its departments') reports of the last twelve months, grouped by
            # provider and unit; each index leads with the filter and carries what is grouped.
            # It carries the department too, so that a reader of several departments counts from the index alone.
            models.Index(
                fields=["authority", "received_at", "department", "provider", "unit"], name="report_signals"
            ),
            models.Index(
                fields=["department", "received_at", "provider", "unit"], name="report_signals_department"
            ),
            # The list of reports waiting for a decision, the oldest first, per department.
            models.Index(fields=["department", "outcome", "received_at"], name="report_triage"),
            # The same list for a reader of several departments (a central registrar): the reports waiting, in the
            # order received, so that the first page reads 50 entries, not every report since the oldest waiting.
            models.Index(
                fields=["authority", "received_at", "department"],
                condition=models.Q(outcome=""),
                name="report_waiting_received",
            ),
            models.Index(fields=["provider", "received_at"], name="report_provider_received"),
            models.Index(fields=["unit", "received_at"], name="report_unit_received"),
        ]

    def __str__(self) -> str:
        return str(self.case_id)


class HandOverState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class HandOver(models.Model):
    """A report handed to the responsible municipality or provider: the decision is recorded here, queued; the
    transport (the API between installations, issue 19 item 6) listens to `supervision.signals.report_handed_over`
    and marks it sent with supervision.services.handover_mark_sent."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="hand_over")
    recipient_name = models.CharField(_("handed to"), max_length=200)
    recipient_organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    recipient_provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=HandOverState, default=HandOverState.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # What the receiving installation called it, once it has it.
    remote_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        indexes = [models.Index(fields=["state", "queued_at"], name="handover_state_queued")]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.recipient_name}"


class SignalMonth(models.Model):
    """The planning view's summary (docs/decisions/0042): the reports received in a month (in Swedish time), per
    department, county, kind of service, provider and unit, as `Report` holds them; with `category` set, the links
    of that category on those reports (what they concern). Derived data: the services keep it up to date in their
    own transaction (supervision.signal_summary), `signals_rebuild` writes it again from the reports.

    No unique key: the services add to a key's row when there is one and write a new row when there is not, so two
    first reports of a key at once may write two rows; the view sums them, and the rebuild merges them."""

    # Only the two indexes below: every row is read through them (an index of its own per key would slow the
    # services' writes and the rebuild, and no query asks for it).
    authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+", db_index=False)
    county = models.CharField(max_length=60)
    service_kind = models.CharField(max_length=30, blank=True)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, null=True, related_name="+")
    unit = models.ForeignKey(
        SupervisedUnit, on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    month = models.DateField()
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # The ranking: the months of reports of the departments read, grouped by provider (one range of the
            # index per department). It carries every column the query reads (PostgreSQL's INCLUDE), so that the
            # year is read from the index alone.
            models.Index(
                fields=["department", "month", "provider"],
                include=["authority", "county", "service_kind", "count"],
                condition=models.Q(category__isnull=True),
                name="signal_month_reports",
            ),
            # The units and categories of the providers ranked, and a key's row found by the services.
            models.Index(
                fields=["provider", "month"],
                include=["unit", "category", "authority", "department", "county", "service_kind", "count"],
                name="signal_month_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}/{self.unit_id} {self.month}: {self.count}"


class SignalsVersion(models.Model):
    """How many times what an authority's planning view shows has changed: its summary of signals
    (supervision.signal_summary) or the register's names and kinds of service (supervision.register). Raised in
    the changing transaction; the planning view keeps its figures under it (docs/decisions/0042)."""

    authority = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.authority_id}: {self.version}"
