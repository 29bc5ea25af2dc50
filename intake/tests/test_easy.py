"""The intake in easy-to-read words (lättläst, docs/decisions/0025): every page in Swedish and English with its
own texts and error messages, a walk to registration, and switching variant on the way without losing anything."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases.models import Case, SenderRole
from intake.questions import PAGES, PAGES_BY_SLUG, Kind, easy_page
from intake.tests.helpers import (
    CHECK_URL,
    DESIRED,
    EASY_CHECK_URL,
    EASY_CONFIRMATION_URL,
    EASY_START_URL,
    WHAT_HAPPENED,
    answers,
    exe_bytes,
    pdf_bytes,
    step_url,
    submit,
    walk,
)
from intake.tests.test_uploads import upload
from intake.wizard import SESSION_KEY


def english(client):
    client.cookies["django_language"] = "en"


def input_tag(body, name, value=None):
    """The <input> of that name (and value, for a radio) as the page has it."""
    for tag in re.findall(r"<input [^>]*>", body):
        if f'name="{name}"' in tag and (value is None or f'value="{value}"' in tag):
            return tag
    raise AssertionError(f"no input {name}={value}")


def words(text, language):
    """A lazy text as the page shows it, in the language asked for (escaped as the templates escape it)."""
    with translation.override(language):
        return escape(str(text))


# --- the easy words are data beside the standard ones ----------------------------------------------------------


def test_every_page_question_and_choice_has_its_easy_words():
    for page in PAGES:
        assert page.easy_title, page.slug
        assert (page.easy_intro is None) == (page.intro is None), page.slug
        shown = easy_page(page)
        assert shown.slug == page.slug and shown.keys == page.keys
        for question, easy in zip(page.questions, shown.questions, strict=True):
            assert question.easy_label and question.easy_short_label, question.key
            assert (question.easy_required_message is None) == (question.required_message is None), (
                question.key
            )
            assert easy.label == question.easy_label and easy.is_easy
            if question.kind in (Kind.TEXT, Kind.TEXTAREA):
                assert "too_long" in question.easy_messages, question.key
            for choice in question.choices:
                assert choice.easy_label, (question.key, choice.value)
        # A page of one main question has that question's label as its heading, in both variants.
        assert (str(page.title) == str(page.questions[0].label)) == (
            str(shown.title) == str(shown.questions[0].label)
        ), page.slug


def test_the_easy_list_of_whom_you_write_for_is_short_but_complete():
    sender = easy_page(PAGES_BY_SLUG["vem-skriver"]).questions[0]
    assert len([choice for choice in sender.choices if not choice.only_if_chosen]) == 5
    # Every answer of the standard variant is still a valid answer: only the list shown is shorter.
    assert {choice.value for choice in sender.choices} == {
        choice.value for choice in PAGES_BY_SLUG["vem-skriver"].questions[0].choices
    }


def test_no_question_page_takes_the_easy_variants_address():
    assert not {page.slug for page in PAGES} & {"lattlast", "till", "kontrollera", "skickat"}


# --- every page renders in easy words, in Swedish and English --------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_question_page_shows_its_easy_words(client, tree, language):
    walk(client, tree, anonymous=False, easy=True)
    if language == "en":
        english(client)
    for slug, _data in answers(tree, anonymous=False):
        page = PAGES_BY_SLUG[slug]
        shown = easy_page(page)
        response = client.get(step_url(slug, easy=True))
        assert response.status_code == 200, slug
        body = response.content.decode()
        assert f"<title>{words(shown.title, language)} –" in body, slug
        if str(page.easy_title) != str(page.title):
            assert words(page.title, language) not in body, slug
        if shown.intro:
            assert words(shown.intro, language) in body, slug
        for question in shown.questions:
            if question.kind == Kind.FILES:
                continue  # the page has its own text (below)
            assert words(question.label, language) in body, (slug, question.key)
            if question.hint:
                assert words(question.hint, language) in body, (slug, question.key)
            for choice in question.choices:
                if not choice.only_if_chosen:
                    assert words(choice.label, language) in body, (slug, choice.value)
                    if choice.hint:
                        assert words(choice.hint, language) in body, (slug, choice.value)
        # The way back to the standard text, keeping what the form holds, is a button of the form.
        standard = "Visa vanlig text" if language == "sv" else "Show the standard text"
        assert 'name="variant" value="standard"' in body and standard in body, slug
        assert 'href="/lamna/lattlast/' in body, slug  # the back link stays easy


def test_the_easy_pages_say_it_in_easy_swedish(client, tree):
    walk(client, tree, until="bilagor", easy=True)
    body = client.get(step_url("vad-galler", easy=True)).content.decode()
    assert "Vad vill du berätta för oss?" in body and "Vad vill du lämna?" not in body
    assert "Något blev fel. Eller så är du missnöjd med hur personalen var mot dig." in body
    body = client.get(step_url("verksamhet", easy=True)).content.decode()
    assert "Vilket ställe gäller det?" in body and "Vi hittar rätt ställe åt dig." in body
    body = client.get(step_url("bilagor", easy=True)).content.decode()
    assert "Vill du lägga till filer?" in body
    assert "Du kan skicka foton och dokument." in body
    assert "JPEG" not in body and "Office" not in body


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_start_check_and_receipt_pages_have_their_own_easy_text(client, tree, language):
    sv = language == "sv"
    if not sv:
        english(client)
    client.get(reverse("intake:choose", args=[tree.organisation.slug]))
    body = client.get(EASY_START_URL).content.decode()
    assert ("Klaga eller berätta vad du tycker" if sv else "Complain or tell us what you think") in body
    assert ("Vi ställer en fråga i taget." if sv else "We ask one question at a time.") in body
    assert 'href="/lamna/lattlast/vad-galler/"' in body
    assert 'href="/lamna/"' in body  # the standard text
    assert "LSS" not in body.split("<main")[1].split("</main>")[0]

    walk(client, tree, easy=True)
    body = client.get(EASY_CHECK_URL).content.decode()
    assert ("Titta på dina svar" if sv else "Look at your answers") in body
    assert WHAT_HAPPENED in body
    assert words(easy_page(PAGES_BY_SLUG["vad-galler"]).questions[0].label, language) in body
    assert 'href="/lamna/lattlast/vad-hande/?andra=1"' in body
    assert f'href="{CHECK_URL}"' in body  # the standard text of the same page

    response = submit(client, easy=True)
    assert response["Location"] == EASY_CONFIRMATION_URL
    case = Case.objects.get()
    body = client.get(EASY_CONFIRMATION_URL).content.decode()
    assert ("Tack! Vi har fått ditt meddelande" if sv else "Thank you! We have got your message") in body
    assert case.reference_number in body and case.receipt_code in body
    assert ("Skriv upp koderna nu." if sv else "Write down the codes now.") in body
    assert 'href="/lamna/skickat/"' in body


# --- errors in easy words ---------------------------------------------------------------------------------------


def test_each_easy_question_says_plainly_what_is_missing(client, tree):
    expected = {
        "vad-galler": ("Välj vad du vill berätta.", "Choose what you want to tell us."),
        "verksamhet": (
            "Välj ett ställe. Eller välj ”Jag vet inte”.",
            "Choose a place. Or choose “I do not know”.",
        ),
        "mottagare": ("Välj vem som ska få ditt klagomål.", "Choose who should get your complaint."),
        "vad-hande": ("Skriv vad som hände.", "Write what happened."),
        "onskemal": ("Skriv vad du vill ska hända.", "Write what you want to happen."),
        "vem-skriver": ("Välj vem du skriver för.", "Choose who you are writing for."),
        "svar": ("Välj ja eller nej.", "Choose yes or no."),
        "kontakt": ("Välj ja eller nej.", "Choose yes or no."),
        "kontaktuppgifter": ("Skriv ditt namn.", "Write your name."),
    }
    client.get(reverse("intake:choose", args=[tree.organisation.slug]))
    for slug, data in answers(tree, anonymous=False):
        if slug in expected:
            swedish, english_message = expected[slug]
            client.cookies.pop("django_language", None)
            body = client.post(step_url(slug, easy=True), {}).content.decode()
            assert "<title>Fel: " in body and escape(swedish) in body, slug
            english(client)
            body = client.post(step_url(slug, easy=True), {}).content.decode()
            assert "<title>Error: " in body and escape(english_message) in body, slug
            client.cookies.pop("django_language", None)
        if slug == "bilagor":
            break
        assert client.post(step_url(slug, easy=True), data).status_code == 302, slug


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2025", "Det datumet finns inte. Titta på dagen och månaden igen."),
        ("3", "", "2025", "Skriv vilken månad."),
        ("", "4", "", "Skriv vilket år."),
        ("3", "4", "25", "Skriv året med fyra siffror. Till exempel 2026."),
        ("tre", "4", "2025", "Skriv datumet med siffror. Till exempel 27 3 2026."),
        ("2", "1", "2999", "Den dagen har inte kommit än. Skriv en dag som har varit."),
    ],
)
def test_the_easy_date_question_says_plainly_what_is_wrong(client, tree, day, month, year, message):
    walk(client, tree, until="nar", easy=True)
    data = {"event_date_day": day, "event_date_month": month, "event_date_year": year}
    body = client.post(step_url("nar", easy=True), data).content.decode()
    assert message in body
    if day:
        assert f'value="{day}"' in input_tag(body, "event_date_day")  # nothing typed is lost


def test_the_easy_contact_details_say_plainly_what_is_wrong(client, tree):
    walk(client, tree, until="kontaktuppgifter", anonymous=False, easy=True)
    url = step_url("kontaktuppgifter", easy=True)
    details = {"contact_name": "Anna Andersson", "preferred_language": "sv"}
    for preferred, message in (
        ("email", "Skriv din e-postadress. Eller välj ett annat sätt för oss att kontakta dig."),
        ("phone", "Skriv ditt telefonnummer. Eller välj ett annat sätt för oss att kontakta dig."),
        ("post", "Skriv din adress. Eller välj ett annat sätt för oss att kontakta dig."),
    ):
        assert message in client.post(url, {**details, "preferred_contact": preferred}).content.decode()
    body = client.post(
        url, {**details, "preferred_contact": "phone", "contact_email": "anna(at)x", "contact_phone": "ring"}
    ).content.decode()
    assert "Skriv e-postadressen så här: namn@exempel.se" in body
    assert "Skriv telefonnumret med siffror. Till exempel 070-123 45 67." in body
    assert 'value="anna(at)x"' in body
    english(client)
    body = client.post(url, {**details, "preferred_contact": "email"}).content.decode()
    assert "Write your e-mail address. Or choose another way for us to contact you." in body


def test_an_easy_text_that_is_too_long_says_so_plainly(client, tree):
    walk(client, tree, until="vad-hande", easy=True)
    body = client.post(
        step_url("vad-hande", easy=True), {"what_happened": WHAT_HAPPENED, "about_person": "x" * 201}
    ).content.decode()
    assert "Du har skrivit för mycket. Du kan skriva högst 200 tecken. Du har skrivit 201." in body
    assert WHAT_HAPPENED in body
    body = client.post(
        step_url("vad-hande", easy=True), {"what_happened": "x" * 10_001, "about_person": ""}
    ).content.decode()
    assert "Du kan skriva högst 10\u00a0000 tecken. Du har skrivit 10\u00a0001." in body


def test_a_refused_file_is_named_in_easy_words(client, tree):
    walk(client, tree, until="bilagor", easy=True)
    response = client.post(
        step_url("bilagor", easy=True),
        {
            "action": "upload",
            "attachments": [upload("brev.pdf", pdf_bytes()), upload("program.pdf", exe_bytes())],
        },
    )
    body = response.content.decode()
    assert "Vi kan inte ta emot program.pdf. Skicka ett foto eller ett vanligt dokument." in body
    assert "brev.pdf" in body


# --- the whole way, and switching on the way ---------------------------------------------------------------------


def test_the_whole_easy_intake_registers_the_case(client, tree):
    walk(client, tree, anonymous=False, easy=True)
    assert submit(client, easy=True)["Location"] == EASY_CONFIRMATION_URL
    case = Case.objects.get()
    assert case.what_happened == WHAT_HAPPENED and case.desired_outcome == DESIRED
    assert case.unit == tree.care_home and case.sender_role == SenderRole.RELATIVE
    assert (case.event_day, case.event_month, case.event_year) == (3, 2, 2025)
    assert case.contact_email == "anna.andersson@example.se" and not case.is_anonymous
    body = client.get(EASY_CONFIRMATION_URL).content.decode()
    assert case.reference_number in body
    assert "Vi har skickat ett kvitto till din e-post." in body


def test_switching_variant_on_the_way_loses_nothing(client, tree):
    walk(client, tree, until="vad-hande")
    # Half-way through the standard text: the easy text, with what was typed on the page going along.
    response = client.post(
        step_url("vad-hande"), {"what_happened": WHAT_HAPPENED, "about_person": "", "variant": "easy"}
    )
    assert response["Location"] == step_url("vad-hande", easy=True)
    body = client.get(response["Location"]).content.decode()
    assert WHAT_HAPPENED in body
    assert "error-summary" not in body and "<title>Fel:" not in body  # they did not ask to go on
    assert "Gäller det en person som arbetar hos oss?" in body
    response = client.post(
        step_url("vad-hande", easy=True), {"what_happened": WHAT_HAPPENED, "about_person": ""}
    )
    assert response["Location"] == step_url("nar", easy=True)

    # A date typed in part, and back to the standard text: the parts are there, unchecked.
    response = client.post(
        step_url("nar", easy=True),
        {"event_date_day": "3", "event_date_month": "2", "event_date_year": "", "variant": "standard"},
    )
    assert response["Location"] == step_url("nar")
    body = client.get(step_url("nar")).content.decode()
    assert 'value="3"' in input_tag(body, "event_date_day")
    assert 'value="2"' in input_tag(body, "event_date_month")
    assert "error-summary" not in body
    assert "När hände det?" in body
    for slug, data in answers(tree)[4:]:
        assert client.post(step_url(slug), data).status_code == 302, slug

    # The answers given in both variants are all on the check page, in either variant, and are registered.
    body = client.get(EASY_CHECK_URL).content.decode()
    assert WHAT_HAPPENED in body and "3 februari 2025" in body and "Solgårdens äldreboende" in body
    assert "Titta på dina svar" in body
    submit(client, easy=True)
    case = Case.objects.get()
    assert case.what_happened == WHAT_HAPPENED
    assert (case.event_day, case.event_month, case.event_year) == (3, 2, 2025)


def test_switching_on_a_page_not_yet_answered_keeps_nothing_and_shows_no_error(client, tree):
    walk(client, tree, until="vad-galler")
    response = client.post(step_url("vad-galler"), {"variant": "easy"})
    assert response["Location"] == step_url("vad-galler", easy=True)
    assert not client.session.get(SESSION_KEY, {}).get("pages")
    body = client.get(response["Location"]).content.decode()
    assert "error-summary" not in body
    # A choice made and not yet sent goes along, checked.
    client.post(step_url("vad-galler", easy=True), {"kind": "praise", "variant": "standard"})
    body = client.get(step_url("vad-galler")).content.decode()
    assert "checked" in input_tag(body, "kind", "praise")
    assert "error-summary" not in body


def test_switching_from_a_change_link_returns_to_the_check_page(client, tree):
    walk(client, tree, easy=True)
    response = client.post(
        step_url("vad-hande", easy=True) + "?andra=1",
        {"what_happened": "Ändrat", "about_person": "", "variant": "standard"},
    )
    assert response["Location"] == step_url("vad-hande") + "?andra=1"
    response = client.post(
        step_url("vad-hande") + "?andra=1", {"what_happened": "Ändrat", "about_person": ""}
    )
    assert response["Location"] == CHECK_URL


def test_an_answer_the_easy_list_leaves_out_is_shown_once_given(client, tree):
    walk(client, tree, until="vem-skriver", easy=True)
    body = client.get(step_url("vem-skriver", easy=True)).content.decode()
    assert 'value="other_organisation"' not in body
    assert body.count('name="sender_role"') == 5
    # Chosen in the standard text, then the easy one: the answer is there, and checked.
    client.post(step_url("vem-skriver"), {"sender_role": "other_organisation", "variant": "easy"})
    body = client.get(step_url("vem-skriver", easy=True)).content.decode()
    assert "checked" in input_tag(body, "sender_role", "other_organisation")
    assert "För en annan myndighet eller organisation" in body
    response = client.post(step_url("vem-skriver", easy=True), {"sender_role": "other_organisation"})
    assert response["Location"] == step_url("svar", easy=True)


def test_switching_on_the_files_page_keeps_the_files_chosen(client, tree):
    walk(client, tree, until="bilagor")
    response = client.post(
        step_url("bilagor"),
        {
            "attachments": [upload("brev.pdf", pdf_bytes()), upload("program.pdf", exe_bytes())],
            "variant": "easy",
        },
    )
    assert response["Location"] == step_url("bilagor", easy=True)
    body = client.get(response["Location"]).content.decode()
    assert "brev.pdf" in body
    assert "Vi kan inte ta emot program.pdf." in body  # said in the words of the variant asked for
    assert client.post(step_url("bilagor", easy=True), {"action": "continue"})["Location"] == EASY_CHECK_URL
    assert "brev.pdf" in client.get(EASY_CHECK_URL).content.decode()


def test_the_standard_pages_lead_to_the_easy_ones(client, tree):
    client.get(reverse("intake:choose", args=[tree.organisation.slug]))
    body = client.get("/lamna/").content.decode()
    assert f'href="{EASY_START_URL}"' in body and "Lättläst" in body
    body = client.get(step_url("vad-galler")).content.decode()
    assert 'name="variant" value="easy"' in body
    english(client)
    assert "Easy-to-read text" in client.get(step_url("vad-galler")).content.decode()


def test_the_easy_guide_leads_to_the_easy_intake(client, tree):
    body = client.get("/vart-vander-jag-mig/lattlast/klagomal/").content.decode()
    assert f'href="{EASY_START_URL}"' in body


def test_whom_to_write_to_in_easy_words(client, tree):
    from organisations.models import OrganisationKind
    from organisations.testing import build_tree

    other = build_tree("norrby", "VO")
    other.organisation.kind = OrganisationKind.PROVIDER
    other.organisation.save()
    body = client.get(EASY_START_URL).content.decode()
    assert "Välj den kommun eller det företag som ger hjälpen." in body
    assert "Företag som ger omsorg" in body
    choose = reverse("intake:choose_easy", args=[tree.organisation.slug])
    assert f'href="{choose}"' in body
    assert client.get(choose)["Location"] == EASY_START_URL
    body = client.get(EASY_START_URL).content.decode()
    assert 'href="/lamna/lattlast/till/"' in body
