"""The questions of the complaint and feedback form, as data: one source for the web wizard and the paper form.

Nothing here needs a request: labels are lazy translations, and the choices that depend on the organisation (its
units, its languages) are resolved by `choices_for(question, organisation)`. The web wizard builds its forms from
these definitions (intake/forms.py); the paper form (issue 4) prints the same questions, in the same order, with
their conditions ("only for complaints").

Every page, question and choice also carries its easy-to-read text (lättläst; `easy_*`, translated with the
context "easy-to-read"), beside the standard one: short sentences, common words, one thing per sentence, no legal
references or abbreviations, "du". `easy_page(page)` gives the page with those texts in place of the standard ones,
and the same answers: both variants of the wizard read and write the same session (docs/decisions/0025).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import CaseKind, ContactPreference, SenderRole
from core.languages import language_name
from organisations.models import Category, CategoryDimension, NodeKind, OrgNode

if TYPE_CHECKING:  # django-stubs' name for "a str, or a lazy translation of one"
    from django_stubs_ext import StrOrPromise

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
    easy_label: str | Promise | None = None
    easy_hint: str | Promise | None = None
    # Left out of the easy list of choices (which keeps a list short), unless it is the answer already given.
    easy_hidden: bool = False
    # In the easy variant: shown only when it is the answer already given (set by easy_page from easy_hidden).
    only_if_chosen: bool = False

    def in_easy_words(self) -> "Choice":
        return replace(
            self,
            label=self.easy_label or self.label,
            hint=self.easy_hint,
            only_if_chosen=self.easy_hidden,
        )


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
    choices_from: str | None = (
        None  # "units", "languages" or "topics": the organisation's own, see choices_for
    )
    optional: bool = False
    optional_when: Condition | None = None
    shown_when: Condition | None = None
    max_length: int | None = None
    autocomplete: str | None = None
    # How the check-answers page names the question in a "Change" link ("Change what happened").
    short_label: str | Promise | None = None
    # The message when a required answer is missing, said the GOV.UK way ("Choose …", "Tell us …").
    required_message: str | Promise | None = None
    # Other error messages by their code ("too_long", "invalid", "needed", a date's "future" …), in place of
    # the form's own (intake/forms.py); the easy variant gives its own.
    messages: Mapping[str, "StrOrPromise"] = field(default_factory=dict)
    easy_label: str | Promise | None = None
    easy_hint: str | Promise | None = None
    easy_short_label: str | Promise | None = None
    easy_required_message: str | Promise | None = None
    easy_messages: Mapping[str, "StrOrPromise"] = field(default_factory=dict)
    is_easy: bool = False  # this is the easy variant of the question (see easy_page)

    def in_easy_words(self) -> "Question":
        return replace(
            self,
            label=self.easy_label or self.label,
            hint=self.easy_hint,
            short_label=self.easy_short_label,
            required_message=self.easy_required_message,
            messages=self.easy_messages,
            choices=tuple(choice.in_easy_words() for choice in self.choices),
            is_easy=True,
        )

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
    easy_title: str | Promise | None = None
    easy_intro: str | Promise | None = None
    keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(question.key for question in self.questions))

    def is_shown(self, answers: Mapping[str, Any]) -> bool:
        return self.shown_when is None or self.shown_when.holds(answers)


ONLY_COMPLAINTS = Condition("kind", (CaseKind.COMPLAINT.value,), _("Only for complaints"))
ONLY_PRAISE = Condition("kind", (CaseKind.PRAISE.value,), _("Optional for praise"))
ONLY_IDENTIFIED = Condition("is_anonymous", (NO,), _("Only if you give your contact details"))

# The easy variant's error messages that several questions share, by the form's error code.
EASY_TEXT_MESSAGES: dict[str, "StrOrPromise"] = {
    "too_long": pgettext_lazy(
        "easy-to-read",
        "You have written too much. You can write at most %(limit)s characters. You have written %(length)s.",
    ),
}
EASY_DATE_MESSAGES: dict[str, "StrOrPromise"] = {
    "numbers": pgettext_lazy("easy-to-read", "Write the date with numbers. For example 27 3 2026."),
    "needs_day": pgettext_lazy("easy-to-read", "Write which day."),
    "needs_month": pgettext_lazy("easy-to-read", "Write which month."),
    "needs_year": pgettext_lazy("easy-to-read", "Write which year."),
    "year_digits": pgettext_lazy("easy-to-read", "Write the year with four numbers. For example 2026."),
    "invalid": pgettext_lazy(
        "easy-to-read", "That date does not exist. Look at the day and the month again."
    ),
    "future": pgettext_lazy("easy-to-read", "That day has not come yet. Write a day that has passed."),
}

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
            easy_label=pgettext_lazy("easy-to-read", "A complaint"),
            easy_hint=pgettext_lazy(
                "easy-to-read", "Something went wrong. Or you are unhappy with how the staff treated you."
            ),
        ),
        Choice(
            CaseKind.FEEDBACK.value,
            _("Feedback or a suggestion"),
            _("An idea or a view on how we can do things better."),
            easy_label=pgettext_lazy("easy-to-read", "An idea or a view"),
            easy_hint=pgettext_lazy("easy-to-read", "You want to tell us how we can do better."),
        ),
        Choice(
            CaseKind.PRAISE.value,
            _("Praise"),
            _("Something has worked well and you want to tell us."),
            easy_label=pgettext_lazy("easy-to-read", "Praise"),
            easy_hint=pgettext_lazy("easy-to-read", "Something was good. You want to tell us."),
        ),
    ),
    easy_label=pgettext_lazy("easy-to-read", "What do you want to tell us?"),
    easy_short_label=pgettext_lazy("easy-to-read", "what you want to tell us"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose what you want to tell us."),
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
    easy_label=pgettext_lazy("easy-to-read", "Which place is it about?"),
    easy_hint=pgettext_lazy(
        "easy-to-read", "Choose the place. Do you not know which place? Then choose “I do not know”."
    ),
    easy_short_label=pgettext_lazy("easy-to-read", "which place it is about"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose a place. Or choose “I do not know”."),
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
            easy_label=pgettext_lazy("easy-to-read", "The staff it is about"),
            easy_hint=pgettext_lazy(
                "easy-to-read", "For example a contact person. This is often the fastest way."
            ),
        ),
        Choice(
            YES,
            _("The unit manager directly"),
            _("Choose this if you do not want to turn to the staff concerned."),
            easy_label=pgettext_lazy("easy-to-read", "The manager"),
            easy_hint=pgettext_lazy("easy-to-read", "Choose this if you want the manager to get it at once."),
        ),
    ),
    shown_when=ONLY_COMPLAINTS,
    easy_label=pgettext_lazy("easy-to-read", "Who should get your complaint?"),
    easy_short_label=pgettext_lazy("easy-to-read", "who gets your complaint"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose who should get your complaint."),
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
    easy_label=pgettext_lazy("easy-to-read", "What happened?"),
    easy_hint=pgettext_lazy(
        "easy-to-read",
        "Write in your own words. Tell us what happened and where. Tell us who it was about. "
        "Do you want to give praise or an idea? Then write what you think.",
    ),
    easy_short_label=pgettext_lazy("easy-to-read", "what happened"),
    easy_required_message=pgettext_lazy("easy-to-read", "Write what happened."),
    easy_messages=EASY_TEXT_MESSAGES,
)

ABOUT_PERSON = Question(
    key="about_person",
    kind=Kind.TEXT,
    label=_("Is it about a particular member of staff?"),
    short_label=_("the member of staff it is about"),
    hint=_("If you want, write their name or their role."),
    optional=True,
    max_length=200,
    easy_label=pgettext_lazy("easy-to-read", "Is it about a person who works here?"),
    easy_hint=pgettext_lazy("easy-to-read", "You can write the name. Or write what the person works as."),
    easy_short_label=pgettext_lazy("easy-to-read", "the person it is about"),
    easy_messages=EASY_TEXT_MESSAGES,
)

TOPIC = Question(
    key="topic",
    kind=Kind.RADIO,
    label=_("What is it mostly about?"),
    short_label=_("what it is mostly about"),
    hint=_("You do not have to choose. It helps us see what many people write about."),
    choices_from="topics",
    optional=True,
    easy_label=pgettext_lazy("easy-to-read", "What is it mostly about?"),
    easy_hint=pgettext_lazy("easy-to-read", "You do not have to choose."),
    easy_short_label=pgettext_lazy("easy-to-read", "what it is mostly about"),
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
    easy_label=pgettext_lazy("easy-to-read", "When did it happen?"),
    easy_hint=pgettext_lazy(
        "easy-to-read",
        "For example 27 3 2026. Do you not remember the day? Then write the month and the year. "
        "Or only the year.",
    ),
    easy_short_label=pgettext_lazy("easy-to-read", "when it happened"),
    easy_messages=EASY_DATE_MESSAGES,
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
    easy_label=pgettext_lazy("easy-to-read", "What do you want to happen?"),
    easy_hint=pgettext_lazy(
        "easy-to-read",
        "For example that we say sorry. Or that we do something in a new way. "
        "Or that you get an answer to a question.",
    ),
    easy_short_label=pgettext_lazy("easy-to-read", "what you want to happen"),
    easy_required_message=pgettext_lazy("easy-to-read", "Write what you want to happen."),
    easy_messages=EASY_TEXT_MESSAGES,
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
            easy_label=pgettext_lazy("easy-to-read", "For myself"),
            easy_hint=pgettext_lazy("easy-to-read", "I get the help myself."),
        ),
        Choice(
            SenderRole.RELATIVE.value,
            _("For a relative or someone close to me"),
            _("For example my mother, my son or my partner."),
            easy_label=pgettext_lazy("easy-to-read", "For someone close to me"),
            easy_hint=pgettext_lazy("easy-to-read", "For example my mother, my son or my partner."),
        ),
        Choice(
            SenderRole.REPRESENTATIVE.value,
            _("As a representative (ombud), trustee or guardian"),
            _("You act for the person concerned. We may ask you for a power of attorney."),
            easy_label=pgettext_lazy("easy-to-read", "For a person I help as a guardian or trustee"),
            easy_hint=pgettext_lazy(
                "easy-to-read", "We may ask for a paper that shows that you may act for the person."
            ),
        ),
        Choice(
            SenderRole.STAFF.value,
            _("As a member of staff"),
            _("You work in the service."),
            easy_label=pgettext_lazy("easy-to-read", "I work here"),
        ),
        Choice(
            SenderRole.OTHER_ORGANISATION.value,
            _("For another organisation or authority"),
            None,
            # Few who write for an authority choose the easy text; "Someone else" covers them, and the list
            # stays at five.
            easy_label=pgettext_lazy("easy-to-read", "For another authority or organisation"),
            easy_hidden=True,
        ),
        Choice(
            SenderRole.OTHER.value,
            _("As someone else"),
            _("For example a neighbour or a friend."),
            easy_label=pgettext_lazy("easy-to-read", "Someone else"),
            easy_hint=pgettext_lazy("easy-to-read", "For example a neighbour, a friend or an authority."),
        ),
    ),
    easy_label=pgettext_lazy("easy-to-read", "Who are you writing for?"),
    easy_short_label=pgettext_lazy("easy-to-read", "who you are writing for"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose who you are writing for."),
)

WANTS_ANSWER = Question(
    required_message=_("Choose whether you want an answer"),
    key="wants_answer",
    kind=Kind.RADIO,
    label=_("Do you want an answer?"),
    short_label=_("whether you want an answer"),
    hint=_("We register every message. If you want an answer, we tell you what will happen with it."),
    choices=(
        Choice(
            YES,
            _("Yes, I want an answer"),
            easy_label=pgettext_lazy("easy-to-read", "Yes, I want an answer"),
        ),
        Choice(
            NO,
            _("No, I do not need an answer"),
            easy_label=pgettext_lazy("easy-to-read", "No, I do not need an answer"),
        ),
    ),
    easy_label=pgettext_lazy("easy-to-read", "Do you want an answer?"),
    easy_hint=pgettext_lazy("easy-to-read", "Then we tell you what happens with your message."),
    easy_short_label=pgettext_lazy("easy-to-read", "if you want an answer"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose yes or no."),
)

IS_ANONYMOUS = Question(
    required_message=_("Choose whether you want to give your contact details"),
    key="is_anonymous",
    kind=Kind.RADIO,
    label=_("Do you want to give your name and contact details?"),
    short_label=_("whether you give your contact details"),
    hint=_("You may be anonymous. You will still get a reference number and a code to follow your case."),
    choices=(
        Choice(
            NO,
            _("Yes, I give my contact details"),
            easy_label=pgettext_lazy("easy-to-read", "Yes, I tell you who I am"),
        ),
        Choice(
            YES,
            _("No, I want to be anonymous"),
            _("We cannot contact you. You follow your case with your receipt code and secret."),
            easy_label=pgettext_lazy("easy-to-read", "No, I want to be anonymous"),
            easy_hint=pgettext_lazy(
                "easy-to-read", "Then we cannot contact you. You can follow your case with two codes."
            ),
        ),
    ),
    easy_label=pgettext_lazy("easy-to-read", "Do you want to tell us who you are?"),
    easy_hint=pgettext_lazy(
        "easy-to-read",
        "You can be anonymous. That means that we do not know who you are. You still get a number for "
        "your case.",
    ),
    easy_short_label=pgettext_lazy("easy-to-read", "if you tell us who you are"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose yes or no."),
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
    easy_label=pgettext_lazy("easy-to-read", "Your name"),
    easy_short_label=pgettext_lazy("easy-to-read", "your name"),
    easy_required_message=pgettext_lazy("easy-to-read", "Write your name."),
    easy_messages=EASY_TEXT_MESSAGES,
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
    easy_label=pgettext_lazy("easy-to-read", "E-mail"),
    easy_hint=pgettext_lazy(
        "easy-to-read", "We send you a receipt by e-mail. The receipt does not show what you wrote."
    ),
    easy_short_label=pgettext_lazy("easy-to-read", "your e-mail"),
    easy_messages={
        **EASY_TEXT_MESSAGES,
        "invalid": pgettext_lazy("easy-to-read", "Write the e-mail address like this: namn@exempel.se"),
        "needed": pgettext_lazy(
            "easy-to-read", "Write your e-mail address. Or choose another way for us to contact you."
        ),
    },
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
    easy_label=pgettext_lazy("easy-to-read", "Phone number"),
    easy_short_label=pgettext_lazy("easy-to-read", "your phone number"),
    easy_messages={
        **EASY_TEXT_MESSAGES,
        "invalid_phone": pgettext_lazy(
            "easy-to-read", "Write the phone number with numbers. For example 070-123 45 67."
        ),
        "needed": pgettext_lazy(
            "easy-to-read", "Write your phone number. Or choose another way for us to contact you."
        ),
    },
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
    easy_label=pgettext_lazy("easy-to-read", "Address"),
    easy_hint=pgettext_lazy("easy-to-read", "The address where you get letters."),
    easy_short_label=pgettext_lazy("easy-to-read", "your address"),
    easy_messages={
        **EASY_TEXT_MESSAGES,
        "needed": pgettext_lazy(
            "easy-to-read", "Write your address. Or choose another way for us to contact you."
        ),
    },
)
PREFERRED_LANGUAGE = Question(
    required_message=_("Choose a language"),
    key="preferred_language",
    kind=Kind.RADIO,
    label=_("Which language do you want us to use?"),
    short_label=_("your language"),
    choices_from="languages",
    shown_when=ONLY_IDENTIFIED,
    easy_label=pgettext_lazy("easy-to-read", "Which language do you want us to use?"),
    easy_short_label=pgettext_lazy("easy-to-read", "your language"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose a language."),
)
PREFERRED_CONTACT = Question(
    required_message=_("Choose how you want us to contact you"),
    key="preferred_contact",
    kind=Kind.RADIO,
    label=_("How do you want us to contact you?"),
    short_label=_("how we contact you"),
    hint=_("Give the contact detail above for the way you choose."),
    choices=(
        Choice(
            ContactPreference.EMAIL.value,
            _("By e-mail"),
            easy_label=pgettext_lazy("easy-to-read", "By e-mail"),
        ),
        Choice(
            ContactPreference.PHONE.value,
            _("By phone"),
            easy_label=pgettext_lazy("easy-to-read", "By phone"),
        ),
        Choice(
            ContactPreference.POST.value,
            _("By letter"),
            easy_label=pgettext_lazy("easy-to-read", "By letter"),
        ),
    ),
    shown_when=ONLY_IDENTIFIED,
    easy_label=pgettext_lazy("easy-to-read", "How do you want us to contact you?"),
    easy_hint=pgettext_lazy("easy-to-read", "Write your e-mail, phone number or address above."),
    easy_short_label=pgettext_lazy("easy-to-read", "how we contact you"),
    easy_required_message=pgettext_lazy("easy-to-read", "Choose how we should contact you."),
)

# Skyddade personuppgifter: the case's contact details are then hidden from all but the roles the organisation
# names, and no letter shows the address (protection/). Optional: most people skip it.
PROTECTED_IDENTITY = Question(
    key="protected_identity",
    kind=Kind.RADIO,
    label=_("Do you have protected personal details?"),
    short_label=_("whether you have protected personal details"),
    hint=_(
        "For example a protected address at the Swedish Tax Agency. If you do, only the staff who must see your "
        "details can see them, and no letter from us shows your address."
    ),
    optional=True,
    choices=(
        Choice(
            YES,
            _("Yes, I have protected personal details"),
            easy_label=pgettext_lazy("easy-to-read", "Yes, my address is secret"),
        ),
        Choice(NO, _("No"), easy_label=pgettext_lazy("easy-to-read", "No")),
    ),
    shown_when=ONLY_IDENTIFIED,
    easy_label=pgettext_lazy("easy-to-read", "Is your address secret?"),
    easy_hint=pgettext_lazy(
        "easy-to-read",
        "Some people have a secret address. Then only a few of us can see who you are. We never write your "
        "address on a letter.",
    ),
    easy_short_label=pgettext_lazy("easy-to-read", "if your address is secret"),
)

ATTACHMENTS = Question(
    key="attachments",
    kind=Kind.FILES,
    label=_("Attach files"),
    short_label=_("attached files"),
    hint=_("For example a letter or a photo. PDF, images and Office documents."),
    optional=True,
    easy_label=pgettext_lazy("easy-to-read", "Add files"),
    easy_hint=pgettext_lazy("easy-to-read", "For example a letter or a photo."),
    easy_short_label=pgettext_lazy("easy-to-read", "files"),
    # What the page says when a file is refused (cases.uploads.validate_upload's codes), in easy words.
    easy_messages={
        "empty": pgettext_lazy("easy-to-read", "%(name)s is empty. Choose another file."),
        "too_large": pgettext_lazy(
            "easy-to-read", "%(name)s is too big. A file can be at most %(megabytes)s megabytes."
        ),
        "too_many": pgettext_lazy(
            "easy-to-read", "We did not add %(name)s. You can add at most %(count)s files."
        ),
        "type_not_allowed": pgettext_lazy(
            "easy-to-read", "We cannot take %(name)s. Send a photo or an ordinary document."
        ),
        "refused": pgettext_lazy(
            "easy-to-read", "We cannot take %(name)s. Save the file again. Then try again."
        ),
        "kept_refused": pgettext_lazy(
            "easy-to-read", "We could not take the files you added. Please add them again."
        ),
    },
)

PAGES: tuple[Page, ...] = (
    Page(
        "vad-galler",
        _("What do you want to send us?"),
        (KIND,),
        easy_title=pgettext_lazy("easy-to-read", "What do you want to tell us?"),
    ),
    Page(
        "verksamhet",
        _("Which service is it about?"),
        (UNIT,),
        easy_title=pgettext_lazy("easy-to-read", "Which place is it about?"),
    ),
    Page(
        "mottagare",
        _("Who should receive your complaint?"),
        (WANTS_MANAGER,),
        shown_when=ONLY_COMPLAINTS,
        easy_title=pgettext_lazy("easy-to-read", "Who should get your complaint?"),
    ),
    Page(
        "vad-hande",
        _("What happened?"),
        (WHAT_HAPPENED, ABOUT_PERSON, TOPIC),
        easy_title=pgettext_lazy("easy-to-read", "What happened?"),
    ),
    Page(
        "nar",
        _("When did it happen?"),
        (EVENT_DATE,),
        easy_title=pgettext_lazy("easy-to-read", "When did it happen?"),
    ),
    Page(
        "onskemal",
        _("What would you like to happen?"),
        (DESIRED_OUTCOME,),
        easy_title=pgettext_lazy("easy-to-read", "What do you want to happen?"),
    ),
    Page(
        "vem-skriver",
        _("Who are you writing for?"),
        (SENDER_ROLE,),
        easy_title=pgettext_lazy("easy-to-read", "Who are you writing for?"),
    ),
    Page(
        "svar",
        _("Do you want an answer?"),
        (WANTS_ANSWER,),
        easy_title=pgettext_lazy("easy-to-read", "Do you want an answer?"),
    ),
    Page(
        "kontakt",
        _("Do you want to give your name and contact details?"),
        (IS_ANONYMOUS,),
        easy_title=pgettext_lazy("easy-to-read", "Do you want to tell us who you are?"),
    ),
    Page(
        "kontaktuppgifter",
        _("Your contact details"),
        (
            CONTACT_NAME,
            CONTACT_EMAIL,
            CONTACT_PHONE,
            CONTACT_ADDRESS,
            PREFERRED_LANGUAGE,
            PREFERRED_CONTACT,
            PROTECTED_IDENTITY,
        ),
        shown_when=ONLY_IDENTIFIED,
        intro=_("Give at least the contact detail for the way you want us to contact you."),
        easy_title=pgettext_lazy("easy-to-read", "How can we reach you?"),
        easy_intro=pgettext_lazy(
            "easy-to-read", "Write your name. Then write how we can reach you. Choose the way at the bottom."
        ),
    ),
    Page(
        "bilagor",
        _("Do you want to attach files?"),
        (ATTACHMENTS,),
        easy_title=pgettext_lazy("easy-to-read", "Do you want to add files?"),
    ),
)

QUESTIONS: tuple[Question, ...] = tuple(question for page in PAGES for question in page.questions)
PAGES_BY_SLUG: dict[str, Page] = {page.slug: page for page in PAGES}


def _in_easy_words(page: Page) -> Page:
    return replace(
        page,
        title=page.easy_title or page.title,
        intro=page.easy_intro,
        questions=tuple(question.in_easy_words() for question in page.questions),
    )


EASY_PAGES_BY_SLUG: dict[str, Page] = {page.slug: _in_easy_words(page) for page in PAGES}


def easy_page(page: Page) -> Page:
    """The page in easy-to-read words: the same slug, questions, keys and conditions, the easy texts in place."""
    return EASY_PAGES_BY_SLUG[page.slug]


def question(key: str) -> Question:
    for candidate in QUESTIONS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


UNKNOWN_UNIT_CHOICE = Choice(
    UNKNOWN_UNIT,
    _("I do not know"),
    _("We find the right unit for you."),
    easy_label=pgettext_lazy("easy-to-read", "I do not know"),
    easy_hint=pgettext_lazy("easy-to-read", "We find the right place for you."),
)


def unit_choices(organisation: Any, *, easy: bool = False) -> tuple[Choice, ...]:
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
    choices.append(UNKNOWN_UNIT_CHOICE.in_easy_words() if easy else UNKNOWN_UNIT_CHOICE)
    return tuple(choices)


NO_TOPIC = "none"
NO_TOPIC_CHOICE = Choice(
    NO_TOPIC,
    _("I do not want to choose"),
    easy_label=pgettext_lazy("easy-to-read", "I do not want to choose"),
)


def topic_choices(organisation: Any, *, easy: bool = False) -> tuple[Choice, ...]:
    """The organisation's topics in use (organisations.Category), in its order and the reader's language, then a
    way to choose none (a radio once ticked cannot be unticked)."""
    topics = Category.objects.filter(
        organisation=organisation, dimension=CategoryDimension.TOPIC, is_active=True
    ).order_by("position", "name")
    choices = [Choice(str(topic.pk), topic.label()) for topic in topics]
    choices.append(NO_TOPIC_CHOICE.in_easy_words() if easy else NO_TOPIC_CHOICE)
    return tuple(choices)


def language_choices(organisation: Any) -> tuple[Choice, ...]:
    return tuple(Choice(code, language_name(code)) for code in organisation.language_codes)


def choices_for(question: Question, organisation: Any) -> Sequence[Choice]:
    """The choices of a question; those that depend on the organisation are read from it."""
    if question.choices_from == "units":
        return unit_choices(organisation, easy=question.is_easy)
    if question.choices_from == "languages":
        return language_choices(organisation)
    if question.choices_from == "topics":
        return topic_choices(organisation, easy=question.is_easy)
    return question.choices
