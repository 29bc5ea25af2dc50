"""The planning view's rows (supervision.planning_table): escaped as the template would, the first units and
categories open and the rest behind a disclosure that says how many."""

from datetime import date

from django.utils import translation

from supervision.models import Provider, ServiceKind
from supervision.planning import Planning, ProviderSignals, UnitSignals
from supervision.planning_table import SHOWN, planning_rows


def _planning(units: int, categories: int) -> Planning:
    provider = Provider(pk=7, name="Vård & <Omsorg> AB", organisation_number="556000-0000")
    row = ProviderSignals(provider=provider, total=12, quarters=[1, 2, 3, 6])
    row.units = [
        UnitSignals(
            unit_id=100 + index,
            name=f"Enhet {index}",
            service_kind=ServiceKind.LSS,
            total=units - index,
            quarters=[0, 0, 0, units - index],
        )
        for index in range(units)
    ]
    row.categories = [(f"Ämne {index}", categories - index) for index in range(categories)]
    return Planning(
        since=date(2026, 1, 1),
        quarter_starts=[date(2026, 1, 1)] * 4,
        providers=[row],
        reports_in_words=0,
        total=12,
    )


def test_the_rows_escape_and_link_to_the_reports():
    with translation.override("sv"):
        html = planning_rows(_planning(2, 1), "/personal/tillsyn/")
    assert "Vård &amp; &lt;Omsorg&gt; AB" in html and "<Omsorg>" not in html
    assert 'href="/personal/tillsyn/?provider=7&amp;show=all&amp;since=12"' in html
    assert 'href="/personal/tillsyn/?unit=101&amp;show=all&amp;since=12"' in html
    assert "<td>12</td><td>1</td><td>2</td><td>3</td><td>6</td><td>Ökar</td>" in html
    assert "Stöd och service" in html or "LSS" in html
    assert "<details" not in html


def test_the_rest_of_the_units_and_categories_is_behind_a_disclosure():
    with translation.override("sv"):
        html = planning_rows(_planning(SHOWN + 3, SHOWN + 1), "/personal/tillsyn/")
    assert "<summary>3 enheter till</summary>" in html
    assert "<summary>1 kategori till</summary>" in html
    assert html.count("<li>") + html.count("<li><a") >= SHOWN + 3
    assert f"Enhet {SHOWN + 2}" in html and f"Ämne {SHOWN}" in html  # every unit and category is still there
