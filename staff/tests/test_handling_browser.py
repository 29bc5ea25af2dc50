"""In a real browser: a holder informs the sender, adds an action, follows it up and closes the case, without
JavaScript being needed, with axe-core (WCAG 2.1 AA) on every page passed.

The case page holds no form: each step is a link to the form's own page, which sends staff back to the case."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from cases.models import Case, CaseState
from cases.tests.handling_helpers import register


def _choose_categories(page):
    """What the complaint concerned and the cause found: the closing page asks for both."""
    page.get_by_role("group", name="Vad ärendet gäller").get_by_label("Bemötande").check()
    page.get_by_role("group", name="Orsak som hittades").get_by_label(
        "Rutiner saknades eller följdes inte"
    ).check()


def _open_form(page, axe, link, path, *, context_name):
    """From the case page, follow the link to a form's own page, and check that page."""
    page.get_by_role("link", name=link, exact=True).click()
    page.wait_for_url(re.compile(rf"/personal/handlaggning/\d+/{path}"))
    axe(page, context_name=context_name)


def _back_on_the_case_page(page, case):
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))


@pytest.mark.browser
def test_the_holder_informs_adds_an_action_follows_it_up_and_closes(
    transactional_tree, page, axe, login_staff
):
    tree = transactional_tree
    case = register(tree)
    login_staff(page, tree.contact_staff)

    page.goto(f"/personal/arende/{case.pk}/")
    axe(page, context_name="case page")
    expect(page.get_by_text("Avsändaren ser detta:")).to_be_visible()
    expect(page.get_by_text("Internt:").first).to_be_visible()
    assert page.locator("main form").count() == 0

    # An empty information is refused on its page, with the error summary; the deadline is on the page.
    _open_form(
        page, axe, "Informera avsändaren om vad som ska hända", "informera/", context_name="inform page"
    )
    expect(page.get_by_text(f"På det här steget senast {case.inform_by:%Y-%m-%d}.")).to_be_visible()
    page.get_by_role("button", name="Skicka informationen").click()
    page.wait_for_url(re.compile(r"/personal/handlaggning/\d+/informera/"))
    assert page.title().startswith("Fel:")
    axe(page, context_name="inform, with an error")
    page.get_by_label("Vad som ska hända med ärendet").fill("Vi pratar med personalen och återkommer.")
    page.get_by_role("button", name="Skicka informationen").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_text("Avsändaren är informerad.")).to_be_visible()
    axe(page, context_name="after informing")

    # The flag brings the Lex Sarah prompt.
    _open_form(page, axe, "Flagga ett möjligt missförhållande", "missforhallande/", context_name="flag page")
    page.get_by_role("button", name="Flagga ärendet").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_role("heading", name="Möjligt missförhållande")).to_be_visible()
    assert page.get_by_role("link", name="Flagga ett möjligt missförhållande").count() == 0
    axe(page, context_name="flagged")

    _open_form(page, axe, "Lägg till en åtgärd", "atgard/", context_name="action page")
    page.get_by_label("Vad som ska göras").fill("Utbildning i bemötande för personalgruppen.")
    page.get_by_label("Vem som är ansvarig").select_option(label="Bertil Enhetsson")
    page.get_by_label("Dag", exact=True).fill("15")
    page.get_by_label("Månad", exact=True).fill("3")
    page.get_by_label("År", exact=True).fill("2030")
    axe(page, context_name="action page, filled in")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_text("Inte uppföljd ännu")).to_be_visible()
    expect(page.get_by_text("1 åtgärd är inte uppföljd")).to_be_visible()
    assert page.get_by_role("link", name="Ge det slutliga svaret och avsluta ärendet").count() == 0
    axe(page, context_name="after adding an action")

    _open_form(page, axe, "Följ upp åtgärd 1", r"atgard/\d+/uppfoljning/", context_name="follow-up page")
    expect(page.get_by_text("Utbildning i bemötande för personalgruppen.")).to_be_visible()
    page.get_by_label("Ja, den genomfördes").check()
    page.get_by_label("Vilken effekt fick den?").fill("Personalen bemöter de boende bättre.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_text("Genomförd").first).to_be_visible()
    axe(page, context_name="after the follow-up")

    _open_form(
        page, axe, "Ge det slutliga svaret och avsluta ärendet", "avsluta/", context_name="closing page"
    )
    page.get_by_label("Slutligt svar till avsändaren").fill(
        "Vi har utbildat personalen. Tack för att du hörde av dig."
    )
    _choose_categories(page)
    page.get_by_role("button", name="Skicka svaret och avsluta").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_text("Det slutliga svaret är skickat")).to_be_visible()
    expect(page.get_by_text("Inget mer kan göras med ärendet.")).to_be_visible()
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
        expect(page.get_by_text(f"Ärendet är på steg {step} av 4.")).to_be_visible()
        _open_form(
            page,
            axe,
            "Informera avsändaren om vad som ska hända",
            "informera/",
            context_name=f"step {step}, inform",
        )
        page.get_by_label("Vad som ska hända med ärendet").fill(f"Steg {step}: vi utreder.")
        page.get_by_role("button", name="Skicka informationen").click()
        _back_on_the_case_page(page, case)
        axe(page, context_name=f"step {step}, informed")
        if step < len(ladder):
            _open_form(
                page,
                axe,
                "Flytta ärendet till nästa steg",
                "nasta-steg/",
                context_name=f"step {step}, escalate",
            )
            page.get_by_label("Varför ärendet går vidare till nästa steg").fill(
                "Ingen förbättring enligt avsändaren."
            )
            page.get_by_role("button", name="Flytta till nästa steg").click()
            _back_on_the_case_page(page, case)
            axe(page, context_name=f"step {step}, escalated")
            case.refresh_from_db()
            assert case.step == step + 1 and case.holder == ladder[step]
    # The top: no further step, the path to IVO instead.
    expect(page.get_by_text("Det här är trappans sista steg.")).to_be_visible()
    assert page.get_by_role("link", name="Flytta ärendet till nästa steg").count() == 0
    _open_form(
        page, axe, "Ge det slutliga svaret och avsluta ärendet", "avsluta/", context_name="closing at the top"
    )
    page.get_by_label("Slutligt svar till avsändaren").fill("Verksamhetschefen har gått igenom ärendet.")
    _choose_categories(page)
    page.get_by_role("button", name="Skicka svaret och avsluta").click()
    _back_on_the_case_page(page, case)
    axe(page, context_name="closed at the top")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert [e.to_step for e in case.escalations.all()] == [2, 3, 4]


def _changes(case):
    """The audit codes of the case's changes, in order (reads left out)."""
    from audit.actions import READ_ACTIONS
    from audit.models import Event

    return list(
        Event.objects.filter(case_id=case.pk)
        .exclude(action__in=READ_ACTIONS)
        .values_list("action", flat=True)
    )


def _staff_case_page(page, axe, login_staff, user, case, *, context_name):
    page.context.clear_cookies()
    login_staff(page, user)
    page.goto("/personal/")
    axe(page, context_name=f"{context_name}: inbox")
    assert case.reference_number in page.locator("main").inner_text()
    page.get_by_role("link", name=case.reference_number).click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    axe(page, context_name=f"{context_name}: case page")


def _inform(page, axe, case, text, *, context_name):
    _open_form(
        page,
        axe,
        "Informera avsändaren om vad som ska hända",
        "informera/",
        context_name=f"{context_name}: inform",
    )
    page.get_by_label("Vad som ska hända med ärendet").fill(text)
    page.get_by_role("button", name="Skicka informationen").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_text("Avsändaren är informerad.")).to_be_visible()
    axe(page, context_name=f"{context_name}: informed")


def _citizen_logs_in(page, axe, receipt_code, secret, *, context_name):
    page.context.clear_cookies()
    page.goto("/folj/")
    axe(page, context_name=f"{context_name}: follow log-in")
    page.get_by_label("Kvittokod", exact=True).fill(receipt_code)
    page.get_by_label("Hemlig kod", exact=True).fill(secret)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/folj/arende/$"))
    axe(page, context_name=f"{context_name}: citizen case page")


def _citizen_asks_for_next_step(page, axe, reason, *, context_name):
    page.get_by_role("link", name="Be om nästa steg").click()
    page.wait_for_url(re.compile(r"/folj/arende/nasta-steg/"))
    axe(page, context_name=f"{context_name}: next step page")
    page.get_by_label("Varför vill du att ärendet ska gå vidare till nästa steg?").fill(reason)
    page.get_by_role("button", name="Skicka till nästa steg").click()
    page.wait_for_url(re.compile(r"/folj/arende/$"))
    axe(page, context_name=f"{context_name}: after the next step")


@pytest.mark.browser
def test_a_web_complaint_from_intake_through_the_ladder_to_closure(
    transactional_tree, page, axe, login_staff
):
    """The whole flow of issue 3: the citizen submits at /lamna/ → the contact staff informs before the date → the
    citizen asks for the next step at /folj/ → the unit manager informs, adds an action → the citizen asks again →
    the deputy head informs, is refused closing while the action lacks its follow-up, follows it up, and closes;
    the citizen reads the final answer."""
    from django.utils import timezone

    from cases.models import Action, Escalation, Message, MessageKind
    from intake.tests.test_browser import answer_common_pages, check_and_send, continue_

    tree = transactional_tree

    # 1. The citizen, anonymous, through the real web intake.
    answer_common_pages(page, axe)
    page.get_by_label("Nej, jag vill vara anonym").check()
    continue_(page)
    axe(page, context_name="attachments")
    continue_(page)
    check_and_send(page, axe)
    receipt_code = page.locator(".receipt-code").inner_text().strip()
    secret = page.locator(".receipt-secret").inner_text().strip()
    case = Case.objects.get()
    assert case.receipt_code == receipt_code and case.is_anonymous
    assert case.state == CaseState.REGISTERED and case.step == 1
    assert case.holder == tree.contact_staff
    assert case.inform_by is not None and case.inform_by >= timezone.localdate()
    assert _changes(case) == ["registered", "assigned"]

    # 2. The contact staff finds it in the inbox and informs the sender, before the date.
    _staff_case_page(page, axe, login_staff, tree.contact_staff, case, context_name="step 1")
    _inform(
        page, axe, case, "Vi pratar med personalen och hör av oss inom två veckor.", context_name="step 1"
    )
    case.refresh_from_db()
    assert case.state == CaseState.INFORMED and case.informed_at is not None
    assert timezone.localdate(case.informed_at) <= case.inform_by
    first_inform_by = case.inform_by
    assert _changes(case)[-1] == "informed"

    # 3. The citizen reads it on their case page and asks for the next step.
    _citizen_logs_in(page, axe, receipt_code, secret, context_name="step 1")
    expect(page.get_by_text("Vi pratar med personalen och hör av oss inom två veckor.")).to_be_visible()
    _citizen_asks_for_next_step(page, axe, "Det har inte blivit bättre.", context_name="step 1")
    expect(page.get_by_text("Steg 2 av 4").first).to_be_visible()
    case.refresh_from_db()
    assert case.step == 2 and case.holder == tree.unit_manager and case.state == CaseState.REGISTERED
    assert case.informed_at is None and case.inform_by >= first_inform_by
    escalation = Escalation.objects.get(case=case)
    assert (escalation.from_step, escalation.to_step, escalation.requested_by_citizen) == (1, 2, True)
    assert escalation.reason == "Det har inte blivit bättre."
    assert _changes(case)[-2:] == ["assigned", "escalated"]

    # 4. The unit manager now holds it: informs, and adds an action for the contact staff.
    _staff_case_page(page, axe, login_staff, tree.unit_manager, case, context_name="step 2")
    expect(page.get_by_text("Ärendet är på steg 2 av 4.")).to_be_visible()
    _inform(page, axe, case, "Enhetschefen går igenom rutinerna med personalen.", context_name="step 2")
    _open_form(page, axe, "Lägg till en åtgärd", "atgard/", context_name="step 2: action page")
    page.get_by_label("Vad som ska göras").fill("Genomgång av rutinerna för larm.")
    page.get_by_label("Vem som är ansvarig").select_option(label="Anna Kontaktsson")
    due = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Dag", exact=True).fill(str(due.day))
    page.get_by_label("Månad", exact=True).fill(str(due.month))
    page.get_by_label("År", exact=True).fill(str(due.year))
    page.get_by_role("button", name="Lägg till åtgärden").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_text("1 åtgärd är inte uppföljd")).to_be_visible()
    axe(page, context_name="step 2: action added")
    action = Action.objects.get(case=case)
    assert action.responsible == tree.contact_staff and action.due_on == due and action.followed_up_at is None
    assert _changes(case)[-2:] == ["informed", "action_added"]

    # 5. The citizen is still not satisfied: the next step again.
    _citizen_logs_in(page, axe, receipt_code, secret, context_name="step 2")
    expect(page.get_by_text("Enhetschefen går igenom rutinerna med personalen.")).to_be_visible()
    _citizen_asks_for_next_step(
        page, axe, "Jag vill att någon högre upp tittar på det.", context_name="step 2"
    )
    case.refresh_from_db()
    assert case.step == 3 and case.holder == tree.deputy_head and case.state == CaseState.REGISTERED

    # 6. The deputy head informs; closing is refused while the action lacks its follow-up.
    _staff_case_page(page, axe, login_staff, tree.deputy_head, case, context_name="step 3")
    _inform(page, axe, case, "Vi följer upp åtgärden och svarar dig sedan.", context_name="step 3")
    expect(page.get_by_text("Ärendet kan inte avslutas ännu")).to_be_visible()
    page.goto(f"/personal/handlaggning/{case.pk}/avsluta/")
    axe(page, context_name="step 3: close form")
    expect(page.get_by_text("Ärendet kan inte avslutas ännu: 1 åtgärd är inte uppföljd.")).to_be_visible()
    page.get_by_label("Slutligt svar till avsändaren").fill("Vi avslutar ärendet.")
    _choose_categories(page)
    page.get_by_role("button", name="Skicka svaret och avsluta").click()
    page.wait_for_url(re.compile(rf"/personal/handlaggning/{case.pk}/avsluta/"))
    assert page.title().startswith("Fel:")
    assert "Alla åtgärder måste följas upp innan ärendet kan avslutas." in page.locator("main").inner_text()
    assert page.get_by_label("Slutligt svar till avsändaren").input_value() == "Vi avslutar ärendet."
    axe(page, context_name="step 3: closing refused")
    case.refresh_from_db()
    assert case.state == CaseState.INFORMED and case.closed_at is None

    page.get_by_role("link", name=f"Tillbaka till ärende {case.reference_number}").click()
    _back_on_the_case_page(page, case)
    _open_form(
        page, axe, "Följ upp åtgärd 1", r"atgard/\d+/uppfoljning/", context_name="step 3: follow-up page"
    )
    expect(page.get_by_text("Genomgång av rutinerna för larm.")).to_be_visible()
    page.get_by_label("Ja, den genomfördes").check()
    page.get_by_label("Vilken effekt fick den?").fill("Larmen besvaras nu inom fem minuter.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    _back_on_the_case_page(page, case)
    axe(page, context_name="step 3: followed up")
    action.refresh_from_db()
    assert action.was_done is True and action.followed_up_by == tree.deputy_head
    assert _changes(case)[-1] == "action_followed_up"

    _open_form(
        page, axe, "Ge det slutliga svaret och avsluta ärendet", "avsluta/", context_name="closing page"
    )
    page.get_by_label("Slutligt svar till avsändaren").fill(
        "Rutinerna är genomgångna och larmen besvaras snabbare."
    )
    _choose_categories(page)
    page.get_by_role("button", name="Skicka svaret och avsluta").click()
    _back_on_the_case_page(page, case)
    expect(page.get_by_text("Det slutliga svaret är skickat")).to_be_visible()
    axe(page, context_name="closed")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closed_at is not None

    # The whole history: who held it at each step, what was said and when, the action and its follow-up.
    assert list(case.assignments.values_list("step", "assignee", "reason")) == [
        (1, tree.contact_staff.pk, "routed_to_unit"),
        (2, tree.unit_manager.pk, "escalated"),
        (3, tree.deputy_head.pk, "escalated"),
    ]
    assert list(Message.objects.filter(case=case).values_list("step", "kind", "from_citizen")) == [
        (1, MessageKind.INFORMATION, False),
        (2, MessageKind.INFORMATION, False),
        (3, MessageKind.INFORMATION, False),
        (3, MessageKind.FINAL_ANSWER, False),
    ]
    assert [(e.from_step, e.to_step) for e in case.escalations.all()] == [(1, 2), (2, 3)]
    assert _changes(case) == [
        "registered",
        "assigned",
        "informed",
        "assigned",
        "escalated",
        "informed",
        "action_added",
        "assigned",
        "escalated",
        "informed",
        "action_followed_up",
        "categorised",
        "closed",
    ]

    # 7. The citizen reads the final answer.
    _citizen_logs_in(page, axe, receipt_code, secret, context_name="closed")
    expect(page.get_by_text("Rutinerna är genomgångna och larmen besvaras snabbare.")).to_be_visible()
    expect(page.get_by_text("Ditt ärende är avslutat.").first).to_be_visible()


@pytest.mark.browser
def test_the_clock_to_confirm_receipt_on_the_case_page(transactional_tree, page, axe, login_staff):
    """An organisation with working days (2 to confirm receipt, 10 to inform): the late confirmation is shown on
    the case page, passes axe, and goes once the holder has written to the sender."""
    from django.utils import timezone

    from organisations.models import ClockMode

    tree = transactional_tree
    tree.organisation.clock_mode = ClockMode.WORKING_DAYS
    tree.organisation.inform_period_days = 10
    tree.organisation.acknowledge_period_days = 2
    tree.organisation.save()
    case = register(tree, received_at=timezone.now() - timedelta(days=7))
    assert case.acknowledge_by is not None and case.acknowledge_by < timezone.localdate()
    login_staff(page, tree.contact_staff)
    page.goto(f"/personal/arende/{case.pk}/")
    late = page.locator(".deadline--acknowledge")
    assert "för sent" in late.inner_text()
    expect(page.get_by_text("Bekräfta för avsändaren att ärendet har tagits emot")).to_be_visible()
    axe(page, context_name="case page, confirmation late")

    _open_form(page, axe, "Skriv ett meddelande till avsändaren", "meddelande/", context_name="message page")
    expect(page.get_by_text("Bekräfta för avsändaren att ärendet har tagits emot")).to_be_visible()
    page.get_by_label("Meddelande till avsändaren").fill("Vi har tagit emot ditt klagomål.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    _back_on_the_case_page(page, case)
    assert page.locator(".deadline--acknowledge").count() == 0
    axe(page, context_name="case page, receipt confirmed")
    case.refresh_from_db()
    assert case.acknowledged_at is not None


@pytest.mark.browser
def test_the_page_for_what_the_case_concerns_at_both_widths(transactional_tree, page, axe, login_staff):
    """The checkboxes of both taxonomies, axe-clean at 1280 and 320 px, with the error summary."""
    tree = transactional_tree
    case = register(tree)
    login_staff(page, tree.contact_staff)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/personal/handlaggning/{case.pk}/kategorier/")
        page.get_by_role("button", name="Spara").click()  # nothing ticked: the error summary
        expect(page.get_by_role("link", name="Välj vad ärendet gäller")).to_be_visible()
        axe(page, context_name=f"categories, error, {width} px")
        page.get_by_role("group", name="Vad ärendet gäller").get_by_label(
            "Information och kommunikation"
        ).check()
        axe(page, context_name=f"categories, {width} px")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    expect(page.get_by_text("Sparade vad ärendet gäller.")).to_be_visible()
    expect(page.locator(".handling-categories").get_by_text("Information och kommunikation")).to_be_visible()
    axe(page, context_name="case page with categories, 320 px")
