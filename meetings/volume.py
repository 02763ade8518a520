"""Volume data of the meetings: every body's meetings by its cadence over the years plus ad hoc ones (about 600
for ten years), about 8,000 agenda items with decisions, 5,000 attachments, invitations with replies and
attendance, action items, and 50,000 notifications spread over the users."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from coordination.models import Body, Membership
from meetings.models import ActionItem, AgendaItem, Attachment, Invitation, Meeting, Notification

AD_HOC_PER_BODY_AND_YEAR = 4
ITEMS_PER_MEETING = 13
ATTACHMENTS = 5000
NOTIFICATIONS = 50_000
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _meeting_times(body: Body, *, since: datetime.datetime, until: datetime.datetime, rng) -> list:
    times = [when for when in body.cadence_dates(after=since, count=400) if when < until]
    for year in range(since.year, until.year + 1):
        for _ in range(AD_HOC_PER_BODY_AND_YEAR):
            day = datetime.datetime(year, rng.randint(1, 12), rng.randint(1, 28), rng.choice([9, 13, 15]))
            times.append(timezone.make_aware(day))
    return sorted(time for time in times if since <= time < until)


def generate(*, years: int) -> dict[str, int]:
    rng = random.Random(2026)
    now = timezone.now()
    since, until = now - datetime.timedelta(days=365 * years), now + datetime.timedelta(days=365)
    meetings = []
    for body in Body.objects.all():
        for starts_at in _meeting_times(body, since=since, until=until, rng=rng):
            past = starts_at < now
            meetings.append(
                Meeting(
                    body=body,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    place="Albertslund Rådhus",
                    status=Meeting.Status.MINUTES_APPROVED if past else Meeting.Status.PLANNED,
                    agenda_published_at=starts_at - datetime.timedelta(days=7) if past else None,
                    minutes_approved_at=starts_at + datetime.timedelta(days=10) if past else None,
                    case_number=f"{starts_at:%y}/{rng.randint(10000, 99999)}",
                    is_demo=True,
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    items = [
        AgendaItem(
            meeting=meeting,
            position=position,
            title=f"Punkt {position}: {rng.choice(['Renovering', 'Udlejning', 'Boligsocial indsats', 'Økonomi'])}",
            kind=rng.choice(AgendaItem.Kind.values),
            background="Sagsfremstilling. " * 20,
            recommendation="Det indstilles, at punktet tages til efterretning.",
            is_closed=position == ITEMS_PER_MEETING,
            decision="Godkendt." if meeting.starts_at < now else "",
        )
        for meeting in meetings
        for position in range(1, ITEMS_PER_MEETING + 1)
    ]
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    attachments = []
    for number, item in enumerate(rng.sample(items, min(ATTACHMENTS, len(items)))):
        stored_name = default_storage.save(f"meetings/volumen/{number:05}.pdf", ContentFile(PDF))
        attachments.append(
            Attachment(
                item=item,
                title=f"Bilag {number}",
                stored_name=stored_name,
                original_name=f"bilag-{number}.pdf",
                content_type="application/pdf",
                size=len(PDF),
            )
        )
    Attachment.objects.bulk_create(attachments, batch_size=5000)
    members = {}
    for membership in Membership.objects.current().only("body_id", "person_id"):
        members.setdefault(membership.body_id, []).append(membership.person_id)
    invitations = [
        Invitation(
            meeting=meeting,
            person_id=person_id,
            reply=rng.choice(["deltager", "afbud", ""]),
            attended=rng.random() < 0.8 if meeting.starts_at < now else None,
        )
        for meeting in meetings
        for person_id in members.get(meeting.body_id, [])[:15]
    ]
    Invitation.objects.bulk_create(invitations, batch_size=5000, ignore_conflicts=True)
    owners = [person_id for people in members.values() for person_id in people]
    actions = (
        [
            ActionItem(
                body=item.meeting.body,
                item=item,
                title=f"Opfølgning på {item.title}",
                owner_id=rng.choice(owners),
                due=(item.meeting.starts_at + datetime.timedelta(days=30)).date(),
                status=ActionItem.Status.DONE if rng.random() < 0.85 else ActionItem.Status.OPEN,
            )
            for item in rng.sample(items, min(3000, len(items)))
        ]
        if owners
        else []
    )
    ActionItem.objects.bulk_create(actions, batch_size=5000)
    user_ids = list(get_user_model().objects.values_list("pk", flat=True))
    notifications = (
        [
            Notification(
                user_id=user_ids[number % len(user_ids)],
                kind=Notification.Kind.REMINDER,
                title=f"Påmindelse om møde {number}",
                meeting=meetings[number % len(meetings)],
                created=now - datetime.timedelta(minutes=number * 10),
                read_at=now if number % 3 else None,
            )
            for number in range(NOTIFICATIONS)
        ]
        if user_ids and meetings
        else []
    )
    Notification.objects.bulk_create(notifications, batch_size=5000)
    return {
        "møder": len(meetings),
        "dagsordenspunkter": len(items),
        "bilag": len(attachments),
        "indkaldelser": len(invitations),
        "opfølgningspunkter": len(actions),
        "notifikationer": len(notifications),
    }
