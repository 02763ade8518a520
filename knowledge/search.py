"""The one search box: documents, meeting attachments, steering-dialogue documents, meetings, agenda items,
decisions and news, each source already scoped to the user by the selectors, ranked, with the hit highlighted.

On PostgreSQL the search is Danish full text (stemming: »renoveringer« finds »renovering«); on SQLite, the
zero-set-up demo, every word of the query must occur somewhere in the searched fields."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from knowledge import selectors
from lib.views import PUBLIC

CONFIG = "danish"
MAX_QUERY_LENGTH = 200
HITS_PER_SOURCE = 20
SNIPPET_CHARS = 220
# The snippet is made from the start of each text field: PostgreSQL's ts_headline takes time in proportion to the
# text, and a long report's extracted text runs to hundreds of thousands of characters. A hit further in shows the
# start of the text, unmarked.
HEADLINE_SOURCE_CHARS = 5_000
# Highlight markers from the private-use area: no real text contains them, so the text around them can be
# escaped safely before they become <mark> elements.
START, STOP = "\ue000", "\ue001"


@dataclass
class Hit:
    kind: str
    rank: float
    # The row found and its source: what the hit shows is read from them when it is shown, so a search of many
    # hits describes only the page of them it shows.
    row: object = field(repr=False, compare=False)
    source: "Source" = field(repr=False, compare=False)
    # Made for the hits shown (snippets_add) on PostgreSQL; at once on SQLite.
    snippet: SafeString | None = None

    @cached_property
    def _described(self) -> dict:
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


@dataclass(frozen=True)
class Source:
    kind: str
    queryset: Callable[..., QuerySet]
    # The searched fields, the first one the title (ranked highest); `text` are the fields the snippet comes from.
    fields: tuple[str, ...]
    text: tuple[str, ...]
    hit: Callable[[object], dict]
    # The fields `hit` reads: on PostgreSQL only these are loaded (the snippet is made in the database).
    shown: tuple[str, ...]
    # The rule a user needs to search this source at all; what they find in it is scoped by the selector.
    rule: str = PUBLIC
    # The stored vector of the fields on PostgreSQL, instead of computing it for every row searched.
    vector: Expression | None = None

    @property
    def related(self) -> tuple[str, ...]:
        """The relations the shown fields are read through."""
        return tuple(dict.fromkeys(name.rpartition("__")[0] for name in self.shown if "__" in name))


# What an agenda-item hit and a decision hit show: the item's title and its meeting.
_ITEM_SHOWN = ("title", "meeting__title", "meeting__starts_at", "meeting__body__name")


def _generated_column(table: str, column: str) -> RawSQL:
    """A vector column PostgreSQL generates and indexes (migration meetings 0006); the model does not declare it."""
    return RawSQL(f'"{table}"."{column}"', [], output_field=SearchVectorField())


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
        selectors.documents_for_user,
        ("title", "description", "text"),
        ("description", "text"),
        _document_hit,
        vector=F("search_vector"),
        shown=("title", "updated_at", "text_extracted"),
    ),
    Source(
        gettext_lazy("Bilag til møde"),
        selectors.attachments_for_user,
        ("title", "original_name"),
        ("item__title", "original_name"),
        lambda a: {"title": str(a), "url": a.get_absolute_url(), "date": a.uploaded_at},
        rule="meetings.use",
        vector=_generated_column("meetings_attachment", "search_vector"),
        shown=("title", "original_name", "uploaded_at"),
    ),
    Source(
        gettext_lazy("Styringsdialog"),
        selectors.round_documents_for_user,
        ("original_name", "kind", "round__organisation__name"),
        ("round__organisation__name", "original_name"),
        lambda d: {"title": str(d), "url": d.get_absolute_url(), "date": d.uploaded_at},
        rule="dialogue.use",
        shown=("kind", "version", "original_name", "uploaded_at"),
    ),
    Source(
        gettext_lazy("Møde"),
        selectors.meetings_of_user,
        ("title", "body__name", "place", "case_number", "minutes_note"),
        ("body__name", "place", "minutes_note"),
        _meeting_hit,
        rule="meetings.use",
        shown=("title", "starts_at", "body__name"),
    ),
    Source(
        gettext_lazy("Dagsordenspunkt"),
        selectors.agenda_items_for_user,
        ("title", "background", "recommendation", "minutes", "case_number"),
        ("background", "recommendation", "minutes"),
        _item_hit,
        rule="meetings.use",
        vector=_generated_column("meetings_agendaitem", "search_vector"),
        shown=_ITEM_SHOWN,
    ),
    Source(
        gettext_lazy("Beslutning"),
        selectors.decisions_for_user,
        ("title", "decision"),
        ("decision",),
        _decision_hit,
        rule="meetings.use",
        vector=_generated_column("meetings_agendaitem", "decision_search_vector"),
        shown=_ITEM_SHOWN,
    ),
    Source(
        gettext_lazy("Nyhed"),
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
    the hits have no snippet yet: snippets_add makes them for the hits shown."""
    query = clean_query(query)
    if not query:
        return []
    find = _full_text_hits if connection.vendor == "postgresql" else _simple_hits
    sources = [source for source in SOURCES if user.has_perm(source.rule)]
    hits = [hit for source in sources for hit in find(source, user=user, query=query)]
    return sorted(hits, key=lambda hit: -hit.rank)


def snippets_add(hits: list[Hit], *, query: str) -> None:
    """Give the hits without a snippet their text with the query's words marked, made by PostgreSQL's ts_headline
    in one query for all of them: only for the page of hits shown, as it reads each hit's text."""
    waiting = [hit for hit in hits if hit.snippet is None]
    if not waiting:
        return
    search_query = _search_query(clean_query(query))
    parts = []
    for number, source in enumerate(SOURCES):
        found = [hit for hit in waiting if hit.source is source]
        if found:
            parts.append(
                type(found[0].row)
                .objects.filter(pk__in=[hit.row.pk for hit in found])
                .annotate(_source=Value(number), _headline=_headline(source, search_query))
                .values_list("_source", "pk", "_headline")
                .order_by()
            )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    headlines = {(SOURCES[number], pk): headline for number, pk, headline in rows}
    for hit in waiting:
        hit.snippet = _mark(headlines.get((hit.source, hit.row.pk)) or "")


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
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def _full_text_hits(source: Source, *, user, query: str) -> list[Hit]:
    search_query = _search_query(query)
    if source.vector is not None:
        vector = source.vector
    else:
        vector = SearchVector(source.fields[0], weight="A", config=CONFIG) + SearchVector(
            *source.fields[1:], weight="B", config=CONFIG
        )
    # Only the relations the hit reads are joined, not every one the selector selects for its other pages.
    rows = source.queryset(user=user).select_related(None)
    if source.related:
        rows = rows.select_related(*source.related)
    rows = (
        rows.only(*source.shown)
        .alias(_vector=vector)
        .filter(_vector=search_query)
        .annotate(_rank=SearchRank(F("_vector"), search_query))
        # Newest first among equal ranks, so which of them make the cut does not depend on the query plan.
        .order_by("-_rank", "-pk")[:HITS_PER_SOURCE]
    )
    return [Hit(kind=str(source.kind), rank=row._rank, row=row, source=source) for row in rows]


def _headline(source: Source, search_query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        _concat(source.text),
        search_query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
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
        hits.append(Hit(kind=str(source.kind), rank=rank, row=row, source=source, snippet=_excerpt(text, words)))
    return hits
