"""The questions are data: importable without a request, the source of the wizard's forms and the paper form."""

import dataclasses

from django.utils import translation

from cases.services import CaseSubmission
from intake.forms import page_form
from intake.questions import PAGES, QUESTIONS, Kind, choices_for, question

# Keys that are not CaseSubmission fields of the same name, and where they go. "protected_identity" goes to no
# field of the case: the intake marks the case through protection.services (protection/tests/test_intake.py).
MAPPED = {
    "event_date": {"event_day", "event_month", "event_year"},
    "topic": {"citizen_topic_id"},
    "protected_identity": set(),
}


def test_it_can_be_read_without_a_request_in_both_languages():
    for language, kind_label in (("sv", "Vad vill du lämna?"), ("en", "What do you want to send us?")):
        with translation.override(language):
            assert str(question("kind").label) == kind_label
            assert all(str(q.label) for q in QUESTIONS)
            assert all(str(q.shown_when.description) for q in QUESTIONS if q.shown_when)


def test_every_question_lands_in_the_submission():
    fields = {field.name for field in dataclasses.fields(CaseSubmission)}
    for q in QUESTIONS:
        assert MAPPED.get(q.key, {q.key}) <= fields, q.key


def test_the_wizard_forms_are_built_from_the_questions(tree):
    for page in PAGES:
        if page.slug == "bilagor":
            assert page.questions[0].kind == Kind.FILES
            continue
        form = page_form(page, organisation=tree.organisation, answers={})
        assert list(form.fields) == [q.key for q in page.questions]
        for q in page.questions:
            field = form.fields[q.key]
            assert str(field.label) == str(q.label)
            assert field.required == (not q.is_optional({}))
            if q.kind == Kind.RADIO:
                assert [value for value, _label in field.choices] == [
                    c.value for c in choices_for(q, tree.organisation)
                ]


def test_organisation_choices_come_from_the_tree(tree):
    units = choices_for(question("unit"), tree.organisation)
    assert [(c.label, c.group) for c in units[:-1]] == [
        ("Hemtjänst Norr", "Äldreomsorg"),
        ("Solgårdens äldreboende", "Äldreomsorg"),
        ("Gruppbostad Björken", "Funktionsstöd LSS"),
    ]
    assert units[-1].value == "unknown"
    assert [c.value for c in choices_for(question("preferred_language"), tree.organisation)] == ["sv", "en"]


def test_conditions_and_optional_questions():
    assert not question("wants_manager").is_shown({"kind": "praise"})
    assert question("wants_manager").is_shown({"kind": "complaint"})
    assert question("desired_outcome").is_optional({"kind": "praise"})
    assert not question("desired_outcome").is_optional({"kind": "feedback"})
    assert question("event_date").is_optional({})
    assert not question("contact_email").is_shown({"is_anonymous": "yes"})
