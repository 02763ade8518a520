"""Reads of meetings, already filtered for the user: who sees which meeting and which agenda items.

Sekretariat and Direktion see every meeting. Medarbejder and Boligorganisation users see the meetings of the
bodies they sit in (current members, stand-ins included) and the meetings they are invited to. A closed agenda
item (lukket punkt) is shown only to the secretariat and the body's current members.
"""

import datetime
from typing import NamedTuple

from django.core.paginator import Page
from django.db import DEFAULT_DB_ALIAS
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils import timezone

from coordination.models import Body, Membership, Person
from lib.prepared import PreparedRead
from lib.rules import is_direktion, is_sekretariat
from meetings.models import AgendaItem, Attachment, Invitation, Meeting, choice_label


def sees_all_meetings(user) -> bool:
    return is_sekretariat(user) or is_direktion(user)


def _person_of(user_id: int) -> Subquery:
    """The id of the user's person. As a subquery of its own rather than a join of the people in each scoping
    subquery, it halves the time PostgreSQL takes to plan a scoped read (0.5 instead of 1 ms for a meeting)."""
    return Subquery(Person.objects.filter(user_id=user_id).values("pk")[:1])


def current_seats(*, user_id: int, today: datetime.date) -> QuerySet[Membership]:
    """Return the memberships the user (by id) holds on `today`."""
    return Membership.objects.current(on=today).filter(person_id=_person_of(user_id))


def meetings_visible_to(meetings: QuerySet[Meeting], *, user_id: int, today: datetime.date) -> QuerySet[Meeting]:
    """Narrow the meetings to those of the bodies the user sits in and those they are invited to."""
    invited = Invitation.objects.filter(meeting=OuterRef("pk"), person_id=_person_of(user_id))
    return meetings.filter(
        Q(body_id__in=current_seats(user_id=user_id, today=today).values("body_id")) | Exists(invited)
    )


def _meeting_scope(user) -> tuple[bool, dict]:
    """Return whether the user sees every meeting, and the values a read compiled once (lib.prepared) scopes the
    meetings of a user who does not by (meetings_visible_to): `user_id` and `today`."""
    sees_all = sees_all_meetings(user)
    return sees_all, {} if sees_all else {"user_id": user.pk, "today": timezone.localdate()}


def meetings_for_user(*, user) -> QuerySet[Meeting]:
    """Return the meetings the user may see, with their body."""
    meetings = Meeting.objects.select_related("body")
    if not user.is_authenticated:
        return meetings.none()
    if sees_all_meetings(user):
        return meetings
    return meetings_visible_to(meetings, user_id=user.pk, today=timezone.localdate())


_MEETING_FIELDS = [field.attname for field in Meeting._meta.concrete_fields]
_BODY_FIELDS = [field.attname for field in Body._meta.concrete_fields]


def _meeting_read(sees_all: bool, *, pk: int, user_id: int, today: datetime.date) -> QuerySet:
    """The meeting and its body, if the user sees it, and whether the user sits in that body."""
    meetings = Meeting.objects.filter(pk=pk).order_by()
    if not sees_all:
        meetings = meetings_visible_to(meetings, user_id=user_id, today=today)
    sits = Exists(current_seats(user_id=user_id, today=today).filter(body_id=OuterRef("body_id")))
    return meetings.annotate(user_sits_in_body=sits)


_MEETING = PreparedRead(
    _meeting_read, *_MEETING_FIELDS, *(f"body__{name}" for name in _BODY_FIELDS), "user_sits_in_body"
)


def meeting_get_for_user(*, user, pk: int) -> Meeting:
    """Return the meeting, with its body, if the user may see it; 404 otherwise (its existence is not revealed).

    Whether the user sits in the meeting's body comes in the same query, so that is_body_member() asks no more
    for that body (the meeting's page, its minutes and who may approve them all ask). Every page of a meeting
    starts with this query, and its SQL is compiled once a process (lib.prepared)."""
    try:
        pk = int(pk)
    except (ValueError, TypeError) as error:
        raise Http404("Mødet findes ikke.") from error
    rows = []
    if user.is_authenticated:
        rows = _MEETING.rows(sees_all_meetings(user), pk=pk, user_id=user.pk, today=timezone.localdate())
    if not rows:
        raise Http404("Mødet findes ikke.")
    row, split = rows[0], len(_MEETING_FIELDS)
    meeting = Meeting.from_db(DEFAULT_DB_ALIAS, _MEETING_FIELDS, row[:split])
    meeting.body = Body.from_db(DEFAULT_DB_ALIAS, _BODY_FIELDS, row[split:-1])
    _known_seats(user)[meeting.body_id] = row[-1]
    return meeting


def _known_seats(user) -> dict[int, bool]:
    """Return whether the user sits in a body, by body, as the meeting lookups of this request found it."""
    seats = getattr(user, "_portal_known_seats", None)
    if seats is None:
        seats = user._portal_known_seats = {}
    return seats


def is_body_member(*, user, body_id: int) -> bool:
    """True when the user's person currently sits in the body."""
    if not user.is_authenticated:
        return False
    seats = _known_seats(user)
    if body_id in seats:
        return seats[body_id]
    cache = getattr(user, "_portal_member_bodies", None)
    if cache is None:
        seats = current_seats(user_id=user.pk, today=timezone.localdate())
        cache = set(seats.values_list("body_id", flat=True))
        user._portal_member_bodies = cache
    return body_id in cache


def sees_closed_items(*, user, meeting: Meeting) -> bool:
    return is_sekretariat(user) or is_body_member(user=user, body_id=meeting.body_id)


def visible_agenda_items(*, user, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Return the meeting's agenda items the user may see, in order, closed items only for members."""
    items = meeting.items.order_by("position", "id")
    if not sees_closed_items(user=user, meeting=meeting):
        items = items.filter(is_closed=False)
    return items


class AgendaAttachment(NamedTuple):
    pk: int
    name: str
    size: int


class AgendaEntry(NamedTuple):
    """An agenda item as the meeting's pages and PDFs show it. The lists are filled by the read that needs them:
    the attachments for the agenda (agenda_items_for_user), the items it was sent on to (each the label of the
    meeting and the position there) and its action items for the minutes (meetings.minutes)."""

    pk: int
    position: int
    title: str
    kind: str
    is_closed: bool
    case_number: str
    presenter_name: str | None
    minutes_allotted: int | None
    background: str
    recommendation: str
    minutes: str
    decision: str
    is_sent_on: bool
    attachments: list[AgendaAttachment]
    sent_on: list[tuple[str, int]]
    actions: list

    def get_kind_display(self) -> str:
        return choice_label(AgendaItem.Kind, self.kind)


def _agenda_read(sees_closed: bool, *, meeting_id: int) -> QuerySet:
    items = AgendaItem.objects.filter(meeting_id=meeting_id)
    if not sees_closed:
        items = items.filter(is_closed=False)
    is_sent_on = Exists(AgendaItem.objects.filter(forwarded_from=OuterRef("pk")))
    return items.annotate(is_sent_on=is_sent_on).order_by("position", "id")


def _attachments_read(sees_closed: bool, *, meeting_id: int) -> QuerySet:
    attachments = Attachment.objects.filter(item__meeting_id=meeting_id)
    if not sees_closed:
        attachments = attachments.filter(item__is_closed=False)
    return attachments.order_by("uploaded_at", "id")


# What heads an agenda item wherever it is listed: its number, title, kind, whether it is closed, its case number.
ITEM_HEADING_FIELDS = ("pk", "position", "title", "kind", "is_closed", "case_number")
_AGENDA = PreparedRead(
    _agenda_read,
    *ITEM_HEADING_FIELDS,
    "presenter__name",
    "minutes_allotted",
    "background",
    "recommendation",
    "minutes",
    "decision",
    "is_sent_on",
)
_ATTACHMENTS = PreparedRead(_attachments_read, "item_id", "pk", "title", "original_name", "size")


def agenda_entries(*, meeting: Meeting, sees_closed: bool) -> list[AgendaEntry]:
    """Return the meeting's agenda items in order, closed ones only when `sees_closed`, with empty lists."""
    return [
        AgendaEntry(*row, attachments=[], sent_on=[], actions=[])
        for row in _AGENDA.rows(sees_closed, meeting_id=meeting.pk)
    ]


def agenda_items(*, meeting: Meeting, sees_closed: bool) -> list[AgendaEntry]:
    """Return the meeting's agenda items (closed ones only when `sees_closed`), each with its attachments in the
    order they were uploaded: two reads of only the columns the agenda shows, compiled once a process."""
    items = agenda_entries(meeting=meeting, sees_closed=sees_closed)
    by_pk = {item.pk: item for item in items}
    for item_id, pk, title, original_name, size in _ATTACHMENTS.rows(sees_closed, meeting_id=meeting.pk):
        by_pk[item_id].attachments.append(AgendaAttachment(pk, title or original_name, size))
    return items


def agenda_items_for_user(*, user, meeting: Meeting) -> list[AgendaEntry]:
    """Return the agenda items the user may see (closed ones only for members), with their attachments."""
    return agenda_items(meeting=meeting, sees_closed=sees_closed_items(user=user, meeting=meeting))


class UpcomingMeeting(NamedTuple):
    """A meeting as the start page lists it."""

    pk: int
    title: str
    body_name: str
    starts_at: datetime.datetime
    agenda_published_at: datetime.datetime | None

    @property
    def display_title(self) -> str:
        return self.title or self.body_name

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_published_at is not None


def _upcoming_read(sees_all: bool, limit: int, *, now: datetime.datetime, **scope) -> QuerySet:
    """The next `limit` meetings not cancelled that the user sees (`user_id` and `today` unless `sees_all`)."""
    meetings = Meeting.objects.filter(starts_at__gte=now).exclude(status=Meeting.Status.CANCELLED)
    if not sees_all:
        meetings = meetings_visible_to(meetings, user_id=scope["user_id"], today=scope["today"])
    return meetings.order_by("starts_at", "id")[:limit]


_UPCOMING = PreparedRead(_upcoming_read, "pk", "title", "body__name", "starts_at", "agenda_published_at")


def upcoming_meetings_for_user(*, user, limit: int = 5) -> list[UpcomingMeeting]:
    """Return the user's next `limit` meetings not cancelled, soonest first (the start page's list): its SQL is
    compiled once a process (lib.prepared), as building it scoped to the user cost more than running it."""
    if not user.is_authenticated:
        return []
    sees_all, scope = _meeting_scope(user)
    return [UpcomingMeeting(*row) for row in _UPCOMING.rows(sees_all, limit, now=timezone.now(), **scope)]


def agenda_visible(*, user, meeting: Meeting) -> bool:
    return meeting.agenda_is_published or user.has_perm("meetings.view_draft_agenda")


class MeetingRow(NamedTuple):
    """A meeting as a row of the overview shows it."""

    pk: int
    title: str
    starts_at: datetime.datetime
    place: str
    status: str
    body_name: str
    is_past: bool

    @property
    def display_title(self) -> str:
        return self.title or self.body_name

    def get_status_display(self) -> str:
        return choice_label(Meeting.Status, self.status)


def _overview_read(sees_all: bool, of_body: bool, *, now: datetime.datetime, **scope) -> QuerySet:
    """The meetings the user sees (`user_id` and `today` unless `sees_all`), of one body (`body_id`) if `of_body`:
    upcoming ones first (soonest first), then past ones (latest first)."""
    meetings = Meeting.objects.all()
    if not sees_all:
        meetings = meetings_visible_to(meetings, user_id=scope["user_id"], today=scope["today"])
    if of_body:
        meetings = meetings.filter(body_id=scope["body_id"])
    is_past = Case(When(starts_at__gte=now, then=Value(False)), default=Value(True), output_field=BooleanField())
    upcoming_at = Case(When(starts_at__gte=now, then=F("starts_at")), default=None)
    return meetings.annotate(is_past=is_past, upcoming_at=upcoming_at).order_by(
        "is_past", F("upcoming_at").asc(nulls_last=True), "-starts_at", "id"
    )


_OVERVIEW = PreparedRead(_overview_read, "pk", "title", "starts_at", "place", "status", "body__name", "is_past")


def meetings_overview_page(*, user, body: Body | None, number, per_page: int) -> Page:
    """Return page `number` of the user's meetings (of `body` only, when given), upcoming ones first (soonest
    first), then past ones (latest first), as MeetingRow: the page and the count in one query."""
    sees_all, scope = _meeting_scope(user)
    if body is not None:
        scope["body_id"] = body.pk
    return _OVERVIEW.page(
        number, sees_all, body is not None, per_page=per_page, into=MeetingRow, now=timezone.now(), **scope
    )


class Invitee(NamedTuple):
    """An invitation as the meeting's pages, PDFs and archive record show it."""

    pk: int
    name: str
    user_id: int | None
    organisation: str
    is_guest: bool
    guest_role: str
    item_position: int | None
    reply: str
    attended: bool | None

    def get_reply_display(self) -> str:
        return choice_label(Invitation.Reply, self.reply)

    def is_for(self, user) -> bool:
        """True when the invitation is to the user's own person (as lib.rules.is_own_invitation says of one)."""
        return user.is_authenticated and self.user_id is not None and self.user_id == user.pk


def _invitees_read(*, meeting_id: int) -> QuerySet:
    return Invitation.objects.filter(meeting_id=meeting_id).order_by("is_guest", "person__name")


_INVITEES = PreparedRead(
    _invitees_read,
    "pk",
    "person__name",
    "person__user_id",
    "person__organisation__short_name",
    "is_guest",
    "guest_role",
    "item__position",
    "reply",
    "attended",
)


def meeting_invitees(*, meeting: Meeting) -> list[Invitee]:
    """Return the meeting's invitees, members first, by name."""
    return [Invitee(*row) for row in _INVITEES.rows(meeting_id=meeting.pk)]


def _item_visible(*, user, item: AgendaItem) -> bool:
    meeting = item.meeting
    return agenda_visible(user=user, meeting=meeting) and (
        not item.is_closed or sees_closed_items(user=user, meeting=meeting)
    )


def agenda_item_get_for_user(*, user, pk: int) -> AgendaItem:
    """Return the agenda item if the user may see it (meeting visible, agenda published or secretariat, closed
    items only for members); 404 otherwise."""
    try:
        item = AgendaItem.objects.select_related("meeting__body", "presenter").get(
            pk=pk, meeting__in=meetings_for_user(user=user)
        )
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("Punktet findes ikke.") from error
    if not _item_visible(user=user, item=item):
        raise Http404("Punktet findes ikke.")
    return item


def attachment_get_for_user(*, user, pk: int) -> Attachment:
    """Return the attachment if the user may see its agenda item; 404 otherwise."""
    try:
        attachment = Attachment.objects.select_related("item__meeting__body").get(
            pk=pk, item__meeting__in=meetings_for_user(user=user)
        )
    except (Attachment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("Bilaget findes ikke.") from error
    if not _item_visible(user=user, item=attachment.item):
        raise Http404("Bilaget findes ikke.")
    return attachment


def own_invitation(*, user, meeting: Meeting) -> Invitation | None:
    """Return the user's own invitation to the meeting, if any."""
    if not user.is_authenticated:
        return None
    return meeting.invitations.select_related("person").filter(person__user=user).first()


def invitation_get_by_token(*, token: str) -> Invitation:
    """Return the invitation with this reply token (the link in the e-mail); 404 for an unknown token."""
    try:
        return Invitation.objects.select_related("meeting__body", "person").get(reply_token=token)
    except Invitation.DoesNotExist as error:
        raise Http404("Linket er ugyldigt.") from error


def people_for_guests() -> QuerySet[Person]:
    return Person.objects.select_related("organisation").order_by("name")
