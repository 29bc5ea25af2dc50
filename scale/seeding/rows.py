# Table and column names in the SQL below come from model metadata, never from input (S608); the random
# generator makes up test data, not secrets, and is seeded for repeatable runs (S311).
# ruff: noqa: S608
"""Writing seeded rows in bulk: PostgreSQL's COPY (bulk INSERTs on SQLite), with keys taken beforehand and reference
numbers reserved from `cases.ReferenceCounter` batch by batch, so that registrations made afterwards (or meanwhile)
continue the same series without a gap or a clash; the seeded audit events linked into the hash chain; and the
progress bar the seeding commands print."""

import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F

from audit.chain import GENESIS, canonical, link_hash
from audit.models import Event
from audit.services import CHAIN_LOCK_ID
from cases.models import (
    Case,
    ReferenceCounter,
)
from core.database import (
    is_postgresql,
    search_document_from,
    search_document_input,
    transaction_lock,
)

# ----------------------------------------------------------------------------------------------------------------
# Writing rows: COPY on PostgreSQL, bulk INSERT elsewhere


def _columns(model: type[models.Model], *, with_pk: bool) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if (with_pk or not f.primary_key) and f.name != "search_document"
    ]


class RowWriter:
    """Writes lists of row dicts (attname → value) to a model's table; absent fields take their default."""

    def __init__(self) -> None:
        self.postgres = is_postgresql()
        self.counts: Counter[str] = Counter()
        self._defaults: dict[type[models.Model], dict[str, Any]] = {}
        self._stage_ready = False

    def _fields(self, model: type[models.Model], with_pk: bool) -> list[models.Field]:
        fields = _columns(model, with_pk=with_pk)
        if model not in self._defaults:
            # get_default() gives "" for text columns without a default, None for nullable ones.
            self._defaults[model] = {f.attname: f.get_default() for f in fields}
        return fields

    def _values(
        self, model: type[models.Model], fields: list[models.Field], rows: list[dict]
    ) -> Iterable[list]:
        defaults = self._defaults[model]
        spec = [(f.attname, defaults.get(f.attname)) for f in fields]
        json_at = (
            [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)] if self.postgres else []
        )
        for row in rows:
            values = [row.get(name, default) for name, default in spec]
            for i in json_at:
                values[i] = json.dumps(values[i])
            yield values

    def write(self, model: type[models.Model], rows: list[dict], *, with_pk: bool = False) -> None:
        if not rows:
            return
        fields = self._fields(model, with_pk)
        table = model._meta.db_table
        self.counts[model._meta.label] += len(rows)
        if model is Case:
            # The search document of the texts, as case_register makes it (core.database).
            fields = [*fields, Case._meta.get_field("search_document")]
            for row in rows:
                row["search_document"] = search_document_input(
                    row["what_happened"], row["desired_outcome"], row["subject"]
                )
        if self.postgres:
            if model is Case:
                self._write_cases_postgres(fields, rows)
                return
            self._copy(table, fields, rows, model)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        quoted = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        prepared = [
            [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
            for values in self._values(model, fields, rows)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", prepared)

    def _copy(
        self, table: str, fields: list[models.Field], rows: list[dict], model: type[models.Model]
    ) -> None:
        quoted = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for values in self._values(model, fields, rows):
                    copy.write_row(values)

    def _write_cases_postgres(self, fields: list[models.Field], rows: list[dict]) -> None:
        # COPY cannot compute a column: stage the batch, then move it with its tsvector in one INSERT … SELECT,
        # so that each row is written once (an UPDATE afterwards would write every row, and the GIN index, twice).
        with connection.cursor() as cursor:
            if not self._stage_ready:
                cursor.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS scale_case_stage (LIKE cases_case INCLUDING DEFAULTS)"
                )
                # It holds the words the tsvector is made of.
                cursor.execute("ALTER TABLE scale_case_stage ALTER COLUMN search_document TYPE text")
                self._stage_ready = True
        self._copy("scale_case_stage", fields, rows, Case)
        quoted = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        selected = ", ".join(
            search_document_from(str(f.column))
            if f.name == "search_document"
            else connection.ops.quote_name(str(f.column))
            for f in fields
        )
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO cases_case ({quoted}) SELECT {selected} FROM scale_case_stage")
            cursor.execute("TRUNCATE scale_case_stage")


def ids_take(model: type[models.Model], count: int) -> list[int]:
    """Reserve primary keys of a model's table, so that children can point at its rows without reading them back."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def case_ids_take(count: int) -> list[int]:
    """Reserve primary keys of cases (ids_take)."""
    return ids_take(Case, count)


def counter_reserve(counters: models.Manager[Any], count: int, **key: int) -> int:
    """Take `count` serials from the counter row (a reference series: `last_serial`) of `counters` that `key` names,
    made if the series has none yet; returns the first. Bulk seeding's way past the services that number one at a
    time."""
    counter = counters.filter(**key)
    if not counter.update(last_serial=F("last_serial") + count):
        try:
            with transaction.atomic():
                counters.create(**key, last_serial=count)
        except IntegrityError:
            counter.update(last_serial=F("last_serial") + count)
    last: int = counter.values_list("last_serial", flat=True).get()
    return last - count + 1


def serials_reserve(organisation_id: int, year: int, count: int) -> int:
    """Take `count` serials from the organisation's counter for `year`; returns the first."""
    return counter_reserve(ReferenceCounter.objects, count, organisation_id=organisation_id, year=year)


class Progress:
    """A plain progress bar on stderr: no package, no terminal tricks beyond a carriage return."""

    def __init__(self, total: int, label: str, stream: Any = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.done = 0

    def update(self, done: int) -> None:
        self.done = done
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = done / elapsed
        width = 30
        filled = int(width * done / self.total) if self.total else width
        eta = (self.total - done) / rate if rate else 0
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'-' * (width - filled)}] {100 * done / max(self.total, 1):5.1f} % "
            f"{done:,}/{self.total:,}  {rate:,.0f}/s  ETA {int(eta // 60)}:{int(eta % 60):02d} "
        )
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def events_chain(events: list[dict]) -> None:
    """Link the batch's audit events into the trail's hash chain, after its last event, in insertion order.

    Like `audit_record`, this holds the chain's lock until the batch commits (PostgreSQL; SQLite's IMMEDIATE
    transactions hold the write lock), so no other append can come between; rows are inserted in list order, so
    their ids follow the chain.
    """
    transaction_lock(CHAIN_LOCK_ID)
    previous = Event.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS
    for event in events:
        payload = canonical(
            case_id=event["case_id"],
            actor_id=event["actor_id"],
            actor_label=event["actor_label"],
            action=event["action"],
            data=event["data"],
            at=event["at"],
        )
        event["prev_hash"] = previous
        event["hash"] = previous = link_hash(previous, payload)
