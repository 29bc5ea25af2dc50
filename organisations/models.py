"""The organisation tree and the roles people hold on it (domain.md §2, §4)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.languages import language_codes, validate_language_codes


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    PROVIDER = "provider", _("Private care provider")
    # Receives reports about the providers it supervises, through regional departments (supervision/).
    SUPERVISORY_AUTHORITY = "authority", _("Supervisory authority")


class ClockMode(models.TextChoices):
    CALENDAR_DAYS = "calendar", _("Calendar days")
    WORKING_DAYS = "working", _("Working days")


class Organisation(models.Model):
    """A municipality's social-services committee, or a private provider: the owner of its cases."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind, default=OrganisationKind.MUNICIPALITY
    )
    reference_prefix = models.CharField(
        _("reference-number prefix"), max_length=10, help_text=_("For example SN, giving SN 2026/00123.")
    )
    county = models.CharField(_("county"), max_length=60, blank=True)
    clock_mode = models.CharField(
        _("how periods are counted"), max_length=10, choices=ClockMode, default=ClockMode.CALENDAR_DAYS
    )
    inform_period_days = models.PositiveSmallIntegerField(
        _("days to inform the complainant"),
        default=14,
        help_text=_("Calendar or working days, as chosen above, from the day the case was received."),
    )
    acknowledge_period_days = models.PositiveSmallIntegerField(
        _("days to acknowledge"),
        null=True,
        blank=True,
        help_text=_("Optional: working days to acknowledge receipt, e.g. 2."),
    )
    languages = models.CharField(
        _("languages offered"),
        max_length=100,
        default="sv,en",
        validators=[validate_language_codes],
        help_text=_(
            "Language codes separated by commas, Swedish among them, e.g. sv,en,fi,smj. A sender may ask to be "
            "contacted in any of them, and the pages are offered in those this installation has a translation for."
        ),
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    freepost_address = models.TextField(_("free-post address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return language_codes(self.languages)


class NodeKind(models.TextChoices):
    ROOT = "root", _("Committee or management")
    AREA = "area", _("Area of operations")
    UNIT = "unit", _("Unit")


class OrgNode(models.Model):
    """A node of an organisation's tree: its root, an area of operations, or a unit.

    `path` is a materialised path ("/12/40/311/") so that "this node and everything below it" is one indexed
    prefix match, whatever the depth of the tree.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NodeKind)
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("part of the organisation")
        verbose_name_plural = _("parts of the organisation")
        ordering = ["path"]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None and self.kind != NodeKind.ROOT:
            raise ValidationError({"parent": _("Only the root of the tree may be without a parent.")})
        if self.parent is not None and self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("The parent must belong to the same organisation.")})

    def ancestors(self) -> list["OrgNode"]:
        """From the root down to this node's parent, in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/") if part][:-1]
        by_id = {node.pk: node for node in OrgNode.objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]


class Role(models.TextChoices):
    """Roles people hold on nodes. The first four are the steps of the default ladder (domain.md §4)."""

    CONTACT_STAFF = "contact_staff", _("Contact staff or case officer")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of operations")
    HEAD_OF_OPERATIONS = "head_of_operations", _("Head of operations")
    REGISTRAR = "registrar", _("Registrar")
    QUALITY_DEVELOPER = "quality_developer", _("Quality developer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Sees and handles the Lex Sarah records of the part of the tree below the node (lexsarah/); reads its cases.
    LEX_SARAH = "lex_sarah", _("Responsible for Lex Sarah")
    # A supervisory authority's staff (supervision/): the registrar above registers its reports, inspectors
    # decide how each is handled and carry out supervision, and a department head leads a regional department.
    INSPECTOR = "inspector", _("Inspector")
    DEPARTMENT_HEAD = "department_head", _("Head of department")
    # Owns the organisation's archive (retention/): approves retention runs and exports what is kept. Reads no case.
    ARCHIVIST = "archivist", _("Archivist")


DEFAULT_LADDER = [Role.CONTACT_STAFF, Role.UNIT_MANAGER, Role.DEPUTY_HEAD, Role.HEAD_OF_OPERATIONS]

# Who may see the quality work's statistics of the part of the tree where they hold the role (quality.statistics),
# and who, at the top of an organisation, edits its taxonomies (quality.selectors). Here, beside the roles, so that
# the staff frame's navigation (accounts.context_processors) asks the same question as the pages.
STATISTICS_ROLES = (Role.QUALITY_DEVELOPER, Role.UNIT_MANAGER, Role.DEPUTY_HEAD, Role.HEAD_OF_OPERATIONS)
TAXONOMY_ROLES = (Role.QUALITY_DEVELOPER, Role.ADMINISTRATOR)
# Who works at a supervisory authority's pages (supervision.selectors.staff_authority, and the navigation).
AUTHORITY_STAFF_ROLES = (Role.REGISTRAR, Role.INSPECTOR, Role.DEPARTMENT_HEAD)
# The roles only a supervisory authority has; a municipality or provider holds every other.
AUTHORITY_ONLY_ROLES = (Role.INSPECTOR, Role.DEPARTMENT_HEAD)


class RoleAssignment(models.Model):
    """A person holds a role on a node; the role reaches every node below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("staff member"),
    )
    node = models.ForeignKey(
        OrgNode,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("part of the organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "node", "role"], name="unique_role_per_node")]
        indexes = [models.Index(fields=["node", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.node}"


class LadderStep(models.Model):
    """One step of an organisation's escalation ladder; position 1 receives new cases."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ladder_steps", verbose_name=_("organisation")
    )
    position = models.PositiveSmallIntegerField(_("step"))
    role = models.CharField(_("role"), max_length=30, choices=Role)

    class Meta:
        verbose_name = _("step of the ladder")
        verbose_name_plural = _("steps of the ladder")
        ordering = ["organisation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "position"], name="unique_ladder_position"),
            models.UniqueConstraint(fields=["organisation", "role"], name="unique_ladder_role"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_role_display()}"


class CategoryDimension(models.TextChoices):
    """The two taxonomies of the quality work (domain.md §7): what a matter concerns, and the cause found."""

    TOPIC = "topic", _("What it concerns")
    CAUSE = "cause", _("Cause found")


class Category(models.Model):
    """One entry of an organisation's taxonomy. Data, not code: the organisation names, orders, adds and retires its
    own entries (organisations.services). An entry in use is retired, never deleted, so that past figures keep
    their names."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="categories", verbose_name=_("organisation")
    )
    dimension = models.CharField(_("taxonomy"), max_length=10, choices=CategoryDimension)
    code = models.SlugField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_("Set for the default entries, so that figures can be compared between organisations."),
    )
    name = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Retired entries stay on the cases that have them.")
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["organisation", "dimension", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dimension", "name"], name="unique_category_name_per_taxonomy"
            ),
        ]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The name in the reader's language: English where one is given, else Swedish (Swedish first)."""
        language = language or translation.get_language() or "sv"
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Absence(models.Model):
    """A person is away (holiday, sick leave, a course) and a deputy takes the new cases meant for them.

    Whole days, as managers plan them: from `starts_on` through `ends_on`, both included; `ends_on` empty means
    "until further notice" (sick leave often has no known end). A manager who learns the person is back ends it
    (`ended_at`), which takes effect at once; the planned dates stay as they were set. Routing asks only whether
    the person is away at the moment a case is given to them (organisations/absence.py); nothing already held
    moves by itself. Rows are never deleted: the history of a case names the absence its deputy stood in for.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="absences", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("away"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy")
    )
    starts_on = models.DateField(_("first day away"))
    ends_on = models.DateField(_("last day away"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(deputy=models.F("person")), name="absence_deputy_is_someone_else"
            ),
        ]
        # Routing asks "is this person away today?" for every case it gives out: one person's few rows.
        indexes = [models.Index(fields=["person", "organisation", "starts_on"], name="absence_person_start")]

    def __str__(self) -> str:
        return f"{self.person} {self.starts_on}–{self.ends_on or ''}"
