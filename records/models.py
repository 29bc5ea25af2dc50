"""The public register (diariet) and requests for public documents (domain.md §8).

The register's public part is a read of cases (records.selectors.register_cases); nothing of it is stored here.
A request for a public document (begäran om allmän handling) is about one case: staff review each part of the
case, mask passages with the legal ground from a list kept as data (`LegalGround`), and decide to disclose in full,
in part, or not at all. Its deadline is a column (`due_on`, working days from the organisation's settings), so that
the list orders and filters what is due or overdue in SQL.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from organisations.models import Organisation


class RecordsSettings(models.Model):
    """One organisation's choices for its register and for requests. An organisation without a row uses the
    defaults (records.selectors.records_settings_for): the register unpublished, one working day to answer."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="records_settings",
        verbose_name=_("organisation"),
    )
    register_published = models.BooleanField(
        _("publish the register"),
        default=False,
        help_text=_(
            "Anyone may search the register's public part on the web: reference number, date received, kind, "
            "unit and state. Never the sender."
        ),
    )
    register_shows_subject = models.BooleanField(
        _("show the short subject in the public register"),
        default=False,
        help_text=_(
            "Only where secrecy does not require it to be held apart (OSL 5 kap. 2 §). Off for social services."
        ),
    )
    request_working_days = models.PositiveSmallIntegerField(
        _("working days to handle a request for a public document"),
        default=1,
        help_text=_(
            "A request must be handled promptly (skyndsamt, TF 2 kap. 15 §); one working day by default."
        ),
    )

    class Meta:
        verbose_name = _("register and request settings")
        verbose_name_plural = _("register and request settings")

    def __str__(self) -> str:
        return str(self.organisation)


class LegalGround(models.Model):
    """A ground in law for withholding information (a secrecy provision), as data: seeded with a default list
    (migration 0002), kept up to date in the admin. A ground in use is never deleted, only taken out of use."""

    citation = models.CharField(_("provision"), max_length=60, unique=True)
    label = models.CharField(_("what it protects (Swedish)"), max_length=200)
    label_en = models.CharField(_("what it protects (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        verbose_name = _("legal ground for secrecy")
        verbose_name_plural = _("legal grounds for secrecy")
        ordering = ["position", "citation"]

    def __str__(self) -> str:
        return self.citation


class RequestState(models.TextChoices):
    """The lifecycle: received, then decided (records.services)."""

    RECEIVED = "received", _("Received, under review")
    DECIDED = "decided", _("Decided")


class RequestChannel(models.TextChoices):
    WEB = "web", _("The public register's form")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    POST = "post", _("Post")
    EMAIL = "email", _("E-mail")


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", _("Disclosed in full")
    PARTLY_DISCLOSED = "partly_disclosed", _("Disclosed in part: some information withheld")
    REFUSED = "refused", _("Refused: everything withheld")


class DocumentRequest(models.Model):
    """A request to see the documents of one case. The requester may be anonymous (TF 2 kap. 18 §)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Null once the case is deleted under its retention rules; the reference number stays.
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="document_requests"
    )
    case_reference = models.CharField(_("reference number of the case"), max_length=40)
    channel = models.CharField(_("how it came"), max_length=20, choices=RequestChannel)
    requester_name = models.CharField(_("name of the person asking"), max_length=200, blank=True)
    requester_contact = models.CharField(
        _("where to send the answer"), max_length=300, blank=True, help_text=_("E-mail or postal address.")
    )
    received_on = models.DateField(_("received"))
    due_on = models.DateField(_("to be handled by"), db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=RequestState, default=RequestState.RECEIVED)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Reminder bookkeeping (records.deadlines): each claimed by one conditional UPDATE, so that two sweeps at once
    # send each reminder exactly once (decision 5).
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    overdue_reported_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("request for a public document")
        verbose_name_plural = _("requests for public documents")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"], name="docrequest_state_due")]

    def __str__(self) -> str:
        return f"{self.case_reference} #{self.pk}"


class PartKind(models.TextChoices):
    FIELD = "field", _("Field")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Internal note")
    ACTION = "action", _("Action")
    ATTACHMENT = "attachment", _("Attachment")


class PartReview(models.Model):
    """The review of one part of the case for one request: reviewed by whom and when, and whether the whole part
    is withheld (with its ground). A part is named by its kind and key: the field's name, or the row's id."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="reviews")
    part_kind = models.CharField(max_length=20, choices=PartKind)
    part_key = models.CharField(max_length=40)
    withheld_ground = models.ForeignKey(
        LegalGround, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "part_kind", "part_key"], name="unique_part_review")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.part_kind} {self.part_key}"


class Mask(models.Model):
    """A masked passage of a part: characters [start, end) of a text, or a box of an image in per cent of its
    width and height. It shows in the copy as its ground; what it covers never enters the copy."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="masks")
    part_kind = models.CharField(max_length=20, choices=PartKind)
    part_key = models.CharField(max_length=40)
    ground = models.ForeignKey(LegalGround, on_delete=models.PROTECT, related_name="+")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    left = models.PositiveSmallIntegerField(null=True, blank=True)
    top = models.PositiveSmallIntegerField(null=True, blank=True)
    width = models.PositiveSmallIntegerField(null=True, blank=True)
    height = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["part_kind", "part_key", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        start__isnull=False, end__isnull=False, start__lt=models.F("end"), left__isnull=True
                    )
                    | models.Q(
                        start__isnull=True,
                        left__isnull=False,
                        top__isnull=False,
                        width__gt=0,
                        height__gt=0,
                        left__lte=100,
                        top__lte=100,
                        width__lte=100,
                        height__lte=100,
                    )
                ),
                name="mask_is_a_range_or_a_box",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.part_kind} {self.part_key} ({self.ground})"
