"""Minutes (referat), decisions (beslutninger) and follow-up (opfølgning): the changes and the scoped reads.

Minutes are written by the secretariat while a meeting is held or after it. The body's current members approve
them (godkend); the minutes become approved (referat godkendt) when the secretariat says so, or by themselves
once every current member with a login has approved. Approved minutes are locked: each correction after that is
a new MinutesRevision holding a snapshot of the whole minutes, so the history shows what changed, who and when.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Case, Exists, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Body, Membership, Person
from lib.concurrency import save_versioned
from lib.prepared import PreparedRead
from lib.remembered import Remembered
from lib.rules import is_sekretariat
from meetings.models import (
    ActionItem,
    AgendaItem,
    Invitation,
    Meeting,
    MinutesApproval,
    MinutesRevision,
    choice_label,
)
from meetings.reminders import reminders_after_change
from meetings.selectors import (
    ITEM_HEADING_FIELDS,
    AgendaEntry,
    Invitee,
    agenda_entries,
    current_seats,
    is_body_member,
    meeting_get_for_user,
    meeting_invitees,
    meetings_visible_to,
    sees_all_meetings,
    sees_closed_items,
    visible_agenda_items,
)


# Reads ---------------------------------------------------------------------------------------------------------
def minutes_meeting_get_for_user(*, user, pk: int) -> Meeting:
    """Return the meeting whose agenda and minutes the user may read; 404 while its agenda is a draft for them."""
    meeting = meeting_get_for_user(user=user, pk=pk)
    if not is_sekretariat(user) and not meeting.agenda_is_published:
        raise Http404("Mødet findes ikke.")
    return meeting


def agenda_item_get_for_user(*, user, pk: int) -> AgendaItem:
    """Return the agenda item if the user may see it (its meeting, and a closed item only for members)."""
    try:
        item = AgendaItem.objects.select_related("meeting__body").get(pk=pk)
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("Punktet findes ikke.") from error
    meeting = minutes_meeting_get_for_user(user=user, pk=item.meeting_id)
    if not visible_agenda_items(user=user, meeting=meeting).filter(pk=item.pk).exists():
        raise Http404("Punktet findes ikke.")
    return item


class MinutesAction(NamedTuple):
    """An action item under its agenda item in the minutes."""

    pk: int
    item_id: int
    title: str
    owner_name: str
    due: datetime.date
    status: str


def _copies_read(sees_closed: bool, *, meeting_id: int) -> QuerySet:
    copies = AgendaItem.objects.filter(forwarded_from__meeting_id=meeting_id)
    if not sees_closed:
        copies = copies.filter(forwarded_from__is_closed=False)
    return copies.order_by("meeting__starts_at", "meeting_id", "position", "id")


def _item_actions_read(sees_closed: bool, *, meeting_id: int) -> QuerySet:
    actions = ActionItem.objects.filter(item__meeting_id=meeting_id)
    if not sees_closed:
        actions = actions.filter(item__is_closed=False)
    return actions.order_by("due", "id")


_COPIES = PreparedRead(
    _copies_read, "forwarded_from_id", "meeting__title", "meeting__body__name", "meeting__starts_at", "position"
)
_ITEM_ACTIONS = PreparedRead(_item_actions_read, "pk", "item_id", "title", "owner__name", "due", "status")


def minutes_items_for_user(*, user, meeting: Meeting) -> list[AgendaEntry]:
    """Return the items the user may see (closed ones only for members), with their action items and the items
    they were sent on to: reads of only the columns the minutes show, each compiled once a process. The items
    sent on are read only when there are any (few items are)."""
    sees_closed = sees_closed_items(user=user, meeting=meeting)
    items = agenda_entries(meeting=meeting, sees_closed=sees_closed)
    by_pk = {item.pk: item for item in items}
    if any(item.is_sent_on for item in items):
        for item_id, title, body_name, starts_at, position in _COPIES.rows(sees_closed, meeting_id=meeting.pk):
            by_pk[item_id].sent_on.append((Meeting.label(title or body_name, starts_at), position))
    for row in _ITEM_ACTIONS.rows(sees_closed, meeting_id=meeting.pk):
        action = MinutesAction(*row)
        by_pk[action.item_id].actions.append(action)
    return items


def minutes_are_editable(meeting: Meeting) -> bool:
    """True while the meeting is being held or has been held and its minutes are not yet approved."""
    if meeting.status == Meeting.Status.HELD:
        return True
    return meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.starts_at <= timezone.now()


def _approvers(*, body_id: int, today: datetime.date) -> QuerySet[Person]:
    member_ids = Membership.objects.current(on=today).filter(body_id=body_id, on_leave=False).values("person_id")
    return Person.objects.filter(pk__in=member_ids, user__isnull=False, user__is_active=True).order_by("name")


def approving_people(*, meeting: Meeting) -> QuerySet[Person]:
    """Return the people who approve the minutes: the body's current members who have a login and are not on
    leave (a member on leave would hold the approval up; their stand-in approves instead)."""
    return _approvers(body_id=meeting.body_id, today=timezone.localdate())


_APPROVERS = PreparedRead(_approvers, "pk")


def approver_count(*, meeting: Meeting) -> int:
    """Return how many approve the minutes (approving_people), by SQL compiled once a process."""
    return len(_APPROVERS.rows(body_id=meeting.body_id, today=timezone.localdate()))


@dataclass(frozen=True)
class Participants:
    present: list[Invitee]
    absent: list[Invitee]
    unanswered: list[Invitee]


def meeting_participants(*, meeting: Meeting) -> Participants:
    """Split the invitees into present, absent (afbud) and unanswered: by recorded attendance, else by reply."""
    present, absent, unanswered = [], [], []
    for invitee in meeting_invitees(meeting=meeting):
        if invitee.attended is not None:
            (present if invitee.attended else absent).append(invitee)
        elif invitee.reply == Invitation.Reply.ATTENDING:
            present.append(invitee)
        elif invitee.reply == Invitation.Reply.DECLINED:
            absent.append(invitee)
        else:
            unanswered.append(invitee)
    return Participants(present=present, absent=absent, unanswered=unanswered)


class Approval(NamedTuple):
    name: str
    user_id: int | None
    approved_at: datetime.datetime


def _approvals_read(*, meeting_id: int) -> QuerySet:
    return MinutesApproval.objects.filter(meeting_id=meeting_id).order_by("approved_at", "id")


_APPROVALS = PreparedRead(_approvals_read, "person__name", "person__user_id", "approved_at")


def minutes_approvals(*, meeting: Meeting) -> list[Approval]:
    """Return who approved the minutes and when, the first first."""
    return [Approval(*row) for row in _APPROVALS.rows(meeting_id=meeting.pk)]


def has_approved(*, user, approvals: Iterable[Approval]) -> bool:
    """True when one of the meeting's approvals (minutes_approvals) is the user's."""
    return any(approval.user_id == user.pk for approval in approvals)


@dataclass(frozen=True)
class Change:
    item: str
    field: str
    before: str
    after: str


class Revision(NamedTuple):
    """A revision of the minutes, with the name of who made it (None: the portal itself)."""

    number: int
    reason: str
    content: dict
    created_at: datetime.datetime
    author: str | None


@dataclass(frozen=True)
class RevisionEntry:
    revision: Revision
    changes: list[Change]


def _revisions_read(*, meeting_id: int) -> QuerySet:
    return MinutesRevision.objects.filter(meeting_id=meeting_id).order_by("number")


_REVISIONS = PreparedRead(
    _revisions_read,
    "number",
    "reason",
    "content",
    "created_at",
    "created_by_id",
    "created_by__first_name",
    "created_by__last_name",
    "created_by__username",
)


def _revisions(meeting: Meeting) -> list[Revision]:
    """Return the meeting's revisions, the first first, each author named as the user's full name or username."""
    revisions = []
    for number, reason, content, created_at, author_id, first_name, last_name, username in _REVISIONS.rows(
        meeting_id=meeting.pk
    ):
        author = None if author_id is None else f"{first_name} {last_name}".strip() or username
        revisions.append(Revision(number, reason, content, created_at, author))
    return revisions


def _revision_changes(before: dict, after: dict) -> list[Change]:
    labels = {"minutes": _("Referat"), "decision": _("Beslutning")}
    changes = []
    if before.get("note", "") != after.get("note", ""):
        changes.append(Change(_("Generelt"), _("Referat, generelt"), before.get("note", ""), after.get("note", "")))
    earlier = {entry["id"]: entry for entry in before.get("items", [])}
    for entry in after.get("items", []):
        old = earlier.get(entry["id"], {})
        for field in ("minutes", "decision"):
            if old.get(field, "") != entry.get(field, ""):
                label = f"{entry['position']}. {entry['title']}"
                changes.append(Change(label, labels[field], old.get(field, ""), entry.get(field, "")))
    return changes


def minutes_history(
    *, meeting: Meeting, items: Iterable[AgendaEntry | AgendaItem] | None = None
) -> list[RevisionEntry]:
    """Return the revisions, newest first, each with what changed since the one before it.

    When `items` is given, changes to other items (closed items the reader may not see) are left out."""
    revisions = _revisions(meeting)
    visible = None if items is None else {item.pk for item in items}
    entries, previous = [], {}
    for revision in revisions:
        content = revision.content
        if visible is not None:
            content = {**content, "items": [e for e in content.get("items", []) if e["id"] in visible]}
        entries.append(RevisionEntry(revision, _revision_changes(previous, content) if previous else []))
        previous = content
    return list(reversed(entries))


def latest_revision_number(meeting: Meeting) -> int:
    return meeting.minutes_revisions.aggregate(number=Max("number"))["number"] or 0


DECISIONS_PER_PAGE = 25
OPEN_ACTIONS_PER_PAGE = 25


# An item has a decision, said the way the register's partial index says it (see AgendaItem.Meta.indexes), so that
# the register's count and probes read that index. The empty text is written into the SQL, not passed as a parameter:
# a prepared statement's generic plan cannot know that a parameter's value makes the index's condition true, and read
# the items without it (the register's filter choices 1.5 -> 4.5 ms).
HAS_DECISION = Q(decision__gt=RawSQL("''", ()))


def _decisions(sees_all: bool, secretariat: bool, *, text: str = "", **values) -> QuerySet[AgendaItem]:
    """Return the agenda items with a decision that a user may see, newest meeting first, filtered by the values
    given (`body_id`, `year_from` and `year_to`, `kind`) and by `text`.

    Closed items only for the secretariat and the body's current members (by `user_id` and `today`, unless
    `secretariat`); drafts of agendas never."""
    items = AgendaItem.objects.filter(HAS_DECISION)
    # Those who see every meeting are not narrowed by a subquery of every meeting.
    if not sees_all:
        visible = meetings_visible_to(Meeting.objects.all(), user_id=values["user_id"], today=values["today"])
        items = items.filter(meeting__in=visible.values("pk"))
    if not secretariat:
        member_bodies = current_seats(user_id=values["user_id"], today=values["today"]).values("body_id")
        items = items.filter(
            Q(is_closed=False) | Q(meeting__body_id__in=member_bodies), meeting__agenda_published_at__isnull=False
        )
    if "body_id" in values:
        items = items.filter(meeting__body_id=values["body_id"])
    if "year_from" in values:
        items = items.filter(meeting__starts_at__gte=values["year_from"], meeting__starts_at__lt=values["year_to"])
    if "kind" in values:
        items = items.filter(kind=values["kind"])
    if text:
        items = _search(items, text)
    return items.order_by("-meeting__starts_at", "position", "id")


def _decision_scope(
    user, *, body_id: int | None = None, year: int | None = None, kind: str = ""
) -> tuple[tuple[bool, bool], dict]:
    """Return the shape of the user's decisions query (whether they see every meeting, and every closed item) and
    the values it is run with."""
    sees_all, secretariat = sees_all_meetings(user), is_sekretariat(user)
    values = {} if secretariat else {"user_id": user.pk, "today": timezone.localdate()}
    if body_id:
        values["body_id"] = body_id
    if year:
        # The year in Copenhagen, as the __year lookup bounds it.
        values["year_from"] = timezone.make_aware(datetime.datetime(year, 1, 1))
        values["year_to"] = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    if kind:
        values["kind"] = kind
    return (sees_all, secretariat), values


def decisions_for_user(
    *, user, text: str = "", body_id: int | None = None, year: int | None = None, kind: str = ""
) -> QuerySet[AgendaItem]:
    """Return the agenda items with a decision that the user may see, newest meeting first, filtered.

    Closed items only for the secretariat and the body's current members; drafts of agendas never."""
    shape, values = _decision_scope(user, body_id=body_id, year=year, kind=kind)
    return _decisions(*shape, text=text, **values).select_related("meeting__body")


class DecisionRow(NamedTuple):
    """A decision as a row of the register shows it."""

    pk: int
    position: int
    title: str
    kind: str
    is_closed: bool
    case_number: str
    decision: str
    meeting_id: int
    starts_at: datetime.datetime
    body_name: str

    def get_kind_display(self) -> str:
        return choice_label(AgendaItem.Kind, self.kind)


# What a row of the register shows (DecisionRow): not the items' other texts, nor those of their meetings and bodies.
DECISION_ROW_FIELDS = (
    *ITEM_HEADING_FIELDS,
    "decision",
    "meeting_id",
    "meeting__starts_at",
    "meeting__body__name",
)
_DECISIONS = PreparedRead(_decisions, *DECISION_ROW_FIELDS)


def decisions_listed(
    *, user, text: str = "", body_id: int | None = None, year: int | None = None, kind: str = ""
) -> QuerySet:
    """Return the register's rows of the decisions the user may see (decisions_for_user), as tuples."""
    shape, values = _decision_scope(user, body_id=body_id, year=year, kind=kind)
    return _decisions(*shape, text=text, **values).values_list(*DECISION_ROW_FIELDS)


# Pages of the register without a search, remembered while what they read is unchanged (see decisions_page).
_DECISION_PAGES: Remembered[Page] = Remembered(size=64)


def decisions_page(*, user, number, per_page: int, text: str = "", **filters) -> Page:
    """Return page `number` of the register (decisions_listed) as DecisionRow, the page and the count in one query
    compiled once a process. A search is built each time: its words reach the SQL as patterns, not values.

    Without a search, counting the decisions the user may see reads all 7,000 of ten years (about 1.3 ms) at each
    view, and the register changes far less often: so a page is remembered in the process under the token of the
    data's state, whose triggers cover the tables it reads (lib.remembered; knowledge migration 0005), for the shape
    and values of the user's scope (the user and day, unless they are the secretariat), the filters and the page."""
    if text:
        page = Paginator(decisions_listed(user=user, text=text, **filters), per_page).get_page(number)
        page.object_list = [DecisionRow(*row) for row in page.object_list]
        return page
    shape, values = _decision_scope(user, **filters)
    # Counted apart: the page's query walks the newest meetings and stops after a page (see AgendaItem.Meta).
    return _DECISION_PAGES.get(
        (shape, tuple(sorted(values.items())), str(number), per_page),
        lambda: _DECISIONS.page(number, *shape, per_page=per_page, into=DecisionRow, counted_apart=True, **values),
    )


def _search(items: QuerySet[AgendaItem], text: str) -> QuerySet[AgendaItem]:
    """Match whole Danish words (bolig finds boliger) on PostgreSQL, and any part of a word everywhere."""
    contains = Q(title__icontains=text) | Q(decision__icontains=text) | Q(minutes__icontains=text)
    if connection.vendor != "postgresql":
        return items.filter(contains)
    vector = SearchVector("title", "decision", "minutes", config="danish")
    query = SearchQuery(text, config="danish", search_type="websearch")
    return items.annotate(search=vector).filter(Q(search=query) | contains)


class _Probe(Exists):
    """EXISTS as a probe of each outer row that stops at the first row found. PostgreSQL turns a plain EXISTS into a
    join, here of all 7,000 items with a decision, grouped by meeting (3 ms at ten years' volume); OFFSET 0 keeps it
    a probe of the index for each of the 600 meetings (1.5 ms)."""

    def as_postgresql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        return self.as_sql(compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context)


def _has_decision() -> Exists:
    """Whether the outer meeting has an item with a decision, instead of joining every item with a decision and
    removing the duplicates."""
    return _Probe(AgendaItem.objects.filter(HAS_DECISION, meeting=OuterRef("pk")))


@dataclass(frozen=True)
class DecisionFilterChoices:
    bodies: list[tuple[int, str]]
    years: list[int]


def _filter_choices_read() -> QuerySet:
    # The year is the year in the portal's time zone (TIME_ZONE; no request activates another).
    return (
        Meeting.objects.filter(_has_decision())
        .annotate(year=ExtractYear("starts_at"))
        .order_by("body__position", "body__name", "body_id")
        .distinct()
    )


_FILTER_CHOICES = PreparedRead(_filter_choices_read, "body_id", "body__name", "year")


# The choices, remembered while what they read is unchanged (see decision_filter_choices).
_CHOICES: Remembered[DecisionFilterChoices] = Remembered(size=1)


def decision_filter_choices() -> DecisionFilterChoices:
    """Return the bodies (id and name, in their order) and the years (newest first) that have decisions, for the
    register's filters.

    Both come from one query, of the distinct body and year of the meetings with a decision: as two lists they
    cost two queries, and the bodies a server-side cursor besides. Its SQL is compiled once a process.

    They are the same for every user, and read every meeting (a probe of each of the 600 meetings of ten years, about
    1.3 ms): so they are remembered in the process under the token of the data's state, which covers the meetings,
    their agenda items and the bodies (lib.remembered). A committed change to any of them gives a new token, and the
    choices are read again; a transaction that changed them reads them afresh."""
    return _CHOICES.get(None, _filter_choices)


def _filter_choices() -> DecisionFilterChoices:
    bodies: dict[tuple[int, str], None] = {}
    years = set()
    for body_id, name, year in _FILTER_CHOICES.rows():
        bodies[body_id, name] = None
        years.add(year)
    return DecisionFilterChoices(bodies=list(bodies), years=sorted(years, reverse=True))


def _with_context(actions: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return actions.select_related("owner", "body", "item__meeting")


class MyAction(NamedTuple):
    """One of the user's own action items as their list shows it, with the agenda item it came from (if any)."""

    pk: int
    title: str
    description: str
    due: datetime.date
    status: str
    body_name: str
    item_id: int | None
    item_position: int | None
    meeting_id: int | None
    meeting_starts_at: datetime.datetime | None


def _mine_read(*, user_id: int) -> QuerySet[ActionItem]:
    """The user's own action items: open ones first by due date, then the done ones, newest first."""
    open_first = Case(When(status__in=ActionItem.OPEN_STATUSES, then=Value(0)), default=Value(1))
    done_at = Case(When(status=ActionItem.Status.DONE, then="completed_at"))
    return ActionItem.objects.filter(owner__user_id=user_id).order_by(open_first.asc(), done_at.desc(), "due", "id")


_MINE = PreparedRead(
    _mine_read,
    "pk",
    "title",
    "description",
    "due",
    "status",
    "body__name",
    "item_id",
    "item__position",
    "item__meeting_id",
    "item__meeting__starts_at",
)


def action_items_mine_page(*, user, number, per_page: int) -> Page:
    """Return page `number` of the user's own action items (MyAction): open ones first by due date, then the done
    ones, newest first; the page and the count in one query compiled once a process."""
    return _MINE.page(number, per_page=per_page, into=MyAction, user_id=user.pk)


class OpenAction(NamedTuple):
    """An open action item (åben or i gang) as a body's list of them shows it, with the meeting its agenda item is
    on (None for an action item of no agenda item)."""

    pk: int
    title: str
    owner_name: str
    due: datetime.date
    status: str
    item_id: int | None
    item_meeting_id: int | None
    item_meeting_starts_at: datetime.datetime | None

    @property
    def is_overdue(self) -> bool:
        return self.due < timezone.localdate()

    def get_status_display(self) -> str:
        return choice_label(ActionItem.Status, self.status)


def _open_actions_read(include_closed: bool, body_id: int) -> QuerySet:
    actions = ActionItem.objects.filter(body_id=body_id, status__in=ActionItem.OPEN_STATUSES)
    if not include_closed:
        actions = actions.exclude(item__is_closed=True)
    return actions.order_by("due", "id")


# The body is the read's shape, written into its SQL, not a parameter: the bodies are few, and their numbers of open
# items differ, so PostgreSQL's one plan for any body lost to a plan for the body given, and the read was planned
# afresh at every view of a meeting or its minutes (0.6 ms, twice what running it takes).
_OPEN_ACTIONS = PreparedRead(
    _open_actions_read,
    "pk",
    "title",
    "owner__name",
    "due",
    "status",
    "item_id",
    "item__meeting_id",
    "item__meeting__starts_at",
)


# The bodies' open action items, remembered while what they read is unchanged (see open_action_items_for_body).
_OPEN_ACTIONS_REMEMBERED: Remembered[list[OpenAction]] = Remembered(size=32)


def open_action_items_for_body(*, body: Body | int, include_closed: bool) -> list[OpenAction]:
    """Return the body's open action items (åben or i gang), the earliest due first; those born from a closed
    agenda item only with `include_closed` (for those who see closed items: the secretariat and the members).

    A body's unfinished items pile up over the years (about a hundred at ten years' data, 0.5 ms to read) and are
    listed on each of its meetings' pages: so they are remembered in the process under the token of the data's state,
    whose triggers cover the tables they read (lib.remembered; knowledge migration 0005)."""
    body_id = body if isinstance(body, int) else body.pk
    return _OPEN_ACTIONS_REMEMBERED.get(
        (include_closed, body_id), lambda: [OpenAction(*row) for row in _OPEN_ACTIONS.rows(include_closed, body_id)]
    )


def open_action_items_page(*, body: Body | int, include_closed: bool, number) -> Page:
    """Return one page of the body's open action items for the meeting and minutes pages (`number` from ?side=):
    a body's unfinished items pile up over the years, and the pages show them a page at a time. They are read in
    one query as tuples of the columns shown (about a hundred at ten years' data), not counted and then sliced."""
    actions = open_action_items_for_body(body=body, include_closed=include_closed)
    return Paginator(actions, OPEN_ACTIONS_PER_PAGE).get_page(number)


def action_item_get_for_user(*, user, pk: int) -> ActionItem:
    """Return the action item if the user may see it: the secretariat and the Direktion (who read every meeting's
    minutes, where the body's open action items are listed), its owner, or a member of its body."""
    try:
        action = _with_context(ActionItem.objects.all()).get(pk=pk)
    except (ActionItem.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("Opgaven findes ikke.") from error
    if (
        sees_all_meetings(user)
        or (action.owner.user_id is not None and action.owner.user_id == user.pk)
        or is_body_member(user=user, body_id=action.body_id)
    ):
        return action
    raise Http404("Opgaven findes ikke.")


def action_owner_choices() -> QuerySet[Person]:
    return Person.objects.select_related("organisation").order_by("name")


# Changes -------------------------------------------------------------------------------------------------------
def _refuse_unless_editable(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ValidationError(_("Referatet er godkendt og låst. En rettelse laves som en ny revision."))
    if not minutes_are_editable(meeting):
        raise ValidationError(_("Referatet kan først skrives, når mødet holdes eller er holdt."))


def minutes_item_save(*, item: AgendaItem, read_version: int) -> AgendaItem:
    """Store an item's minutes and decision, unless the minutes are locked or someone saved it since it was read
    at `read_version` (raises lib.concurrency.StaleEdit)."""
    _refuse_unless_editable(item.meeting)
    return save_versioned(item, read_version=read_version)


def minutes_note_save(*, meeting: Meeting, read_version: int) -> Meeting:
    """Store the general note of the minutes, on the same terms as an item's minutes."""
    _refuse_unless_editable(meeting)
    return save_versioned(meeting, read_version=read_version)


def _snapshot(meeting: Meeting) -> dict:
    items = meeting.items.order_by("position", "id").values("id", "position", "title", "minutes", "decision")
    return {"note": meeting.minutes_note, "items": list(items)}


def _add_revision(*, meeting: Meeting, reason: str, actor) -> MinutesRevision:
    revision = MinutesRevision(
        meeting=meeting,
        number=latest_revision_number(meeting) + 1,
        reason=reason,
        content=_snapshot(meeting),
        created_by=actor,
    )
    # The author is empty only for revisions the portal makes itself (demo data).
    revision.full_clean(exclude=["created_by"] if actor is None else None)
    revision.save()
    return revision


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _approve(meeting: Meeting, *, actor) -> Meeting:
    """Move the (locked) meeting to referat godkendt and take the first snapshot."""
    if meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        # Minutes approved means the meeting was held, also when nobody marked it afholdt.
        meeting.status = Meeting.Status.HELD
    if not meeting.can_move_to(Meeting.Status.MINUTES_APPROVED):
        raise ValidationError(
            _("Referatet kan ikke godkendes for et møde, der er %(status)s.")
            % {"status": meeting.get_status_display().lower()}
        )
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.full_clean()
    meeting.save(update_fields=["status", "minutes_approved_at"])
    _add_revision(meeting=meeting, reason=_("Referatet er godkendt."), actor=actor)
    reminders_after_change(meeting=meeting)
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, user) -> MinutesApproval:
    """Record the member's approval with a time stamp; approve the minutes when every approver has approved."""
    meeting = _lock_meeting(meeting)
    _refuse_unless_editable(meeting)
    person = approving_people(meeting=meeting).filter(user=user).first()
    if person is None:
        raise ValidationError(_("Kun organets medlemmer (ikke på orlov) godkender referatet."))
    approval, created = MinutesApproval.objects.get_or_create(meeting=meeting, person=person)
    if not created:
        raise ValidationError(_("Du har allerede godkendt referatet."))
    if not approving_people(meeting=meeting).exclude(pk__in=meeting.minutes_approvals.values("person_id")).exists():
        _approve(meeting, actor=user)
    else:
        reminders_after_change(meeting=meeting)
    return approval


@transaction.atomic
def minutes_mark_approved(*, meeting: Meeting, actor) -> Meeting:
    """Let the secretariat declare the minutes approved (also before every member has approved), and lock them."""
    meeting = _lock_meeting(meeting)
    _refuse_unless_editable(meeting)
    return _approve(meeting, actor=actor)


@transaction.atomic
def minutes_correct(
    *, meeting: Meeting, note: str, items: dict[int, dict[str, str]], reason: str, read_revision: int, actor
) -> MinutesRevision:
    """Correct approved minutes as a new revision; `items` maps item id to its new minutes and decision."""
    meeting = _lock_meeting(meeting)
    if not meeting.minutes_locked:
        raise ValidationError(_("Referatet er ikke godkendt endnu; ret det direkte."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv årsagen til rettelsen.")})
    current = latest_revision_number(meeting)
    if current != read_revision:
        raise ValidationError(
            _("En anden har rettet referatet, mens du skrev (revision %(number)d). Din rettelse er ikke gemt.")
            % {"number": current}
        )
    before = _snapshot(meeting)
    meeting.minutes_note = note
    meeting.save(update_fields=["minutes_note"])
    for item in meeting.items.filter(pk__in=items):
        item.minutes, item.decision = items[item.pk]["minutes"], items[item.pk]["decision"]
        item.full_clean()
        item.save(update_fields=["minutes", "decision"])
    if _snapshot(meeting) == before:
        raise ValidationError(_("Intet er ændret, så der er ingen ny revision."))
    return _add_revision(meeting=meeting, reason=reason.strip(), actor=actor)


def _upcoming(*, body_id: int, now: datetime.datetime) -> QuerySet[Meeting]:
    """The body's meetings that are neither cancelled nor over, the next first."""
    statuses = [Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED]
    return Meeting.objects.filter(body_id=body_id, starts_at__gt=now, status__in=statuses).order_by("starts_at", "id")


def parent_next_meeting(*, body: Body) -> Meeting | None:
    """Return the parent body's next meeting that is neither cancelled nor over."""
    if body.parent_id is None:
        return None
    return _upcoming(body_id=body.parent_id, now=timezone.now()).select_related("body").first()


class SendingOn(NamedTuple):
    """Where the items of a body's minutes are sent on to: the parent body, and the label of its next meeting."""

    parent_name: str
    next_meeting: str | None


_NEXT_MEETING = PreparedRead(
    lambda *, body_id, now: _upcoming(body_id=body_id, now=now)[:1], "title", "starts_at", "body__name"
)
_BODY_NAME = PreparedRead(lambda *, pk: Body.objects.filter(pk=pk), "name")


def sending_on(*, body: Body) -> SendingOn | None:
    """Return where the items of the body's minutes are sent on to (parent_next_meeting), None for a body without
    a parent: the parent's next meeting with its name, or only its name when it has none, read by SQL compiled
    once a process."""
    if body.parent_id is None:
        return None
    for title, starts_at, parent_name in _NEXT_MEETING.rows(body_id=body.parent_id, now=timezone.now()):
        return SendingOn(parent_name, Meeting.label(title or parent_name, starts_at))
    (parent_name,) = _BODY_NAME.rows(pk=body.parent_id)[0]
    return SendingOn(parent_name, None)


@transaction.atomic
def agenda_item_forward(*, item: AgendaItem) -> AgendaItem:
    """Put the item on the agenda of the parent body's next meeting, marked as sent on from this one."""
    body = item.meeting.body
    if body.parent_id is None:
        raise ValidationError(_("%(body)s har intet overordnet organ at sende punktet videre til.") % {"body": body})
    target = parent_next_meeting(body=body)
    if target is None:
        raise ValidationError(
            _("%(parent)s har intet kommende møde. Planlæg et møde, og send så punktet videre.")
            % {"parent": body.parent}
        )
    if item.forwarded_to.filter(meeting=target).exists():
        raise ValidationError(_("Punktet er allerede sendt videre til %(meeting)s.") % {"meeting": target})
    last = target.items.aggregate(position=Max("position"))["position"] or 0
    background = item.background
    if item.decision:
        background = _("%(background)s\n\nBeslutning i %(meeting)s: %(decision)s") % {
            "background": item.background,
            "meeting": item.meeting,
            "decision": item.decision,
        }
    copy = AgendaItem(
        meeting=target,
        position=last + 1,
        title=item.title,
        kind=item.kind,
        background=background.strip(),
        recommendation=item.recommendation,
        case_number=item.case_number,
        is_closed=item.is_closed,
        forwarded_from=item,
    )
    copy.full_clean()
    copy.save()
    return copy


def _mark_completion(action: ActionItem) -> None:
    if action.status == ActionItem.Status.DONE:
        action.completed_at = action.completed_at or timezone.now()
    else:
        action.completed_at = None


@transaction.atomic
def action_item_save(*, action: ActionItem) -> ActionItem:
    """Validate and store a new or changed action item; its body is the body of its agenda item."""
    if action.item_id:
        action.body_id = action.item.meeting.body_id
    _mark_completion(action)
    action.full_clean()
    action.save()
    reminders_after_change(action_item=action)
    return action


@transaction.atomic
def action_item_set_status(*, action: ActionItem, status: str) -> ActionItem:
    """Change the status of an action item (the owner's or the secretariat's)."""
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Ukendt status."))
    action.status = status
    _mark_completion(action)
    action.full_clean()
    action.save(update_fields=["status", "completed_at"])
    reminders_after_change(action_item=action)
    return action


# Demo data -----------------------------------------------------------------------------------------------------
# Per body: a held meeting some days ago, its items (title, kind, recommendation, minutes, decision) and the
# action items born from them (item number, task, owner, due in days from today; negative is overdue).
DEMO_MINUTES = {
    "sekretariat": {
        "days_ago": 21,
        "case_number": "26/01234",
        "items": [
            (
                "Status på styringsdialog med boligorganisationerne",
                AgendaItem.Kind.INFORMATION,
                "Sekretariatet indstiller, at orienteringen tages til efterretning.",
                "Dialogmøderne med BO-VEST og KAB er holdt; aftalerne er i høring.",
                "Orienteringen blev taget til efterretning.",
            ),
            (
                "Helhedsplan for Hyldespjældet: prækvalifikation i Landsbyggefonden",
                AgendaItem.Kind.DECISION,
                "Sekretariatet indstiller, at sagen sendes videre til intern styregruppe.",
                "Gruppen drøftede tidsplanen og kommunens garanti.",
                "Indstillingen blev godkendt; sagen sendes til intern styregruppe.",
            ),
            (
                "Markedsføring af uudlejede boliger",
                AgendaItem.Kind.DISCUSSION,
                "",
                "Boliganvisningen foreslog en fælles kampagne.",
                "Sekretariatet udarbejder et oplæg til næste møde.",
            ),
        ],
        "actions": [
            (2, "Skriv indstilling til intern styregruppe", "Alice Petersen", 7),
            (3, "Oplæg om fælles kampagne", "Alice Petersen", -4),
            (3, "Tal over uudlejede boliger pr. afdeling", "Anne Marie Holt Christensen", 14),
        ],
    },
}


def _demo_meeting(body: Body, spec: dict) -> None:
    day = timezone.localdate() - datetime.timedelta(days=spec["days_ago"])
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    meeting = Meeting.objects.create(
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Albertslund Rådhus, Nordmarks Allé 1",
        status=Meeting.Status.HELD,
        agenda_published_at=starts_at - datetime.timedelta(days=7),
        case_number=spec["case_number"],
        is_demo=True,
    )
    for membership in Membership.objects.current().filter(body=body).select_related("person"):
        Invitation.objects.get_or_create(
            meeting=meeting, person=membership.person, defaults={"reply": Invitation.Reply.ATTENDING, "attended": True}
        )
    items = [
        AgendaItem.objects.create(
            meeting=meeting,
            position=number,
            title=title,
            kind=kind,
            recommendation=recommendation,
            minutes=text,
            decision=decision,
        )
        for number, (title, kind, recommendation, text, decision) in enumerate(spec["items"], start=1)
    ]
    people = {person.name: person for person in Person.objects.filter(name__in=[a[2] for a in spec["actions"]])}
    for number, title, owner, due_in in spec["actions"]:
        if owner in people:
            item = items[number - 1]
            action_item_save(
                action=ActionItem(
                    item=item,
                    title=title,
                    owner=people[owner],
                    due=timezone.localdate() + datetime.timedelta(days=due_in),
                )
            )
    _approve(meeting, actor=None)


@transaction.atomic
def demo_data_load() -> None:
    """Add an approved, held demo meeting with minutes, decisions and follow-up to the bodies in DEMO_MINUTES;
    running it twice changes nothing."""
    for slug, spec in DEMO_MINUTES.items():
        body = Body.objects.filter(slug=slug).first()
        if body is None or Meeting.objects.filter(body=body, is_demo=True, minutes_approved_at__isnull=False).exists():
            continue
        _demo_meeting(body, spec)
