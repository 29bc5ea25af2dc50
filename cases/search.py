"""Searching the case texts, and recognising reference numbers (issue 2, item 7).

PostgreSQL: the `search_document` tsvector that `case_register` fills with the Swedish text-search configuration
(GIN-indexed), queried with `websearch_to_tsquery('swedish', ...)`, so "bemötandet" finds "bemötande".

Elsewhere (SQLite, the demo and the fast tests): each query word goes through `swedish_stem`, a Python version of
the Snowball Swedish stemmer that PostgreSQL's configuration also uses, and the stem is matched with a
case-insensitive substring test on the same texts. That is slower and looser than a real index, but it finds the
same cases for ordinary queries.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.db import connection
from django.db.models import ExpressionWrapper, F, Q, QuerySet

from cases.models import Case

SEARCHED_FIELDS = ("what_happened", "desired_outcome", "subject")

# --- Snowball Swedish (https://snowballstem.org/algorithms/swedish/stemmer.html) ------------------------------

_VOWELS = frozenset("aeiouyäåö")
_S_ENDING = frozenset("bcdfghjklmnoprtvy")
_STEP1_SUFFIXES = sorted(
    [
        "a",
        "arna",
        "erna",
        "heterna",
        "orna",
        "ad",
        "e",
        "ade",
        "ande",
        "arne",
        "are",
        "aste",
        "en",
        "anden",
        "aren",
        "heten",
        "ern",
        "ar",
        "er",
        "heter",
        "or",
        "as",
        "arnas",
        "ernas",
        "ornas",
        "es",
        "ades",
        "andes",
        "ens",
        "arens",
        "hetens",
        "erns",
        "at",
        "andet",
        "het",
        "ast",
    ],
    key=len,
    reverse=True,
)
_STEP2_ENDINGS = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
_STEP3_SUFFIXES = (("fullt", "full"), ("löst", "lös"), ("lig", ""), ("els", ""), ("ig", ""))

# The Snowball Swedish stop words (PostgreSQL's `swedish` configuration drops the same words).
STOP_WORDS = frozenset(
    [
        "och",
        "det",
        "att",
        "i",
        "en",
        "jag",
        "hon",
        "som",
        "han",
        "på",
        "den",
        "med",
        "var",
        "sig",
        "för",
        "så",
        "till",
        "är",
        "men",
        "ett",
        "om",
        "hade",
        "de",
        "av",
        "icke",
        "mig",
        "du",
        "henne",
        "då",
        "sin",
        "nu",
        "har",
        "inte",
        "hans",
        "honom",
        "skulle",
        "hennes",
        "där",
        "min",
        "man",
        "ej",
        "vid",
        "kunde",
        "något",
        "från",
        "ut",
        "när",
        "efter",
        "upp",
        "vi",
        "dem",
        "vara",
        "vad",
        "över",
        "än",
        "dig",
        "kan",
        "sina",
        "här",
        "ha",
        "mot",
        "alla",
        "under",
        "någon",
        "eller",
        "allt",
        "mycket",
        "sedan",
        "ju",
        "denna",
        "själv",
        "detta",
        "åt",
        "utan",
        "varit",
        "hur",
        "ingen",
        "mitt",
        "ni",
        "bli",
        "blev",
        "oss",
        "din",
        "dessa",
        "några",
        "deras",
        "blir",
        "mina",
        "samma",
        "vilken",
        "er",
        "sådan",
        "vår",
        "blivit",
        "dess",
        "inom",
        "mellan",
        "sådant",
        "varför",
        "varje",
        "vilka",
        "ditt",
        "vem",
        "vilket",
        "sitta",
        "sådana",
        "vart",
        "dina",
        "vars",
        "vårt",
        "våra",
        "ert",
        "era",
        "vilkas",
    ]
)


def _r1(word: str) -> int:
    """Start of region R1: after the first non-vowel that follows a vowel, but at least three letters in."""
    for index in range(1, len(word)):
        if word[index] not in _VOWELS and word[index - 1] in _VOWELS:
            return max(index + 1, 3)
    return len(word)


def swedish_stem(word: str) -> str:
    """The Snowball Swedish stem of one word, lower-cased: "bemötandet" and "bemötande" both give "bemöt"."""
    word = word.lower()
    r1 = _r1(word)

    def in_r1(suffix: str) -> bool:
        return word.endswith(suffix) and len(word) - len(suffix) >= r1

    # Step 1: the longest listed ending inside R1, or an s after a valid s-ending.
    for suffix in _STEP1_SUFFIXES:
        if in_r1(suffix):
            word = word[: -len(suffix)]
            break
    else:
        if in_r1("s") and len(word) >= 2 and word[-2] in _S_ENDING:
            word = word[:-1]
    # Step 2: undouble the listed consonant pairs.
    if any(in_r1(ending) for ending in _STEP2_ENDINGS):
        word = word[:-1]
    # Step 3.
    for suffix, replacement in _STEP3_SUFFIXES:
        if in_r1(suffix):
            word = word[: -len(suffix)] + replacement
            break
    return word


# --- Query parsing ----------------------------------------------------------------------------------------------

_REFERENCE = re.compile(
    r"^\s*(?:(?P<prefix>[^\W\d_]{1,10})\s*)?(?P<year>\d{4})\s*/\s*(?P<serial>\d{1,7})\s*$"
)
_WORD = re.compile(r"-?\w+", re.UNICODE)


@dataclass(frozen=True)
class ReferenceQuery:
    prefix: str
    year: int
    serial: int


def reference_query(text: str) -> ReferenceQuery | None:
    """A reference number typed in full ("SN 2026/00012") or short ("2026/12"); None for anything else."""
    match = _REFERENCE.match(text)
    if match is None:
        return None
    return ReferenceQuery(
        prefix=(match.group("prefix") or "").upper(),
        year=int(match.group("year")),
        serial=int(match.group("serial")),
    )


def _text_condition(field_value: str) -> Q:
    condition = Q()
    for field in SEARCHED_FIELDS:
        # SQLite's LIKE folds only ASCII case: also try the capitalised form, for "Överklagande" at a sentence start.
        condition |= Q(**{f"{field}__icontains": field_value})
        if field_value[:1].isalpha() and not field_value[:1].isascii():
            condition |= Q(**{f"{field}__icontains": field_value.capitalize()})
    return condition


def _fallback_filter(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Every word (its stem) must occur in one of the texts; "-word" excludes; stop words and "or" are ignored."""
    included = 0
    for token in _WORD.findall(text):
        negated = token.startswith("-")
        word = token.lstrip("-").lower()
        if not word or word in STOP_WORDS or word == "or":
            continue
        stem = swedish_stem(word)
        if negated:
            queryset = queryset.exclude(_text_condition(stem))
        else:
            queryset = queryset.filter(_text_condition(stem))
            included += 1
    if not included:
        # Like PostgreSQL, a query with no searchable word finds nothing.
        return queryset.none()
    return queryset


def case_search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Narrow `queryset` to the cases matching `text`: a reference number exactly, else the case texts."""
    text = text.strip()
    if not text:
        return queryset
    reference = reference_query(text)
    if reference is not None:
        if reference.prefix:
            return queryset.filter(
                reference_number=f"{reference.prefix} {reference.year}/{reference.serial:05d}"
            )
        return queryset.filter(reference_year=reference.year, reference_serial=reference.serial)
    if connection.vendor == "postgresql":
        # The column is a tsvector already: wrap it (no cast in the SQL) so that `@@` can use the GIN index.
        document = ExpressionWrapper(F("search_document"), output_field=SearchVectorField())
        query = SearchQuery(text, config="swedish", search_type="websearch")
        return queryset.filter(SearchVectorExact(document, query))
    return _fallback_filter(queryset, text)
