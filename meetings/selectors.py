"""Reads of meetings, already filtered for the user: who sees which meeting and which agenda items.

Sekretariat and Direktion see every meeting. Medarbejder and Boligorganisation users see the meetings of the
bodies they sit in (current members, stand-ins included) and the meetings they are invited to. A closed agenda
item (lukket punkt) is shown only to the secretariat and the body's current members.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coordination.models import Membership
from lib.rules import is_direktion, is_sekretariat
from meetings.models import AgendaItem, Invitation, Meeting


def sees_all_meetings(user) -> bool:
    return is_sekretariat(user) or is_direktion(user)


def _current_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.current().filter(person__user=user)


def meetings_for_user(*, user) -> QuerySet[Meeting]:
    """Return the meetings the user may see, with their body."""
    meetings = Meeting.objects.select_related("body")
    if not user.is_authenticated:
        return meetings.none()
    if sees_all_meetings(user):
        return meetings
    member_bodies = _current_memberships(user).values("body_id")
    invited = Invitation.objects.filter(meeting=OuterRef("pk"), person__user=user)
    return meetings.filter(Q(body_id__in=member_bodies) | Exists(invited))


def meeting_get_for_user(*, user, pk: int) -> Meeting:
    """Return the meeting if the user may see it; 404 otherwise (its existence is not revealed)."""
    try:
        return meetings_for_user(user=user).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("Mødet findes ikke.") from error


def is_body_member(*, user, body_id: int) -> bool:
    """True when the user's person currently sits in the body."""
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_portal_member_bodies", None)
    if cache is None:
        cache = set(_current_memberships(user).values_list("body_id", flat=True))
        user._portal_member_bodies = cache
    return body_id in cache


def sees_closed_items(*, user, meeting: Meeting) -> bool:
    return is_sekretariat(user) or is_body_member(user=user, body_id=meeting.body_id)


def agenda_items_for_user(*, user, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Return the meeting's agenda items the user may see, in order, closed items only for members."""
    items = meeting.items.select_related("presenter").prefetch_related("attachments").order_by("position", "id")
    if not sees_closed_items(user=user, meeting=meeting):
        items = items.filter(is_closed=False)
    return items


def upcoming_meetings_for_user(*, user, limit: int = 5) -> QuerySet[Meeting]:
    return (
        meetings_for_user(user=user)
        .filter(starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")[:limit]
    )
