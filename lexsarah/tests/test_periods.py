"""The Lex Sarah periods: settings per organisation, with defaults that are marked "to verify".

Sources (domain.md §11, where the periods are marked **(to verify)**):
- SoL (2025:400) 27 kap. and LSS 24 a–g §§: staff report "without delay" (genast); the responsible investigates
  without delay and reports a serious deficiency, or a clear risk of one, to IVO without delay (snarast).
- Socialstyrelsen's regulations and general advice on Lex Sarah, SOSFS 2011:5 (7 kap., the report to IVO; being
  replaced by an HSLF-FS under the new SoL): the report to IVO within two weeks is the figure municipalities' routines
  quote, counted from the assessment in some and from the staff report in others (domain.md §11 gives "within
  two weeks of the report" as its example). Neither the days nor where they are counted from have been checked
  against the printed regulations: both are settings (lexsarah.models.LexSarahSettings), and these defaults are
  what this test holds until someone does.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import translation

from lexsarah import services
from lexsarah.models import IvoReportCountedFrom, LexSarahSettings
from lexsarah.selectors import lex_sarah_settings_for
from lexsarah.tests.conftest import assessed, detail_url, report
from staff.tests.conftest import signed_in_client

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONDAY_2_MARCH = datetime(2026, 3, 2, 9, 0, tzinfo=STOCKHOLM)


def test_the_defaults_are_to_start_without_delay_and_report_to_ivo_within_two_weeks_of_the_assessment(tree):
    defaults = lex_sarah_settings_for(tree.organisation)
    assert not LexSarahSettings.objects.exists()  # no row of its own is needed: these are the field defaults
    assert defaults.investigation_start_days == 0  # "without delay": the same day (to verify)
    assert defaults.ivo_report_days == 14  # two weeks (to verify: SOSFS 2011:5 / HSLF-FS)
    assert defaults.ivo_report_counted_from == IvoReportCountedFrom.ASSESSMENT  # (to verify)
    assert defaults.reference_prefix == "LS"


def test_each_period_says_in_its_help_that_it_is_to_verify_and_where_it_comes_from():
    for name in ("investigation_start_days", "ivo_report_days", "ivo_report_counted_from"):
        with translation.override("en"):
            help_text = str(LexSarahSettings._meta.get_field(name).help_text)
        assert "To verify" in help_text, name
        assert "SOSFS 2011:5" in help_text and "HSLF-FS" in help_text and "27 kap." in help_text, name


@time_machine.travel(MONDAY_2_MARCH, tick=False)
def test_the_investigation_is_due_the_day_of_the_report_and_overdue_the_day_after(people):
    record = report(people.tree)
    assert record.investigation_due == date(2026, 3, 2) == record.due_on
    assert "Sista dagen i dag" in signed_in_client(people.officer).get(detail_url(record)).content.decode()
    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=STOCKHOLM), tick=False):
        client = signed_in_client(people.officer)  # a new session: the first one has timed out
        html = client.get(detail_url(record)).content.decode()
        assert "Försenat med 3 dagar" in html
        listed = client.get(reverse("lexsarah:list") + "?overdue=1").content.decode()
        assert record.reference_number in listed and 'class="is-overdue"' in listed


def test_the_report_to_ivo_is_due_two_weeks_after_the_assessment(people):
    with time_machine.travel(MONDAY_2_MARCH, tick=False):
        record = report(people.tree)
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=STOCKHOLM), tick=False):
        record = assessed(record, people.officer)
    assert record.ivo_report_due == date(2026, 3, 24) == record.due_on


def test_an_organisation_may_count_from_the_staff_report_and_choose_its_own_days(people):
    services.lex_sarah_settings_change(
        organisation=people.tree.organisation,
        changes={
            "ivo_report_counted_from": IvoReportCountedFrom.STAFF_REPORT,
            "ivo_report_days": 10,
            "investigation_start_days": 1,
        },
        acting_user=None,
    )
    with time_machine.travel(MONDAY_2_MARCH, tick=False):
        record = report(people.tree)
    assert record.investigation_due == date(2026, 3, 3)
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=STOCKHOLM), tick=False):
        record = assessed(record, people.officer)
    assert record.ivo_report_due == date(2026, 3, 12)


def test_a_new_period_does_not_move_the_deadlines_already_given(people):
    with time_machine.travel(MONDAY_2_MARCH, tick=False):
        record = report(people.tree)
    services.lex_sarah_settings_change(
        organisation=people.tree.organisation, changes={"investigation_start_days": 5}, acting_user=None
    )
    record.refresh_from_db()
    assert record.investigation_due == date(2026, 3, 2)


def test_a_record_without_a_running_deadline_is_never_overdue(people):
    with time_machine.travel(MONDAY_2_MARCH, tick=False):
        record = services.lex_sarah_start_investigation(
            record=report(people.tree), acting_user=people.officer
        )
    assert record.due_on is None
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=STOCKHOLM), tick=False):
        listed = (
            signed_in_client(people.officer).get(reverse("lexsarah:list") + "?overdue=1").content.decode()
        )
    assert record.reference_number not in listed
