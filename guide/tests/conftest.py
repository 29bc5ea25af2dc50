import pytest

from organisations.services import organisation_create


@pytest.fixture
def organisation(db):
    """An organisation without people: the guide needs no staff (and hashing their passwords is slow)."""
    return organisation_create(
        name="Testby kommun",
        slug="testby",
        reference_prefix="SN",
        root_name="Socialnämnden",
        county="Västerbottens län",
        phone="090-00 00 00",
        postal_address="Socialtjänsten\n900 00 Testby",
        freepost_address="Testby kommun\nSocialtjänsten\nSvarspost 000000\n900 00 Testby",
    )
