"""In a real browser: a holder informs the sender, adds an action, follows it up and closes the case, without
JavaScript being needed, with axe-core (WCAG 2.1 AA) on every page passed."""

import re

import pytest

from cases.models import Case, CaseState
from cases.tests.handling_helpers import register


@pytest.mark.browser
def test_the_holder_informs_adds_an_action_follows_it_up_and_closes(
    transactional_tree, page, axe, login_staff
):
    tree = transactional_tree
    case = register(tree)
    login_staff(page, tree.contact_staff)

    page.goto(f"/personal/arende/{case.pk}/")
    axe(page, context_name="case page")
    assert page.get_by_text("Avsändaren ser detta:").is_visible()
    assert page.get_by_text("Internt:").first.is_visible()

    # An empty information is refused on a page of its own, with the error summary.
    page.get_by_role("button", name="Skicka informationen").click()
    page.wait_for_url(re.compile(r"/personal/handlaggning/\d+/informera/"))
    assert page.title().startswith("Fel:")
    axe(page, context_name="inform, with an error")
    page.get_by_label("Vad som ska hända med ärendet").fill("Vi pratar med personalen och återkommer.")
    page.get_by_role("button", name="Skicka informationen").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    assert page.get_by_text("Avsändaren är informerad.").is_visible()
    axe(page, context_name="after informing")

    # Every folded form open at once, for axe; then the flag, which brings the Lex Sarah prompt.
    page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
    # Designsystemet animates the opening (0.4 s); mid-animation, axe measures colours of overlapping boxes.
    page.wait_for_timeout(800)
    axe(page, context_name="every form open")
    page.get_by_role("button", name="Flagga ärendet").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    assert page.get_by_role("heading", name="Möjligt missförhållande").is_visible()
    axe(page, context_name="flagged")

    page.locator("summary", has_text="Lägg till en åtgärd").click()
    page.get_by_label("Vad som ska göras").fill("Utbildning i bemötande för personalgruppen.")
    page.get_by_label("Vem som är ansvarig").select_option(label="Bertil Enhetsson")
    page.get_by_label("Dag", exact=True).fill("15")
    page.get_by_label("Månad", exact=True).fill("3")
    page.get_by_label("År", exact=True).fill("2030")
    page.wait_for_timeout(500)  # let the opening animation finish before axe measures colours
    axe(page, context_name="action form open")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    assert page.get_by_text("Inte uppföljd ännu").is_visible()
    assert page.get_by_text("1 åtgärd är inte uppföljd").is_visible()
    axe(page, context_name="after adding an action")

    page.locator("summary", has_text="Följ upp åtgärd 1").click()
    page.get_by_label("Ja, den genomfördes").check()
    page.get_by_label("Vilken effekt fick den?").fill("Personalen bemöter de boende bättre.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    assert page.get_by_text("Genomförd").first.is_visible()
    axe(page, context_name="after the follow-up")

    page.get_by_label("Slutligt svar till avsändaren").fill(
        "Vi har utbildat personalen. Tack för att du hörde av dig."
    )
    page.get_by_role("button", name="Skicka svaret och avsluta").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    assert page.get_by_text("Det slutliga svaret är skickat").is_visible()
    axe(page, context_name="closed")

    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert Case.objects.get(pk=case.pk).actions.get().was_done is True


@pytest.mark.browser
def test_staff_carry_a_complaint_up_every_step_of_the_ladder_to_closure(
    transactional_tree, page, axe, login_staff
):
    tree = transactional_tree
    case = register(tree)
    ladder = [tree.contact_staff, tree.unit_manager, tree.deputy_head, tree.head_of_operations]
    for step, holder in enumerate(ladder, start=1):
        page.context.clear_cookies()
        login_staff(page, holder)
        page.goto(f"/personal/arende/{case.pk}/")
        assert page.get_by_text(f"Ärendet är på steg {step} av 4.").is_visible()
        page.get_by_label("Vad som ska hända med ärendet").fill(f"Steg {step}: vi utreder.")
        page.get_by_role("button", name="Skicka informationen").click()
        page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
        axe(page, context_name=f"step {step}, informed")
        if step < len(ladder):
            page.locator("summary", has_text="Flytta ärendet till nästa steg").click()
            page.get_by_label("Varför ärendet går vidare till nästa steg").fill(
                "Ingen förbättring enligt avsändaren."
            )
            page.get_by_role("button", name="Flytta till nästa steg").click()
            page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
            axe(page, context_name=f"step {step}, escalated")
            case.refresh_from_db()
            assert case.step == step + 1 and case.holder == ladder[step]
    # The top: no further step, the path to IVO instead.
    assert page.get_by_text("Det här är trappans sista steg.").is_visible()
    assert page.locator("summary", has_text="Flytta ärendet till nästa steg").count() == 0
    page.get_by_label("Slutligt svar till avsändaren").fill("Verksamhetschefen har gått igenom ärendet.")
    page.get_by_role("button", name="Skicka svaret och avsluta").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    axe(page, context_name="closed at the top")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert [e.to_step for e in case.escalations.all()] == [2, 3, 4]
