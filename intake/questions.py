"""The questions of the complaint and feedback form, as data: one source for the web wizard and the paper form.

Nothing here needs a request: labels are lazy translations, and the choices that depend on the organisation (its
units, its languages) are resolved by `choices_for(question, organisation)`. The web wizard builds its forms from
these definitions (intake/forms.py); the paper form (issue 4) prints the same questions, in the same order, with
their conditions ("only for complaints").
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind, ContactPreference, SenderRole
from core.languages import language_name
from organisations.models import NodeKind, OrgNode

UNKNOWN_UNIT = "unknown"
YES = "yes"
NO = "no"


class Kind(StrEnum):
    RADIO = "radio"
    TEXT = "text"
    TEXTAREA = "textarea"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"  # day, month and year as separate fields; any of them may be left out from the left
    FILES = "files"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str | Promise
    hint: str | Promise | None = None
    group: str | None = None  # a heading the choice is listed under (units: their area of operations)


@dataclass(frozen=True)
class Condition:
    """Show (or make optional) a question only when an earlier answer has one of the given values."""

    key: str
    values: tuple[str, ...]
    description: str | Promise  # for the paper form: "Only for complaints"

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return str(answers.get(self.key, "")) in self.values


@dataclass(frozen=True)
class Question:
    key: str
    kind: Kind
    label: str | Promise
    hint: str | Promise | None = None
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None  # "units" or "languages": the organisation's own, see choices_for
    optional: bool = False
    optional_when: Condition | None = None
    shown_when: Condition | None = None
    max_length: int | None = None
    autocomplete: str | None = None
    # How the check-answers page names the question in a "Change" link ("Change what happened").
    short_label: str | Promise | None = None
    # The message when a required answer is missing, said the GOV.UK way ("Choose …", "Tell us …").
    required_message: str | Promise | None = None

    def is_shown(self, answers: Mapping[str, Any]) -> bool:
        return self.shown_when is None or self.shown_when.holds(answers)

    def is_optional(self, answers: Mapping[str, Any]) -> bool:
        return self.optional or (self.optional_when is not None and self.optional_when.holds(answers))


@dataclass(frozen=True)
class Page:
    """One page of the web form: usually one question; a few closely related ones share a page."""

    slug: str  # Swedish, in the URL: /lamna/<slug>/
    title: str | Promise
    questions: tuple[Question, ...]
    shown_when: Condition | None = None
    intro: str | Promise | None = None
    keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(question.key for question in self.questions))

    def is_shown(self, answers: Mapping[str, Any]) -> bool:
        return self.shown_when is None or self.shown_when.holds(answers)


ONLY_COMPLAINTS = Condition("kind", (CaseKind.COMPLAINT.value,), _("Only for complaints"))
ONLY_PRAISE = Condition("kind", (CaseKind.PRAISE.value,), _("Optional for praise"))
ONLY_IDENTIFIED = Condition("is_anonymous", (NO,), _("Only if you give your contact details"))

KIND = Question(
    required_message=_("Choose what you want to send us"),
    key="kind",
    kind=Kind.RADIO,
    label=_("What do you want to send us?"),
    short_label=_("what you want to send"),
    choices=(
        Choice(
            CaseKind.COMPLAINT.value,
            _("A complaint"),
            _("Something has not worked as it should, or you are not satisfied with how you were treated."),
        ),
        Choice(
            CaseKind.FEEDBACK.value,
            _("Feedback or a suggestion"),
            _("An idea or a view on how we can do things better."),
        ),
        Choice(CaseKind.PRAISE.value, _("Praise"), _("Something has worked well and you want to tell us.")),
    ),
)

UNIT = Question(
    required_message=_("Choose the service it is about, or “I do not know”"),
    key="unit",
    kind=Kind.RADIO,
    label=_("Which service is it about?"),
    short_label=_("which service it is about"),
    hint=_(
        "Choose the unit. If you do not know which one, choose “I do not know” and we will find the right one."
    ),
    choices_from="units",
)

WANTS_MANAGER = Question(
    required_message=_("Choose who should receive your complaint"),
    key="wants_manager",
    kind=Kind.RADIO,
    label=_("Who should receive your complaint?"),
    short_label=_("who should receive your complaint"),
    choices=(
        Choice(
            NO,
            _("The staff concerned"),
            _("Your contact person or case officer at the unit. Most complaints are solved fastest there."),
        ),
        Choice(
            YES,
            _("The unit manager directly"),
            _("Choose this if you do not want to turn to the staff concerned."),
        ),
    ),
    shown_when=ONLY_COMPLAINTS,
)

WHAT_HAPPENED = Question(
    required_message=_("Tell us what happened"),
    key="what_happened",
    kind=Kind.TEXTAREA,
    label=_("What happened?"),
    short_label=_("what happened"),
    hint=_(
        "Tell us in your own words what happened, where, and who was affected. For feedback or praise, "
        "tell us what you think."
    ),
    max_length=10000,
)

ABOUT_PERSON = Question(
    key="about_person",
    kind=Kind.TEXT,
    label=_("Is it about a particular member of staff?"),
    short_label=_("the member of staff it is about"),
    hint=_("If you want, write their name or their role."),
    optional=True,
    max_length=200,
)

EVENT_DATE = Question(
    key="event_date",
    kind=Kind.DATE,
    label=_("When did it happen?"),
    short_label=_("when it happened"),
    hint=_(
        "For example 27 3 2026. If you do not remember the day, give the month and the year, or only the year."
    ),
    optional=True,
)

DESIRED_OUTCOME = Question(
    required_message=_("Tell us what you would like to happen"),
    key="desired_outcome",
    kind=Kind.TEXTAREA,
    label=_("What would you like to happen?"),
    short_label=_("what you would like to happen"),
    hint=_("For example an apology, a change in how something is done, or an answer to a question."),
    optional_when=ONLY_PRAISE,
    max_length=5000,
)

SENDER_ROLE = Question(
    required_message=_("Choose who you are writing for"),
    key="sender_role",
    kind=Kind.RADIO,
    label=_("Who are you writing for?"),
    short_label=_("who you are writing for"),
    hint=_("Tell us whom the message is about and who you are."),
    choices=(
        Choice(
            SenderRole.PERSON_CONCERNED.value,
            _("For myself"),
            _("I receive the support or service myself."),
        ),
        Choice(
            SenderRole.RELATIVE.value,
            _("For a relative or someone close to me"),
            _("For example my mother, my son or my partner."),
        ),
        Choice(
            SenderRole.REPRESENTATIVE.value,
            _("As a representative (ombud), trustee or guardian"),
            _("You act for the person concerned. We may ask you for a power of attorney."),
        ),
        Choice(SenderRole.STAFF.value, _("As a member of staff"), _("You work in the service.")),
        Choice(
            SenderRole.OTHER_ORGANISATION.value,
            _("For another organisation or authority"),
            None,
        ),
        Choice(SenderRole.OTHER.value, _("As someone else"), _("For example a neighbour or a friend.")),
    ),
)

WANTS_ANSWER = Question(
    required_message=_("Choose whether you want an answer"),
    key="wants_answer",
    kind=Kind.RADIO,
    label=_("Do you want an answer?"),
    short_label=_("whether you want an answer"),
    hint=_("We register every message. If you want an answer, we tell you what will happen with it."),
    choices=(Choice(YES, _("Yes, I want an answer")), Choice(NO, _("No, I do not need an answer"))),
)

IS_ANONYMOUS = Question(
    required_message=_("Choose whether you want to give your contact details"),
    key="is_anonymous",
    kind=Kind.RADIO,
    label=_("Do you want to give your name and contact details?"),
    short_label=_("whether you give your contact details"),
    hint=_("You may be anonymous. You will still get a reference number and a code to follow your case."),
    choices=(
        Choice(NO, _("Yes, I give my contact details")),
        Choice(
            YES,
            _("No, I want to be anonymous"),
            _("We cannot contact you. You follow your case with your receipt code and secret."),
        ),
    ),
)

CONTACT_NAME = Question(
    required_message=_("Enter your name"),
    key="contact_name",
    kind=Kind.TEXT,
    label=_("Your name"),
    short_label=_("your name"),
    max_length=200,
    autocomplete="name",
    shown_when=ONLY_IDENTIFIED,
)
CONTACT_EMAIL = Question(
    key="contact_email",
    kind=Kind.EMAIL,
    label=_("E-mail address"),
    short_label=_("your e-mail address"),
    hint=_("We send a receipt here. Our e-mails never contain what you wrote."),
    optional=True,
    max_length=254,
    autocomplete="email",
    shown_when=ONLY_IDENTIFIED,
)
CONTACT_PHONE = Question(
    key="contact_phone",
    kind=Kind.PHONE,
    label=_("Phone number"),
    short_label=_("your phone number"),
    optional=True,
    max_length=40,
    autocomplete="tel",
    shown_when=ONLY_IDENTIFIED,
)
CONTACT_ADDRESS = Question(
    key="contact_address",
    kind=Kind.TEXTAREA,
    label=_("Postal address"),
    short_label=_("your postal address"),
    optional=True,
    max_length=500,
    autocomplete="street-address",
    shown_when=ONLY_IDENTIFIED,
)
PREFERRED_LANGUAGE = Question(
    required_message=_("Choose a language"),
    key="preferred_language",
    kind=Kind.RADIO,
    label=_("Which language do you want us to use?"),
    short_label=_("your language"),
    choices_from="languages",
    shown_when=ONLY_IDENTIFIED,
)
PREFERRED_CONTACT = Question(
    required_message=_("Choose how you want us to contact you"),
    key="preferred_contact",
    kind=Kind.RADIO,
    label=_("How do you want us to contact you?"),
    short_label=_("how we contact you"),
    hint=_("Give the contact detail above for the way you choose."),
    choices=(
        Choice(ContactPreference.EMAIL.value, _("By e-mail")),
        Choice(ContactPreference.PHONE.value, _("By phone")),
        Choice(ContactPreference.POST.value, _("By letter")),
    ),
    shown_when=ONLY_IDENTIFIED,
)

ATTACHMENTS = Question(
    key="attachments",
    kind=Kind.FILES,
    label=_("Attach files"),
    short_label=_("attached files"),
    hint=_("For example a letter or a photo. PDF, images and Office documents."),
    optional=True,
)

PAGES: tuple[Page, ...] = (
    Page("vad-galler", _("What do you want to send us?"), (KIND,)),
    Page("verksamhet", _("Which service is it about?"), (UNIT,)),
    Page("mottagare", _("Who should receive your complaint?"), (WANTS_MANAGER,), shown_when=ONLY_COMPLAINTS),
    Page("vad-hande", _("What happened?"), (WHAT_HAPPENED, ABOUT_PERSON)),
    Page("nar", _("When did it happen?"), (EVENT_DATE,)),
    Page("onskemal", _("What would you like to happen?"), (DESIRED_OUTCOME,)),
    Page("vem-skriver", _("Who are you writing for?"), (SENDER_ROLE,)),
    Page("svar", _("Do you want an answer?"), (WANTS_ANSWER,)),
    Page("kontakt", _("Do you want to give your name and contact details?"), (IS_ANONYMOUS,)),
    Page(
        "kontaktuppgifter",
        _("Your contact details"),
        (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_ADDRESS, PREFERRED_LANGUAGE, PREFERRED_CONTACT),
        shown_when=ONLY_IDENTIFIED,
        intro=_("Give at least the contact detail for the way you want us to contact you."),
    ),
    Page("bilagor", _("Do you want to attach files?"), (ATTACHMENTS,)),
)

QUESTIONS: tuple[Question, ...] = tuple(question for page in PAGES for question in page.questions)
PAGES_BY_SLUG: dict[str, Page] = {page.slug: page for page in PAGES}


def question(key: str) -> Question:
    for candidate in QUESTIONS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def unit_choices(organisation: Any) -> tuple[Choice, ...]:
    """The organisation's active units, each under its area of operations, then "I do not know"."""
    nodes = OrgNode.objects.filter(organisation=organisation, is_active=True).order_by("path")
    names = {node.pk: node.name for node in nodes}
    units = [node for node in nodes if node.kind == NodeKind.UNIT]
    # Group by the area the unit sits in (its parent), areas in tree order, units by name within an area.
    units.sort(key=lambda node: (node.path.rsplit("/", 2)[0], node.name))
    choices = [
        Choice(str(unit.pk), unit.name, group=names.get(unit.parent_id) if unit.parent_id else None)
        for unit in units
    ]
    choices.append(Choice(UNKNOWN_UNIT, _("I do not know"), _("We find the right unit for you.")))
    return tuple(choices)


def language_choices(organisation: Any) -> tuple[Choice, ...]:
    return tuple(Choice(code, language_name(code)) for code in organisation.language_codes)


def choices_for(question: Question, organisation: Any) -> Sequence[Choice]:
    """The choices of a question; those that depend on the organisation are read from it."""
    if question.choices_from == "units":
        return unit_choices(organisation)
    if question.choices_from == "languages":
        return language_choices(organisation)
    return question.choices
