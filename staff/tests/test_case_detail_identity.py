"""Staff see that a sender was identified with BankID, and the personnummer only masked: nobody handling a
complaint needs the whole number, and it is not stored (docs/decisions/0037)."""

from bankid.identity import identified_person
from citizen.services import case_tie_to_person
from core.personnummer import parse
from staff.tests.conftest import register


def test_staff_see_the_number_masked(tree, as_staff):
    case = register(tree, contact_name="Karin Exempel")
    person = identified_person(
        parse("19121212-1212"), name="Karin Exempel", given_name="Karin", surname="Exempel"
    )
    case_tie_to_person(case=case, person=person)
    html = as_staff(tree.contact_staff).get(f"/personal/arende/{case.pk}/").content.decode()
    assert "Identifierad med BankID" in html and "Ja, personnummer 19121212-****" in html
    assert "19121212-1212" not in html and "191212121212" not in html


def test_a_sender_not_identified_shows_nothing_of_it(tree, as_staff):
    case = register(tree, contact_name="Karin Exempel")
    html = as_staff(tree.contact_staff).get(f"/personal/arende/{case.pk}/").content.decode()
    assert "Identifierad med BankID" not in html
