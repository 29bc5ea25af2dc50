"""Every difference between the two databases Synpunkt runs on, in one place (docs/decisions/0019).

PostgreSQL in production and CI; SQLite, embedded, for the demo and the fast tests. Code elsewhere asks
`is_postgresql()` or calls one of the functions below; it does not look at `connection.vendor` itself. What stays
outside: the connection options in settings (the one place Django reads them) and the migrations, which keep
their own test of `schema_editor.connection.vendor` because they must not change when this module does.

Search over the case texts finds the same cases on both engines:

- Both see the same words: letters and digits, split at everything else ("e-post" is "e" and "post"), lower-cased.
  `search_words` does the splitting in Python for the texts and for the query, so PostgreSQL's parser never sees
  an e-mail address, a date or a punctuation mark it would read in a way of its own.
- Both stem them with the same algorithm, Snowball Swedish, and drop the same stop words: PostgreSQL with its
  `swedish` configuration, SQLite with the snowballstemmer package, pinned to the Snowball version PostgreSQL
  13 to 18 ship (pyproject.toml).
- A query word matches the texts' stems that begin with its own stem, so that "äldreboende" (stem "äldreboend")
  finds "äldreboendet" (stem "äldreboendet"); a word of one or two letters matches only the whole stem, since as
  a prefix it would match almost every text. Every word of the query must match; nothing typed is an operator.

PostgreSQL keeps the document as an indexed tsvector (GIN) and asks `to_tsquery('swedish', 'äldreboende:*')`;
SQLite keeps the stems as text, " äldreboend mat kall ", and asks `LIKE '% äldreboend%'`.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ExpressionWrapper, F, Model, Q, QuerySet, Value


def is_postgresql(connection: BaseDatabaseWrapper | None = None) -> bool:
    """True on PostgreSQL, False on SQLite (settings accept no other engine). The default connection unless given."""
    return (connection or default_connection).vendor == "postgresql"


def transaction_lock(key: int) -> None:
    """Hold the lock named `key` until the transaction ends, so that whoever takes it after us waits.

    PostgreSQL: a transaction-level advisory lock. SQLite: nothing to do, since its transactions are IMMEDIATE
    (settings) and hold the database's one write lock from BEGIN."""
    if is_postgresql():
        with default_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def transaction_without_jit() -> None:
    """For the rest of the transaction, PostgreSQL does not compile statements to machine code (it does so when a
    statement's planned cost is high, which can cost more than the statement: the retention preview's batches,
    docs/decisions/0040). SQLite has no such compiler: nothing to do."""
    if is_postgresql():
        with default_connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def transaction_plans_as_by_default() -> None:
    """For the rest of the transaction, PostgreSQL chooses between a cached generic plan and a custom one as it
    does by default, where the settings have every plan made for its values (`plan_cache_mode`, for the inbox's
    partial indexes): the deferred foreign-key checks of a retention batch, planned again for every deleted case,
    ran six times as slow (docs/decisions/0040). SQLite has no plan cache: nothing to do."""
    if is_postgresql():
        with default_connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = auto")


# --- Search -----------------------------------------------------------------------------------------------------

SEARCH_CONFIG = "swedish"
STEMMER = "swedish"

# A word of at least this many letters matches as a prefix of a stem; a shorter one only a whole stem.
PREFIX_MIN_LENGTH = 3

# Snowball's Swedish stop words, the list PostgreSQL's `swedish` configuration drops (tsearch_data/swedish.stop).
STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du henne då
    sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp vi dem vara vad
    över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju denna själv detta åt utan varit hur
    ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom mellan
    sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas
    """.split()  # noqa: SIM905 (as the file reads, rather than 114 lines of one word each)
)

_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words of `text` as both engines see them: runs of letters and digits, lower-cased."""
    return _WORD.findall(text.lower())


def search_stems(words: list[str]) -> list[str]:
    """The Snowball Swedish stems of the words that are not stop words, as PostgreSQL's `swedish` configuration
    makes them. A word with a digit is kept as it is, as that configuration keeps it."""
    # Loaded at the first stemming, which only SQLite does (PostgreSQL stems in the database): the package loads
    # the stemmers of all its 30 languages, about 14 MiB that a PostgreSQL worker never needs (issue 16 §2).
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(STEMMER)  # one per call: a stemmer keeps state while it works
    return [
        word if any(c.isdigit() for c in word) else stemmer.stemWord(word)
        for word in words
        if word not in STOP_WORDS
    ]


def search_document_input(*texts: str) -> str:
    """What the search_document column is made from, for code that writes rows with SQL of its own: on PostgreSQL
    the words that `search_document_from` turns into a tsvector; on SQLite the document itself, its stems each
    once, with a space before and after each."""
    words = search_words(" ".join(texts))
    if is_postgresql():
        # The stop words stay: PostgreSQL drops them, but counts their positions as it does in the texts.
        return " ".join(words)
    return f" {' '.join(dict.fromkeys(search_stems(words)))} "


def search_document_from(sql: str) -> str:
    """The SQL that makes the search document of `sql`, an SQL expression whose value is a search_document_input."""
    if is_postgresql():
        return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {sql})"
    return sql


def search_document(*texts: str) -> SearchVector | str:
    """The value to store in a model's search document field for these texts, for Model.save() and create()."""
    source = search_document_input(*texts)
    if is_postgresql():
        return SearchVector(Value(source), config=SEARCH_CONFIG)
    return source


def search_filter[M: Model](queryset: QuerySet[M], field: str, text: str) -> QuerySet[M]:
    """Narrow `queryset` to the rows whose search document `field` has every word of `text` (module docstring).
    A query with no word but stop words finds nothing, on both engines."""
    words = [word for word in search_words(text) if word not in STOP_WORDS]
    if not words:
        return queryset.none()
    if is_postgresql():
        # Each word quoted as a lexeme: it holds letters and digits only, so nothing the user typed can be read as
        # tsquery syntax. PostgreSQL stems it with the same configuration as the document.
        terms = [f"'{word}':*" if len(word) >= PREFIX_MIN_LENGTH else f"'{word}'" for word in words]
        query = SearchQuery(" & ".join(terms), config=SEARCH_CONFIG, search_type="raw")
        # The column is a tsvector already: wrap it (no cast in the SQL) so that `@@` can use the GIN index.
        vector = f"{field}_vector"
        # Keyword names built at run time: the stubs' plugin cannot type the result, so name it.
        aliased: QuerySet[M] = queryset.alias(
            **{vector: ExpressionWrapper(F(field), output_field=SearchVectorField())}
        )
        return aliased.filter(**{vector: query})
    condition = Q()
    for word, stem in zip(words, search_stems(words), strict=True):
        pattern = f" {stem}" if len(word) >= PREFIX_MIN_LENGTH else f" {stem} "
        condition &= Q(**{f"{field}__contains": pattern})
    return queryset.filter(condition)
