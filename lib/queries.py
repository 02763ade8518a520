"""Queries compiled to SQL once a process and run with the key of each request."""

import functools
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# A key no row has: the query is compiled with it, and each run puts its own key in its place.
_ANY_KEY = -1


class CompiledQuery:
    """The rows of a values_list() query whose only parameter is a key (a user's or a body's id), or which has none,
    built and compiled by the ORM once a process: on this portal's pages building and compiling such a query took
    the ORM as long as PostgreSQL took to run it, or longer. The rows are converted as values_list() converts them
    (dates on SQLite).

    `build` takes the key (a query without one ignores it) and returns the query; it runs once, on first use."""

    def __init__(self, build: Callable[[int], QuerySet]) -> None:
        self._build = build

    @functools.cached_property
    def _compiled(self):
        queryset = self._build(_ANY_KEY)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if any(param != _ANY_KEY for param in params):
            raise ValueError(f"A compiled query takes its key as its only parameter, not {params}.")
        converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
        return sql, len(params), compiler, converters

    def rows(self, key: int | None = None) -> list[tuple]:
        sql, key_count, compiler, converters = self._compiled
        with connections[compiler.using].cursor() as cursor:
            cursor.execute(sql, [key] * key_count)
            rows = cursor.fetchall()
        return list(compiler.apply_converters(rows, converters)) if converters else rows
