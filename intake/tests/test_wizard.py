"""intake.wizard: the chain of pages, what each keeps in the session, and the check-answers guard that validates
everything again before a case is registered from it."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from cases.models import Case
from intake.questions import PAGES_BY_SLUG
from intake.tests.helpers import CHECK_URL, CONFIRMATION_URL, WHAT_HAPPENED, answers, step_url, submit, walk
from intake.wizard import SESSION_KEY, AnswersOutdated, Wizard
from organisations.testing import build_tree


def page(slug):
    return PAGES_BY_SLUG[slug]


def slugs(pages):
    return [p.slug for p in pages]


@pytest.fixture
def session(db):
    return SessionStore()


def answer(wizard, tree, **options):
    """Answer every page of a typical submission, as the step views store them."""
    for slug, data in answers(tree, **options):
        if slug == "bilagor":
            wizard.mark_attachments_seen()
        else:
            wizard.store(page(slug), data)


# --- The chain of pages -------------------------------------------------------------------------------------


def test_a_new_wizard_starts_at_the_first_question(session, tree):
    wizard = Wizard(session, tree.organisation)
    assert wizard.first_incomplete() == page("vad-galler")
    assert wizard.may_visit(page("vad-galler"))
    assert not wizard.may_visit(page("verksamhet"))
    assert wizard.previous_before(page("vad-galler")) is None


def test_each_answer_opens_the_next_page(session, tree):
    wizard = Wizard(session, tree.organisation)
    wizard.store(page("vad-galler"), {"kind": "complaint"})
    assert wizard.next_after(page("vad-galler")) == page("verksamhet")
    assert wizard.may_visit(page("verksamhet"))
    assert not wizard.may_visit(page("mottagare"))
    wizard.store(page("verksamhet"), {"unit": str(tree.care_home.pk)})
    assert wizard.next_after(page("verksamhet")) == page("mottagare")
    assert wizard.previous_before(page("mottagare")) == page("verksamhet")
    assert wizard.first_incomplete() == page("mottagare")


def test_praise_skips_the_receiver_question(session, tree):
    wizard = Wizard(session, tree.organisation)
    wizard.store(page("vad-galler"), {"kind": "praise"})
    assert "mottagare" not in slugs(wizard.visible_pages())
    assert wizard.next_after(page("verksamhet")) == page("vad-hande")
    assert wizard.previous_before(page("vad-hande")) == page("verksamhet")


def test_only_a_sender_who_gives_a_name_is_asked_for_contact_details(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree, anonymous=True)
    assert "kontaktuppgifter" not in slugs(wizard.visible_pages())
    wizard.store(page("kontakt"), {"is_anonymous": "no"})
    assert "kontaktuppgifter" in slugs(wizard.visible_pages())
    assert wizard.first_incomplete() == page("kontaktuppgifter")


def test_the_last_page_leads_nowhere_further(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree)
    assert wizard.next_after(page("bilagor")) is None
    assert wizard.first_incomplete() is None


# --- What the session keeps ---------------------------------------------------------------------------------


def test_it_keeps_exactly_what_was_posted_even_when_it_does_not_validate(session, tree):
    wizard = Wizard(session, tree.organisation)
    wizard.store(page("vad-galler"), {"kind": "complaint"})
    wizard.store(page("vad-hande"), {"what_happened": "", "about_person": "Min mamma"})
    assert session.modified
    assert session[SESSION_KEY]["organisation"] == tree.organisation.pk
    assert session[SESSION_KEY]["pages"] == {
        "vad-galler": {"kind": "complaint"},
        "vad-hande": {"what_happened": "", "about_person": "Min mamma"},
    }
    assert wizard.raw(page("vad-hande")) == {"what_happened": "", "about_person": "Min mamma"}
    assert not wizard.is_complete(page("vad-hande"))


def test_the_attachments_page_is_done_once_seen(session, tree):
    wizard = Wizard(session, tree.organisation)
    assert not wizard.is_complete(page("bilagor"))
    wizard.mark_attachments_seen()
    assert session[SESSION_KEY]["attachments_seen"] is True
    assert session[SESSION_KEY]["files"] == []
    assert wizard.is_complete(page("bilagor"))


def test_a_new_request_reads_the_answers_back(session, tree):
    answer(Wizard(session, tree.organisation), tree)
    again = Wizard(session, tree.organisation)
    assert again.answers()["what_happened"] == WHAT_HAPPENED
    assert again.first_incomplete() is None


def test_another_organisation_keeps_every_answer_but_the_unit(session, tree):
    answer(Wizard(session, tree.organisation), tree)
    other = build_tree(slug="annanby", prefix="AB")
    wizard = Wizard(session, other.organisation)
    assert "unit" not in wizard.answers()
    assert wizard.answers()["what_happened"] == WHAT_HAPPENED
    assert wizard.first_incomplete() == page("verksamhet")


def test_clearing_forgets_every_answer(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree)
    wizard.clear()
    assert SESSION_KEY not in session
    assert Wizard(session, tree.organisation).answers() == {}


# --- Validating again -------------------------------------------------------------------------------------


def test_the_check_validates_every_page_and_remembers_the_result(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree)
    cleaned, failing = wizard.cleaned()
    assert failing is None
    assert cleaned["what_happened"] == WHAT_HAPPENED
    assert session[SESSION_KEY]["checked"] == {"fingerprint": wizard.fingerprint(), "answers": cleaned}


def test_an_earlier_answer_that_opens_a_question_is_asked_first(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree, kind="praise")
    assert wizard.cleaned()[1] is None
    wizard.store(page("vad-galler"), {"kind": "complaint"})
    _, failing = wizard.cleaned()
    assert failing == page("mottagare")
    assert "checked" not in session[SESSION_KEY]
    assert wizard.first_incomplete() == page("mottagare")


def test_a_changed_answer_is_validated_again(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree)
    checked = wizard.fingerprint()
    assert wizard.cleaned()[1] is None
    wizard.store(page("vad-hande"), {"what_happened": "", "about_person": ""})
    assert wizard.fingerprint() != checked
    assert wizard.cleaned()[1] == page("vad-hande")
    assert "checked" not in session[SESSION_KEY]


def test_a_unit_closed_after_the_check_is_asked_for_again(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree)
    cleaned, _ = wizard.cleaned()
    tree.care_home.is_active = False
    tree.care_home.save(update_fields=["is_active"])
    with pytest.raises(AnswersOutdated) as outdated:
        wizard.submission(cleaned)
    assert outdated.value.page == page("verksamhet")
    assert "checked" not in session[SESSION_KEY]
    assert wizard.cleaned()[1] == page("verksamhet")


def test_the_submission_is_made_of_the_checked_answers(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree, anonymous=False)
    cleaned, _ = wizard.cleaned()
    submission = wizard.submission(cleaned)
    assert submission.organisation == tree.organisation
    assert submission.unit == tree.care_home
    assert submission.what_happened == WHAT_HAPPENED
    assert (submission.event_day, submission.event_month, submission.event_year) == (3, 2, 2025)
    assert not submission.wants_manager and submission.wants_answer
    assert submission.contact_email == "anna.andersson@example.se"
    assert submission.attachments == []


def test_an_anonymous_submission_carries_no_contact_details(session, tree):
    wizard = Wizard(session, tree.organisation)
    answer(wizard, tree, anonymous=False)
    wizard.store(page("kontakt"), {"is_anonymous": "yes"})
    cleaned, failing = wizard.cleaned()
    assert failing is None
    submission = wizard.submission(cleaned)
    assert submission.is_anonymous
    assert (submission.contact_name, submission.contact_email, submission.preferred_contact) == ("", "", "")


# --- The same guard through the pages (moved from test_steps.py and test_flow.py) ------------------------------


def test_it_does_not_let_anyone_jump_ahead(client, tree):
    response = client.get(step_url("vem-skriver"))
    assert response.status_code == 302
    assert response["Location"] == step_url("vad-galler")
    assert client.get(CHECK_URL)["Location"] == step_url("vad-galler")


def test_a_change_that_opens_a_new_question_asks_it_first(client, tree):
    walk(client, tree, kind="praise")
    response = client.post(step_url("vad-galler") + "?andra=1", {"kind": "complaint"})
    assert response["Location"] == step_url("mottagare") + "?andra=1"
    response = client.post(step_url("mottagare") + "?andra=1", {"wants_manager": "yes"})
    assert response["Location"] == CHECK_URL


def test_the_check_page_revalidates_everything(client, tree):
    walk(client, tree)
    # The unit is closed while the person is filling in the form.
    tree.care_home.is_active = False
    tree.care_home.save()
    response = client.get(CHECK_URL)
    assert response["Location"] == step_url("verksamhet") + "?andra=1"
    body = client.get(response["Location"]).content.decode()
    assert "<title>Fel: " in body


def test_the_final_post_registers_what_the_check_page_showed(client, tree):
    walk(client, tree)
    assert client.get(CHECK_URL).status_code == 200  # validates every page, and keeps the result
    assert submit(client)["Location"] == CONFIRMATION_URL
    case = Case.objects.get()
    assert case.what_happened == WHAT_HAPPENED
    assert case.unit == tree.care_home
    assert (case.event_day, case.event_month, case.event_year) == (3, 2, 2025)


def test_an_answer_changed_after_the_check_page_is_validated_again(client, tree):
    walk(client, tree)
    assert client.get(CHECK_URL).status_code == 200
    # Back on a page, they empty a required answer and leave it (what was typed is kept, invalid).
    client.post(step_url("vad-hande"), {"what_happened": "", "about_person": ""})
    response = submit(client)
    assert response.status_code == 302
    assert response["Location"] == step_url("vad-hande") + "?andra=1"
    assert not Case.objects.exists()


def test_a_unit_closed_after_the_check_page_asks_for_the_unit_again(client, tree):
    walk(client, tree)
    assert client.get(CHECK_URL).status_code == 200
    tree.care_home.is_active = False
    tree.care_home.save(update_fields=["is_active"])
    response = submit(client)
    assert response.status_code == 302
    assert response["Location"] == step_url("verksamhet") + "?andra=1"
    assert not Case.objects.exists()
    unit_page = client.get(response["Location"])  # the closed unit is no longer offered: the page says so
    assert unit_page.status_code == 200
    assert 'class="ds-error-summary' in unit_page.content.decode()
