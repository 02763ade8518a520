"""Meetings as iCalendar (RFC 5545): one meeting's `.ics`, and the personal feed that Outlook or Google subscribe to
through a secret, revocable address (CalendarToken)."""

import datetime
import email.utils
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from meetings.models import CalendarToken, Invitation, Meeting
from meetings.selectors import meetings_for_user

PRODID = "-//Albertslund Kommune//Boligportalen//DA"
# How far back the personal feed reaches; calendar clients keep what they already fetched.
FEED_PAST_DAYS = 365
# A feed address lives this long; afterwards the user makes a new one on the calendar page.
TOKEN_VALID_DAYS = 2 * 365
# Calendar clients poll a subscribed feed; ask them to do it hourly.
FEED_REFRESH = datetime.timedelta(hours=1)


def _event(meeting: Meeting, *, now: datetime.datetime) -> Event:
    tz = timezone.get_default_timezone()
    event = Event()
    # RFC 5545: the UID identifies the meeting for ever; SEQUENCE tells clients which version is newest.
    event.add("uid", f"{meeting.uid}@boligportalen")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", meeting.display_title)
    place = meeting.place or meeting.online_link
    if place:
        event.add("location", place)
    url = f"{settings.PORTAL_URL}{meeting.get_absolute_url()}"
    event.add("url", url)
    description = [_("Organ: %(body)s") % {"body": meeting.body.name}]
    if meeting.online_link:
        description.append(_("Onlinemøde: %(link)s") % {"link": meeting.online_link})
    if meeting.case_number:
        description.append(_("Sagsnummer: %(number)s") % {"number": meeting.case_number})
    if meeting.is_cancelled and meeting.cancelled_reason:
        description.append(_("Aflyst: %(reason)s") % {"reason": meeting.cancelled_reason})
    description.append(url)
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    _name, address = email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", f"mailto:{address}", parameters={"CN": _("Boligsekretariatet")})
    return event


def _calendar(meetings: Iterable[Meeting], *, method: str | None = None, name: str = "") -> bytes:
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", FEED_REFRESH)
    for meeting in meetings:
        calendar.add_component(_event(meeting, now=now))
    calendar.add_missing_timezones(first_date=datetime.date(2000, 1, 1))
    return calendar.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    """Return the meeting as an `.ics`: METHOD:CANCEL when it is cancelled, so clients remove it."""
    return _calendar([meeting], method="CANCEL" if meeting.is_cancelled else "PUBLISH")


def meeting_ics_filename(meeting: Meeting) -> str:
    return f"moede-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.ics"


def feed_meetings_for_user(*, user) -> QuerySet[Meeting]:
    """Return the meetings the user is invited to (cancelled ones too), from a year back, for the feed."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    invited = Invitation.objects.filter(person__user=user).values("meeting_id")
    return meetings_for_user(user=user).filter(pk__in=invited, starts_at__gte=since).order_by("starts_at", "id")


def feed_ics(*, user) -> bytes:
    """Return the user's personal feed: their meetings, cancelled ones with STATUS:CANCELLED."""
    return _calendar(feed_meetings_for_user(user=user), name=_("Boligportalen – mine møder"))


def calendar_token_active(*, user) -> CalendarToken | None:
    """Return the user's current feed address, if any."""
    now = timezone.now()
    return (
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )


def calendar_token_user(*, token: str):
    """Return the active user a live feed token belongs to; 404 for an unknown, revoked or expired one."""
    now = timezone.now()
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if found is None:
        raise Http404
    return found.user


@transaction.atomic
def calendar_token_create(*, user) -> CalendarToken:
    """Give the user a new feed address; any earlier one stops working."""
    now = timezone.now()
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    token = CalendarToken(user=user, created_at=now, expires_at=now + datetime.timedelta(days=TOKEN_VALID_DAYS))
    token.full_clean()
    token.save()
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> int:
    """Revoke the user's feed address; the old URL answers 404 from now on."""
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
