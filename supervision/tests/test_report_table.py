"""The rows of the register of reports and the triage list (supervision.report_table): what the template wrote,
escaped, with the overdue mark and the report named in the reporter's words."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from supervision.models import Report
from supervision.report_table import report_rows
from supervision.services import report_register


def _report(ivo, **kwargs) -> Report:
    values = {
        "authority": ivo.authority,
        "channel": "web",
        "county": "Västerbottens län",
        "what_happened": "Något hände.",
        "unit": ivo.care_home,
    }
    return report_register(**(values | kwargs)).report


def test_the_rows_show_the_report_its_place_and_the_notice_day(ivo):
    named = _report(ivo)
    in_words = _report(ivo, unit=None, provider_in_words="Ett <boende>")
    reports = Report.objects.filter(pk__in=[named.pk, in_words.pk]).select_related(
        "case", "provider", "unit", "department__node"
    )
    today = timezone.localdate()
    with translation.override("sv"):
        html = report_rows(reports.order_by("pk"), today)
    link = reverse("supervision:decide", args=[named.pk])
    assert f'<a class="ds-link" href="{link}">{named.case.reference_number}</a>' in html
    assert f"{named.unit.name}, {named.provider.name}" in html
    assert "<em>Med anmälarens ord</em>" in html
    assert "<boende>" not in html  # the reporter's words are never shown in the list
    assert named.case.inform_by.isoformat() in html and "Inte beslutad än" in html
    assert timezone.localtime(named.received_at).date().isoformat() in html
    assert "is-overdue" not in html
    with translation.override("sv"):
        late = report_rows(reports.order_by("pk"), named.case.inform_by + timedelta(days=1))
    assert late.count('class="is-overdue"') == 2
