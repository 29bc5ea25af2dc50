from io import StringIO

from django.core.management import call_command
from django.utils import translation

from audit.models import Event
from supervision.models import Provider, SupervisedUnit
from supervision.register import parse, register_import

HEADER = "organisationsnummer;huvudman;typ;enhet;verksamhet;län;kommun\n"
GOOD = (
    "556123-4567;Trygga Händer AB;privat;Lindens gruppbostad;LSS;Hallands län;Halmstad\n"
    "5561234567;Trygga Händer AB;privat;Trygga Händer assistans;personlig assistans;Hallands län;\n"
    "212000-0167;Exempelby kommun;kommunal;Hemtjänst norr;SoL;Västerbottens län;Exempelby\n"
)


def test_it_takes_good_rows_and_matches_providers_by_organisation_number(ivo):
    result = register_import(
        authority=ivo.authority, data=(HEADER + GOOD).encode(), acting_user=ivo.registrar
    )
    assert result.rows_taken == 3
    assert result.refusals == []
    provider = Provider.objects.get(authority=ivo.authority, organisation_number="556123-4567")
    assert provider.units.count() == 2
    assert SupervisedUnit.objects.get(name="Hemtjänst norr").provider.kind == "municipal"
    event = Event.objects.filter(action="provider_register_imported").last()
    assert event.data["rows_taken"] == 3


def test_importing_again_changes_nothing(ivo):
    register_import(authority=ivo.authority, data=(HEADER + GOOD).encode(), acting_user=None)
    again = register_import(authority=ivo.authority, data=(HEADER + GOOD).encode(), acting_user=None)
    assert (again.providers_created, again.units_created, again.units_updated) == (0, 0, 0)


def test_it_refuses_bad_rows_with_row_column_and_reason_and_keeps_the_rest(ivo):
    bad = (
        "556123-4568;Fel Kontrollsiffra AB;privat;Enheten;LSS;Hallands län;\n"
        "556677-8899;Bolaget;okänd;Enheten;Hemtjänst;Atlantis län;\n"
    )
    with translation.override("sv"):
        result = register_import(
            authority=ivo.authority, data=(HEADER + GOOD + bad).encode(), acting_user=None
        )
        reasons = {(r.row, r.column): str(r.reason) for r in result.refusals}
    assert result.rows_taken == 3
    assert set(reasons) == {
        (5, "organisation_number"),
        (6, "provider_kind"),
        (6, "service_kind"),
        (6, "county"),
    }
    assert "organisationsnummer" in reasons[(5, "organisation_number")]
    with translation.override("en"):
        _rows, refusals = parse((HEADER + bad).encode())
        assert "organisation number" in str(refusals[0].reason)


def test_a_missing_column_refuses_the_file(ivo):
    result = register_import(authority=ivo.authority, data=b"huvudman;enhet\nA;B\n", acting_user=None)
    assert result.rows_taken == 0
    assert {r.column for r in result.refusals} == {
        "organisation_number",
        "provider_kind",
        "service_kind",
        "county",
    }


def test_english_headings_and_windows_text_are_read(ivo):
    text = "Organisation number,Provider,Provider kind,Unit,Kind of service,County\n"
    text += "556123-4567,Trygga Händer AB,private,Lindens gruppbostad,lss,Hallands län\n"
    result = register_import(authority=ivo.authority, data=text.encode("cp1252"), acting_user=None)
    assert result.rows_taken == 1


def test_the_command_imports_and_lists_refusals(ivo, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + GOOD + "123;X;privat;Y;LSS;Hallands län;\n", encoding="utf-8")
    out = StringIO()
    call_command(
        "import_register", str(path), "--authority", ivo.authority.slug, "--language", "en", stdout=out
    )
    assert "rows taken: 3" in out.getvalue()
    assert "row 5\torganisation number" in out.getvalue()
