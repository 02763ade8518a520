"""The one search box: documents, meeting attachments, steering-dialogue documents, meetings, agenda items,
decisions and news, each source already scoped to the user by the selectors, ranked, with the hit highlighted.

On PostgreSQL the search is Danish full text (stemming: »renoveringer« finds »renovering«); on SQLite, the
zero-set-up demo, every word of the query must occur somewhere in the searched fields."""

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Func, JSONField, Model, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Left
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogue.models import Document as RoundDocument
from knowledge import selectors
from knowledge.models import Document, NewsItem
from lib.prepared import PreparedRead
from lib.views import PUBLIC
from meetings.models import AgendaItem, Attachment, Meeting

CONFIG = "danish"
MAX_QUERY_LENGTH = 200
HITS_PER_SOURCE = 20
SNIPPET_CHARS = 220
# The snippet is made from the start of each text field: PostgreSQL's ts_headline takes time in proportion to the
# text, and a long report's extracted text runs to hundreds of thousands of characters. A hit further in shows the
# start of the text, unmarked.
HEADLINE_SOURCE_CHARS = 5_000
# Of that, ts_headline is given the window from HEADLINE_BEFORE characters before the first place where one of the
# query's stems occurs (a Danish stem is the start of each word stemmed to it, in lower case; looked for as it is, with
# a capital and in capitals, as lowering the whole text cost more than the rest) to HEADLINE_AFTER after the last of
# the stems' first places, starting at a word: room for the fragments it picks from the whole text, in all but
# contrived cases (tests/knowledge/test_search.py compares), at a fifth of the cost for a long text.
HEADLINE_BEFORE, HEADLINE_AFTER = 400, 1_000
# Highlight markers from the private-use area: no real text contains them, so the text around them can be
# escaped safely before they become <mark> elements.
START, STOP = "\ue000", "\ue001"


@dataclass
class Hit:
    kind: str
    rank: float
    source: "Source" = field(repr=False, compare=False)
    pk: int = field(repr=False, compare=False)
    # The row found, with the fields its source shows, and its snippet: read for the hits shown (hits_describe) on
    # PostgreSQL, so a search of many hits describes only the page of them it shows; at once on SQLite.
    row: object = field(default=None, repr=False, compare=False)
    snippet: SafeString | None = field(default=None, compare=False)
    # The query and all hits of the search: a hit read before hits_describe was called describes them together.
    query: str = field(default="", repr=False, compare=False)
    found: list["Hit"] = field(default_factory=list, repr=False, compare=False)

    @cached_property
    def _described(self) -> dict:
        if self.row is None:
            hits_describe(self.found, query=self.query)
        return self.source.hit(self.row)

    @property
    def title(self) -> str:
        return self._described["title"]

    @property
    def url(self) -> str:
        return self._described["url"]

    @property
    def date(self) -> datetime | None:
        return self._described.get("date")

    @property
    def note(self) -> str:
        return self._described.get("note", "")


# Compared and hashed as itself: its kind is a lazy translation, which hashing would translate each time.
@dataclass(frozen=True, eq=False)
class Source:
    kind: str
    model: type[Model]
    queryset: Callable[..., QuerySet]
    # The searched fields, the first one the title (ranked highest); `text` are the fields the snippet comes from.
    fields: tuple[str, ...]
    text: tuple[str, ...]
    hit: Callable[[object], dict]
    # The fields `hit` reads, through the relations (meeting__title); the primary keys of related rows `hit` links to
    # are among them. On PostgreSQL only these are loaded (the snippet is made in the database).
    shown: tuple[str, ...]
    # The rule a user needs to search this source at all; what they find in it is scoped by the selector.
    rule: str = PUBLIC
    # The stored vector of the fields on PostgreSQL, instead of computing it for every row searched.
    vector: Expression | None = None


# What an agenda-item hit and a decision hit show: the item's title and its meeting.
_ITEM_SHOWN = ("title", "meeting__id", "meeting__title", "meeting__starts_at", "meeting__body__name")


class _Stored(Func):
    """A vector column PostgreSQL generates (migrations meetings 0006, knowledge 0002 and 0003) of the row that
    `field`, a field's path, is in, joined as for the field: the models do not declare the columns."""

    output_field = SearchVectorField()

    def __init__(self, field: str, column: str):
        super().__init__(F(field))
        self.column = column

    def as_sql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        field_sql, params = compiler.compile(self.source_expressions[0])
        return f'{field_sql.rsplit(".", 1)[0]}."{self.column}"', params


def _stored(*columns: tuple[str, str]) -> Func:
    """Return the stored vectors concatenated, as || does: the positions of each after those of the one before."""
    return Func(*(_Stored(*column) for column in columns), template="(%(expressions)s)", arg_joiner=" || ")


def _document_hit(document) -> dict:
    note = "" if document.text_extracted else _("Filens tekst kunne ikke læses; fundet på titel og beskrivelse.")
    return {"title": document.title, "url": document.get_absolute_url(), "date": document.updated_at, "note": note}


def _meeting_hit(meeting) -> dict:
    return {"title": str(meeting), "url": meeting.get_absolute_url(), "date": meeting.starts_at}


def _item_hit(item) -> dict:
    return {"title": f"{item.title} ({item.meeting})", "url": item.get_absolute_url(), "date": item.meeting.starts_at}


def _decision_hit(item) -> dict:
    return {**_item_hit(item), "url": selectors.decision_url(item)}


SOURCES = (
    Source(
        gettext_lazy("Dokument"),
        Document,
        selectors.documents_for_user,
        ("title", "description", "text"),
        ("description", "text"),
        _document_hit,
        vector=F("search_vector"),
        shown=("title", "updated_at", "text_extracted"),
    ),
    Source(
        gettext_lazy("Bilag til møde"),
        Attachment,
        selectors.attachments_for_user,
        ("title", "original_name"),
        ("item__title", "original_name"),
        lambda a: {"title": str(a), "url": a.get_absolute_url(), "date": a.uploaded_at},
        rule="meetings.use",
        vector=_stored(("title", "search_vector")),
        shown=("title", "original_name", "uploaded_at"),
    ),
    Source(
        gettext_lazy("Styringsdialog"),
        RoundDocument,
        selectors.round_documents_for_user,
        ("original_name", "kind", "round__organisation__name"),
        ("round__organisation__name", "original_name"),
        lambda d: {"title": str(d), "url": d.get_absolute_url(), "date": d.uploaded_at},
        rule="dialogue.use",
        vector=_stored(("original_name", "search_vector"), ("round__organisation__name", "search_name_vector")),
        shown=("kind", "version", "original_name", "uploaded_at"),
    ),
    Source(
        gettext_lazy("Møde"),
        Meeting,
        selectors.meetings_of_user,
        ("title", "body__name", "place", "case_number", "minutes_note"),
        ("body__name", "place", "minutes_note"),
        _meeting_hit,
        rule="meetings.use",
        vector=_stored(
            ("title", "search_title_vector"), ("body__name", "search_name_vector"), ("title", "search_rest_vector")
        ),
        shown=("title", "starts_at", "body__name"),
    ),
    Source(
        gettext_lazy("Dagsordenspunkt"),
        AgendaItem,
        selectors.agenda_items_for_user,
        ("title", "background", "recommendation", "minutes", "case_number"),
        ("background", "recommendation", "minutes"),
        _item_hit,
        rule="meetings.use",
        vector=_stored(("title", "search_vector")),
        shown=_ITEM_SHOWN,
    ),
    Source(
        gettext_lazy("Beslutning"),
        AgendaItem,
        selectors.decisions_for_user,
        ("title", "decision"),
        ("decision",),
        _decision_hit,
        rule="meetings.use",
        vector=_stored(("title", "decision_search_vector")),
        shown=_ITEM_SHOWN,
    ),
    Source(
        gettext_lazy("Nyhed"),
        NewsItem,
        selectors.news_for_user,
        ("title", "summary", "text"),
        ("summary", "text"),
        lambda n: {"title": n.title, "url": n.get_absolute_url(), "date": n.published_at},
        vector=F("search_vector"),
        shown=("title", "published_at"),
    ),
)


def clean_query(raw: str) -> str:
    """Return the query without control characters (PostgreSQL refuses NUL), spaces collapsed, cut to a length."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(*, user, query: str) -> list[Hit]:
    """Return the hits of every source the user may see, best first; no hits for an empty query. On PostgreSQL
    the hits are not described yet: hits_describe reads what the hits shown show."""
    query = clean_query(query)
    if not query:
        return []
    sources = [(number, source) for number, source in enumerate(SOURCES) if user.has_perm(source.rule)]
    if connection.vendor == "postgresql":
        return _full_text_hits(sources, user=user, query=query)
    hits = [hit for _, source in sources for hit in _simple_hits(source, user=user, query=query)]
    return sorted(hits, key=lambda hit: -hit.rank)


def hits_describe(hits: list[Hit], *, query: str) -> list[Hit]:
    """Read the rows of the hits not yet described, with the fields they show, and their text with the query's
    words marked (PostgreSQL's ts_headline), in one query for all of them: only for the page of hits shown, as it
    reads each hit's text. Return the hits described, without any whose row was deleted since the search."""
    waiting = [hit for hit in hits if hit.row is None]
    if not waiting:
        return hits
    query = clean_query(query)
    found = sorted({(SOURCES.index(hit.source), hit.pk) for hit in waiting})
    # A hit's row and snippet are the same for everyone who may see the hit (the search found it for the user), so
    # they are remembered as the rankings are, for the same words and hits: ts_headline reads each hit's text.
    rows = _remembered(["described", query, found], now=timezone.now(), read=lambda: _described_rows(found, query))
    described = {(SOURCES[number], pk): (headline, shown) for number, pk, headline, shown in rows}
    for hit in waiting:
        if (hit.source, hit.pk) in described:
            headline, shown = described[hit.source, hit.pk]
            values = dict(zip(("pk", *hit.source.shown), json.loads(shown), strict=True))
            hit.row = _instance(hit.source.model, values)
            hit.snippet = _mark(headline or "")
    return [hit for hit in hits if hit.row is not None]


def _described_rows(found: list[tuple[int, int]], query: str) -> list:
    """Return the (source number, primary key, snippet, shown fields as JSON) rows of the hits found, as _DESCRIBED
    reads them, in one query for all sources."""
    parts, params = [], []
    for number in range(len(SOURCES)):
        pks = [pk for found_number, pk in found if found_number == number]
        if pks:
            sql, source_params = _described(number, pks=pks, query=query)
            parts.append(f"({sql})")
            params += source_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [list(row) for row in cursor.fetchall()]


# The hits' rows with their snippets. ts_headline parses and stems all the text it is given, which was most of the
# time a page of hits took, so it is given a window of the text (HEADLINE_BEFORE, HEADLINE_AFTER). The row's text is
# read once: OFFSET 0 keeps PostgreSQL from reading it again for each use. The query is made once a statement, a
# sub-select as _QueryOnce makes it: made for each row, as the generic plan of a prepared statement makes it, it made
# that plan look so costly that PostgreSQL planned the statement anew on every run instead (0.2-0.3 ms a search).
_DESCRIBED = """
SELECT %s, row_.pk, CASE WHEN window_.first IS NULL OR strpos(windowed, %s) > 0 THEN windowed
        ELSE ts_headline('{config}', row_.text, (SELECT websearch_to_tsquery('{config}', %s)), %s) END, row_.shown
FROM ({rows} OFFSET 0) AS row_ (pk, text, shown),
    LATERAL (
        SELECT min(place) AS first, max(place) AS last
        FROM unnest(ARRAY(
                SELECT (regexp_matches(
                    querytree((SELECT websearch_to_tsquery('{config}', %s))), '''([^'']+)''', 'g'
                ))[1]
            )) AS stem,
            least(
                nullif(strpos(row_.text, stem), 0),
                nullif(strpos(row_.text, initcap(stem)), 0),
                nullif(strpos(row_.text, upper(stem)), 0)
            ) AS place
        WHERE place IS NOT NULL
    ) AS window_,
    ts_headline(
        '{config}',
        CASE WHEN window_.first > {before}
            THEN regexp_replace(
                substr(row_.text, window_.first - {before}, window_.last - window_.first + {before} + {after}),
                '^\\S*\\s',
                ''
            )
            ELSE left(row_.text, coalesce(window_.last, 0) + {after}) END,
        (SELECT websearch_to_tsquery('{config}', %s)),
        %s
    ) AS windowed"""
HEADLINE_OPTIONS = (
    f"StartSel='{START}', StopSel='{STOP}', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=' … '"
)


def _described(number: int, *, pks: list[int], query: str) -> tuple[str, list]:
    """Return the SQL and parameters reading the rows of the source numbered with these primary keys as (source
    number, primary key, snippet, the fields it shows as one JSON array: the sources' rows differ, and the branches
    of a union must not)."""
    rows, params = _DESCRIBING.sql(number, pks=pks)
    sql = _DESCRIBED.format(config=CONFIG, rows=rows, before=HEADLINE_BEFORE, after=HEADLINE_AFTER)
    return sql, [number, START, query, HEADLINE_OPTIONS, *params, query, query, HEADLINE_OPTIONS]


def _describing(number: int, *, pks: list[int]) -> QuerySet:
    """Return the rows of the source numbered with these primary keys as (primary key, the text of its snippet, the
    fields it shows)."""
    source = SOURCES[number]
    shown = Func(*(F(name) for name in ("pk", *source.shown)), function="JSONB_BUILD_ARRAY", output_field=JSONField())
    return (
        source.model.objects.filter(selectors.among("pk", selectors.Ids(pks)))
        .annotate(_text=_concat(source.text), _shown=shown)
        .values_list("pk", "_text", "_shown")
        .order_by()
    )


# The rows _DESCRIBED reads, compiled once a process for each source (lib.prepared).
_DESCRIBING = PreparedRead(_describing)


def _instance(model: type[Model], values: dict) -> Model:
    """Return a row of `model` with the values read (named by their paths: meeting__title is the title of its
    meeting), as .only() and select_related() load it."""
    own, related = {}, {}
    for path, value in values.items():
        name, _, rest = path.partition("__")
        if rest:
            related.setdefault(name, {})[rest] = value
        else:
            model_field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            own[model_field.attname] = model_field.to_python(value)
    # from_db takes the values of a partly loaded row in the order of the model's fields.
    names = [model_field.attname for model_field in model._meta.concrete_fields if model_field.attname in own]
    row = model.from_db(None, names, [own[name] for name in names])
    for name, values_of_related in related.items():
        relation = model._meta.get_field(name)
        relation.set_cached_value(row, _instance(relation.related_model, values_of_related))
    return row


def _mark(text: str) -> SafeString:
    """Escape the text, then turn the highlight markers into <mark> elements."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _concat(fields: tuple[str, ...]):
    parts = []
    for name in fields:
        parts += [Left(name, HEADLINE_SOURCE_CHARS), Value(" ")]
    if len(fields) == 1:
        return parts[0]
    return Concat(*parts[:-1], output_field=TextField())


def _search_query(query: str) -> SearchQuery:
    return _QueryOnce(query, config=CONFIG, search_type="websearch")


class _QueryOnce(SearchQuery):
    """The query made once a statement (a sub-select, which PostgreSQL runs once), not again for every row ranked: a
    prepared statement's generic plan does not compute the query in advance as a plan for its value does."""

    def as_sql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"(SELECT {sql})", params


def _full_text_hits(sources: list[tuple[int, Source]], *, user, query: str) -> list[Hit]:
    """Rank the sources' hits in one query, a union of each source's best HITS_PER_SOURCE, which reads only which
    row each hit is and its rank."""
    shape, values = selectors.scope_read(user=user)
    rows = _remembered_ranking(tuple(number for number, _ in sources), shape, query=query, values=values)
    # Equal ranks in the order of the sources, and newest first within a source, as each source ranks them.
    rows.sort(key=lambda row: (-row[2], row[0], -row[1]))
    kinds = {number: str(source.kind) for number, source in sources}  # translated once a search, not once a hit
    hits = [Hit(kind=kinds[number], rank=rank, source=SOURCES[number], pk=pk, query=query) for number, pk, rank in rows]
    for hit in hits:
        hit.found = hits
    return hits


# The ranking remembered for the key, if the data's state is still the one it was ranked in and no news item was
# published since; and whether this transaction changed what the search reads (migration knowledge 0004).
_REMEMBERED = """
SELECT state.token, current_setting('boligportalen.search_changed', true) IS NOT DISTINCT FROM 'on', ranking.rows
FROM (SELECT 1) AS one
    LEFT JOIN knowledge_searchstate AS state ON state.id = 1
    LEFT JOIN knowledge_searchranking AS ranking ON ranking.key = %s AND ranking.token = state.token
        AND (ranking.valid_until IS NULL OR ranking.valid_until > %s)
"""
# Remembered until the next news item is published, as the ranking finds the news published by its `now`.
_REMEMBER = """
INSERT INTO knowledge_searchranking (key, token, valid_until, rows)
VALUES (%s, %s, (SELECT min(published_at) FROM knowledge_newsitem WHERE published_at > %s), %s::jsonb)
ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, valid_until = EXCLUDED.valid_until, rows = EXCLUDED.rows
"""


def _remembered(key: list, *, now: datetime, read: Callable[[], list]) -> list:
    """Return the rows `read` gives, remembered under the key while the data they were read from is unchanged (see
    _REMEMBERED). A transaction that changed what the search reads reads afresh, as its changes are not committed."""
    key = hashlib.sha256(json.dumps(key, sort_keys=True, default=sorted).encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(_REMEMBERED, [key, now])
        token, changed, remembered = cursor.fetchone()
        keep = token is not None and not changed
        if keep and remembered is not None:
            return json.loads(remembered)  # Django reads jsonb as its text
        rows = read()
        if keep:
            cursor.execute(_REMEMBER, [key, token, now, json.dumps(rows)])
    return rows


def _remembered_ranking(numbers: tuple[int, ...], shape: tuple, *, query: str, values: dict) -> list:
    """Return the (source number, primary key, rank) rows _RANKING reads, remembered for the same words and sources
    and a user of the same scope while the data they were ranked in is unchanged: ranking a common word reads every
    row it is found in, for each search and each page of its hits."""
    scope = {name: value for name, value in values.items() if name != "now"}
    return _remembered(
        [query, numbers, shape, scope],
        now=values["now"],
        read=lambda: _RANKING.rows(numbers, shape, query=query, **values),
    )


def _ranking(numbers: tuple[int, ...], shape: tuple, *, query: str, **scope) -> QuerySet:
    """Return the best hits of the sources numbered for a user of the shape of scope whose scope is `scope` (see
    selectors.scope_read), as (source number, primary key, rank) rows of one union."""
    user = selectors.scope_stand_in(shape, scope)
    search_query = _search_query(query)
    parts = [_ranked(number, SOURCES[number], user=user, search_query=search_query) for number in numbers]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


# The same SQL for every user of a shape of scope and every query, so compiled once a process (lib.prepared):
# building and compiling the seven sources' querysets, each scoped to the user, cost more than running the query did.
# The ids and organisation scope_read reads are what the user's roles may be filtered by: the sources they search
# need not filter by all of them.
_RANKING = PreparedRead(_ranking, optional=("member_bodies", "member_meetings", "meetings", "rounds", "organisation"))


def _ranked(number: int, source: Source, *, user, search_query: SearchQuery) -> QuerySet:
    """Return the source's best hits for the user as (source number, primary key, rank) rows."""
    if source.vector is not None:
        vector = source.vector
    else:
        vector = SearchVector(source.fields[0], weight="A", config=CONFIG) + SearchVector(
            *source.fields[1:], weight="B", config=CONFIG
        )
    return (
        # Only the columns named (values_list drops the selector's select_related): hits_describe reads the rest.
        source.queryset(user=user)
        .alias(_vector=vector)
        .filter(_vector=search_query)
        .annotate(_source=Value(number), _rank=SearchRank(F("_vector"), search_query))
        .values_list("_source", "pk", "_rank")
        # Newest first among equal ranks, so which of them make the cut does not depend on the query plan.
        .order_by("-_rank", "-pk")[:HITS_PER_SOURCE]
    )


def _value(obj, path: str) -> str:
    for name in path.split("__"):
        obj = getattr(obj, name, None) if obj is not None else None
    return "" if obj is None else str(obj)


def _excerpt(text: str, words: list[str]) -> SafeString:
    """Return a stretch of `text` around the first word found, with every word found marked."""
    lower = text.lower()
    found = [lower.find(word.lower()) for word in words]
    first = min((position for position in found if position >= 0), default=0)
    start = max(first - SNIPPET_CHARS // 3, 0)
    stretch = text[start : start + SNIPPET_CHARS]
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    marked = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", stretch)
    return _mark(("… " if start else "") + marked + (" …" if start + SNIPPET_CHARS < len(text) else ""))


def _simple_hits(source: Source, *, user, query: str) -> list[Hit]:
    words = query.split()
    condition = Q()
    for word in words:
        any_field = Q()
        for name in source.fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    rows = source.queryset(user=user).filter(condition)[:HITS_PER_SOURCE]
    hits = []
    for row in rows:
        title = _value(row, source.fields[0]).lower()
        rank = sum(word.lower() in title for word in words) + 0.1
        text = " ".join(_value(row, name) for name in source.text if _value(row, name))
        hits.append(
            Hit(kind=str(source.kind), rank=rank, source=source, pk=row.pk, row=row, snippet=_excerpt(text, words))
        )
    return hits
