"""Reads for the documents: the paper form's questions, the citizen's own case for the IVO report, and what a
letter to the sender needs (the message, who signs it, in which language)."""

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Assignment, Case, Message
from guide.ivo_regions import Region, county_named, region_for_county
from intake import questions as intake_questions
from organisations.models import Organisation, Role, RoleAssignment


@dataclass(frozen=True)
class PaperQuestion:
    """One question of the web form, as printed: its choices resolved for the organisation."""

    question: intake_questions.Question
    choices: tuple[intake_questions.Choice, ...]
    optional: bool
    condition: Any  # the text saying when to answer it ("Only for complaints"), or None
    hint: Any  # the question's hint, or the paper form's own where the web's is not true on paper
    repeats_title: bool  # the label says what the section's heading says: the heading alone asks it


# On the web an anonymous sender is shown a receipt code and secret at once; a form sent on paper without an address
# gets nothing back, so the paper form must not promise it.
PAPER_HINTS = {
    intake_questions.IS_ANONYMOUS.key: _(
        "You may be anonymous. Without an address we cannot send you a receipt, a code to follow your case or an "
        "answer."
    ),
}
PAPER_CHOICE_HINTS = {
    (intake_questions.IS_ANONYMOUS.key, intake_questions.YES): _(
        "We cannot contact you or send you anything."
    ),
}


@dataclass(frozen=True)
class PaperSection:
    title: Any
    intro: Any
    questions: tuple[PaperQuestion, ...]

    @property
    def title_optional(self) -> bool:
        """The heading asks an optional question itself, so it says "(optional)"."""
        return any(item.repeats_title and item.optional for item in self.questions)


def paper_form_sections(organisation: Organisation) -> list[PaperSection]:
    """The web form's pages and questions, in the same order and with the same conditions (one source)."""
    sections = []
    for page in intake_questions.PAGES:
        printed = []
        for question in page.questions:
            condition = question.shown_when or page.shown_when or question.optional_when
            choices = tuple(
                replace(choice, hint=PAPER_CHOICE_HINTS.get((question.key, choice.value), choice.hint))
                for choice in intake_questions.choices_for(question, organisation)
            )
            printed.append(
                PaperQuestion(
                    question=question,
                    choices=choices,
                    optional=question.optional,
                    condition=condition.description if condition else None,
                    hint=PAPER_HINTS.get(question.key, question.hint),
                    repeats_title=str(question.label) == str(page.title),
                )
            )
        sections.append(PaperSection(title=page.title, intro=page.intro, questions=tuple(printed)))
    return sections


def organisation_answers(case: Case) -> QuerySet[Message]:
    """What the organisation said to the citizen in the case (never internal notes)."""
    return Message.objects.filter(case=case, from_citizen=False).order_by("created_at", "pk")


def ivo_county_for(case: Case, *, chosen: str = "") -> str:
    """The county where it happened: the one the citizen chose if it is a county, else the organisation's."""
    return county_named(chosen) or county_named(case.organisation.county or "") or ""


def ivo_region_for(county: str) -> Region | None:
    """IVO's regional department for the county (guide/data/ivo_regions.json), or None."""
    return region_for_county(county) if county else None


# --- Letters to the sender ----------------------------------------------------------------------------------------


def letter_message(*, case: Case, pk: int) -> Message | None:
    """A message of `case` to the sender (never one from the sender), with its author; None otherwise."""
    return Message.objects.select_related("author").filter(case=case, pk=pk, from_citizen=False).first()


def letter_language(case: Case) -> str:
    """The sender's preferred language if the interface has it, else the site's (a letter is never in a language
    we have no words for)."""
    languages = {code for code, _name in settings.LANGUAGES}
    return case.preferred_language if case.preferred_language in languages else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Signatory:
    """Who signs a letter: the name, the role in which they act, and where (a unit, an area or the committee)."""

    name: str
    role: str  # a Role code; the template says it in the letter's language
    place: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else ""


def letter_signatory(*, case: Case, user: User | None, step: int) -> Signatory | None:
    """`user` as the signatory of a letter in `case` at `step`: the role in which they held the case at that step,
    or else their role nearest the case in its part of the tree. None for no user (a message of the system)."""
    if user is None:
        return None
    held = (
        Assignment.objects.select_related("node")
        .filter(case=case, assignee=user, step=step)
        .order_by("-created_at", "-pk")
        .first()
    )
    if held is not None:
        return Signatory(name=str(user), role=held.role, place=held.node.name)
    roles = [
        assignment
        for assignment in RoleAssignment.objects.select_related("node").filter(
            user=user, node__organisation_id=case.organisation_id
        )
        if case.node_path.startswith(assignment.node.path) and assignment.role != Role.ADMINISTRATOR
    ]
    nearest = max(roles, key=lambda assignment: len(assignment.node.path), default=None)
    if nearest is None:
        return Signatory(name=str(user), role="", place="")
    return Signatory(name=str(user), role=nearest.role, place=nearest.node.name)
