"""The statistics (issue 18.2, 18.3) through the real views: a small set of cases made and moved by the real
services on set days (time-machine), counted by hand."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.models import CaseKind, Channel, SenderRole
from cases.services import (
    action_add,
    action_follow_up,
    case_answer_and_close,
    case_escalate,
    case_inform,
    case_thank_and_close,
)
from cases.tests.handling_helpers import closing_categories, register
from organisations.models import Category
from organisations.testing import build_tree
from quality.statistics import median_of_histogram

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime(2026, 4, 15, 10, 0, tzinfo=STOCKHOLM)
PAGE = "/personal/statistik/"
PERIOD = {"from_month": "2026-03", "to_month": "2026-04"}


def at(month: int, day: int):
    return time_machine.travel(datetime(2026, month, day, 10, 0, tzinfo=STOCKHOLM), tick=False)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cases(tree):
    """Four cases of Testby in March and April 2026, one of Annanby's, and one of Testby's from last year.

    a: complaint, care home, web, a relative. Informed on day 3 (in time), an action done, closed on day 18.
    b: complaint, care home, phone, the person concerned. Not informed by its date (24 March): escalated on
       30 March (step 1 late), informed at step 2 on 2 April (in time), an action late, still open.
    c: feedback, group home (another unit manager's), post. Thanked and closed after 4 days.
    d: praise, home care, web. Open.
    """
    made = {}
    with at(3, 2):
        made["a"] = register(tree, channel=Channel.WEB)
    with at(3, 5):
        case_inform(case=made["a"], body="Vi utreder.", acting_user=tree.contact_staff)
        action = action_add(
            case=made["a"],
            description="Ny rutin.",
            responsible=tree.unit_manager,
            due_on=date(2026, 3, 15),
            acting_user=tree.contact_staff,
        )
    with at(3, 10):
        made["b"] = register(tree, channel=Channel.PHONE, sender_role=SenderRole.PERSON_CONCERNED)
    with at(3, 16):
        action_follow_up(action=action, was_done=True, effect="Klart.", acting_user=tree.unit_manager)
    with at(3, 20):
        case_answer_and_close(
            case=made["a"], body="Svar.", acting_user=tree.contact_staff, **closing_categories(made["a"])
        )
    with at(3, 30):
        case_escalate(case=made["b"], reason="Ingen svarar.", requested_by_citizen=True)
    with at(4, 1):
        made["c"] = register(tree, kind=CaseKind.FEEDBACK, channel=Channel.POST, unit=tree.group_home)
        made["d"] = register(tree, kind=CaseKind.PRAISE, unit=tree.home_care)
    with at(4, 2):
        made["b"].refresh_from_db()
        case_inform(case=made["b"], body="Vi tittar på det.", acting_user=tree.unit_manager)
        action_add(
            case=made["b"],
            description="Samtal.",
            responsible=tree.unit_manager,
            due_on=date(2026, 4, 10),
            acting_user=tree.unit_manager,
        )
    with at(4, 5):
        case_thank_and_close(
            case=made["c"], body="Tack.", acting_user=tree.other_unit_staff, **closing_categories(made["c"])
        )
    with at(1, 10):
        made["old"] = register(tree)  # January: outside the period
    other = build_tree(slug="annanby", prefix="AB")
    with at(3, 12):
        made["theirs"] = register(other, unit=other.care_home)
    return made


def page(user, client=None, **params):
    """The page drawn afresh (its figures are kept rendered between requests: the tests of that are below), so
    that the response's context holds the figures."""
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        response = (client or client_for(user)).get(PAGE, {**PERIOD, **params})
    assert response.status_code == 200
    return response


def tables(response) -> dict:
    return {table.slug: table for table, _links in response.context["sections"]}


def rows(response, slug) -> list:
    return tables(response)[slug].rows


def test_each_figure_counts_the_hand_made_cases(tree, cases):
    response = page(tree.quality_developer)
    summary = response.context["summary"]
    assert (summary.cases, summary.open, summary.closed, summary.withdrawn) == (4, 2, 2, 0)
    assert rows(response, "manad") == [["mars 2026", 2], ["april 2026", 2]]
    assert rows(response, "typ") == [
        ["Klagomål", 2, 0.5],
        ["Synpunkt eller förslag", 1, 0.25],
        ["Beröm", 1, 0.25],
    ]
    assert [row[:2] for row in rows(response, "kanal")] == [["Webb", 2], ["Telefon", 1], ["Post", 1]]
    assert next(row[:2] for row in rows(response, "avsandare")) == ["En närstående", 3]
    assert [row[:2] for row in rows(response, "omrade")] == [["Äldreomsorg", 3], ["Funktionsstöd LSS", 1]]
    by_unit = [row[:3] for row in rows(response, "enhet")]
    assert by_unit[0] == ["Solgårdens äldreboende", "Äldreomsorg", 2]  # most first; ties in tree order
    assert sorted(by_unit[1:]) == [
        ["Gruppbostad Björken", "Funktionsstöd LSS", 1],
        ["Hemtjänst Norr", "Äldreomsorg", 1],
    ]
    assert [row[:2] for row in rows(response, "amne")] == [["Bemötande", 2], ["Inte angivet än", 2]]
    assert next(row[:2] for row in rows(response, "orsak")) == ["Rutiner saknades eller följdes inte", 1]
    # Step 1: a informed on day 3 and c thanked on day 4 (in time); b's date passed before it moved up (late).
    # Step 2: b informed three days after it got there. d is praise: no clock.
    step1, step2 = rows(response, "14-dagar")
    assert step1[1:] == [3, 2, 1, pytest.approx(2 / 3), 0]
    assert step2[1:] == [1, 1, 0, 1.0, 0]
    # First notice: a 3 days, c 4, b 23 (at step 2); closure: a 18 days, c 4.
    assert rows(response, "handlaggningstid") == [
        ["Första beskedet om vad som händer", 3, 4.0],
        ["Avslut", 2, 11.0],
    ]
    assert [row[2:] for row in rows(response, "eskaleringar")] == [[1, 0, 1]]
    assert [row[1] for row in rows(response, "atgarder")] == [1, 0, 0, 1, 2]
    # The January case was never informed: overdue now, although received before the period.
    assert rows(response, "forsenade") == [["Solgårdens äldreboende", "Äldreomsorg", 1]]
    # Per month in March–April against the twelve months before (the January case).
    care_home = next(r for r in rows(response, "enheter-jamforda") if r[0] == "Solgårdens äldreboende")
    assert care_home[1:] == [2, 1.0, pytest.approx(1 / 12), pytest.approx(11.0)]
    html = response.content.decode()
    assert "66,7 %" in html and "+1\xa0100,0 %" in html


def test_the_charts_are_svg_with_a_text_alternative_and_no_inline_style(tree, cases):
    html = page(tree.quality_developer).content.decode()
    assert html.count('<svg class="chart" role="img"') == 6
    assert '<title id="chart-manad-title">Ärenden per månad</title>' in html
    assert '<desc id="chart-manad-desc">mars 2026: 2; april 2026: 2.</desc>' in html
    assert "style=" not in html and "<style" not in html and "<script" not in html.split("<main")[1]
    assert 'fill="url(#chart-enheter-hatch)"' in html  # the second series is hatched, not another colour


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("unit_manager", 3), ("deputy_head", 3), ("head_of_operations", 4), ("other_unit_manager", 1)],
)
def test_each_reader_counts_only_their_part_of_the_tree(tree, cases, persona, expected):
    response = page(getattr(tree, persona))
    assert response.context["summary"].cases == expected


def test_a_unit_manager_sees_their_units_only_and_cannot_ask_for_another(tree, cases):
    response = page(tree.other_unit_manager)
    assert [row[0] for row in rows(response, "enhet")] == ["Gruppbostad Björken"]
    html = response.content.decode()
    assert "Solgården" not in html and "Hemtjänst" not in html
    tampered = page(tree.other_unit_manager, node=tree.care_home.pk)
    assert tampered.context["summary"].cases == 1
    assert "Välj ett av alternativen för ”Del av organisationen”" in tampered.content.decode()


@pytest.mark.parametrize("persona", ["contact_staff", "registrar", "administrator"])
def test_roles_without_statistics_get_404_and_no_menu_entry(tree, cases, persona):
    client = client_for(getattr(tree, persona))
    assert client.get(PAGE).status_code == 404
    assert client.get(reverse("statistics:export", args=["manad", "csv"])).status_code == 404
    assert client.get(reverse("statistics:export", args=["arenden", "xlsx"])).status_code == 404
    assert PAGE not in client.get(reverse("staff:inbox")).content.decode()
    assert not Event.objects.filter(action__in=["statistics_exported", "cases_exported"]).exists()


def test_the_menu_leads_managers_to_the_statistics(tree):
    html = client_for(tree.unit_manager).get(PAGE).content.decode()
    assert f'href="{PAGE}" aria-current="page">Statistik<' in html


def test_with_roles_in_two_organisations_one_is_chosen_at_a_time(tree, cases):
    other = tree.organisation.__class__.objects.get(slug="annanby")
    from organisations.models import OrgNode, Role, RoleAssignment

    RoleAssignment.objects.create(
        user=tree.quality_developer,
        node=OrgNode.objects.get(organisation=other, parent=None),
        role=Role.QUALITY_DEVELOPER,
    )
    assert page(tree.quality_developer, organisation="testby").context["summary"].cases == 4
    theirs = page(tree.quality_developer, organisation="annanby")
    assert theirs.context["summary"].cases == 1
    assert 'name="organisation"' in theirs.content.decode() and "Annanby kommun" in theirs.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "complaint"}, 2),
        ({"channel": "phone"}, 1),
        ({"sender": "person_concerned"}, 1),
        ({"from_month": "2026-04"}, 2),
        ({"to_month": "2026-03"}, 2),
        ({"from_month": "2026-01", "to_month": "2026-01"}, 1),
    ],
)
def test_the_filters_narrow_the_count(tree, cases, params, expected):
    assert page(tree.quality_developer, **params).context["summary"].cases == expected


def test_the_node_topic_and_cause_filters(tree, cases):
    topic = Category.objects.get(organisation=tree.organisation, code="treatment", dimension="topic")
    cause = Category.objects.get(organisation=tree.organisation, code="routines", dimension="cause")
    developer = tree.quality_developer
    assert page(developer, node=tree.home_care.pk).context["summary"].cases == 1
    assert page(developer, node=tree.elderly.pk).context["summary"].cases == 3
    assert page(developer, topic=topic.pk).context["summary"].cases == 2
    assert page(developer, cause=cause.pk).context["summary"].cases == 1


def test_a_period_that_ends_before_it_begins_is_refused_in_words(tree, cases):
    response = page(tree.quality_developer, from_month="2026-04", to_month="2026-03")
    html = response.content.decode()
    assert "Sista månaden kan inte komma före första månaden" in html
    assert response.context["summary"].cases == 5  # the default period: the last twelve months


def test_an_empty_period_says_so_and_still_shows_what_is_overdue_now(tree, cases):
    response = page(tree.quality_developer, from_month="2025-01", to_month="2025-12")
    html = response.content.decode()
    assert "Inga ärenden togs emot under den här perioden" in html
    assert list(tables(response)) == ["forsenade"]


def export(user, table, file_format, **params):
    with time_machine.travel(TODAY, tick=False):
        return client_for(user).get(
            reverse("statistics:export", args=[table, file_format]), {**PERIOD, **params}
        )


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_a_table_as_csv_is_audited_with_its_filter_and_row_count(tree, cases):
    response = export(tree.quality_developer, "manad", "csv", kind="complaint")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="testby-manad-2026-03--2026-04.csv"'
    assert read_csv(response) == [["Månad", "Ärenden"], ["mars 2026", "2"], ["april 2026", "0"]]
    event = Event.objects.get(action=AuditAction.STATISTICS_EXPORTED)
    assert event.actor == tree.quality_developer and event.case_id is None
    assert event.data == {
        "organisation": tree.organisation.pk,
        "table": "manad",
        "format": "csv",
        "filter": {"from_month": "2026-03", "to_month": "2026-04", "kind": "complaint"},
        "rows": 2,
    }


def test_shares_are_percentages_with_a_decimal_comma_in_swedish_and_a_point_in_english(tree, cases):
    swedish = read_csv(export(tree.quality_developer, "14-dagar", "csv"))
    assert swedish[0][4] == "Andel i tid (%)" and swedish[1][4] == "66,7"
    client = client_for(tree.quality_developer)
    client.cookies["django_language"] = "en"
    with time_machine.travel(TODAY, tick=False):
        english = client.get(reverse("statistics:export", args=["14-dagar", "csv"]), PERIOD)
    lines = list(csv.reader(io.StringIO(english.content.decode("utf-8")[1:])))
    assert lines[0][4] == "Share in time (%)" and lines[1][4] == "66.7"


def test_the_case_level_export_has_no_personal_data_and_stays_in_scope(tree, cases):
    response = export(tree.other_unit_manager, "arenden", "csv")
    lines = read_csv(response)
    assert lines[0][:3] == ["Diarienummer", "Inkom", "Typ"]
    assert len(lines) == 2 and lines[1][0] == cases["c"].reference_number
    assert lines[1][6] == "Gruppbostad Björken" and lines[1][-2] == "Bemötande"
    developer = read_csv(export(tree.quality_developer, "arenden", "csv"))
    assert [line[0] for line in developer[1:]] == [cases[k].reference_number for k in "abcd"]
    a = developer[1]
    assert a[1] == "2026-03-02" and a[10] == "2026-03-05" and a[11] == "2026-03-20"
    assert a[12:14] == ["3", "18"]
    text = response.content.decode() + "".join(";".join(line) for line in developer)
    for personal in ("Karin", "karin.exempel@example.se", "dåligt bemötande", "Anna"):
        assert personal not in text
    event = Event.objects.filter(action=AuditAction.CASES_EXPORTED).order_by("pk").first()
    assert event.actor == tree.other_unit_manager and event.data["rows"] == 1


def test_xlsx_files_open_as_workbooks_with_the_numbers(tree, cases):
    import zipfile

    response = export(tree.quality_developer, "arenden", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = zipfile.ZipFile(io.BytesIO(response.content))
    shared = workbook.read("xl/sharedStrings.xml").decode()
    assert cases["a"].reference_number in shared and "Karin" not in shared
    assert Event.objects.filter(action=AuditAction.CASES_EXPORTED, data__format="xlsx").exists()
    table = export(tree.quality_developer, "14-dagar", "xlsx")
    sheet = zipfile.ZipFile(io.BytesIO(table.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>0.6666" in sheet  # a share is a number, formatted as a percentage


def test_unknown_tables_and_formats_are_404(tree, cases):
    assert export(tree.quality_developer, "nonsense", "csv").status_code == 404
    assert export(tree.quality_developer, "manad", "pdf").status_code == 404
    assert export(tree.quality_developer, "manad", "csv", from_month="1999-01").status_code == 404
    assert not Event.objects.filter(action=AuditAction.STATISTICS_EXPORTED).exists()


def test_a_name_that_looks_like_a_formula_is_written_as_text(tree, cases):
    from organisations.services import node_rename

    node_rename(node=tree.care_home, name='=HYPERLINK("http://evil.example","x")', acting_user=None)
    lines = read_csv(export(tree.quality_developer, "enhet", "csv"))
    assert ['\'=HYPERLINK("http://evil.example","x")', "Äldreomsorg", "2", "50,0"] in lines
    for start in ("+1", "-1", "@SUM(A1)"):
        node_rename(node=tree.care_home, name=start, acting_user=None)
        lines = read_csv(export(tree.quality_developer, "enhet", "csv"))
        assert f"'{start}" in [line[0] for line in lines]


def test_the_page_costs_the_same_queries_however_many_cases(tree, cases):
    client = client_for(tree.quality_developer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(None, client)
        return len(queries)

    page(None, client)  # the first request of a session writes it
    before = count()
    for day in range(3, 9):
        with at(4, day):
            case = register(tree, unit=tree.home_care if day % 2 else tree.care_home)
            case_inform(case=case, body="Vi utreder.", acting_user=case.holder)
    assert count() == before
    assert before <= 30, before


def test_the_median_of_a_histogram():
    assert median_of_histogram([]) is None
    assert median_of_histogram([(5, 1)]) == 5
    assert median_of_histogram([(3, 1), (4, 1), (23, 1)]) == 4
    assert median_of_histogram([(18, 1), (4, 1)]) == 11
    assert median_of_histogram([(1, 2), (10, 2)]) == 5.5
    assert median_of_histogram([(0, 5), (100, 1)]) == 0


def test_an_escalation_keeps_the_clock_of_the_step_left(tree, cases):
    from cases.models import Escalation

    escalation = Escalation.objects.get(case=cases["b"])
    assert escalation.from_inform_by == date(2026, 3, 24)  # 14 days after 10 March
    assert escalation.from_informed_at is None
    cases["b"].refresh_from_db()
    assert cases["b"].inform_by == date(2026, 4, 13) and cases["b"].informed_at is not None
    with at(4, 3):
        informed_then = cases["b"].informed_at
        case_escalate(case=cases["b"], reason="Fortfarande inget.", requested_by_citizen=True)
    second = Escalation.objects.filter(case=cases["b"]).latest("pk")
    assert (second.from_step, second.from_inform_by, second.from_informed_at) == (
        2,
        date(2026, 4, 13),
        informed_then,
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_cells_are_written_as_djangos_number_format_writes_them(language):
    from django.utils import formats, translation

    from quality.tables import Kind, NumberStyle, display

    def django(value, decimals):
        return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)

    with translation.override(language):
        style = NumberStyle.current()
        for value in (0, 7, 999, 1000, -999, -1000, 12345, 1234567):
            assert display(value, Kind.COUNT, style) == django(value, 0) == display(value, Kind.COUNT)
        for value in (0.0, 0.04, 0.5, 12.3456, 1234.56, 98765.4321):
            assert display(value, Kind.DECIMAL, style) == django(round(value, 1), 1)
            assert display(value / 100, Kind.SHARE, style) == f"{django(round(value, 1), 1)} %"
        assert display(-0.125, Kind.CHANGE, style) == f"−{django(12.5, 1)} %"
        assert display(None, Kind.COUNT, style) == "–"


# --- the figures kept rendered between requests (docs/decisions/0034) -------------------------------------------


def visit(client: Client, when: datetime = TODAY, **params):
    """The page as a reader sees it on their next request: the cache as the requests before left it."""
    with time_machine.travel(when, tick=False):
        response = client.get(PAGE, {**PERIOD, **params})
    assert response.status_code == 200
    drawn = "sections" in response.context  # the figures were computed for this request, not taken as kept
    figures = response.content.decode().split('aria-labelledby="summary-heading"', 1)[1]
    return drawn, figures


def test_the_figures_are_drawn_again_after_every_change_and_kept_until_one(tree, cases):
    client = client_for(tree.quality_developer)
    drawn, first = visit(client)
    assert drawn and "4 ärenden" in first
    drawn, again = visit(client)
    assert not drawn and again == first  # kept: the same figures, not computed again

    # A registration adds rows to the summary: the next request draws the figures anew.
    with at(4, 14):
        fifth = register(tree, unit=tree.home_care)
    drawn, after_registration = visit(client)
    assert drawn and "5 ärenden" in after_registration

    # A change of a case (its node's month written anew) does the same.
    with at(4, 14):
        case_inform(case=fifth, body="Vi utreder.", acting_user=fifth.holder)
    drawn, after_notice = visit(client)
    assert drawn and after_notice != after_registration
    assert visit(client) == (False, after_notice)


def test_kept_figures_follow_the_names_the_reader_the_language_and_the_day(tree, cases):
    from organisations.services import node_rename

    client = client_for(tree.quality_developer)
    drawn, figures = visit(client)
    assert drawn and "Solgården" in figures

    node_rename(node=tree.care_home, name="Solgårdens vårdboende", acting_user=None)
    drawn, renamed = visit(client)
    assert drawn and "Solgårdens vårdboende" in renamed

    # Another reader of the same organisation, with a smaller part of it, never gets the figures kept for the first.
    drawn, theirs = visit(client_for(tree.other_unit_manager))
    assert drawn and "Solgården" not in theirs and "1 ärende" in theirs

    # English is drawn in English.
    with time_machine.travel(TODAY, tick=False):
        client.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    drawn, english = visit(client)
    assert drawn and "4 cases" in english

    # The figures are kept for every session of the same reader; the next day they are drawn anew, as what is
    # late depends on the day.
    assert visit(client_for(tree.quality_developer)) == (False, renamed)
    tomorrow = datetime(2026, 4, 16, 10, 0, tzinfo=STOCKHOLM)
    assert visit(client_for(tree.quality_developer), when=tomorrow)[0]
