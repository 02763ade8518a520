"""Reads whose SQL is compiled once a process and then run with each request's values.

Building and compiling an ORM query costs 0.5-3 ms on the production machine (the most for reads scoped by
subqueries), often several times what PostgreSQL takes to run it, and a page makes several. The hot reads of a page
have a fixed shape and differ only in a few values: the user, the meeting, today's date. A `PreparedRead` builds its
queryset once per shape with stand-ins for those values, keeps the SQL, and fills in the real values at each call.
What the SQL is depends only on the code, the settings, the database and the time zone, as with a URL reversed once
a process; the rows are read fresh every time."""

import datetime
import functools
import math
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Model, QuerySet, Window
from django.db.models.query import get_related_populators
from django.utils import timezone
from psycopg import sql as psycopg_sql

# What a read is built with in place of a call's values. It is compiled twice, with two of these for each value
# (numbers 0 to n - 1, then n to 2n - 1), so that a value's places among the parameters are those that hold its two
# stand-ins, whatever constants the query has. The numbers lie within every integer field's range: Django compiles a
# comparison with a number beyond a field's range to no SQL at all (an empty result).
_STAND_INS: dict[type, Callable[[int], object]] = {
    int: lambda n: 32_000 - n,
    str: lambda n: f"prepared stand-in {n}",
    datetime.date: lambda n: datetime.date(1001 + n, 1, 1),
    datetime.datetime: lambda n: datetime.datetime(1001 + n, 1, 1, tzinfo=datetime.UTC),
    # A list (of ids) is passed on as one parameter, an array: its stand-in is hashable, to be found among them.
    list: lambda n: (32_000 - n,),
}
# A page's rows are the read sliced with these, whose LIMIT and OFFSET in the SQL then become parameters.
_OFFSET, _LIMIT = 1_000_003, 987_654
# The forms (see PreparedRead._compile) that read a slice of the rows, and those that read model instances.
_SLICES = frozenset({"slice", "counted slice", "objects slice"})
_INSTANCES = frozenset({"objects", "objects slice"})
# Shapes kept compiled per read, the least recently used forgotten first: a shape may hold a value the SQL cannot
# take as a parameter (a year Django turns into a range of dates, a page's LIMIT), which a request chooses.
_SHAPES_KEPT = 128


def _adapt(connection, value):
    """Return the value as the ORM passes it to the database (SQLite, for one, takes dates as text).

    A list of ids goes to PostgreSQL as the text of an array, which the SQL casts (`%s::bigint[]`): psycopg writes a
    list element by element, each checked for quoting by a regular expression, and a search passes a user's 185
    meetings in seven places (some 1,300 elements, a millisecond)."""
    kind = type(value)
    if kind is datetime.datetime:
        return connection.ops.adapt_datetimefield_value(value)
    if kind is datetime.date:
        return connection.ops.adapt_datefield_value(value)
    if kind is list and connection.vendor == "postgresql":
        return "{" + ",".join(map(str, map(int, value))) + "}"
    return value


def _name_of(adapted: dict, param) -> str | None:
    """Return the name of the value whose (adapted) stand-in the parameter is, or None."""
    try:
        return adapted.get(param)
    except TypeError:  # a list, or another parameter no stand-in is
        return None


def _kind(value) -> type:
    """Return the type whose stand-in takes the value's place: its own, or the one it derives from (a TextChoices
    member is a str)."""
    kind = type(value)
    return kind if kind in _STAND_INS else next((base for base in kind.__mro__ if base in _STAND_INS), kind)


@dataclass(frozen=True)
class _Statement:
    """A read compiled for one shape, set of values and form."""

    sql: str | None  # None: the read can match nothing (an empty __in), so it reads nothing
    slots: tuple[tuple[str | None, object], ...] = ()  # each parameter: the name of a value, or None and a constant
    width: int = 0  # the columns of a row: the SQL may select more (a DISTINCT query's ORDER BY columns)
    converters: tuple = ()  # (position, converters, expression), as Django converts what it reads
    model: type[Model] | None = None  # the model of a read of instances (objects())
    instance_columns: tuple[int, int, tuple[str, ...]] = (0, 0, ())  # the model's columns: start, end, attnames
    annotations: tuple[tuple[str, int], ...] = ()  # the annotations of the instances, by their positions
    related: tuple = ()  # Django's populators of the related instances select_related() reads with them


class _CountedRows:
    """One page's rows and the number of rows in all, as a Paginator asks its list for them."""

    def __init__(self, rows: list, total: int) -> None:
        self.rows, self.total = rows, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, _page: slice) -> list:
        return self.rows


class PreparedRead:
    """A read whose SQL is compiled once for each shape: `build(*shape, **values)` returns its queryset.

    A row holds `fields` of it, as its values_list() would give them (field paths and the names of its annotations);
    without fields a row is what the queryset returns, a values_list() query's (rows()) or a model instance with its
    annotations and the related instances select_related() reads (objects()). It is compiled once for each `shape`
    (positional, hashable and few: what changes the query's form, such as whether the user sees every meeting) and
    time zone (date functions compile with it), and run with `values` (ints, texts, dates and aware datetimes, and
    lists of ids where the read passes a list on as one parameter; never None, which the ORM turns into IS NULL; a
    text only where the ORM passes it on as it is, as in an exact match, not a LIKE pattern). Every value must reach
    the SQL as a parameter; one that does not (unused, or transformed by a lookup) is refused, but for those named
    `optional`, which the read may leave out for some shapes (a scope of which a user's roles need only part)."""

    def __init__(self, build: Callable[..., QuerySet], *fields: str, optional: Iterable[str] = ()) -> None:
        self._build, self._fields, self._optional = build, fields, frozenset(optional)
        self._compiled = functools.lru_cache(maxsize=_SHAPES_KEPT)(self._compile)

    def _compile(self, shape: tuple, names: tuple, form: str, _zone: str) -> _Statement:
        """Return the read compiled in a form: "rows" (the read as built), "objects" (its model instances), "count"
        (the number of its rows), "slice" (its SQL without LIMIT and OFFSET, which _sliced writes in at each run),
        "counted slice" (a slice with the number of rows in all as each row's last) or "objects slice" (a slice of
        its model instances)."""
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            compiler, sql, params = self._compiled_with(connection, shape, names, form, 0)
            _compiler, again, params_again = self._compiled_with(connection, shape, names, form, len(names))
        except EmptyResultSet:
            return _Statement(None)
        if again != sql or len(params_again) != len(params):
            raise ValueError("The read's SQL changes with its values: what changes it belongs in its shape.")
        slots, changed = [], []
        for (name, param), (name_again, param_again) in zip(params, params_again, strict=True):
            if name is not None and name == name_again:
                slots.append((name, param))
            elif param == param_again:  # a constant (which may equal one of the stand-ins)
                slots.append((None, param))
            else:
                changed.append(param)
        missing = {name for name, _type in names} - {name for name, _constant in slots} - self._optional
        if missing:
            raise ValueError(f"The read does not pass {', '.join(sorted(missing))} on as a parameter.")
        if changed:
            raise ValueError(f"The read passes a value on changed (as {changed[0]!r}), not as a parameter as it is.")
        if connection.vendor == "postgresql":
            sql, slots = _constants_written(connection, sql, slots)
        if form == "count":
            return _Statement(f"SELECT COUNT(*) FROM ({sql}) counted", tuple(slots), 1)
        if form in _SLICES:
            limit_offset = connection.ops.limit_offset_sql(_OFFSET, _OFFSET + _LIMIT)
            if not sql.endswith(limit_offset):
                raise ValueError("The read's SQL does not end with its LIMIT and OFFSET.")
            sql = sql.removesuffix(limit_offset)
        columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        # Django's converters read the connection's settings, never its state: they serve any thread's connection.
        converters = tuple(
            (position, tuple(functions), column)
            for position, (functions, column) in compiler.get_converters(columns).items()
        )
        if form not in _INSTANCES:
            return _Statement(sql, tuple(slots), len(columns), converters)
        positions = compiler.klass_info["select_fields"]
        start, end = positions[0], positions[-1] + 1
        attnames = tuple(column.target.attname for column in columns[start:end])
        annotations = tuple(compiler.annotation_col_map.items())
        model = compiler.query.model
        # As the ORM builds them from each row (ModelIterable); a populator keeps no row's state.
        related = tuple(get_related_populators(compiler.klass_info, compiler.select, DEFAULT_DB_ALIAS))
        return _Statement(
            sql, tuple(slots), len(columns), converters, model, (start, end, attnames), annotations, related
        )

    def _compiled_with(self, connection, shape: tuple, names: tuple, form: str, first: int) -> tuple:
        """Return the compiler, the SQL and its parameters, each as the name of the value whose stand-in it is (or
        None) and the parameter, of the read built with stand-ins numbered from `first`, in the form (see _compile)."""
        stand_ins = {name: _STAND_INS[kind](first + number) for number, (name, kind) in enumerate(names)}
        queryset = self._build(*shape, **stand_ins)
        if form in _INSTANCES:
            if self._fields or not queryset.query.default_cols:
                raise TypeError("objects() reads model instances: a read of fields or values_list() has rows().")
        elif form == "count":
            # Only the key, so that the count joins only the tables its filters need.
            queryset = queryset.order_by().values_list("pk")
        elif self._fields:
            queryset = queryset.values_list(*self._fields)
        if form == "counted slice":
            queryset = queryset.annotate(rows_in_all=Window(Count("*")))
        if form in _SLICES:
            queryset = queryset[_OFFSET : _OFFSET + _LIMIT]
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        adapted = {_adapt(connection, value): name for name, value in stand_ins.items()}
        return compiler, sql, [(_name_of(adapted, param), param) for param in params]

    def _statement(self, shape: tuple, values: dict, form: str) -> _Statement:
        names = tuple((name, _kind(value)) for name, value in sorted(values.items()))
        return self._compiled(shape, names, form, timezone.get_current_timezone_name())

    def _run(self, shape: tuple, values: dict, form: str = "rows", limit_offset: tuple[int, int] = ()) -> tuple:
        """Return the read's statement in this form (see _compile) and its rows, converted as Django converts them."""
        statement = self._statement(shape, values, form)
        if statement.sql is None:
            return statement, []
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute(_sliced(statement.sql, limit_offset), _params(connection, statement, values))
            rows = cursor.fetchall()
        if rows and len(rows[0]) > statement.width:
            rows = [row[: statement.width] for row in rows]
        if not statement.converters:
            return statement, rows
        converted = []
        for row in rows:
            row = list(row)
            for position, functions, column in statement.converters:
                for function in functions:
                    row[position] = function(row[position], column, connection)
            converted.append(tuple(row))
        return statement, converted

    def rows(self, *shape: Hashable, **values) -> list[tuple]:
        """Return the read's rows for these values."""
        return self._run(shape, values)[1]

    def objects(self, *shape: Hashable, **values) -> list[Model]:
        """Return the read's model instances for these values, with their annotations, as iterating the queryset
        would: fields left out by only() or defer() are deferred."""
        return _instances(*self._run(shape, values, "objects"))

    def sql(self, *shape: Hashable, **values) -> tuple[str, list]:
        """Return the read's SQL and its parameters for these values, to embed it in another query (RawSQL) as a
        subquery; EmptyResultSet, as Django's compiler raises it, when it can match nothing."""
        statement = self._statement(shape, values, "rows")
        if statement.sql is None:
            raise EmptyResultSet
        return statement.sql, _params(connections[DEFAULT_DB_ALIAS], statement, values)

    def page(
        self,
        number,
        *shape: Hashable,
        per_page: int,
        into: Callable | None = None,
        counted_apart: bool = False,
        objects: bool = False,
        **values,
    ) -> Page:
        """Return page `number` (as ?side= gives it) of the read's rows (each made `into(*row)` if given), as
        Paginator(...).get_page(number) gives it: a number that is not one gives the first page, one past the last
        page (or below 1) the last.

        The rows and their number in all come in one query (COUNT(*) OVER ()), which reads every row of the read;
        `counted_apart` counts them in a query of their own, for a read whose order an index gives, so that the
        page's query stops after the page. With `objects` the page holds the read's model instances, as objects()
        reads them, counted apart."""
        if objects:
            return Paginator(_PreparedRows(self, shape, values, None), per_page).get_page(number)
        make = (lambda row: row) if into is None else (lambda row: into(*row))
        if counted_apart:
            return Paginator(_PreparedRows(self, shape, values, make), per_page).get_page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        rows = self._counted_page(shape, values, number, per_page) if number >= 1 else []
        if not rows and number != 1:
            first = self._counted_page(shape, values, 1, per_page)
            number = max(1, math.ceil(first[0][-1] / per_page)) if first else 1
            rows = first if number == 1 else self._counted_page(shape, values, number, per_page)
        total = rows[0][-1] if rows else 0
        return Paginator(_CountedRows([make(row[:-1]) for row in rows], total), per_page).page(number)

    def _counted_page(self, shape: tuple, values: dict, number: int, per_page: int) -> list[tuple]:
        return self._run(shape, values, "counted slice", (per_page, (number - 1) * per_page))[1]


def _instances(statement: _Statement, rows: list[tuple]) -> list[Model]:
    """Return the rows of a read of instances as its model instances, with their annotations and the related
    instances select_related() reads, as iterating the queryset would make them."""
    start, end, attnames = statement.instance_columns
    instances = []
    for row in rows:
        instance = statement.model.from_db(DEFAULT_DB_ALIAS, attnames, row[start:end])
        for populator in statement.related:
            populator.populate(row, instance)
        for name, position in statement.annotations:
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


_PLACEHOLDER = re.compile(r"%%|%s")


def _constants_written(connection, sql: str, slots: list) -> tuple[str, list]:
    """Return the SQL with its constants (a status, a kind: the code's, never a request's) written in as literals,
    and the slots of the parameters left, the values. PostgreSQL plans a prepared statement once for all its runs (a
    generic plan) only from what the SQL says: with `status = $1` it cannot use an index on the rows WHERE status =
    'udfoert', nor its statistics of how many rows have that status, and read the whole table instead."""
    connection.ensure_connection()
    slots_left, position = [], iter(slots)

    def written(match: re.Match) -> str:
        if match.group() == "%%":
            return "%%"
        name, constant = next(position)
        if name is not None:
            slots_left.append((name, constant))
            return "%s"
        # In the SQL a literal's % is written %%, as the SQL is still run with parameters.
        return psycopg_sql.Literal(constant).as_string(connection.connection).replace("%", "%%")

    return _PLACEHOLDER.sub(written, sql), slots_left


def _sliced(sql: str, limit_offset: tuple[int, int] | tuple[()]) -> str:
    """Return the SQL of a slice (compiled without them) with its LIMIT and OFFSET written in, not passed as
    parameters: PostgreSQL plans a statement with an unknown LIMIT and OFFSET for a tenth of its rows, so it planned
    each page afresh (up to 0.7 ms), where a page's own statement (the first page, most often) keeps one plan."""
    if not limit_offset:
        return sql
    limit, offset = map(int, limit_offset)
    return f"{sql}LIMIT {limit} OFFSET {offset}"


def _params(connection, statement: _Statement, values: dict) -> list:
    """Return the statement's parameters with the values in their places."""
    return [constant if name is None else _adapt(connection, values[name]) for name, constant in statement.slots]


class _PreparedRows:
    """A read's rows as a Paginator asks its list for them: their number, then one page of them, each made by `make`
    or, without it, the read's model instances."""

    def __init__(self, read: PreparedRead, shape: tuple, values: dict, make: Callable | None) -> None:
        self.read, self.shape, self.values, self.make = read, shape, values, make

    def __len__(self) -> int:
        rows = self.read._run(self.shape, self.values, "count")[1]
        return rows[0][0] if rows else 0

    def __getitem__(self, page: slice) -> list:
        if page.stop <= page.start:
            return []
        limit_offset = (page.stop - page.start, page.start)
        if self.make is None:
            return _instances(*self.read._run(self.shape, self.values, "objects slice", limit_offset))
        rows = self.read._run(self.shape, self.values, "slice", limit_offset)[1]
        return [self.make(row) for row in rows]
