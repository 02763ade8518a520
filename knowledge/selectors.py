"""Reads of the library, the news and the search, already filtered for the user.

Who sees a library document follows its visibility: public for everyone; internal for the municipality's staff;
body-only for the body's current members; organisation-only for that housing organisation's board members (as
its steering-dialogue material is). The secretariat and the management see everything. Meeting attachments, agenda items
and decisions follow the meetings' own scoping (a closed item only for the body's members and the secretariat);
the documents of the steering dialogue follow the dialogue's (a board member only their own organisation's)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page
from django.db import connection
from django.db.models import F, Lookup, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from coordination.models import Membership
from dialogue.models import DialogueRound
from dialogue.models import Document as RoundDocument
from dialogue.selectors import organisation_reach, rounds_for_user
from knowledge.models import Document, DocumentVersion, NewsItem, Tag, Visibility
from lib.prepared import PreparedRead
from lib.remembered import Remembered
from lib.roles import Role, group_names
from lib.rules import (
    has_portal_role,
    is_board_member,
    is_direktion,
    is_municipal_staff,
    is_sekretariat,
    organisation_id_of_user,
)
from meetings.models import AgendaItem, Attachment, Meeting
from meetings.selectors import meetings_for_user, meetings_visible_to, sees_all_meetings


def _sees_everything(user) -> bool:
    return is_sekretariat(user) or is_direktion(user)


def _compiled(rows: QuerySet) -> RawSQL | QuerySet:
    """Return the subquery compiled to SQL once. Django copies, relabels and compiles a queryset again for every
    place it is used in another, and the search scopes five of its sources by the user's bodies and meetings: that
    was a third of the time building the search took."""
    try:
        # Without the model's ordering, as Django embeds a subquery (the memberships' would join their bodies).
        sql, params = rows.order_by().query.sql_with_params()
    except EmptyResultSet:
        return rows
    return RawSQL(sql, params)


def _ids_of_user(user, name: str, read: PreparedRead) -> "RawSQL | QuerySet | Ids":
    """Return the ids `read` reads for the user today, as a subquery kept on the user as `name` for the request (as
    lib.rules keeps the user's organisation), or the ids scope_read kept there."""
    if not hasattr(user, name):
        if user.is_authenticated:
            setattr(user, name, RawSQL(*read.sql(user_id=user.pk, on=timezone.localdate())))
        else:
            setattr(user, name, Membership.objects.none().values("pk"))
    return getattr(user, name)


def _member_body_ids(user) -> "RawSQL | QuerySet | Ids":
    """Return the ids of the bodies the user sits in today (_ids_of_user)."""
    return _ids_of_user(user, "_knowledge_member_body_ids", _MEMBER_BODY_IDS)


def _member_meeting_ids(user) -> "RawSQL | QuerySet | Ids":
    """Return the ids of the meetings of the bodies the user sits in today (_ids_of_user)."""
    return _ids_of_user(user, "_knowledge_member_meeting_ids", _MEMBER_MEETING_IDS)


def _seats(*, user_id: int, on: datetime.date) -> QuerySet[Membership]:
    # Without the model's ordering, as Django embeds a subquery (the memberships' would join their bodies).
    return Membership.objects.current(on=on).filter(person__user_id=user_id).order_by()


# The ids of the bodies a user sits in on a day, and of those bodies' meetings, subqueries compiled once a process
# (lib.prepared) that scope the library, the news and the search. The meetings' ids are what closed agenda items are
# filtered by (_open_items): by the body of each item's meeting, PostgreSQL joined every item found to its meeting.
_MEMBER_BODY_IDS = PreparedRead(_seats, "body_id")
_MEMBER_MEETING_IDS = PreparedRead(
    lambda *, user_id, on: Meeting.objects.filter(
        body_id__in=_seats(user_id=user_id, on=on).values("body_id")
    ).order_by(),
    "pk",
)


# The ids of an organisation's steering-dialogue rounds, which a board member sees (dialogue.selectors).
_ROUND_IDS = PreparedRead(
    lambda *, organisation: DialogueRound.objects.filter(organisation_id=organisation).order_by(), "pk"
)


# The ids of the meetings a user who does not see every meeting may see (meetings_for_user), compiled once a process:
# building the scoping subqueries through the ORM took a third of a board member's search.
_VISIBLE_MEETING_IDS = PreparedRead(
    lambda *, user_id, today: meetings_visible_to(Meeting.objects.order_by(), user_id=user_id, today=today), "pk"
)


def meetings_of_user(*, user) -> QuerySet[Meeting]:
    """Return the meetings the user may see (meetings_for_user), built once a request: the search finds meetings
    among them, and their ids scope attachments, agenda items and decisions."""
    if not hasattr(user, "_knowledge_meetings"):
        user._knowledge_meetings = meetings_for_user(user=user)
    return user._knowledge_meetings


def scope_read(*, user) -> tuple[tuple, dict]:
    """Read the ids of the bodies the user sits in and of the meetings and steering-dialogue rounds they may see, in
    one query, and keep them on the user for the rest of the request: the selectors called after it filter by the
    ids read instead of by subqueries, which PostgreSQL planned and ran again for each source of the search.

    Return the shape of the user's scope (what else the SQL the selectors make for them depends on: whether they are
    signed in, and their roles) and its values by name: "member_bodies", "member_meetings" (the meetings of those
    bodies), "meetings" and "rounds" (the ids read, each only where it filters), "organisation" (only for a user who
    has one) and "now". Which of them there are shapes the SQL too."""
    if not user.is_authenticated:
        return (False,), {"now": timezone.now()}
    if not hasattr(user, "_knowledge_scope"):
        subqueries = {}
        if not is_sekretariat(user):  # the one role whose scoping asks nothing of their bodies
            subqueries["member_bodies"] = _member_body_ids(user)
            subqueries["member_meetings"] = _member_meeting_ids(user)
        if not sees_all_meetings(user):
            subqueries["meetings"] = RawSQL(*_VISIBLE_MEETING_IDS.sql(user_id=user.pk, today=timezone.localdate()))
        reach, organisation = organisation_reach(user)
        if reach == "own":
            subqueries["rounds"] = RawSQL(*_ROUND_IDS.sql(**organisation))
        elif reach == "none":
            subqueries["rounds"] = DialogueRound.objects.none()  # read as no ids
        values = {name: [] for name, rows in subqueries.items() if not isinstance(rows, RawSQL)}
        compiled = {name: rows for name, rows in subqueries.items() if name not in values}
        if compiled:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join(f"ARRAY({rows.sql})" for rows in compiled.values()),
                    [param for rows in compiled.values() for param in rows.params],
                )
                values.update(zip(compiled, cursor.fetchone(), strict=True))
        _scope_keep(user, values)
        organisation_id = organisation_id_of_user(user)
        if organisation_id is not None:
            values["organisation"] = organisation_id
        user._knowledge_scope = (True, group_names(user)), values
    shape, values = user._knowledge_scope
    return shape, {**values, "now": timezone.now()}


def scope_stand_in(shape: tuple, values: dict) -> object:
    """Return a user of the shape of scope (scope_read) whose scope is `values`, the stand-ins lib.prepared builds the
    search with for what scope_read reads: the SQL the selectors make for it is the SQL they make for any user of the
    shape and the same names of values, with that user's values in the stand-ins' places."""
    if not shape[0]:
        return _StandIn(authenticated=False, now=values["now"])
    _, names = shape
    stand_in = _StandIn(
        authenticated=True, group_names=names, organisation_id=values.get("organisation"), now=values["now"]
    )
    _scope_keep(stand_in, values)
    return stand_in


class _StandIn:
    """A user as the selectors see one: their roles, organisation and what scope_read keeps on them."""

    def __init__(
        self, *, authenticated: bool, now, group_names: frozenset[str] = frozenset(), organisation_id=None
    ) -> None:
        self.is_authenticated, self.is_anonymous = authenticated, not authenticated
        # Where lib.roles and lib.rules keep what they read of a user for the request.
        self._portal_group_names = group_names
        self._portal_organisation_id = organisation_id
        self._knowledge_now = now


def _now(user) -> datetime.datetime:
    """Return now, or the stand-in for it of a stand-in user (scope_stand_in)."""
    return getattr(user, "_knowledge_now", None) or timezone.now()


def _scope_keep(user, values: dict) -> None:
    """Keep the ids read (or their stand-ins) on the user."""
    if "member_bodies" in values:
        user._knowledge_member_body_ids = Ids(values["member_bodies"])
        user._knowledge_member_meeting_ids = Ids(values["member_meetings"])
    meetings = Meeting.objects.select_related("body")
    if "meetings" in values:
        user._knowledge_meeting_ids = Ids(values["meetings"])
        meetings = meetings.filter(among("pk", user._knowledge_meeting_ids))
    user._knowledge_meetings = meetings
    user._knowledge_rounds = Ids(values["rounds"]) if "rounds" in values else DialogueRound.objects.all()


class Ids:
    """Ids read (or a stand-in for them) to filter by as one parameter, `= ANY((SELECT %s))`: not one parameter
    per id, which Django and psycopg prepare one by one; not a subquery of the ids, which PostgreSQL may join only
    after a costly filter (the meetings' vectors of the search); and an array PostgreSQL reads as the query runs,
    not one it estimates element by element while planning (a millisecond for a staff member's 185 meetings)."""

    def __init__(self, ids: list[int] | tuple):
        self.ids = ids


class _AnyOf(Lookup):
    lookup_name = "any_of"

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def among(path: str, ids: Ids | RawSQL | QuerySet) -> Q:
    """Return the filter on the field `path` (through relations) being one of the ids: Ids, or a subquery."""
    if isinstance(ids, Ids):
        return Q(_AnyOf(F(path), RawSQL("(SELECT %s::bigint[])::bigint[]", (ids.ids,))))
    return Q(**{f"{path}__in": ids})


def _in_meetings_of_user(user, *, prefix: str = "") -> Q:
    """Return the filter (through `prefix`) on the meetings the user may see, their ids a subquery compiled once a
    request; no filter when meetings_for_user filters none out (the secretariat and the management see every
    meeting), where it would only make PostgreSQL join every meeting."""
    meetings = meetings_of_user(user=user)
    if not meetings.query.has_filters():
        return Q()
    if not hasattr(user, "_knowledge_meeting_ids"):
        user._knowledge_meeting_ids = _compiled(meetings.values("pk"))
    return among(f"{prefix}meeting_id", user._knowledge_meeting_ids)


# Library ---------------------------------------------------------------------------------------------------


def _library_reach(user) -> str:
    """Return what of the library the user's roles reach: "public", "all", "staff", "board" or "member" (a role
    that sees only what is public and their bodies')."""
    if not has_portal_role(user):
        return "public"
    if _sees_everything(user):
        return "all"
    if is_municipal_staff(user):
        return "staff"
    return "board" if is_board_member(user) else "member"


def _documents_reached(documents: QuerySet, reach: str, *, member_bodies, organisation) -> QuerySet:
    """Narrow the documents to those a user of the reach (_library_reach) sees: also those of the bodies
    `member_bodies` (ids or a subquery) and, for a board member, of the organisation (None: no organisation's)."""
    if reach == "public":
        return documents.filter(visibility=Visibility.PUBLIC)
    if reach == "all":
        return documents
    scope = Q(visibility=Visibility.PUBLIC) | Q(visibility=Visibility.BODY) & among("body_id", member_bodies)
    if reach == "staff":
        scope |= Q(visibility=Visibility.INTERNAL)
    elif reach == "board" and organisation is not None:
        scope |= Q(visibility=Visibility.ORGANISATION, organisation_id=organisation)
    return documents.filter(scope)


def documents_for_user(*, user) -> QuerySet[Document]:
    """Return the library documents the user may see, with what they belong to."""
    documents = Document.objects.select_related("body", "meeting__body", "round__organisation", "organisation")
    reach = _library_reach(user)
    if reach in ("public", "all"):
        return _documents_reached(documents, reach, member_bodies=None, organisation=None)
    organisation = organisation_id_of_user(user) if reach == "board" else None
    return _documents_reached(documents, reach, member_bodies=_member_body_ids(user), organisation=organisation)


def public_documents() -> QuerySet[Document]:
    return Document.objects.filter(visibility=Visibility.PUBLIC)


# What a row of the library shows: the document and what it belongs to (the belongs_to tag). Its body and
# organisation are joined; its meeting and steering-dialogue round, each with a further relation, are read for the
# page's rows that have one (most have neither): six outer joins made PostgreSQL plan three times as long as it ran.
_LIBRARY_ROW = (
    "title",
    "visibility",
    "updated_at",
    "body__name",
    "body__slug",
    "organisation__short_name",
    "meeting",
    "round",
)
_LIBRARY_MEETING = ("title", "starts_at", "body__name")
_LIBRARY_ROUND = ("year", "organisation__short_name")


def _library_read(reach: str, tagged: bool, **values) -> QuerySet:
    """The library of a user of the reach (_library_reach), newest first: `user_id` and `on` (the bodies they sit in
    that day) unless the reach is "public" or "all", `organisation` for a board member who has one, `tag` (a slug)
    if `tagged`. A board member with no organisation sees no organisation's documents."""
    documents = Document.objects.select_related("body", "organisation").only(*_LIBRARY_ROW)
    if reach in ("public", "all"):
        documents = _documents_reached(documents, reach, member_bodies=None, organisation=None)
    else:
        bodies = _seats(user_id=values["user_id"], on=values["on"]).values("body_id")
        documents = _documents_reached(documents, reach, member_bodies=bodies, organisation=values.get("organisation"))
    return documents.filter(tags__slug=values["tag"]) if tagged else documents


# A page of the library and the count of it in all, by SQL compiled once a process (lib.prepared): built through the
# ORM for each request they cost more than they took to run.
_LIBRARY = PreparedRead(_library_read, optional=("user_id", "on", "organisation"))


# Pages of the library, remembered while what they read is unchanged (see library_page): a page is the same for
# every user of the reach "public" or "all", and for the same user (their bodies and organisation) otherwise.
_LIBRARY_PAGES: Remembered[Page] = Remembered(size=64)


def library_page(*, user, tag: str, number, per_page: int) -> Page:
    """Return page `number` (as ?side= gives it) of the user's library, newest first, only the documents with the
    tag (by its slug) if one is given; each document read with what library_rows shows (library_page_read).

    Counting the documents the user may see and reading a page of them with their tags, meetings and rounds takes
    four queries (about 1.5 ms at ten years' data) at each view, and the library changes far less often: so a page is
    remembered in the process under the token of the data's state, whose triggers cover the tables it reads
    (lib.remembered; knowledge migration 0005), for the user's reach and its values, the tag and the page."""
    reach = _library_reach(user)
    values = {} if reach in ("public", "all") else {"user_id": user.pk, "on": timezone.localdate()}
    organisation = organisation_id_of_user(user) if reach == "board" else None
    if organisation is not None:
        values["organisation"] = organisation
    if tag:
        values["tag"] = tag

    def read() -> Page:
        page = _LIBRARY.page(number, reach, bool(tag), per_page=per_page, objects=True, **values)
        page.object_list = library_page_read(page.object_list)
        return page

    return _LIBRARY_PAGES.get((reach, tuple(sorted(values.items())), str(number), per_page), read)


# The tags of a page's documents, and the tags in use, read by SQL compiled once a process (lib.prepared): as the
# ORM's prefetch through the documents' tags and a query built for each request they cost more than they took to run.
_TAG_OF_DOCUMENT = ("documents__id", "pk", "name", "slug")
_PAGE_TAGS = PreparedRead(
    lambda *, ids: Tag.objects.filter(among("documents__id", Ids(ids))).order_by("name"), *_TAG_OF_DOCUMENT
)
_TAGS_IN_USE = PreparedRead(lambda: Tag.objects.filter(documents__isnull=False).distinct())


def library_page_read(documents: list[Document]) -> list[Document]:
    """Return the library's documents each with its tags as a list (`tag_list`, by name) and the meeting and round it
    belongs to, read for those that have one (a prefetch for none still builds its query)."""
    tags: dict[int, list[Tag]] = {document.pk: [] for document in documents}
    if documents:
        if connection.vendor == "postgresql":
            rows = _PAGE_TAGS.rows(ids=list(tags))
        else:  # the demo's SQLite has no arrays to pass the ids as one value (Ids)
            rows = Tag.objects.filter(documents__id__in=list(tags)).order_by("name").values_list(*_TAG_OF_DOCUMENT)
        for document_id, pk, name, slug in rows:
            tags[document_id].append(Tag(pk=pk, name=name, slug=slug))
    for document in documents:
        document.tag_list = tags[document.pk]
    lookups = []
    if any(document.meeting_id for document in documents):
        lookups.append(Prefetch("meeting", Meeting.objects.select_related("body").only(*_LIBRARY_MEETING)))
    if any(document.round_id for document in documents):
        lookups.append(Prefetch("round", DialogueRound.objects.select_related("organisation").only(*_LIBRARY_ROUND)))
    prefetch_related_objects(documents, *lookups)
    return documents


# The tags in use, remembered while what they read is unchanged (under the data state's token, as a library page).
_TAGS: Remembered[list[Tag]] = Remembered(size=1)


def tags_in_use() -> list[Tag]:
    """Return the tags that some document has, by name."""
    return _TAGS.get(None, _TAGS_IN_USE.objects)


def document_get_for_user(*, user, pk: int) -> Document:
    """Return a library document the user may see, with its tags and versions, or 404."""
    try:
        return documents_for_user(user=user).prefetch_related("tags", "versions").get(pk=pk)
    except Document.DoesNotExist as error:
        raise Http404("Dokumentet findes ikke.") from error


def version_get_for_user(*, user, pk: int) -> DocumentVersion:
    try:
        return DocumentVersion.objects.select_related("document").get(pk=pk, document__in=documents_for_user(user=user))
    except DocumentVersion.DoesNotExist as error:
        raise Http404("Filen findes ikke.") from error


def _open_items(user, *, prefix: str = "") -> Q:
    """Return the filter on agenda items (through `prefix`) that hides closed items from non-members."""
    if is_sekretariat(user):
        return Q()
    return Q(**{f"{prefix}is_closed": False}) | among(f"{prefix}meeting_id", _member_meeting_ids(user))


def attachments_for_user(*, user) -> QuerySet[Attachment]:
    """Return the meeting attachments the user may see, newest first."""
    return (
        Attachment.objects.filter(_open_items(user, prefix="item__"), _in_meetings_of_user(user, prefix="item__"))
        .select_related("item__meeting__body")
        .order_by("-uploaded_at", "-id")
    )


def _rounds_of_user(user) -> QuerySet | Ids:
    """Return the steering-dialogue rounds the user may see (rounds_for_user), or their ids once scope_read read
    them."""
    if hasattr(user, "_knowledge_rounds"):
        return user._knowledge_rounds
    return rounds_for_user(user=user)


def round_documents_for_user(*, user) -> QuerySet[RoundDocument]:
    """Return the steering-dialogue documents the user may see, newest first."""
    return (
        RoundDocument.objects.filter(among("round_id", _rounds_of_user(user)))
        .select_related("round__organisation")
        .order_by("-uploaded_at", "-id")
    )


def agenda_items_for_user(*, user) -> QuerySet[AgendaItem]:
    """Return the agenda items of every meeting the user may see (closed ones only for members)."""
    return AgendaItem.objects.filter(_open_items(user), _in_meetings_of_user(user)).select_related("meeting__body")


def decisions_for_user(*, user) -> QuerySet[AgendaItem]:
    return agenda_items_for_user(user=user).exclude(decision="")


def decision_url(item: AgendaItem) -> str:
    """Return the address of the decision's own page (the one shared and found by the search)."""
    return reverse("knowledge:decision_detail", args=[item.pk])


def decision_get_for_user(*, user, pk: int) -> AgendaItem:
    """Return an agenda item with a decision the user may see, or 404."""
    try:
        return decisions_for_user(user=user).get(pk=pk)
    except AgendaItem.DoesNotExist as error:
        raise Http404("Beslutningen findes ikke.") from error


# News ------------------------------------------------------------------------------------------------------


def _news_reach(user) -> str:
    """Return which news the user's roles reach: "public", "all", or "addressed" (public news and those to their
    roles or bodies)."""
    if not has_portal_role(user):
        return "public"
    return "all" if _sees_everything(user) else "addressed"


def _news_reached(news: QuerySet, reach: str, *, roles=(), member_bodies=None) -> QuerySet:
    """Narrow the news to those a user of the reach (_news_reach) reads: for "addressed", also those to the roles
    (their names) and the bodies `member_bodies` (ids or a subquery)."""
    if reach == "public":
        return news.filter(audience=NewsItem.Audience.PUBLIC)
    if reach == "all":
        return news
    to_roles = NewsItem.roles.through.objects.filter(group__name__in=roles).values("newsitem_id")
    to_bodies = NewsItem.bodies.through.objects.filter(among("body_id", member_bodies)).values("newsitem_id")
    return news.filter(Q(audience=NewsItem.Audience.PUBLIC) | Q(pk__in=to_roles) | Q(pk__in=to_bodies))


def news_for_user(*, user) -> QuerySet[NewsItem]:
    """Return the published news the user may read: public news, and internal news to their bodies or roles."""
    # The vector is searched in the database, never shown.
    news = NewsItem.objects.filter(published_at__lte=_now(user)).defer("search_vector")
    reach = _news_reach(user)
    if reach != "addressed":
        return _news_reached(news, reach)
    return _news_reached(news, reach, roles=group_names(user), member_bodies=_member_body_ids(user))


# What the news list shows of an item.
_NEWS_ROW = ("title", "published_at", "audience", "summary", "text")


def _news_read(reach: str, roles: tuple[str, ...], *, now: datetime.datetime, **values) -> QuerySet:
    """The news a user of the reach (_news_reach) and roles reads, published by `now`, newest first: for "addressed"
    also those to the bodies they sit in on the day `on` (by `user_id`)."""
    news = NewsItem.objects.filter(published_at__lte=now).only(*_NEWS_ROW)
    if reach != "addressed":
        return _news_reached(news, reach)
    bodies = _seats(user_id=values["user_id"], on=values["on"]).values("body_id")
    return _news_reached(news, reach, roles=roles, member_bodies=bodies)


# A page of the news list and the count of it in all, by SQL compiled once a process (lib.prepared): a board
# member's, built through the ORM each request, compiled six queries and subqueries.
_NEWS = PreparedRead(_news_read, optional=("user_id", "on"))


def news_page(*, user, number, per_page: int) -> Page:
    """Return page `number` (as ?side= gives it) of the news the user may read (news_for_user), newest first, with
    what the news list shows of each."""
    reach = _news_reach(user)
    values, roles = {}, ()
    if reach == "addressed":
        values = {"user_id": user.pk, "on": timezone.localdate()}
        roles = tuple(sorted(group_names(user)))
    return _NEWS.page(number, reach, roles, per_page=per_page, objects=True, now=timezone.now(), **values)


def public_news() -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(audience=NewsItem.Audience.PUBLIC, published_at__lte=timezone.now())


def news_get_for_user(*, user, pk: int) -> NewsItem:
    try:
        return news_for_user(user=user).prefetch_related("bodies", "roles").get(pk=pk)
    except NewsItem.DoesNotExist as error:
        raise Http404("Nyheden findes ikke.") from error


def news_recipients(*, news: NewsItem) -> QuerySet:
    """Return the active users an internal news item is addressed to: its roles and its bodies' current members."""
    members = Membership.objects.current().filter(body__in=news.bodies.all()).values("person__user")
    return (
        get_user_model().objects.filter(Q(groups__in=news.roles.all()) | Q(pk__in=members), is_active=True).distinct()
    )


# Passing it on ---------------------------------------------------------------------------------------------


def share_recipients(*, user) -> QuerySet:
    """Return the people the user may pass something on to: for a board member their own organisation and the
    secretariat (no other organisation's people are listed), for the municipality's staff every portal user."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=Role.values, person__isnull=False)
        .exclude(pk=user.pk)
        .select_related("person__organisation")
        .order_by("person__name")
        .distinct()
    )
    if is_municipal_staff(user):
        return users
    return users.filter(Q(person__organisation_id=organisation_id_of_user(user)) | Q(groups__name=Role.SEKRETARIAT))


def shared_link(item: Document | NewsItem | AgendaItem) -> tuple[str, str]:
    """Return the title and address of a document, news item or decision, as they are passed on."""
    return item.title, decision_url(item) if isinstance(item, AgendaItem) else item.get_absolute_url()


def may_open(*, user, item) -> bool:
    """True when the user may open the shared item's page."""
    if isinstance(item, Document):
        return documents_for_user(user=user).filter(pk=item.pk).exists()
    if isinstance(item, NewsItem):
        return news_for_user(user=user).filter(pk=item.pk).exists()
    return user.has_perm("knowledge.use") and decisions_for_user(user=user).filter(pk=item.pk).exists()
