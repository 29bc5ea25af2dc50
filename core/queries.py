"""Small helpers for the ORM where the shape of a query costs more in Python than the database spends on it.

Django compiles every query from scratch: for an INSERT of a forty-column row that is about a millisecond of
Python, several times what PostgreSQL spends on the row. The helpers here build their SQL once per model and
database, and only convert the values on each call.
"""

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Field, Model, QuerySet, signals
from django.db.models.options import Options
from django.db.models.query import ModelIterable
from django.db.models.sql.compiler import SQLCompiler


def only_match[M: Model](queryset: QuerySet[M]) -> M | None:
    """The one row of a query that matches at most one (by a primary key or another unique value), or None.

    Like `.first()`, without the ORDER BY it adds (or the model's default ordering): building an ORDER BY costs
    Django about half a millisecond, and for a single row the database needs none.
    """
    return next(iter(queryset.order_by()[:1]), None)


def _column(field: Field[Any, Any]) -> str:
    assert field.column is not None  # a concrete field has a column
    return field.column


def _field(meta: Options[Any], name: str) -> Field[Any, Any]:
    """A concrete field by its name, or "pk"."""
    field = meta.pk if name == "pk" else meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete:
        raise TypeError(f"{meta.label}.{name} is not a column")
    return field


def _prep_value(field: Field[Any, Any], value: Any, connection: Any) -> Any:
    """A value compared with or written to `field`, as the database takes it (a model instance: its key)."""
    if isinstance(value, Model):
        value = value.pk
    return field.get_db_prep_value(value, connection, prepared=False)


@dataclass(frozen=True)
class _InsertPlan:
    sql: str
    fields: tuple[Field[Any, Any], ...]  # the columns given as parameters, in order
    expression_names: tuple[str, ...]  # the columns given as SQL of their own, after those
    returns_pk: bool  # the primary key is made by the database and read back


_insert_plans: dict[tuple[type[Model], str, tuple[tuple[str, str], ...], bool], _InsertPlan] = {}


def insert_one[M: Model](
    obj: M, *, using: str | None = None, expressions: Mapping[str, tuple[str, Sequence[Any]]] | None = None
) -> M:
    """INSERT one new instance, as `obj.save(force_insert=True)` would, with SQL built once per model.

    `expressions` gives a column SQL of its own with its parameters (e.g. a tsvector computed by PostgreSQL):
    {field name: (sql, params)}; the field's value on the instance is then not used.

    pre_save and post_save are sent as save() sends them. For models without save() of their own or multi-table
    inheritance: the helper would skip those, so it refuses such a model rather than change what a save means.
    """
    alias = using or router.db_for_write(type(obj), instance=obj)
    connection = connections[alias]
    plan, params = _insert_prepared(obj, alias, expressions or {}, given_pk=False)
    meta = type(obj)._meta
    pk = meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, params)
        if plan.returns_pk:
            if connection.features.can_return_columns_from_insert:
                row = cursor.fetchone()
                assert row is not None
                value = row[0]
            else:
                value = connection.ops.last_insert_id(cursor, meta.db_table, _column(pk))
            setattr(obj, pk.attname, value)
    _inserted(obj, alias)
    return obj


def _insert_prepared(
    obj: Model, alias: str, expressions: Mapping[str, tuple[str, Sequence[Any]]], *, given_pk: bool
) -> tuple[_InsertPlan, list[Any]]:
    """The INSERT for `obj` and its parameters, after pre_save is sent. With `given_pk` the primary key is a
    parameter like any other column (it must be set: pk_next), even where the database would make it."""
    model = type(obj)
    meta = model._meta
    if meta.parents or model.save is not Model.save:
        raise TypeError(f"insert_one: {meta.label} saves itself in its own way; use save()")
    connection = connections[alias]
    signals.pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    key = (model, alias, tuple((name, sql) for name, (sql, _params) in expressions.items()), given_pk)
    plan = _insert_plans.get(key)
    if plan is None:
        plan = _insert_plans[key] = _insert_plan(model, alias, expressions, given_pk=given_pk)
    pk = meta.pk
    assert pk is not None
    if not plan.returns_pk and getattr(obj, pk.attname) is None:
        if given_pk and getattr(pk, "db_returning", False):
            raise TypeError(f"{meta.label}: its primary key must be set first (pk_next)")
        setattr(obj, pk.attname, pk.get_pk_value_on_save(obj))
    params: list[Any] = []
    for field in plan.fields:
        value = field.pre_save(obj, True)  # auto_now_add and the like set the instance's value here
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"insert_one: {meta.label}.{field.name} is an expression; pass it in expressions")
        params.append(field.get_db_prep_save(value, connection))
    for name in plan.expression_names:
        params.extend(expressions[name][1])
    return plan, params


def _inserted(obj: Model, alias: str) -> None:
    obj._state.adding = False
    obj._state.db = alias
    signals.post_save.send(
        sender=type(obj), instance=obj, created=True, update_fields=None, raw=False, using=alias
    )


def _insert_plan(
    model: type[Model], alias: str, expressions: Mapping[str, tuple[str, Sequence[Any]]], *, given_pk: bool
) -> _InsertPlan:
    connection = connections[alias]
    meta = model._meta
    quote = connection.ops.quote_name
    pk = meta.pk
    assert pk is not None
    # A primary key the database makes (AutoField and its kin) is left out and read back; any other is given.
    returns_pk = bool(getattr(pk, "db_returning", False)) and not given_pk
    fields = []
    for field in meta.local_concrete_fields:
        if field.generated or field.name in expressions or (returns_pk and field is pk):
            continue
        if field.has_db_default():
            raise TypeError(f"insert_one: {meta.label}.{field.name} has a database default; use save()")
        if getattr(field, "get_placeholder_sql", None) is not None:
            raise TypeError(
                f"insert_one: {meta.label}.{field.name} needs a placeholder of its own; use save()"
            )
        fields.append(field)
    names = list(expressions)
    columns = [quote(_column(field)) for field in fields + [_field(meta, name) for name in names]]
    values = ["%s"] * len(fields) + [expressions[name][0] for name in names]
    sql = f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) VALUES ({', '.join(values)})"  # noqa: S608 (identifiers from the model, values as parameters)
    if returns_pk and connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {quote(_column(pk))}"
    return _InsertPlan(sql=sql, fields=tuple(fields), expression_names=tuple(names), returns_pk=returns_pk)


@dataclass(frozen=True)
class _SelectPlan:
    sql: str
    where: tuple[Field[Any, Any], ...]
    attnames: list[str]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]  # (column index, converters, expression)


_select_plans: dict[tuple[type[Model], str, tuple[str, ...], str | None], _SelectPlan] = {}


def select_one[M: Model](
    model: type[M], /, *, using: str | None = None, order_by: str | None = None, **where: Any
) -> M | None:
    """The one row whose fields equal `where` (a primary key or another unique value), or None; with `order_by`
    (a field name), the first in that order. As `only_match(model.objects.filter(**where))`, with SQL built once.

    Values are given as the field takes them: a model instance or its primary key for a foreign key.
    """
    alias = using or router.db_for_read(model)
    connection = connections[alias]
    key = (model, alias, tuple(where), order_by)
    plan = _select_plans.get(key)
    if plan is None:
        plan = _select_plans[key] = _select_plan(model, alias, tuple(where), order_by)
    params = [
        _prep_value(field, value, connection) for field, value in zip(plan.where, where.values(), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, converters, expression in plan.converters:
        for converter in converters:
            values[index] = converter(values[index], expression, connection)
    return model.from_db(alias, plan.attnames, values)


def _select_plan(
    model: type[Model], alias: str, where_names: tuple[str, ...], order_by: str | None
) -> _SelectPlan:
    connection = connections[alias]
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    fields = list(meta.concrete_fields)
    where = tuple(_field(meta, name) for name in where_names)
    converters = []
    for index, field in enumerate(fields):
        expression = field.get_col(meta.db_table)
        found = tuple(connection.ops.get_db_converters(expression) + field.get_db_converters(connection))
        if found:
            converters.append((index, found, expression))
    sql = f"SELECT {', '.join(f'{table}.{quote(_column(field))}' for field in fields)} FROM {table}"  # noqa: S608 (identifiers from the model)
    if where:
        sql += " WHERE " + " AND ".join(f"{table}.{quote(_column(field))} = %s" for field in where)
    if order_by:
        sql += f" ORDER BY {table}.{quote(_column(_field(meta, order_by)))}"
    sql += " LIMIT 1"
    return _SelectPlan(
        sql=sql,
        where=where,
        attnames=[field.attname for field in fields],
        converters=tuple(converters),
    )


_update_plans: dict[
    tuple[type[Model], str, tuple[str, ...], tuple[str, ...]], tuple[str, list[Field[Any, Any]]]
] = {}


def update_where(
    model: type[Model], /, *, where: dict[str, Any], values: dict[str, Any], using: str | None = None
) -> int:
    """UPDATE the rows whose fields equal `where`, setting `values`; the number of rows changed. As
    `model.objects.filter(**where).update(**values)` for plain values, with SQL built once."""
    alias = using or router.db_for_write(model)
    sql, params = _update_prepared(model, alias, where, values)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def _update_prepared(
    model: type[Model], alias: str, where: dict[str, Any], values: dict[str, Any]
) -> tuple[str, list[Any]]:
    connection = connections[alias]
    key = (model, alias, tuple(values), tuple(where))
    plan = _update_plans.get(key)
    if plan is None:
        meta = model._meta
        quote = connection.ops.quote_name
        set_fields = [_field(meta, name) for name in values]
        where_fields = [_field(meta, name) for name in where]
        sql = (
            f"UPDATE {quote(meta.db_table)} SET "  # noqa: S608 (identifiers from the model, values as parameters)
            + ", ".join(f"{quote(_column(field))} = %s" for field in set_fields)
            + " WHERE "
            + " AND ".join(f"{quote(_column(field))} = %s" for field in where_fields)
        )
        plan = _update_plans[key] = (sql, set_fields + where_fields)
    sql, fields = plan
    given = [*values.values(), *where.values()]
    return sql, [_prep_value(field, value, connection) for field, value in zip(fields, given, strict=True)]


# --- Writes sent together -----------------------------------------------------------------------------------------


def pk_next(model: type[Model], /) -> str:
    """PostgreSQL: the SQL expression that takes the next primary key of `model` from its sequence, for a caller
    that needs a row's key before the row is written (Together)."""
    pk = model._meta.pk
    assert pk is not None
    table, column = (name.replace("'", "''") for name in (model._meta.db_table, _column(pk)))
    return f"nextval(pg_get_serial_sequence('{table}', '{column}'))"


@dataclass(frozen=True)
class Sent:
    """What Together.send returns: the row counts of its updates (in the order added) and the rows of its
    SELECT."""

    counts: list[int]
    rows: list[tuple[Any, ...]]


class Together:
    """The writes of one transaction, sent in one round trip where the database can take them so.

    On PostgreSQL they are one statement: each INSERT and UPDATE a data-modifying WITH query, run exactly once
    and to completion, and a SELECT of the caller's as the statement's result (the audit chain's append). Each
    write costs the database a few microseconds instead of a round trip, and Python the building of one
    execution instead of many. The writes see the database as it was when the statement began, not each other:
    a row that refers to another of the same statement must have its key set first (`pk_next`), and the
    foreign-key checks (deferred, as Django declares them) run at commit.

    Elsewhere (SQLite) each write runs when it is added, as insert_one and update_where run it, and `send` runs
    the SELECT: the same rows, in the same transaction.

        together = Together()
        together.insert(case, expressions=...)       # case.pk set first on PostgreSQL
        together.update(Session, where=..., values=...)
        sent = together.send(("SELECT ... FROM audit_event_append(...)", params))
    """

    def __init__(self, using: str = DEFAULT_DB_ALIAS) -> None:
        self.alias = using
        self.connection = connections[using]
        self.defers = self.connection.vendor == "postgresql"
        self._writes: list[tuple[str, list[Any], bool]] = []  # (sql, params, counted)
        self._counts: list[int] = []  # of updates that ran already (not deferred)
        self._checks: list[Callable[[int], None] | None] = []  # of the deferred updates, in order
        self._saved: list[Model] = []
        self._keys: dict[type[Model], list[Any]] = {}
        self._on_sent: list[Callable[[], None]] = []

    def keys_add(self, model: type[Model], keys: Sequence[Any]) -> None:
        """Primary keys taken for `model` beforehand (pk_next): `insert` gives them, in order, to new instances of
        it whose key is not set."""
        self._keys.setdefault(model, []).extend(keys)

    def on_sent(self, callback: Callable[[], None]) -> None:
        """Call `callback` once everything added so far is written (at `send`)."""
        self._on_sent.append(callback)

    def insert(
        self, obj: Model, *, expressions: Mapping[str, tuple[str, Sequence[Any]]] | None = None
    ) -> None:
        """INSERT a new instance, as insert_one does (signals included); on PostgreSQL at `send`, with the
        primary key given."""
        if not self.defers:
            insert_one(obj, using=self.alias, expressions=expressions)
            return
        pk = type(obj)._meta.pk
        assert pk is not None
        if getattr(obj, pk.attname) is None and self._keys.get(type(obj)):
            setattr(obj, pk.attname, self._keys[type(obj)].pop(0))
        plan, params = _insert_prepared(obj, self.alias, expressions or {}, given_pk=True)
        self._writes.append((plan.sql, params, False))
        self._saved.append(obj)

    def update(
        self,
        model: type[Model],
        /,
        *,
        where: dict[str, Any],
        values: dict[str, Any],
        checked: Callable[[int], None] | None = None,
    ) -> None:
        """UPDATE as update_where does; its row count is in `Sent.counts` and is given to `checked` (which may
        raise, failing the caller's transaction) as soon as it is known."""
        if not self.defers:
            count = update_where(model, where=where, values=values, using=self.alias)
            self._counts.append(count)
            if checked is not None:
                checked(count)
            return
        sql, params = _update_prepared(model, self.alias, where, values)
        self._writes.append((f"{sql} RETURNING 1", params, True))
        self._checks.append(checked)

    def send(self, select: tuple[str, Sequence[Any]] | None = None) -> Sent:
        """Send what is left to write, with `select` (SQL and parameters) as the statement's result."""
        writes, self._writes = self._writes, []
        saved, self._saved = self._saved, []
        checks, self._checks = self._checks, []
        on_sent, self._on_sent = self._on_sent, []
        if not writes:
            counts, self._counts = self._counts, []
            rows = self._select(select)
            for callback in on_sent:
                callback()
            return Sent(counts=counts, rows=rows)
        parts = [f"w{index} AS ({sql})" for index, (sql, _params, _counted) in enumerate(writes)]
        counted = [
            f"(SELECT count(*) FROM w{index})"  # noqa: S608 (names made here)
            for index, (*_, counts_rows) in enumerate(writes)
            if counts_rows
        ]
        params = [param for _sql, write_params, _counted in writes for param in write_params]
        if select is None:
            sql = f"WITH {', '.join(parts)} SELECT {', '.join(counted) or '0'}"
        else:
            sql = (
                f"WITH {', '.join(parts)} SELECT {', '.join([*counted, 'sent.*'])} FROM ({select[0]}) AS sent"  # noqa: S608 (the caller's SQL, values as parameters)
            )
            params.extend(select[1])
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            result = cursor.fetchall()
        if not result:
            # Every write ran, but a SELECT that gives no row hides the updates' counts: refuse it.
            raise ValueError("Together.send: the SELECT must give at least one row")
        width = len(counted)
        counts = [int(value) for value in result[0][:width]]
        for check, count in zip(checks, counts, strict=True):
            if check is not None:
                check(count)
        for obj in saved:
            _inserted(obj, self.alias)
        for callback in on_sent:
            callback()
        return Sent(counts=counts, rows=[row[width:] for row in result] if select is not None else [])

    def _select(self, select: tuple[str, Sequence[Any]] | None) -> list[tuple[Any, ...]]:
        if select is None:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(select[0], list(select[1]))
            return cursor.fetchall()


def generic_plans_in_this_transaction(using: str | None = None) -> None:
    """Let PostgreSQL keep the plans of prepared statements until the current transaction ends.

    Connections plan every execution for its own values (plan_cache_mode = force_custom_plan, synpunkt/settings.py,
    docs/decisions/0012), because a read's best plan may depend on them. A write whose statements all find their
    rows by key (INSERTs, UPDATEs by primary key, the foreign-key checks at commit, the audit chain's append)
    gains nothing from that and pays for planning each of them again: it calls this first (docs/decisions/0015).
    A no-op outside PostgreSQL; must be called inside a transaction (SET LOCAL).
    """
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    assert connection.in_atomic_block, "SET LOCAL outside a transaction would do nothing"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = auto")


# --- A read built by the ORM once, run with new values ----------------------------------------------------------


@dataclass(frozen=True)
class _Prepared:
    db: str
    fetch_mode: Any  # the queryset's, as ModelIterable reads them
    known_related_objects: dict[Any, Any]
    compiler: SQLCompiler  # its as_sql() has run: select, klass_info and col_count are set
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, str], ...]  # (index in params, name of the value put there)


class _CompiledQuery:
    """Stands in for a queryset's Query: hands ModelIterable the compiler that is ready."""

    def __init__(self, compiler: SQLCompiler) -> None:
        self.compiler = compiler

    def get_compiler(self, using: str | None = None, connection: Any = None, elide_empty: bool = True) -> Any:
        return self.compiler


class _PreparedQuerySet:
    """What ModelIterable reads of a queryset. (Not a copy of the queryset: copying one runs it.)"""

    def __init__(self, plan: _Prepared, compiler: SQLCompiler) -> None:
        self.db = plan.db
        self.query = _CompiledQuery(compiler)
        self._fetch_mode = plan.fetch_mode
        self._known_related_objects = plan.known_related_objects


# Stand-ins for the values while the query is built once. An int is within a 32-bit integer field's range (the
# ORM turns an out-of-range value into "no rows" without SQL); a string is one no form or key ever holds.
_INT_STAND_IN = 1_900_123_457


def _stand_in(index: int, name: str, value: object) -> int | str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"prepared(): {name} must be an int or a str, not {type(value).__name__}")
    return _INT_STAND_IN + index if isinstance(value, int) else f"\x1fprepared:{name}\x1f"


def prepared[M: Model](
    build: Callable[..., QuerySet[M]], /, *, using: str = DEFAULT_DB_ALIAS, **values: int | str
) -> list[M]:
    """The model instances of `build(**values)`, with its SQL compiled once per connection.

    Django compiles a query each time it runs. For the small reads of a page (a case's messages, its notes, its
    actions, each with select_related) that costs several times what the database spends on them. Here `build`
    runs once, with stand-in values; the SQL it compiles to is kept, and every later call runs it with the real
    values in their place, and turns the rows into instances with Django's own iterable (select_related
    included), so the result is the one `list(build(**values))` gives.

    `build` must be a module-level function that returns the same query shape for any values: it must not branch
    on them, and each value must reach the SQL unchanged as a parameter of its own (an equality or a comparison;
    not a pattern such as `startswith`). Values are ints (keys) or strings. What cannot be prepared is refused
    with TypeError when it is first built, never run with the wrong SQL.
    """
    if "<locals>" in build.__qualname__:
        raise TypeError("prepared(): build must be defined at module level (it is the cache's key)")
    connection = connections[using]
    cache: dict[tuple[Callable[..., Any], tuple[tuple[str, str], ...]], _Prepared] = (
        connection.__dict__.setdefault("_synpunkt_prepared", {})
    )
    key = (build, tuple(sorted((name, type(value).__name__) for name, value in values.items())))
    plan = cache.get(key)
    if plan is None:
        plan = cache[key] = _prepare(build, using, values)
    params = list(plan.params)
    for index, name in plan.slots:
        params[index] = values[name]
    compiler = copy.copy(plan.compiler)
    compiler.as_sql = lambda *args, **kwargs: (plan.sql, tuple(params))  # type: ignore[method-assign]
    return list(ModelIterable(_PreparedQuerySet(plan, compiler)))  # type: ignore[arg-type]


def _prepare(build: Callable[..., QuerySet[Any]], using: str, values: Mapping[str, int | str]) -> _Prepared:
    stand_ins = {name: _stand_in(index, name, value) for index, (name, value) in enumerate(values.items())}
    queryset = build(**stand_ins).using(using)
    if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
        raise TypeError("prepared(): only a queryset of model instances without prefetch_related")
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    slots: list[tuple[int, str]] = []
    for name, stand_in in stand_ins.items():
        found = [
            index for index, param in enumerate(params) if type(param) is type(stand_in) and param == stand_in
        ]
        if not found:
            raise TypeError(f"prepared(): {name} does not reach the SQL as a parameter of its own")
        slots.extend((index, name) for index in found)
    placed = {index for index, _ in slots}
    for index, param in enumerate(params):
        if index not in placed and isinstance(param, str) and "\x1fprepared:" in param:
            raise TypeError("prepared(): a string value is changed on its way to the SQL (a pattern lookup?)")
    return _Prepared(
        db=queryset.db,
        fetch_mode=queryset._fetch_mode,  # type: ignore[attr-defined]
        known_related_objects=queryset._known_related_objects,  # type: ignore[attr-defined]
        compiler=compiler,
        sql=sql,
        params=tuple(params),
        slots=tuple(slots),
    )
