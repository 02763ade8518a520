"""Reads whose SQL is compiled once a process and then run with each request's values.

Building and compiling an ORM query costs 0.5-3 ms on the production machine (the most for reads scoped by
subqueries), often several times what PostgreSQL takes to run it, and a page makes several. The hot reads of a page
have a fixed shape and differ only in a few values: the user, the meeting, today's date. A `PreparedRead` builds its
queryset once per shape with stand-ins for those values, keeps the SQL, and fills in the real values at each call.
What the SQL is depends only on the code, the settings and the database, as with a URL reversed once a process; the
rows are read fresh every time."""

import datetime
import math
from collections.abc import Callable, Hashable

from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, QuerySet, Window

# Values no row or constant of a query has. Each value of a call gets its own, so that its places in the compiled
# parameters can be told from the others' (and from the constants).
_STAND_INS: dict[type, Callable[[int], object]] = {
    int: lambda n: -1_000_000_007 - n,
    str: lambda n: f"prepared stand-in {n}",
    datetime.date: lambda n: datetime.date(1001 + n, 1, 1),
    datetime.datetime: lambda n: datetime.datetime(1001 + n, 1, 1, tzinfo=datetime.UTC),
}
# A page's rows are the read sliced with these, whose LIMIT and OFFSET in the SQL then become parameters.
_OFFSET, _LIMIT = 1_000_003, 987_654


def _adapt(connection, value):
    """Return the value as the ORM passes it to the database (SQLite, for one, takes dates as text)."""
    if type(value) is datetime.datetime:
        return connection.ops.adapt_datetimefield_value(value)
    if type(value) is datetime.date:
        return connection.ops.adapt_datefield_value(value)
    return value


class _CountedRows:
    """One page's rows and the number of rows in all, as a Paginator asks its list for them."""

    def __init__(self, rows: list, total: int) -> None:
        self.rows, self.total = rows, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, _page: slice) -> list:
        return self.rows


class PreparedRead:
    """A read of tuples: `build(*shape, **values)` returns a queryset, and a row holds `fields` of it (as its
    values_list() would give them: field paths and the names of its annotations). Its SQL is compiled once for
    each `shape` (what changes the query's form, such as whether the user sees every meeting) and run with
    `values` (ints, texts, dates and aware datetimes; never None, which the ORM turns into IS NULL; a text only
    where the ORM passes it on as it is, as in an exact match, not a LIKE pattern). Every value must
    reach the SQL as a parameter; one that does not (unused, or transformed by a lookup) is refused."""

    def __init__(self, build: Callable[..., QuerySet], *fields: str) -> None:
        self._build, self._fields = build, fields
        self._compiled: dict[Hashable, tuple] = {}

    def _compile(self, connection, shape: tuple, names: tuple, form: str) -> tuple:
        """Return the SQL, each parameter as the name of a value or a constant, and the selected expressions.

        `form` is "rows" (the read as built), "count" (the number of its rows), "slice" (LIMIT and OFFSET as the
        last two parameters) or "counted slice" (a slice with the number of rows in all as each row's last)."""
        stand_ins = {name: _STAND_INS[kind](number) for number, (name, kind) in enumerate(names)}
        queryset = self._build(*shape, **stand_ins)
        # The count selects only the key, so that it joins only the tables its filters need.
        queryset = queryset.order_by().values_list("pk") if form == "count" else queryset.values_list(*self._fields)
        if form == "counted slice":
            queryset = queryset.annotate(rows_in_all=Window(Count("*")))
        if form in ("slice", "counted slice"):
            queryset = queryset[_OFFSET : _OFFSET + _LIMIT]
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        adapted = {_adapt(connection, value): name for name, value in stand_ins.items()}
        slots = [(adapted.get(param), param) for param in params]
        missing = set(stand_ins) - {name for name, _constant in slots}
        if missing:
            raise ValueError(f"The read does not pass {', '.join(sorted(missing))} on as a parameter.")
        # The SQL may select more than the row holds (a DISTINCT query's ORDER BY columns): the row is the first ones.
        columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        if form == "count":
            return f"SELECT COUNT(*) FROM ({sql}) counted", slots, []
        if form in ("slice", "counted slice"):
            limit_offset = connection.ops.limit_offset_sql(_OFFSET, _OFFSET + _LIMIT)
            if not sql.endswith(limit_offset):
                raise ValueError("The read's SQL does not end with its LIMIT and OFFSET.")
            sql = sql.removesuffix(limit_offset) + "LIMIT %s OFFSET %s"
        return sql, slots, columns

    def _run(self, shape: tuple, values: dict, form: str = "rows", limit_offset: tuple[int, int] = ()) -> list[tuple]:
        """Return the rows of the read in this form (see _compile), converted as values_list() converts them."""
        connection = connections[DEFAULT_DB_ALIAS]
        names = tuple((name, type(value)) for name, value in sorted(values.items()))
        key = (connection.vendor, shape, names, form)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(connection, shape, names, form)
        sql, slots, columns = compiled
        params = [constant if name is None else _adapt(connection, values[name]) for name, constant in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *limit_offset])
            rows = cursor.fetchall()
        if columns and rows and len(rows[0]) > len(columns):
            rows = [row[: len(columns)] for row in rows]
        converters = [
            (position, converters, column)
            for position, column in enumerate(columns)
            if (converters := connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        ]
        if not converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, functions, column in converters:
                for function in functions:
                    row[position] = function(row[position], column, connection)
            converted.append(tuple(row))
        return converted

    def rows(self, *shape: Hashable, **values) -> list[tuple]:
        """Return the read's rows for these values."""
        return self._run(shape, values)

    def page(
        self,
        number,
        *shape: Hashable,
        per_page: int,
        into: Callable | None = None,
        counted_apart: bool = False,
        **values,
    ) -> Page:
        """Return page `number` (as ?side= gives it) of the read's rows (each made `into(*row)` if given), as
        Paginator(...).get_page(number) gives it: a number that is not one gives the first page, one past the last
        page (or below 1) the last.

        The rows and their number in all come in one query (COUNT(*) OVER ()), which reads every row of the read;
        `counted_apart` counts them in a query of their own, for a read whose order an index gives, so that the
        page's query stops after the page."""
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
        return self._run(shape, values, "counted slice", (per_page, (number - 1) * per_page))


class _PreparedRows:
    """A read's rows as a Paginator asks its list for them: their number, then one page of them."""

    def __init__(self, read: PreparedRead, shape: tuple, values: dict, make: Callable) -> None:
        self.read, self.shape, self.values, self.make = read, shape, values, make

    def __len__(self) -> int:
        return self.read._run(self.shape, self.values, "count")[0][0]

    def __getitem__(self, page: slice) -> list:
        if page.stop <= page.start:
            return []
        rows = self.read._run(self.shape, self.values, "slice", (page.stop - page.start, page.start))
        return [self.make(row) for row in rows]
