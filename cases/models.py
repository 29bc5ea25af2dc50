"""Cases: one registered matter each, with its reference number, its parts and its history (domain.md §3, §4, §8)."""

import secrets
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.database import is_postgresql
from organisations.models import Category, Organisation, OrgNode


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    FEEDBACK = "feedback", _("Feedback or suggestion")
    PRAISE = "praise", _("Praise")
    ACCESSIBILITY = "accessibility", _("Accessibility problem with this service")
    # A report to a supervisory authority about a provider it supervises (supervision/, domain.md §6).
    REPORT = "report", _("Report to the supervisory authority")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    POST = "post", _("Post")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("In person")
    EMAIL = "email", _("E-mail")
    # A report the supervisory authority handed over through the API (api.exchange, decision 36).
    SUPERVISORY_AUTHORITY = "authority", _("From the supervisory authority")
    # Sent by another installation of Synpunkt through the API (issue 19).
    INSTALLATION = "exchange", _("From another installation")


class CaseState(models.TextChoices):
    """The lifecycle; allowed transitions live in cases/lifecycle.py."""

    REGISTERED = "registered", _("Registered")
    INFORMED = "informed", _("Informed of what will happen")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = [CaseState.REGISTERED, CaseState.INFORMED]


class SenderRole(models.TextChoices):
    PERSON_CONCERNED = "person_concerned", _("The person concerned")
    RELATIVE = "relative", _("A relative")
    REPRESENTATIVE = "representative", _("A representative (ombud) or legal guardian")
    STAFF = "staff", _("Staff")
    OTHER_ORGANISATION = "other_organisation", _("Another organisation")
    OTHER = "other", _("Someone else")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    POST = "post", _("Letter")


class SearchDocumentField(models.TextField):
    """The case texts made searchable (core.database): a tsvector on PostgreSQL (indexed with GIN, Swedish
    stemming), the Swedish stems as text on SQLite."""

    def db_type(self, connection):  # type: ignore[no-untyped-def]
        return "tsvector" if is_postgresql(connection) else "text"


def nearest_deadline() -> models.Case:
    """The last day of the case's nearest running clock, as an SQL expression; NULL when no clock runs.

    Both clocks of a step run only while it is registered and not yet informed (cases.clocks, domain.md §4): to
    inform the complainant (`inform_by`) and, in organisations that have one and until someone has written to the
    sender, to confirm receipt (`acknowledge_by`), usually the earlier. An informed case keeps its old `inform_by`
    but no clock of it runs, so it has no deadline, like praise and closed cases. The inbox orders by this
    (cases.selectors.inbox_order), and Case.Meta indexes the very same expression for open cases: change both by
    changing this.
    """
    registered = models.Q(state=CaseState.REGISTERED)
    return models.Case(
        # The lookups in the order a migration writes them, or makemigrations would see a changed index.
        models.When(
            registered,
            acknowledge_by__lt=models.F("inform_by"),
            acknowledged_at__isnull=True,
            then=models.F("acknowledge_by"),
        ),
        models.When(registered, then=models.F("inform_by")),
        default=None,
        output_field=models.DateField(),
    )


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Random name, no trace of the citizen's file name or the case in the path (secrecy; no guessable paths).
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}{suffix}"


class Case(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("unit")
    )
    # Denormalised from unit.path (or the root's path while unplaced) so that "my part of the tree" is one
    # indexed prefix match on this table, with no join, however many cases there are.
    node_path = models.CharField(max_length=255, db_index=True, default="")

    reference_number = models.CharField(_("reference number"), max_length=40)
    reference_year = models.PositiveSmallIntegerField()
    reference_serial = models.PositiveIntegerField()

    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.WEB)
    state = models.CharField(_("state"), max_length=20, choices=CaseState, default=CaseState.REGISTERED)
    step = models.PositiveSmallIntegerField(_("step of the ladder"), default=1)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_cases",
        verbose_name=_("holder"),
    )

    # Milestones and clocks (dates are columns so that sweeps and statistics run in SQL).
    received_at = models.DateTimeField(_("received"))
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    inform_by = models.DateField(_("inform the complainant by"), null=True, blank=True)
    acknowledge_by = models.DateField(_("acknowledge by"), null=True, blank=True)
    # When the holder first wrote to the sender at this step (any message, the information or the final answer):
    # this stops the acknowledgement clock of organisations that have one (cases/clocks.py).
    acknowledged_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    informed_at = models.DateTimeField(_("informed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("moved to the next step"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # What was submitted.
    subject = models.CharField(_("short subject"), max_length=200)
    what_happened = models.TextField(_("what happened"))
    desired_outcome = models.TextField(_("what they want to happen"), blank=True)
    event_day = models.PositiveSmallIntegerField(null=True, blank=True)
    event_month = models.PositiveSmallIntegerField(null=True, blank=True)
    event_year = models.PositiveSmallIntegerField(null=True, blank=True)
    about_person = models.CharField(_("person it is about"), max_length=200, blank=True)
    wants_manager = models.BooleanField(_("wants the unit manager directly"), default=False)

    # Who wrote.
    sender_role = models.CharField(_("who is writing"), max_length=30, choices=SenderRole)
    wants_answer = models.BooleanField(_("wants an answer"), default=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="sv")
    preferred_contact = models.CharField(
        _("preferred way of contact"), max_length=10, choices=ContactPreference, blank=True
    )

    # Following the case without an account: a public receipt code and a secret stored only as a hash.
    receipt_code = models.CharField(max_length=20)
    receipt_secret_hash = models.CharField(max_length=128)

    possible_serious_deficiency = models.BooleanField(_("possible serious deficiency"), default=False)
    # What the sender said it is about, if they chose (optional in the intake). Staff's own judgement is in
    # CaseCategory, which the statistics count; this one is kept apart, as the sender's words are.
    citizen_topic = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("what the sender said it is about"),
    )

    # Reminder bookkeeping for the current step's clock (cases/deadlines.py). Each is claimed by one conditional
    # UPDATE, so that two sweeps at once send each reminder exactly once; escalation clears them for the new step.
    reminded_before_on = models.DateField(null=True, blank=True, editable=False)
    reminded_due_on = models.DateField(null=True, blank=True, editable=False)
    overdue_reported_on = models.DateField(null=True, blank=True, editable=False)
    reminded_acknowledge_on = models.DateField(null=True, blank=True, editable=False)

    search_document = SearchDocumentField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference_year", "reference_serial"], name="unique_reference_serial"
            ),
            models.CheckConstraint(condition=models.Q(step__gte=1), name="step_at_least_one"),
            # Unique as constraints, not `unique=True`: on PostgreSQL Django gives a unique CharField a second,
            # varchar_pattern_ops index for LIKE, which no query uses (the receipt code is looked up whole, the
            # reference number with iexact) and which every registration paid for: the random receipt code wrote
            # into a random page of it (docs/decisions/0013).
            models.UniqueConstraint(fields=["reference_number"], name="case_reference_number_unique"),
            models.UniqueConstraint(fields=["receipt_code"], name="case_receipt_code_unique"),
        ]
        indexes = [
            models.Index(fields=["node_path", "state", "inform_by"], name="case_scope_state_due"),
            models.Index(fields=["holder", "state", "inform_by"], name="case_holder_state_due"),
            models.Index(fields=["state", "inform_by"], name="case_state_due"),
            models.Index(fields=["organisation", "received_at"], name="case_org_received"),
            # What the deadline sweep looks for: open, not yet informed, this reminder not yet sent.
            models.Index(
                fields=["inform_by"],
                condition=models.Q(state="registered", reminded_before_on__isnull=True),
                name="case_remind_before_due",
            ),
            models.Index(
                fields=["inform_by"],
                condition=models.Q(state="registered", reminded_due_on__isnull=True),
                name="case_remind_due_due",
            ),
            models.Index(
                fields=["inform_by"],
                condition=models.Q(state="registered", overdue_reported_on__isnull=True),
                name="case_overdue_due",
            ),
            models.Index(
                fields=["acknowledge_by"],
                condition=models.Q(
                    state="registered", acknowledged_at__isnull=True, reminded_acknowledge_on__isnull=True
                ),
                name="case_remind_ack_due",
            ),
            # The inbox narrows by a path prefix (`node_path LIKE '/1/23/%'`) or the holder (docs/decisions/0023).
            # A prefix match can use a b-tree only through varchar_pattern_ops (unless the collation is "C"). The
            # operator class is PostgreSQL's: Django leaves it out on SQLite.
            models.Index(
                fields=["node_path", "inform_by", "id"],
                opclasses=["varchar_pattern_ops", "", ""],
                condition=models.Q(state__in=OPEN_STATES),
                name="case_open_scope_due",
            ),
            # The inbox's default order, the nearest running deadline first (docs/decisions/0025): a page of a
            # whole organisation's open cases is a walk along this index, not a sort of all of them. PostgreSQL
            # matches the expression because every statement is planned for its own values (settings.py).
            models.Index(
                nearest_deadline(), "id", condition=models.Q(state__in=OPEN_STATES), name="case_open_deadline"
            ),
            # Its other orders, by the day received either way (a backward walk for the most recent first).
            models.Index(
                fields=["received_at", "id"],
                condition=models.Q(state__in=OPEN_STATES),
                name="case_open_received",
            ),
            # Full-text search (cases/search.py). On SQLite, where the column stays empty, Django writes no
            # `USING gin` and this is a plain index.
            GinIndex(fields=["search_document"], name="case_search_gin"),
        ]

    def __str__(self) -> str:
        return self.reference_number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def event_date_in_words(self) -> str:
        """When it happened, in words and as precisely as the sender said ("3 mars 2026", "mars 2026", "2026"),
        for the staff pages and the IVO report alike."""
        year, month, day = self.event_year, self.event_month, self.event_day
        try:
            if year and month and day:
                return formats.date_format(date(year, month, day), "j F Y")
            if year and month:
                return formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")
        except ValueError:
            pass
        return str(year) if year else str(_("Not given"))


class CaseCategory(models.Model):
    """Staff's judgement of what a case concerns and of the cause found (cases.services.categories): one row per
    category, so that a case can concern several things, and the statistics count by category with an index."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="category_links")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="case_links")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("category of a case")
        verbose_name_plural = _("categories of cases")
        constraints = [models.UniqueConstraint(fields=["case", "category"], name="unique_category_per_case")]
        indexes = [models.Index(fields=["category", "case"], name="case_category_by_category")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.category_id}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        "Message", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    from_citizen = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class AssignmentReason(models.TextChoices):
    ROUTED_TO_UNIT = "routed_to_unit", _("Sent to the unit's contact staff")
    ASKED_FOR_MANAGER = "asked_for_manager", _("The sender asked for the unit manager")
    UNIT_UNKNOWN = "unit_unknown", _("The sender did not know the unit: the registrar places the case")
    NO_RECEIVER = "no_receiver", _("Nobody holds the role at the unit: sent further up the tree")
    REASSIGNED = "reassigned", _("Reassigned")
    MOVED = "moved", _("Moved to another unit")
    ESCALATED = "escalated", _("Moved to the next step of the ladder")
    PLACED = "placed", _("Placed by the registrar")
    HANDED_OVER = "handed_over", _("Moved by a manager from someone leaving or away")


class Assignment(models.Model):
    """Every time a case changes hands: to whom, at which step, why, and by whom (None: the system)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    step = models.PositiveSmallIntegerField()
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30)
    reason = models.CharField(max_length=30, choices=AssignmentReason)
    # The holder the rules chose, who was away: the assignee took the case as their deputy
    # (organisations/absence.py). Empty for every other change of hands.
    deputy_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.assignee}"


class ReferenceCounter(models.Model):
    """The last serial used per organisation and year; incremented under a row lock at registration."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_serial}"


class MessageKind(models.TextChoices):
    INFORMATION = "information", _("What will happen")  # stops the clock of the current step
    MESSAGE = "message", _("Message")
    FINAL_ANSWER = "final_answer", _("Final answer")
    THANKS = "thanks", _("Thanks")


class Message(models.Model):
    """Something said between the organisation and the citizen; everything here the citizen may read."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_citizen = models.BooleanField(default=False)
    kind = models.CharField(max_length=20, choices=MessageKind, default=MessageKind.MESSAGE)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    step = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_case_created")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_kind_display()}"


class Note(models.Model):
    """An internal investigation note: never shown to the citizen."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: note {self.pk}"


class Action(models.Model):
    """A measure the organisation takes, with whoever answers for it, and its follow-up."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("what will be done"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible")
    )
    due_on = models.DateField(_("to be done by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    was_done = models.BooleanField(null=True, blank=True)
    effect = models.TextField(_("effect"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "followed_up_at"], name="action_case_followed")]

    def __str__(self) -> str:
        return f"{self.case_id}: action {self.pk}"


class Escalation(models.Model):
    """A move up the ladder: from which step to which, asked for by whom, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    from_step = models.PositiveSmallIntegerField()
    to_step = models.PositiveSmallIntegerField()
    requested_by_citizen = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The clock of the step left, as it stood when the case moved on: escalation gives the case a new date to
    # inform by and clears informed_at, so without these the 14-day rule of an earlier step could not be counted
    # (quality.statistics). Null on escalations recorded before they were kept.
    from_inform_by = models.DateField(null=True, blank=True)
    from_informed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_step} → {self.to_step}"


class RelationReason(models.TextChoices):
    SAME_MATTER_TWICE = "same_matter_twice", _("The same matter, written twice")
    SAME_MATTER_TWO_SENDERS = (
        "same_matter_two_senders",
        _("The same matter, from two senders (for example two relatives)"),
    )
    OTHER = "other", _("Another reason")


class CaseRelation(models.Model):
    """Two cases of one organisation that belong together (cases/relations.py links and unlinks them).

    A link has no direction: it is stored once, with the lower id as `case_a`, so that a pair can be linked only
    once whichever side it was linked from (a constraint, not a check in code).
    """

    case_a = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    case_b = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("why they are related"), max_length=30, choices=RelationReason)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link between cases")
        verbose_name_plural = _("links between cases")
        constraints = [
            models.UniqueConstraint(fields=["case_a", "case_b"], name="unique_case_relation"),
            models.CheckConstraint(
                condition=models.Q(case_a__lt=models.F("case_b")), name="case_relation_ordered"
            ),
        ]
        # case_a is the first column of the unique constraint's index; this one finds a case's links from the
        # other side.
        indexes = [models.Index(fields=["case_b"], name="case_relation_b")]

    def __str__(self) -> str:
        return f"{self.case_a_id} ↔ {self.case_b_id}"
