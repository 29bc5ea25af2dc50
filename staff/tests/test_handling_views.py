"""The staff handling views: access, Post/Redirect/Get, errors that keep what was typed, and the panel."""

import re
from datetime import date

from django.test import Client
from django.urls import reverse

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.models import Action, Case, CaseKind, CaseState, MessageKind
from cases.services import action_add, case_flag_serious_deficiency, case_inform
from cases.tests.handling_helpers import closing_form, register


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, case, *args):
    return reverse(f"staff:{name}", args=[case.pk, *args])


ALL_FORMS = [
    ("inform", {"body": "Vi utreder."}),
    ("message", {"body": "Hej"}),
    ("note", {"body": "Anteckning"}),
    (
        "action_add",
        {
            "description": "X",
            "responsible": "",
            "due_on_day": "1",
            "due_on_month": "2",
            "due_on_year": "2030",
        },
    ),
    ("answer_and_close", {"body": "Svar"}),
    ("thank_and_close", {"body": "Tack"}),
    ("reassign", {"assignee": "", "note": ""}),
    ("move", {"unit": "", "reason": "x"}),
    ("flag", {"note": ""}),
    ("escalate", {"reason": "x"}),
    ("withdraw", {}),
    ("categorise", {"topics": ""}),
]


def test_staff_who_may_not_change_the_case_get_404_and_change_nothing(tree):
    case = register(tree)
    for user in [tree.other_unit_staff, tree.other_unit_manager, tree.quality_developer, tree.administrator]:
        client = client_for(user)
        for name, data in ALL_FORMS:
            assert client.post(url(name, case), data).status_code == 404, (user, name)
            assert client.get(url(name, case)).status_code == 404, (user, name)
        assert client.get(url("case", case)).status_code == 404
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.REGISTERED and fresh.holder == tree.contact_staff
    assert not fresh.messages.exists() and not fresh.notes.exists()


def test_anonymous_visitors_are_sent_to_log_in(tree):
    case = register(tree)
    response = Client().post(url("inform", case), {"body": "x"})
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_follow_up_of_another_cases_action_is_404(tree):
    case = register(tree)
    other = register(tree)
    action = action_add(
        case=other,
        description="x",
        responsible=tree.contact_staff,
        due_on=date(2030, 1, 1),
        acting_user=tree.contact_staff,
    )
    response = client_for(tree.contact_staff).post(
        url("follow_up", case, action.pk), {"was_done": "yes", "effect": "bra"}
    )
    assert response.status_code == 404


def test_informing_redirects_to_the_case_page(tree):
    case = register(tree)
    response = client_for(tree.contact_staff).post(
        url("inform", case), {"body": "Vi utreder och återkommer."}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:case_detail", args=[case.pk]) + "#handling"
    case.refresh_from_db()
    assert case.state == CaseState.INFORMED


def test_the_form_page_shows_the_form_and_changes_nothing(tree):
    case = register(tree)
    response = client_for(tree.contact_staff).get(url("inform", case))
    assert response.status_code == 200
    assert 'name="body"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED
    assert Event.objects.filter(case=case, action=AuditAction.VIEWED, actor=tree.contact_staff).exists()


def test_each_request_of_a_form_page_records_exactly_one_read(tree):
    case = register(tree)
    client = client_for(tree.contact_staff)
    reads = Event.objects.filter(case=case, action=AuditAction.VIEWED, actor=tree.contact_staff)
    client.get(url("inform", case))
    assert reads.count() == 1
    client.post(url("inform", case), {"body": ""})  # an error: the page is shown again
    assert reads.count() == 2
    assert list(reads.values_list("data", flat=True)) == [{"page": "handling_form"}] * 2


def test_a_read_is_not_recorded_for_staff_who_may_not_change_the_case(tree):
    case = register(tree)
    assert client_for(tree.other_unit_staff).get(url("inform", case)).status_code == 404
    assert not Event.objects.filter(case=case, action=AuditAction.VIEWED).exists()


def test_an_error_shows_the_summary_and_keeps_what_was_typed(tree):
    case = register(tree)
    response = client_for(tree.contact_staff).post(
        url("action_add", case),
        {
            "description": "Utbildning för personalen",
            "responsible": tree.contact_staff.pk,
            "due_on_day": "31",
            "due_on_month": "2",
            "due_on_year": "2030",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel:" in html
    assert "error-summary" in html and 'href="#id_due_on_0"' in html
    assert "Utbildning för personalen" in html
    assert 'value="31"' in html
    assert not Action.objects.filter(case=case).exists()


def test_an_action_cannot_be_due_in_the_past(tree):
    case = register(tree)
    response = client_for(tree.contact_staff).post(
        url("action_add", case),
        {
            "description": "Utbildning",
            "responsible": tree.contact_staff.pk,
            "due_on_day": "1",
            "due_on_month": "1",
            "due_on_year": "2020",
        },
    )
    assert response.status_code == 200
    assert "Datumet då åtgärden ska vara klar måste vara i dag eller senare" in response.content.decode()


def test_adding_and_following_up_an_action_then_closing(tree):
    case = register(tree)
    client = client_for(tree.contact_staff)
    response = client.post(
        url("action_add", case),
        {
            "description": "Utbildning",
            "responsible": tree.unit_manager.pk,
            "due_on_day": "28",
            "due_on_month": "2",
            "due_on_year": "2030",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(case=case)
    assert action.due_on == date(2030, 2, 28) and action.responsible == tree.unit_manager

    refused = client.post(url("answer_and_close", case), {"body": "Svar", **closing_form(case)})
    assert refused.status_code == 200
    assert "Alla åtgärder måste följas upp" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED

    response = client.post(url("follow_up", case, action.pk), {"was_done": "yes", "effect": "Bättre"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.was_done is True and action.effect == "Bättre"

    assert (
        client.post(
            url("answer_and_close", case), {"body": "Slutligt svar", **closing_form(case)}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.messages.filter(kind=MessageKind.FINAL_ANSWER).exists()


def test_note_message_reassign_move_flag_escalate_and_withdraw(tree):
    case = register(tree)
    client = client_for(tree.contact_staff)
    assert client.post(url("note", case), {"body": "Intern"}).status_code == 302
    assert case.notes.get().body == "Intern"
    assert client.post(url("message", case), {"body": "Till avsändaren"}).status_code == 302
    assert case.messages.get().body == "Till avsändaren"
    assert client.post(url("flag", case), {"note": ""}).status_code == 302
    assert Case.objects.get(pk=case.pk).possible_serious_deficiency
    assert (
        client.post(url("reassign", case), {"assignee": tree.unit_manager.pk, "note": "Semester"}).status_code
        == 302
    )
    assert Case.objects.get(pk=case.pk).holder == tree.unit_manager

    manager = client_for(tree.unit_manager)
    assert manager.post(url("escalate", case), {"reason": "Behöver biträdande chef"}).status_code == 302
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.step == 2 and fresh.holder == tree.unit_manager  # step 2 is the unit manager's
    deputy = client_for(tree.deputy_head)
    assert (
        deputy.post(url("move", case), {"unit": tree.home_care.pk, "reason": "Hemtjänsten"}).status_code
        == 302
    )
    assert Case.objects.get(pk=case.pk).unit == tree.home_care
    assert deputy.post(url("withdraw", case), {}).status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.WITHDRAWN


def test_a_refused_escalation_of_praise_is_explained(tree):
    case = register(tree, kind=CaseKind.PRAISE)
    response = client_for(tree.contact_staff).post(url("escalate", case), {"reason": "x"})
    assert response.status_code == 200
    assert "Bara klagomål" in response.content.decode()


def test_praise_is_thanked_and_closed_through_the_view(tree):
    case = register(tree, kind=CaseKind.PRAISE)
    response = client_for(tree.contact_staff).post(
        url("thank_and_close", case), {"body": "Tack!", **closing_form(case)}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_the_panel_sets_what_the_sender_sees_apart_from_what_is_internal(tree):
    case = register(tree)
    case_inform(case=case, body="Vi pratar med personalen.", acting_user=tree.contact_staff)
    from cases.services import note_add

    note_add(case=case, body="Hemlig anteckning", acting_user=tree.contact_staff)
    html = client_for(tree.contact_staff).get(url("case", case)).content.decode()
    citizen_part, internal_part = html.split('id="handling-notes-heading"', 1)
    assert "Avsändaren ser detta" in citizen_part and "Vi pratar med personalen." in citizen_part
    assert "Hemlig anteckning" not in citizen_part
    assert "Visas aldrig för avsändaren" in internal_part or "visas aldrig för avsändaren" in internal_part
    assert "Hemlig anteckning" in internal_part


def test_the_staff_case_page_includes_the_panel(tree):
    case = register(tree)
    html = client_for(tree.contact_staff).get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert 'id="handling"' in html
    assert reverse("staff:inform", args=[case.pk]) in html


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def handling_links(html: str) -> list[str]:
    return sorted(set(re.findall(r'href="(/personal/handlaggning/\d+/[^"#]+)"', main_of(html))))


def test_the_case_page_holds_no_form_only_links_to_pages_that_show_one(tree):
    """Every action is a link to its own page (GOV.UK); the case page builds no form. The header's language
    switch is the page's only form, outside main."""
    case = register(tree)
    action = action_add(
        case=case,
        description="Utbildning",
        responsible=tree.contact_staff,
        due_on=date(2030, 1, 1),
        acting_user=tree.contact_staff,
    )
    client = client_for(tree.contact_staff)
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "<form" not in main_of(html)
    links = handling_links(html)
    expected = [
        "inform",
        "message",
        "note",
        "action_add",
        "escalate",
        "reassign",
        "move",
        "flag",
        "withdraw",
        "relate",
        "categorise",
    ]
    assert links == sorted({url(name, case) for name in expected} | {url("follow_up", case, action.pk)}), (
        links
    )
    assert url("answer_and_close", case) not in links  # an action is not followed up yet
    assert "Ärendet kan inte avslutas ännu: 1 åtgärd är inte uppföljd." in html
    for link in links:
        page = client.get(link)
        assert page.status_code == 200, link
        page_html = page.content.decode()
        assert '<form method="post" action="' + link + '"' in page_html, link
        assert reverse("staff:case_detail", args=[case.pk]) + "#handling" in page_html, link
        assert case.reference_number in page_html


def test_the_panel_builds_no_form(tree, monkeypatch):
    from staff import handling_forms as forms

    built = []
    monkeypatch.setattr(forms.HandlingForm, "__init__", lambda *args, **kwargs: built.append(args))
    case = register(tree)
    response = client_for(tree.contact_staff).get(reverse("staff:case_detail", args=[case.pk]))
    assert response.status_code == 200 and not built


def test_a_closed_case_offers_nothing(tree):
    case = register(tree, kind=CaseKind.PRAISE)
    client = client_for(tree.contact_staff)
    client.post(url("thank_and_close", case), {"body": "Tack!", **closing_form(case)})
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert handling_links(html) == []
    assert "Inget mer kan göras med ärendet." in html


def test_the_inform_page_shows_the_deadline(tree):
    case = register(tree)
    html = client_for(tree.contact_staff).get(url("inform", case)).content.decode()
    assert f"På det här steget senast {case.inform_by:%Y-%m-%d}." in html


def test_the_follow_up_page_shows_the_action(tree):
    case = register(tree)
    action = action_add(
        case=case,
        description="Genomgång av larmrutinerna",
        responsible=tree.unit_manager,
        due_on=date(2030, 3, 15),
        acting_user=tree.contact_staff,
    )
    html = client_for(tree.contact_staff).get(url("follow_up", case, action.pk)).content.decode()
    assert "Genomgång av larmrutinerna" in html
    assert "Bertil Enhetsson" in html and "2030-03-15" in html


def test_the_closing_page_says_why_it_cannot_close_yet(tree):
    case = register(tree)
    action_add(
        case=case,
        description="x",
        responsible=tree.contact_staff,
        due_on=date(2030, 1, 1),
        acting_user=tree.contact_staff,
    )
    html = client_for(tree.contact_staff).get(url("answer_and_close", case)).content.decode()
    assert "Ärendet kan inte avslutas ännu: 1 åtgärd är inte uppföljd." in html


def test_the_reassign_page_says_when_nobody_else_can_take_the_case(tree):
    from organisations.models import RoleAssignment

    case = register(tree)
    RoleAssignment.objects.exclude(user=tree.contact_staff).delete()
    client = client_for(tree.contact_staff)
    for response in (client.get(url("reassign", case)), client.post(url("reassign", case), {"assignee": ""})):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Ingen annan på enheten eller högre upp i organisationen kan ta ärendet." in html
        assert 'name="assignee"' not in html and "<title>Fel:" not in html
    assert Case.objects.get(pk=case.pk).holder == tree.contact_staff


def test_withdrawing_is_confirmed_on_its_own_page(tree):
    case = register(tree)
    client = client_for(tree.contact_staff)
    html = client.get(url("withdraw", case)).content.decode()
    assert "Bara när avsändaren har bett om att få återkalla ärendet." in html
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED
    assert client.post(url("withdraw", case), {}).status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.WITHDRAWN


def test_a_flagged_case_asks_for_a_lex_sarah_assessment_and_shows_the_ivo_path(tree):
    case = register(tree)
    case_flag_serious_deficiency(case=case, acting_user=tree.unit_manager, note="")
    html = client_for(tree.unit_manager).get(url("case", case)).content.decode()
    assert "lex sarah" in html.lower() and "IVO" in html


def test_the_ladder_shows_each_step(tree):
    case = register(tree)
    client = client_for(tree.contact_staff)
    client.post(url("escalate", case), {"reason": "Ingen förbättring"})
    html = client_for(tree.unit_manager).get(url("case", case)).content.decode()
    assert "Anna Kontaktsson" in html and "Bertil Enhetsson" in html
    assert "Ingen förbättring" in html
    assert 'aria-current="step"' in html


def test_the_panel_keeps_its_query_count_with_more_records(tree, django_assert_max_num_queries):
    from cases.services import message_add, note_add

    case = register(tree)
    client = client_for(tree.contact_staff)

    def add_records(count):
        for i in range(count):
            note_add(case=case, body=f"n{i}", acting_user=tree.contact_staff)
            message_add(case=case, body=f"m{i}", from_citizen=True)
            action_add(
                case=case,
                description=f"a{i}",
                responsible=tree.contact_staff,
                due_on=date(2030, 1, 1),
                acting_user=tree.contact_staff,
            )

    add_records(1)
    with django_assert_max_num_queries(60) as small:
        client.get(url("case", case))
    add_records(5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("case", case))


def test_the_top_is_where_nobody_above_can_take_the_case(tree):
    from organisations.models import RoleAssignment

    case = register(tree)
    RoleAssignment.objects.filter(
        user__in=[tree.unit_manager, tree.deputy_head, tree.head_of_operations]
    ).exclude(role="contact_staff").delete()
    html = client_for(tree.contact_staff).get(url("case", case)).content.decode()
    assert "trappans sista steg" in html
    assert reverse("staff:escalate", args=[case.pk]) not in html


def test_praise_offers_thanks_and_no_ladder(tree):
    case = register(tree, kind=CaseKind.PRAISE)
    html = client_for(tree.contact_staff).get(url("case", case)).content.decode()
    assert reverse("staff:thank_and_close", args=[case.pk]) in html
    assert reverse("staff:answer_and_close", args=[case.pk]) not in html
    assert reverse("staff:escalate", args=[case.pk]) not in html
    assert reverse("staff:inform", args=[case.pk]) not in html


# --- what the case concerns (issue 18, item 1) ----------------------------------------------------------------------


def test_the_holder_sets_what_the_case_concerns_on_its_own_page(tree):
    from organisations.models import Category

    case = register(tree)
    client = client_for(tree.contact_staff)
    page = client.get(url("categorise", case)).content.decode()
    assert "Vad ärendet gäller" in page and 'type="checkbox"' in page and "Bemötande" in page
    assert "Orsak som hittades" in page  # a complaint: the cause is asked for too, optional until closing
    refused = client.post(url("categorise", case), {"topics": []})
    assert refused.status_code == 200 and "Välj vad ärendet gäller" in refused.content.decode()
    treatment = Category.objects.get(organisation=tree.organisation, code="treatment", dimension="topic")
    assert client.post(url("categorise", case), {"topics": [treatment.pk]}).status_code == 302
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "Bemötande" in html and "Ändra vad ärendet gäller" in html
    # Ticked as they are now, when the page is opened again.
    again = client.get(url("categorise", case)).content.decode()
    assert re.search(rf'value="{treatment.pk}"[^>]*checked', again)


def test_closing_asks_for_the_topic_and_the_cause_and_keeps_the_answer_typed(tree):
    case = register(tree)
    client = client_for(tree.contact_staff)
    response = client.post(url("answer_and_close", case), {"body": "Mitt långa svar"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Välj vad ärendet gäller" in html and "Välj orsaken som hittades" in html
    assert "Mitt långa svar" in html
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_praise_is_closed_without_a_cause(tree):
    case = register(tree, kind=CaseKind.PRAISE)
    client = client_for(tree.contact_staff)
    assert "Orsak som hittades" not in client.get(url("thank_and_close", case)).content.decode()
    form = closing_form(case)
    assert form["causes"] == []
    assert (
        client.post(url("thank_and_close", case), {"body": "Tack!", "topics": form["topics"]}).status_code
        == 302
    )
