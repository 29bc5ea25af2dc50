"""Search over the case texts (Swedish stemming) and by reference number, on PostgreSQL and SQLite."""

import pytest
from django.db import connection

from cases.models import Case
from cases.search import _fallback_filter, case_search, reference_query, swedish_stem
from staff.tests.conftest import register


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # Expected values are what PostgreSQL 15's to_tsvector('swedish', word) gives.
        ("bemötandet", "bemöt"),
        ("bemötande", "bemöt"),
        ("personalen", "personal"),
        ("äldreboendet", "äldreboendet"),
        ("kvinnans", "kvinnan"),
        ("rutinerna", "rutin"),
        ("överklagandet", "överklag"),
        ("dåligt", "dål"),
        ("hemtjänstens", "hemtjänst"),
        ("tydligt", "tyd"),
        ("upplöst", "upplös"),
        ("fullt", "fullt"),
        ("synpunkterna", "synpunk"),
        ("stängt", "stäng"),
        ("bra", "bra"),
    ],
)
def test_it_stems_like_postgresqls_swedish_configuration(word, stem):
    assert swedish_stem(word) == stem


def test_it_reads_reference_numbers_in_full_and_short():
    full = reference_query("SN 2026/00012")
    assert (full.prefix, full.year, full.serial) == ("SN", 2026, 12)
    short = reference_query(" 2026/12 ")
    assert (short.prefix, short.year, short.serial) == ("", 2026, 12)
    assert reference_query("bemötande 2026") is None


def test_it_finds_bemotande_when_searching_for_bemotandet(tree):
    wanted = register(tree, what_happened="Ett dåligt bemötande i entrén.")
    register(tree, what_happened="Maten var kall.")
    found = list(case_search(Case.objects.all(), "bemötandet"))
    assert found == [wanted]


def test_it_searches_what_they_want_and_the_subject_too(tree):
    wanted = register(
        tree, what_happened="Maten var kall.", desired_outcome="Varmare mat och bättre rutiner."
    )
    register(tree, what_happened="Ingen kom på utsatt tid.")
    assert list(case_search(Case.objects.all(), "rutinerna")) == [wanted]
    # The subject holds the kind and the unit: "Klagomål – Solgårdens äldreboende".
    assert case_search(Case.objects.all(), "äldreboende").count() == 2


def test_it_needs_every_word(tree):
    both = register(tree, what_happened="Bemötandet var dåligt och maten var kall.")
    register(tree, what_happened="Bemötandet var dåligt.")
    assert list(case_search(Case.objects.all(), "bemötande maten")) == [both]


def test_it_finds_a_case_by_its_full_or_short_reference_number(tree):
    register(tree)
    wanted = register(tree)
    year = wanted.reference_year
    assert list(case_search(Case.objects.all(), f"SN {year}/{wanted.reference_serial:05d}")) == [wanted]
    assert list(case_search(Case.objects.all(), f"{year}/{wanted.reference_serial}")) == [wanted]
    assert list(case_search(Case.objects.all(), f"XX {year}/{wanted.reference_serial}")) == []


def test_a_query_of_only_stop_words_finds_nothing(tree):
    register(tree)
    assert list(case_search(Case.objects.all(), "och det")) == []


def test_the_fallback_finds_a_capitalised_word_with_a_non_ascii_first_letter(tree):
    wanted = register(tree, what_happened="Överklagandet kom aldrig fram.")
    register(tree, what_happened="Maten var kall.")
    assert list(_fallback_filter(Case.objects.all(), "överklagande")) == [wanted]


def test_the_fallback_excludes_words_with_a_minus(tree):
    kept = register(tree, what_happened="Bemötandet var dåligt.")
    register(tree, what_happened="Bemötandet var dåligt och maten var kall.")
    assert list(_fallback_filter(Case.objects.all(), "bemötande -maten")) == [kept]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_on_postgresql_it_queries_the_indexed_tsvector(tree):
    register(tree)
    sql = str(case_search(Case.objects.all(), "bemötandet").query)
    assert "@@" in sql and "search_document" in sql and "websearch_to_tsquery" in sql
    assert "icontains" not in sql.lower() and "LIKE" not in sql


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback for databases without it")
def test_elsewhere_it_matches_the_stems(tree):
    register(tree)
    sql = str(case_search(Case.objects.all(), "bemötandet").query)
    assert "bemöt" in sql and "LIKE" in sql
