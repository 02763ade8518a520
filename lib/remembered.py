"""Reads kept in the process while the data they read is unchanged.

The data's state has a token (knowledge.models.SearchState): triggers on each table it covers give it a new token in
the same commit as any change to the table (knowledge migrations 0004 and 0005), so no reader sees the change and the
old token together. A transaction that changed one of the tables is marked (the setting boligportalen.search_changed)
and gets no token: its changes are not committed, so the token cannot show them yet. On SQLite there are no triggers
and no token, and everything is read every time.

The token covers what the search reads and what the reads remembered under it read (knowledge migration 0005 lists
those tables); a read remembered under it must read only tables it covers (each use has a test that checks this
against the read's SQL, with tests/remembered.py)."""

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import connection

T = TypeVar("T")

# The committed state's token, when this transaction has not changed any table it covers.
_STATE = """
SELECT token FROM knowledge_searchstate
WHERE id = 1 AND current_setting('boligportalen.search_changed', true) IS DISTINCT FROM 'on'
"""


def state_token() -> str | None:
    """Return the token of the committed state of the tables the triggers cover; None when it cannot vouch for what
    this transaction reads (it changed some of them), or the database has no such triggers (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(_STATE)
        row = cursor.fetchone()
    return None if row is None else str(row[0])


class Kept(Generic[T]):
    """Values made for a key, kept in the process, at most `size` of them: when a new one would be one too many, all
    are dropped (the keys of data that has changed are not asked for again)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[Hashable, T] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        if key not in self._values:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = make()
        return self._values[key]


class Remembered(Generic[T]):
    """Values read for a key, kept in the process under the token they were read in (Kept: at most `size` of them),
    all dropped when the token changes. One query, the token's, a use."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._token: str | None = None
        self._kept: Kept[T] = Kept(size)

    def get(self, key: Hashable, read: Callable[[], T]) -> T:
        # The token is read before the value: a value read after a newer commit is kept under the older token, and
        # read again under the newer one; never the other way round.
        token = state_token()
        if token is None:
            return read()
        if token != self._token:
            self._token, self._kept = token, Kept(self.size)
        return self._kept.get(key, read)
