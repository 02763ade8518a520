"""Reads compiled to SQL once a process, for the hot reads of the busiest pages.

Building and compiling an ORM query costs more than PostgreSQL takes to run the small ones a page makes (0.3-1 ms
against 0.1-0.3 ms on the bench machine, several times a page). A compiled read is built once, with a marker in the
place of each value that varies from call to call (an id), and then run as SQL with each call's values in the
markers' places. Its rows are converted as the ORM converts them, so SQLite and PostgreSQL read the same values."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.utils import timezone

# Stand-ins for the values of a call in the compiled parameters: numbers no id takes (-1_900_000_000, -1_900_000_001 …).
_FIRST_MARKER = -1_900_000_000


@dataclass(frozen=True)
class _Query:
    alias: str
    sql: str | None  # None: the query can match nothing (an empty __in)
    params: tuple
    slots: tuple  # per parameter: the name of the call's value that goes there, or None to keep the parameter
    converters: tuple  # (position, converters, expression)
    model: type[Model] | None  # set for a query of model instances
    fields: tuple[int, int, tuple[str, ...]] | None  # the model's columns: start, end and attribute names
    annotations: tuple[tuple[str, int], ...]


class Compiled:
    """A read whose SQL is compiled once for each shape.

    `build(*shape, **values)` returns the queryset. Positional arguments give its shape (a filter applied or not, a
    kind): it is compiled once for each distinct set of them, so they must be hashable and few. Keyword arguments
    are the values that vary, integers used as they are (ids compared for equality or order): build receives markers
    for them, and each call's values take the markers' places in the compiled parameters. The time zone is part of
    the shape, as date functions compile with it. select_related() is not supported."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled = functools.lru_cache(maxsize=64)(self._compile)

    def rows(self, *shape, **values) -> list[tuple]:
        """Return the rows of a values_list() query, as iterating the queryset would."""
        _query, rows = self._run(shape, values)
        return [tuple(row) for row in rows]

    def objects(self, *shape, **values) -> list[Model]:
        """Return the model instances of the query (with its annotations), as iterating the queryset would."""
        query, rows = self._run(shape, values)
        if query.model is None:
            raise TypeError("objects() læser modelobjekter: brug rows() til values_list()")
        start, end, names = query.fields
        instances = []
        for row in rows:
            instance = query.model.from_db(query.alias, names, row[start:end])
            for name, position in query.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def _run(self, shape: tuple, values: dict) -> tuple[_Query, list[list]]:
        query = self._compiled(shape, tuple(sorted(values)), timezone.get_current_timezone_name())
        if query.sql is None:
            return query, []
        slots = zip(query.params, query.slots, strict=True)
        params = [param if slot is None else values[slot] for param, slot in slots]
        connection = connections[query.alias]
        with connection.cursor() as cursor:
            cursor.execute(query.sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for position, converters, expression in query.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        return query, rows

    def _compile(self, shape: tuple, names: tuple[str, ...], zone: str) -> _Query:
        markers = {name: _FIRST_MARKER - number for number, name in enumerate(names)}
        queryset = self.build(*shape, **markers)
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Query(queryset.db, None, (), (), (), None, None, ())
        by_marker = {marker: name for name, marker in markers.items()}
        slots = tuple(by_marker.get(param) if type(param) is int else None for param in params)
        if missing := set(names) - set(slots):
            raise ValueError(f"Værdierne {sorted(missing)} når ikke uændret frem til SQL'en: de kan ikke bruges her")
        columns = [column for column, _sql, _alias in compiler.select]
        converters = tuple(
            (position, tuple(found), expression)
            for position, (found, expression) in compiler.get_converters(columns).items()
        )
        model = fields = None
        annotations: tuple = ()
        # A query of model instances (values() and values_list() select their own columns).
        if queryset.query.default_cols:
            if compiler.klass_info.get("related_klass_infos"):
                raise ValueError("select_related() understøttes ikke af en kompileret læsning")
            model = compiler.klass_info["model"]
            select_fields = compiler.klass_info["select_fields"]
            start, end = select_fields[0], select_fields[-1] + 1
            fields = (start, end, tuple(column.target.attname for column in columns[start:end]))
            annotations = tuple(compiler.annotation_col_map.items())
        return _Query(queryset.db, sql, tuple(params), slots, converters, model, fields, annotations)
