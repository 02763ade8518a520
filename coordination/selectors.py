"""Reads of the organisation of the coordination, already shaped for the pages that show them."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, FilteredRelation, Prefetch, Q, QuerySet
from django.http import Http404

from coordination.models import Body, Membership, Organisation, Person, PurposeItem
from lib.prepared import PreparedRead


@dataclass
class ChartNode:
    body: "Body | ChartBody"
    children: list["ChartNode"] = field(default_factory=list)


def _tree(bodies: "list[Body] | list[ChartBody]") -> list[ChartNode]:
    nodes = {body.pk: ChartNode(body) for body in bodies}
    roots = []
    for body in bodies:
        if body.parent_id in nodes:
            nodes[body.parent_id].children.append(nodes[body.pk])
        else:
            roots.append(nodes[body.pk])
    return roots


def org_chart() -> list[ChartNode]:
    """Return the bodies as a tree, roots first, in the order of the kommissorium."""
    return _tree(list(Body.objects.all()))


class ChartBody(NamedTuple):
    """What the organisation chart and the list of a user's bodies show of a body."""

    pk: int
    name: str
    slug: str
    parent_id: int | None
    is_external: bool
    cadence_label: str


# In the kommissorium's order (the bodies' own).
_CHART_BODIES = PreparedRead(
    lambda: Body.objects.all(), "pk", "name", "slug", "parent_id", "is_external", "cadence_label"
)


@dataclass(frozen=True)
class ChartEntry:
    """A body of the chart as the page writes it, in the chart's order: its list item holds the list of its
    children when it has any, and `ends` counts the lists (its own or its ancestors') that end after it."""

    body: ChartBody
    has_children: bool
    ends: range


def _chart_bodies() -> list[ChartBody]:
    return [ChartBody._make(row) for row in _CHART_BODIES.rows()]


def _chart_entries(bodies: list[ChartBody]) -> list[ChartEntry]:
    ordered: list[tuple[ChartBody, int]] = []

    def visit(nodes: list[ChartNode], depth: int) -> None:
        for node in nodes:
            ordered.append((node.body, depth))
            visit(node.children, depth + 1)

    visit(_tree(bodies), 0)
    depths_after = [*(depth for _body, depth in ordered[1:]), 0]  # the last body ends every list
    return [
        ChartEntry(body=body, has_children=after > depth, ends=range(max(depth - after, 0)))
        for (body, depth), after in zip(ordered, depths_after, strict=False)
    ]


def chart_entries() -> list[ChartEntry]:
    """Return the bodies of the organisation chart in the order the page writes them (see ChartEntry)."""
    return _chart_entries(_chart_bodies())


@dataclass(frozen=True)
class Participant:
    """The signed-in user's person as the start page greets them, and the bodies they sit in."""

    name: str
    organisation_name: str
    body_ids: frozenset[int]


# The person and the bodies they sit in, in one query: a membership without an end is a seat.
_PERSON_AND_SEATS = PreparedRead(
    lambda *, user_id: Person.objects.filter(user_id=user_id).annotate(
        seat=FilteredRelation("memberships", condition=Q(memberships__end__isnull=True))
    ),
    "name",
    "organisation__name",
    "seat__body_id",
)


def _participant_of_user(*, user) -> Participant | None:
    rows = _PERSON_AND_SEATS.rows(user_id=user.pk)
    if not rows:
        return None
    name, organisation_name, _body_id = rows[0]
    return Participant(
        name=name,
        organisation_name=organisation_name,
        body_ids=frozenset(body_id for _name, _organisation, body_id in rows if body_id is not None),
    )


@dataclass(frozen=True)
class StartPage:
    chart: list[ChartEntry]
    person: Participant | None = None
    my_bodies: list[ChartBody] = field(default_factory=list)


def start_page(*, user) -> StartPage:
    """Return the organisation chart and, for a signed-in user, their person and the bodies they sit in (in the
    chart's order), from the chart's bodies rather than a query of their own."""
    bodies = _chart_bodies()
    if not user.is_authenticated:
        return StartPage(chart=_chart_entries(bodies))
    person = _participant_of_user(user=user)
    seats = person.body_ids if person else frozenset()
    return StartPage(
        chart=_chart_entries(bodies), person=person, my_bodies=[body for body in bodies if body.pk in seats]
    )


def body_get(*, slug: str) -> Body:
    """Return the body with its parent, or 404."""
    try:
        return Body.objects.select_related("parent").get(slug=slug)
    except Body.DoesNotExist as error:
        raise Http404("Organet findes ikke.") from error


_PURPOSES = PreparedRead(
    lambda *, body_id: PurposeItem.objects.filter(body_id=body_id).order_by("position", "id"), "text"
)


@dataclass(frozen=True)
class BodyPage:
    body: Body
    parent: Body | None
    children: list[Body]
    purposes: list[str]


def body_page(*, slug: str) -> BodyPage:
    """Return the body with its parent, its children and the texts of its purposes, or 404.

    The bodies are the handful of the kommissorium: one query for all of them costs less than one for the body
    and its parent and another for its children."""
    bodies = list(Body.objects.all())
    body = next((body for body in bodies if body.slug == slug), None)
    if body is None:
        raise Http404("Organet findes ikke.")
    return BodyPage(
        body=body,
        parent=next((parent for parent in bodies if parent.pk == body.parent_id), None),
        children=[child for child in bodies if child.parent_id == body.pk],
        purposes=[text for (text,) in _PURPOSES.rows(body_id=body.pk)],
    )


class Member(NamedTuple):
    """A row of a body's member table."""

    pk: int
    person_id: int
    role: str
    capacity: str
    start: datetime.date
    end: datetime.date | None
    on_leave: bool
    name: str
    email: str
    phone: str
    organisation: str
    stands_in_for: str | None  # the name of the member covered by a stand-in


MEMBER_FIELDS = (
    "pk",
    "person_id",
    "role",
    "capacity",
    "start",
    "end",
    "on_leave",
    "person__name",
    "person__email",
    "person__phone",
    "person__organisation__short_name",
    "stands_in_for__person__name",
)


_MEMBERS = PreparedRead(
    lambda *, body_id: Membership.objects.filter(body_id=body_id).order_by("role", "person__name"), *MEMBER_FIELDS
)


def body_members(*, body: Body) -> list[Member]:
    """Return the body's memberships, current and former, by role and name, as the member table shows them."""
    return [Member._make(row) for row in _MEMBERS.rows(body_id=body.pk)]


def people_list(*, query: str = "") -> QuerySet:
    """Return people matching `query` (name, title, organisation) by name, as dicts of what the list shows."""
    people = Person.objects.all()
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(title__icontains=query)
            | Q(organisation__short_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return people.order_by("name").values("pk", "name", "title", "email", "phone", "organisation__short_name")


def person_get(*, pk: int) -> Person:
    try:
        return Person.objects.select_related("organisation").get(pk=pk)
    except Person.DoesNotExist as error:
        raise Http404("Personen findes ikke.") from error


def person_memberships(*, person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("body").order_by("-start")


def organisations_list() -> QuerySet[Organisation]:
    """Return the organisations by kind and short name, with the number of their people."""
    return (
        Organisation.objects.only("short_name", "name", "kind")
        .annotate(people_count=Count("people"))
        .order_by("kind", "short_name")
    )


def organisation_get(*, pk: int) -> Organisation:
    try:
        return Organisation.objects.prefetch_related(Prefetch("people", queryset=Person.objects.order_by("name"))).get(
            pk=pk
        )
    except Organisation.DoesNotExist as error:
        raise Http404("Organisationen findes ikke.") from error


def person_of_user(*, user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("organisation").filter(user=user).first()


def membership_get(*, pk: int) -> Membership:
    try:
        return Membership.objects.select_related("body", "person").get(pk=pk)
    except Membership.DoesNotExist as error:
        raise Http404("Medlemskabet findes ikke.") from error
