"""Reads of the organisation of the coordination, already shaped for the pages that show them."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from coordination.models import Body, Membership, Organisation, Person


@dataclass
class ChartNode:
    body: Body
    children: list["ChartNode"] = field(default_factory=list)


def org_chart() -> list[ChartNode]:
    """Return the bodies as a tree, roots first, in the order of the kommissorium."""
    bodies = list(Body.objects.all())
    nodes = {body.pk: ChartNode(body) for body in bodies}
    roots = []
    for body in bodies:
        if body.parent_id in nodes:
            nodes[body.parent_id].children.append(nodes[body.pk])
        else:
            roots.append(nodes[body.pk])
    return roots


def body_get(*, slug: str) -> Body:
    """Return the body with its purposes and parent, or 404."""
    try:
        return Body.objects.select_related("parent").prefetch_related("purposes", "children").get(slug=slug)
    except Body.DoesNotExist as error:
        raise Http404("Organet findes ikke.") from error


def body_memberships(*, body: Body) -> QuerySet[Membership]:
    return body.memberships.select_related("person__organisation", "stands_in_for__person").order_by(
        "role", "person__name"
    )


def people_list(*, query: str = "") -> QuerySet[Person]:
    """Return people matching `query` (name, title, organisation), with their organisation."""
    people = Person.objects.select_related("organisation")
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(title__icontains=query)
            | Q(organisation__short_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return people.order_by("name")


def person_get(*, pk: int) -> Person:
    try:
        return Person.objects.select_related("organisation").get(pk=pk)
    except Person.DoesNotExist as error:
        raise Http404("Personen findes ikke.") from error


def person_memberships(*, person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("body").order_by("-start")


def organisations_list() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(people_count=Count("people")).order_by("kind", "short_name")


def organisation_get(*, pk: int) -> Organisation:
    try:
        return Organisation.objects.prefetch_related(Prefetch("people", queryset=Person.objects.order_by("name"))).get(
            pk=pk
        )
    except Organisation.DoesNotExist as error:
        raise Http404("Organisationen findes ikke.") from error


def bodies_of_user(*, user) -> QuerySet[Body]:
    """Return the bodies in which the user's person currently sits."""
    if not user.is_authenticated:
        return Body.objects.none()
    return (
        Body.objects.filter(Q(memberships__person__user=user) & (Q(memberships__end__isnull=True)))
        .distinct()
        .order_by("position")
    )


def person_of_user(*, user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("organisation").filter(user=user).first()


def membership_get(*, pk: int) -> Membership:
    try:
        return Membership.objects.select_related("body", "person").get(pk=pk)
    except Membership.DoesNotExist as error:
        raise Http404("Medlemskabet findes ikke.") from error
