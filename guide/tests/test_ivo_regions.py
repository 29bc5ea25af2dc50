"""IVO's regional departments by county, kept as data (guide/data/ivo_regions.json).

Source: domain.md §6, where the mapping is marked (to verify); the IVO seed page (seeds/004) only says that the
paper form goes to the department for the county where it happened. The data has not been checked against ivo.se.
"""

import json
from datetime import date

from guide import ivo_regions

ALL_COUNTIES = {
    "Stockholms län",
    "Uppsala län",
    "Södermanlands län",
    "Östergötlands län",
    "Jönköpings län",
    "Kronobergs län",
    "Kalmar län",
    "Gotlands län",
    "Blekinge län",
    "Skåne län",
    "Hallands län",
    "Västra Götalands län",
    "Värmlands län",
    "Örebro län",
    "Västmanlands län",
    "Dalarnas län",
    "Gävleborgs län",
    "Västernorrlands län",
    "Jämtlands län",
    "Västerbottens län",
    "Norrbottens län",
}


def test_the_mapping_is_data_with_its_source_and_the_date_it_was_checked():
    data = json.loads(ivo_regions.DATA_FILE.read_text(encoding="utf-8"))
    assert date.fromisoformat(data["verified_on"]) == ivo_regions.VERIFIED_ON
    assert data["source"] == ivo_regions.SOURCE
    # The source says honestly where the mapping came from, and that it was not checked against IVO's own pages.
    assert "domain.md §6" in ivo_regions.SOURCE
    assert "(to verify)" in ivo_regions.SOURCE
    assert "seeds/004" in ivo_regions.SOURCE
    assert "Not checked against ivo.se" in ivo_regions.SOURCE
    assert [region["key"] for region in data["regions"]] == [region.key for region in ivo_regions.REGIONS]


def test_every_one_of_the_21_counties_has_exactly_one_department():
    counties = [county for region in ivo_regions.REGIONS for county in region.counties]
    assert len(counties) == 21
    assert set(counties) == ALL_COUNTIES
    for county in ALL_COUNTIES:
        assert sum(county in region.counties for region in ivo_regions.REGIONS) == 1, county
    assert set(ivo_regions.COUNTIES) == ALL_COUNTIES


def test_no_postal_address_is_given_until_someone_checks_it():
    assert all(region.postal_address is None for region in ivo_regions.REGIONS)
    assert "Postal addresses are left out" in ivo_regions.SOURCE


def test_it_finds_the_department_for_a_county():
    assert ivo_regions.region_for_county("Västerbottens län").city == "Umeå"
    assert ivo_regions.region_for_county("Gotlands län").key == "ost"
    assert ivo_regions.region_for_county("Dalarnas län").key == "mitt"
    assert ivo_regions.region_for_county("Kalmar län").key == "sydost"
    assert ivo_regions.region_for_county("Hallands län").key == "sydvast"
    assert ivo_regions.region_for_county("Blekinge län").key == "syd"
    assert ivo_regions.region_for_county("Atlantis län") is None


def test_a_county_from_a_form_is_matched_to_its_own_spelling():
    assert ivo_regions.county_named(" skåne län ") == "Skåne län"
    assert ivo_regions.county_named("Atlantis län") is None
    assert ivo_regions.county_named("") is None
