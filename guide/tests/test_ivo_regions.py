"""IVO's regional departments by county. Source: domain.md §6 (from the IVO page, seeds/004), marked (to verify)."""

from datetime import date

from guide import ivo_regions


def test_the_mapping_names_its_source_and_the_date_it_was_checked():
    assert "domain.md §6" in ivo_regions.SOURCE
    assert "(to verify)" in ivo_regions.SOURCE
    assert isinstance(ivo_regions.VERIFIED_ON, date)


def test_every_one_of_the_21_counties_has_exactly_one_department():
    counties = [county for region in ivo_regions.REGIONS for county in region.counties]
    assert len(counties) == 21
    assert len(set(counties)) == 21


def test_it_finds_the_department_for_a_county():
    assert ivo_regions.region_for_county("Västerbottens län").city == "Umeå"
    assert ivo_regions.region_for_county("Gotlands län").key == "ost"
    assert ivo_regions.region_for_county("Dalarnas län").key == "mitt"
    assert ivo_regions.region_for_county("Kalmar län").key == "sydost"
    assert ivo_regions.region_for_county("Hallands län").key == "sydvast"
    assert ivo_regions.region_for_county("Blekinge län").key == "syd"
    assert ivo_regions.region_for_county("Atlantis län") is None
