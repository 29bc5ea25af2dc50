"""Search over the case texts (Swedish stems) and by reference number: the same cases on PostgreSQL and SQLite.

CI runs the suite on both engines, so the table below proves the same results on each (docs/decisions/0019).
"""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, Value

from cases.models import Case, CaseKind, SenderRole
from cases.search import case_search, reference_query
from cases.services import CaseSubmission, case_register
from core.database import STOP_WORDS, is_postgresql, search_stems


def register(tree, what_happened, desired_outcome=""):
    # Gruppbostad Björken: the subject ("Klagomål – Gruppbostad Björken") shares no word with the table below.
    submission = CaseSubmission(
        organisation=tree.organisation,
        kind=CaseKind.COMPLAINT,
        sender_role=SenderRole.RELATIVE,
        what_happened=what_happened,
        desired_outcome=desired_outcome,
        unit=tree.group_home,
    )
    return case_register(submission=submission).case


# (what the case says, what staff type, whether it must be found): the same answer on both engines.
SAME_ON_BOTH_ENGINES = [
    # A word finds its longer forms: prefix matching of stems ("äldreboend" begins "äldreboendet").
    ("Maten på äldreboendet var kall.", "äldreboende", True),
    ("Ett dåligt bemötande i entrén.", "bemötandet", True),
    ("Bemötandet var dåligt.", "bemötande", True),
    ("Rutinerna följdes inte.", "rutin", True),
    ("Överklagandet kom aldrig fram.", "överklagande", True),
    ("Personalen var stressad.", "PERSONAL", True),
    # Every word must be there.
    ("Bemötandet var dåligt och maten var kall.", "bemötande maten", True),
    ("Bemötandet var dåligt.", "bemötande maten", False),
    # A hyphen splits a word, in the texts as in the query.
    ("Hon fick ingen plats på LSS-boendet.", "LSS-boende", True),
    ("Hon fick ingen plats på LSS-boendet.", "boende", True),
    ("Svaret kom med e-post.", "e-post", True),
    ("Svaret kom med post.", "e-post", False),
    # A word of one or two letters matches a whole word only.
    ("Ett beslut om elräkningen.", "e", False),
    ("Hemtjänsten kom kl 19.", "9", False),
    ("Hemtjänsten kom kl 9.", "9", True),
    # Dates, e-mail addresses and numbers are words like any other.
    ("Det hände 2026-01-05 på kvällen.", "2026-01-05", True),
    ("Svara till anna.exempel@exempel.se, tack.", "exempel", True),
    # Quotes and the tsquery operators typed by staff are not syntax: only the words count.
    ('Personalen sa "vänta lite" och gick.', '"vänta lite"', True),
    ("Han sa att maten var kall.", "'maten'", True),
    ("Maten var kall.", "mat & kall", True),
    ("Maten var kall.", "mat | varm", False),
    ("Maten var kall.", "!kall", True),
    ("Maten var kall.", "kall:*", True),
    ("Maten var kall.", "(mat)", True),
    ("Maten var kall.", "mat')|('varm", False),
    ("Maten var kall.", "\\' & !", False),
    # A stem matches at the start of a word, never inside one.
    ("Kaffet kom ur en automat.", "mat", False),
    # Nothing in common; only stop words.
    ("Maten var kall.", "bemötande", False),
    ("Det var inte bra.", "och det", False),
]


@pytest.mark.parametrize(("text", "query", "found"), SAME_ON_BOTH_ENGINES)
def test_it_finds_the_same_cases_on_both_engines(tree, text, query, found):
    case = register(tree, text)
    assert list(case_search(Case.objects.all(), query)) == ([case] if found else [])


def test_it_searches_what_they_want_and_the_subject_too(tree):
    wanted = register(tree, "Maten var kall.", desired_outcome="Varmare mat och bättre rutiner.")
    register(tree, "Ingen kom på utsatt tid.")
    assert list(case_search(Case.objects.all(), "rutinerna")) == [wanted]
    # The subject holds the kind and the unit: "Klagomål – Gruppbostad Björken".
    assert case_search(Case.objects.all(), "gruppbostad").count() == 2


def test_it_reads_reference_numbers_in_full_and_short():
    full = reference_query("SN 2026/00012")
    assert (full.prefix, full.year, full.serial) == ("SN", 2026, 12)
    short = reference_query(" 2026/12 ")
    assert (short.prefix, short.year, short.serial) == ("", 2026, 12)
    assert reference_query("bemötande 2026") is None


def test_it_finds_a_case_by_its_full_or_short_reference_number(tree):
    register(tree, "Maten var kall.")
    wanted = register(tree, "Maten var kall.")
    year = wanted.reference_year
    assert list(case_search(Case.objects.all(), f"SN {year}/{wanted.reference_serial:05d}")) == [wanted]
    assert list(case_search(Case.objects.all(), f"{year}/{wanted.reference_serial}")) == [wanted]
    assert list(case_search(Case.objects.all(), f"XX {year}/{wanted.reference_serial}")) == []


def test_an_empty_query_leaves_the_cases_as_they_are(tree):
    register(tree, "Maten var kall.")
    assert case_search(Case.objects.all(), "  ").count() == 1


# Words whose Snowball Swedish stems PostgreSQL 15's to_tsvector('swedish', word) gives.
STEMS = [
    ("bemötandet", "bemöt"),
    ("bemötande", "bemöt"),
    ("personalen", "personal"),
    ("äldreboende", "äldreboend"),
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
    ("beslutet", "beslutet"),
    ("bra", "bra"),
    ("covid19", "covid19"),
]


def test_the_stemmer_gives_the_stems_postgresql_gives():
    assert search_stems([word for word, _ in STEMS]) == [stem for _, stem in STEMS]


@pytest.mark.skipif(not is_postgresql(), reason="compares with PostgreSQL's own stemmer")
def test_on_postgresql_its_swedish_configuration_agrees_with_the_stemmer_and_the_stop_words(db):
    words = [word for word, _ in STEMS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(tsvector_to_array(to_tsvector('swedish', w)), '') FROM unnest(%s::text[]) w",
            [words],
        )
        assert [row[0] for row in cursor.fetchall()] == search_stems(words)
        cursor.execute(
            "SELECT count(*) FROM unnest(%s::text[]) w WHERE to_tsvector('swedish', w) = ''",
            [sorted(STOP_WORDS)],
        )
        assert cursor.fetchone()[0] == len(STOP_WORDS)


@pytest.mark.skipif(not is_postgresql(), reason="PostgreSQL full-text search")
def test_on_postgresql_it_queries_the_indexed_tsvector_with_prefixes_of_stems(tree):
    register(tree, "Maten var kall.")
    sql, params = case_search(Case.objects.all(), "Äldreboende e-post").query.sql_with_params()
    assert "@@" in sql and "search_document" in sql and "to_tsquery" in sql
    assert "LIKE" not in sql
    assert "'äldreboende':* & 'e' & 'post':*" in params


@pytest.mark.skipif(not is_postgresql(), reason="the tsvector is PostgreSQL's")
def test_on_postgresql_the_document_of_plain_prose_is_the_one_search_vector_makes(tree):
    case = register(tree, "Personalen hade ett dåligt bemötande mot min mamma.", desired_outcome="En ursäkt.")
    expected = SearchVector(
        Value(case.what_happened), Value(case.desired_outcome), Value(case.subject), config="swedish"
    )
    assert (
        Case.objects.filter(pk=case.pk)
        .annotate(expected=expected)
        .filter(search_document=F("expected"))
        .exists()
    )


@pytest.mark.skipif(is_postgresql(), reason="SQLite keeps the stems as text")
def test_on_sqlite_the_document_holds_each_stem_once_and_the_query_matches_them(tree):
    case = register(tree, "Bemötandet var dåligt, bemötande igen.")
    case.refresh_from_db()
    assert case.search_document == " bemöt dål igen klagomål gruppbost björk "
    sql = str(case_search(Case.objects.all(), "bemötandet").query)
    assert "search_document" in sql and "LIKE" in sql and "% bemöt%" in sql
