"""Telling users things: every notification is kept in the portal (the user's list) and e-mailed, in Danish as plain
text and HTML with the meeting's `.ics` attached, when the user has chosen that kind by e-mail (the default).

E-mail goes through an outbox in the database: a notification to be e-mailed is stored with `email_wanted` set and
`emailed_at` empty, in the same transaction as whatever caused it. After the commit a task is queued to send it;
when Redis is down the queueing fails quietly and the periodic task (meetings.tasks.send_due_reminders) sends the
outbox instead. So a page never fails because of the broker, and no e-mail is lost.
"""

import datetime
import functools
import logging
import smtplib
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.paginator import Page
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from lib.prepared import PreparedRead
from meetings.calendar import meeting_ics, meeting_ics_filename
from meetings.models import Invitation, Notification, NotificationPreference, choice_label

logger = logging.getLogger(__name__)

# A resend after a crash carries the same Message-ID, so mail systems can recognise it as the same message.
MESSAGE_ID_DOMAIN = "boligportalen.albertslund.dk"
EMAIL_BATCH = 500
# E-mails about these carry the reply links (deltager / afbud) of the recipient's invitation.
REPLY_KINDS = {Notification.Kind.INVITATION, Notification.Kind.REMINDER, Notification.Kind.RESCHEDULED}


def _email_kinds_off(user_ids: list[int]) -> set[tuple[int, str]]:
    return set(
        NotificationPreference.objects.filter(user_id__in=user_ids, by_email=False).values_list("user_id", "kind")
    )


def notifications_create(
    *, users: Iterable, kind: str, title: str, text: str = "", link: str = "", meeting=None, reminder=None
) -> list[Notification]:
    """Keep a notification for each active user, marked for e-mail where the user wants this kind by e-mail.

    Nothing is sent here: the caller's transaction decides whether the notifications (and their e-mails) exist.
    """
    drafts = [
        Notification(user=user, kind=kind, title=title, text=text, link=link, meeting=meeting, reminder=reminder)
        for user in users
        if user is not None
    ]
    return notifications_keep(drafts=drafts)


def notifications_keep(*, drafts: list[Notification]) -> list[Notification]:
    """Store the unsaved notifications of active users in one query, each marked for e-mail where its user wants
    its kind by e-mail; nothing is sent here (the caller's transaction decides whether they exist)."""
    drafts = [draft for draft in drafts if draft.user.is_active]
    if not drafts:
        return []
    off = _email_kinds_off(list({draft.user.pk for draft in drafts}))
    now = timezone.now()
    for draft in drafts:
        draft.title = draft.title[:300]
        draft.created = now
        draft.email_wanted = bool(draft.user.email) and (draft.user.pk, draft.kind) not in off
    return Notification.objects.bulk_create(drafts)


def notify(*, users: Iterable, kind: str, title: str, text: str = "", link: str = "", meeting=None) -> list:
    """Keep a notification for each user, and e-mail it to those who want this kind by e-mail (after the commit)."""
    notifications = notifications_create(users=users, kind=kind, title=title, text=text, link=link, meeting=meeting)
    pending = [notification.pk for notification in notifications if notification.email_wanted]
    if pending:
        # Imported here: the tasks module imports this one.
        from meetings.tasks import queue_after_commit, send_notification_emails

        queue_after_commit(send_notification_emails, pending)
    return notifications


def _reply_url(notification: Notification) -> str:
    """Return the reply link of the user's invitation (deltager / afbud without logging in), when a reply is due."""
    meeting = notification.meeting
    if notification.kind not in REPLY_KINDS or meeting is None or meeting.is_cancelled:
        return ""
    invitations = Invitation.objects.filter(meeting=meeting, person__user_id=notification.user_id)
    token = invitations.values_list("reply_token", flat=True).first()
    return f"{settings.PORTAL_URL}{reverse('meetings:reply_by_token', args=[token])}" if token else ""


def _message(
    notification: Notification, *, to: str | None = None, reply_url: str | None = None, message_id: str | None = None
) -> EmailMultiAlternatives:
    meeting = notification.meeting
    context = {
        "notification": notification,
        "meeting": meeting,
        "reply_url": _reply_url(notification) if reply_url is None else reply_url,
        "url": f"{settings.PORTAL_URL}{notification.link}" if notification.link else "",
        "settings_url": f"{settings.PORTAL_URL}{reverse('meetings:notification_settings')}",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("meetings/email/notification_subject.txt", context).split())
        text = render_to_string("meetings/email/notification_body.txt", context)
        html = render_to_string("meetings/email/notification_body.html", context)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            to=[to or notification.user.email],
            headers={
                "Message-ID": message_id or f"<notifikation-{notification.pk}@{MESSAGE_ID_DOMAIN}>",
                "X-Boligportalen-Notification": str(notification.pk),
            },
        )
        message.attach_alternative(html, "text/html")
        if meeting is not None:
            method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
            message.attach(meeting_ics_filename(meeting), meeting_ics(meeting), f"text/calendar; method={method}")
    return message


def invitation_email_without_login(*, invitation: Invitation, title: str, text: str) -> None:
    """E-mail an invitee who has no login (an ad hoc guest, an external participant) the invitation with the reply
    links and the .ics, after the commit. There is no portal list to keep it in; it is sent once because the agenda
    is published once and a guest invited once."""
    person, meeting = invitation.person, invitation.meeting
    if person.user_id is not None or not person.email:
        return
    notification = Notification(kind=Notification.Kind.INVITATION, title=title, text=text, meeting=meeting)
    reply_url = f"{settings.PORTAL_URL}{reverse('meetings:reply_by_token', args=[invitation.reply_token])}"
    message = _message(
        notification,
        to=person.email,
        reply_url=reply_url,
        message_id=f"<indkaldelse-{invitation.pk}-{meeting.sequence}@{MESSAGE_ID_DOMAIN}>",
    )
    transaction.on_commit(message.send)


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification from the outbox unless it has been e-mailed; return whether it was sent now.

    The row stays locked (FOR UPDATE SKIP LOCKED) from the claim until `emailed_at` is committed, with the sending in
    between: a second worker skips it, and a worker killed before the commit leaves it unsent, to be sent again.
    A resend therefore only happens when the mail server accepted the message but `emailed_at` could not be
    committed: the worker died in that instant, or the database connection was lost during the send. Such a resend
    carries the same Message-ID, so mail systems can recognise it as a duplicate. (Marking first and sending after
    would instead lose the e-mail in those cases; a reminder must not be lost.)
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "meeting__body")
            .filter(pk=notification_id, email_wanted=True, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        _message(notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notifications_email(*, notification_ids: Iterable[int]) -> int:
    """E-mail the given notifications still in the outbox; a failing mail server leaves them for the next run."""
    sent = 0
    for notification_id in notification_ids:
        try:
            sent += notification_email_send(notification_id=notification_id)
        except DatabaseError:
            raise
        except (smtplib.SMTPException, OSError):
            logger.exception("E-mail for notification %s not sent; the periodic task tries again", notification_id)
        except Exception:
            # A message that cannot be built must not hold up the rest of the outbox; it is tried again next run.
            logger.exception("E-mail for notification %s could not be made", notification_id)
    return sent


def notifications_email_pending(*, limit: int = EMAIL_BATCH) -> int:
    """E-mail what is left in the outbox (queued while Redis was down, or by a worker that died)."""
    pending = Notification.objects.filter(email_wanted=True, emailed_at__isnull=True).order_by("created", "id")
    return notifications_email(notification_ids=list(pending.values_list("pk", flat=True)[:limit]))


class NotificationRow(NamedTuple):
    """A notification as the user's list shows it."""

    pk: int
    kind: str
    title: str
    text: str
    link: str
    created: datetime.datetime
    read_at: datetime.datetime | None
    emailed_at: datetime.datetime | None

    def get_kind_display(self) -> str:
        return choice_label(Notification.Kind, self.kind)


_NOTIFICATIONS = PreparedRead(
    lambda *, user_id: Notification.objects.filter(user_id=user_id).order_by("-created", "-id"),
    *NotificationRow._fields,
)


def notifications_page(*, user, number, per_page: int) -> Page:
    """Return page `number` of the user's own notifications (NotificationRow), newest first: the page and the count
    in one query compiled once a process."""
    return _NOTIFICATIONS.page(number, per_page=per_page, into=NotificationRow, user_id=user.pk)


@functools.cache
def _unread_count_sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT COUNT(*) FROM {quote(Notification._meta.db_table)} "
        f"WHERE {quote('user_id')} = %s AND {quote('read_at')} IS NULL"
    )


def notification_unread_count(*, user) -> int:
    """Return how many of the user's notifications are unread. The header of every signed-in page shows it, so it is
    one plain query: building and compiling the ORM's count cost several times what running it does."""
    with connection.cursor() as cursor:
        cursor.execute(_unread_count_sql(), [user.pk])
        return cursor.fetchone()[0]


def unread_notifications(request) -> dict:
    """Context processor: the unread count for the menu, counted (one query) only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": functools.cache(lambda: notification_unread_count(user=user))}


@transaction.atomic
def notification_mark_read(*, user, pk: int) -> Notification:
    """Mark one of the user's notifications as read; 404 for anyone else's."""
    try:
        notification = Notification.objects.select_for_update().get(pk=pk, user=user)
    except Notification.DoesNotExist as error:
        raise Http404 from error
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications as read."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_email_choices(*, user) -> dict[str, bool]:
    """Return, for every kind of notification, whether the user gets it by e-mail (yes unless switched off)."""
    off = {kind for _user, kind in _email_kinds_off([user.pk])}
    return {kind: kind not in off for kind in Notification.Kind.values}


@transaction.atomic
def notification_preferences_save(*, user, email_kinds: Iterable[str]) -> None:
    """Store which kinds of notification the user gets by e-mail; the others are only kept in the portal."""
    wanted = set(email_kinds)
    for kind in Notification.Kind.values:
        preference, _created = NotificationPreference.objects.get_or_create(
            user=user, kind=kind, defaults={"by_email": kind in wanted}
        )
        if preference.by_email != (kind in wanted):
            preference.by_email = kind in wanted
            preference.full_clean()
            preference.save(update_fields=["by_email"])
