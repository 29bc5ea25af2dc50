"""The paper form: the web form's own questions (intake/questions.py), as a fillable, tagged PDF."""

import pytest
from django.utils import translation

from documents.tests.pdfcheck import is_tagged, read, render_first_page, text_of
from intake.questions import QUESTIONS, Kind
from organisations.models import NodeKind
from organisations.services import node_create, organisation_create


@pytest.fixture
def organisation(db):
    organisation = organisation_create(
        name="Testby kommun",
        slug="testby",
        reference_prefix="SN",
        root_name="Socialnämnden",
        phone="090-00 00 00",
        postal_address="Socialtjänsten\n900 00 Testby",
        freepost_address="Testby kommun\nSocialtjänsten\nSvarspost 000000\n900 00 Testby",
    )
    root = organisation.nodes.get(parent=None)
    area = node_create(organisation=organisation, parent=root, kind=NodeKind.AREA, name="Äldreomsorg")
    node_create(organisation=organisation, parent=area, kind=NodeKind.UNIT, name="Solgårdens äldreboende")
    return organisation


def test_the_swedish_form_asks_every_question_of_the_web_form(client, organisation):
    response = client.get("/dokument/blankett/sv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert is_tagged(pdf)
    assert read(pdf).trailer["/Root"]["/Lang"] == "sv"
    text = " ".join(text_of(pdf).split())
    assert "Klagomål och synpunkter till socialtjänsten" in text
    assert "Svarspost 000000" in text
    assert "090-00 00 00" in text
    assert "Solgårdens äldreboende" in text and "Äldreomsorg" in text
    with translation.override("sv"):
        labels = [" ".join(str(question.label).split()) for question in QUESTIONS]
    for label in labels:
        assert label in text, label
    fields = read(pdf).get_fields()
    for question in QUESTIONS:
        if question.kind in (Kind.TEXT, Kind.TEXTAREA, Kind.EMAIL, Kind.PHONE):
            assert question.key in fields, question.key
        elif question.kind == Kind.DATE:
            assert f"{question.key}_day" in fields and f"{question.key}_year" in fields
        elif question.kind == Kind.RADIO and question.choices:
            for choice in question.choices:
                assert f"{question.key}_{choice.value}" in fields
    render_first_page(pdf, "paper-form-sv")


def test_the_english_form_is_in_english(client, organisation):
    pdf = client.get("/dokument/blankett/en/").content
    assert is_tagged(pdf)
    assert read(pdf).trailer["/Root"]["/Lang"] == "en"
    text = " ".join(text_of(pdf).split())
    assert "Complaints and feedback to social services" in text
    assert "What happened?" in text
    render_first_page(pdf, "paper-form-en")


def test_it_knows_only_the_languages_it_has(client, organisation):
    assert client.get("/dokument/blankett/xx/").status_code == 404


def test_a_question_added_to_the_web_form_appears_on_the_paper_form(client, organisation, monkeypatch):
    from intake import questions

    extra = questions.Question(key="extra_question", kind=Kind.TEXT, label="En helt ny fråga", optional=True)
    page = questions.Page("extra", "En ny sida", (extra,))
    monkeypatch.setattr(questions, "PAGES", (*questions.PAGES, page))
    pdf = client.get("/dokument/blankett/sv/").content
    assert "En helt ny fråga (valfritt)" in " ".join(text_of(pdf).split())
    assert "extra_question" in read(pdf).get_fields()


def test_where_several_organisations_share_the_installation_the_form_is_the_chosen_one_s(
    client, organisation
):
    other = organisation_create(
        name="Norrby kommun",
        slug="norrby",
        reference_prefix="VO",
        root_name="Socialnämnden",
        phone="0920-11 11 11",
        freepost_address="Norrby kommun\nSvarspost 111111\n970 00 Norrby",
    )
    node_create(
        organisation=other, parent=other.nodes.get(parent=None), kind=NodeKind.UNIT, name="Hemtjänst Norrby"
    )
    text = " ".join(text_of(client.get("/dokument/blankett/sv/").content).split())
    assert "Svarspost 000000" in text  # nobody chose: the first organisation set up
    client.get("/lamna/till/norrby/")  # as from Norrby's own web pages
    text = " ".join(text_of(client.get("/dokument/blankett/sv/").content).split())
    assert "Svarspost 111111" in text and "0920-11 11 11" in text and "Hemtjänst Norrby" in text
    assert "Svarspost 000000" not in text


def test_it_prints_each_question_once(client, organisation):
    text = " ".join(text_of(client.get("/dokument/blankett/sv/").content).split())
    for question in ("Vad hände?", "Vad vill du lämna?", "Vill du ha svar?", "Vem skriver du för?"):
        assert text.count(question) == 1, question
    assert "När hände det? (valfritt)" in text  # the heading says what the label said, "(valfritt)" too


def test_it_promises_an_anonymous_sender_nothing_it_cannot_send(client, organisation):
    sv = " ".join(text_of(client.get("/dokument/blankett/sv/").content).split())
    assert "Utan en adress kan vi inte skicka dig något kvitto" in sv
    assert "kvittokod" not in sv and "hemliga kod" not in sv and "en kod så att du kan följa" not in sv
    en = " ".join(text_of(client.get("/dokument/blankett/en/").content).split())
    assert "Without an address we cannot send you a receipt" in en
    assert "receipt code and secret" not in en


def test_it_leaves_room_to_write_and_keeps_each_question_on_one_page(client, organisation):
    pdf = read(client.get("/dokument/blankett/sv/").content)
    heights = {}
    for number, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots") or []:
            field = annotation.get_object()
            if field.get("/T"):
                _left, bottom, _right, top = (float(value) for value in field["/Rect"])
                heights[field["/T"]] = (abs(top - bottom), number)
    millimetres = 72 / 25.4
    assert heights["what_happened"][0] >= 100 * millimetres  # about twelve hand-written lines
    assert heights["desired_outcome"][0] >= 50 * millimetres
    assert heights["contact_name"][0] >= 8 * millimetres  # a line high enough for handwriting
    # The three boxes of a date, and the choices of a question, are on the page of their question.
    assert len({heights[f"event_date_{part}"][1] for part in ("day", "month", "year")}) == 1
    assert len({heights[name][1] for name in heights if name.startswith("sender_role_")}) == 1
