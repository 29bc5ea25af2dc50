"""Reads for the documents: the paper form's questions and the citizen's own case for the IVO report."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cases.models import Case, Message
from guide.ivo_regions import Region, county_named, region_for_county
from intake import questions as intake_questions
from organisations.models import Organisation


@dataclass(frozen=True)
class PaperQuestion:
    """One question of the web form, as printed: its choices resolved for the organisation."""

    question: intake_questions.Question
    choices: tuple[intake_questions.Choice, ...]
    optional: bool
    condition: Any  # the text saying when to answer it ("Only for complaints"), or None


@dataclass(frozen=True)
class PaperSection:
    title: Any
    intro: Any
    questions: tuple[PaperQuestion, ...]


def paper_form_sections(organisation: Organisation) -> list[PaperSection]:
    """The web form's pages and questions, in the same order and with the same conditions (one source)."""
    sections = []
    for page in intake_questions.PAGES:
        printed = []
        for question in page.questions:
            condition = question.shown_when or page.shown_when or question.optional_when
            printed.append(
                PaperQuestion(
                    question=question,
                    choices=tuple(intake_questions.choices_for(question, organisation)),
                    optional=question.optional,
                    condition=condition.description if condition else None,
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
