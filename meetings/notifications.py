"""Telling users things: every notification is kept in the portal (the user's list) and e-mailed when the
user has chosen that kind by e-mail (the default)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from meetings.models import Notification, NotificationPreference


def _email_kinds_off(user_ids: list[int]) -> set[tuple[int, str]]:
    return set(
        NotificationPreference.objects.filter(user_id__in=user_ids, by_email=False).values_list("user_id", "kind")
    )


def notify(*, users: Iterable, kind: str, title: str, text: str = "", link: str = "", meeting=None) -> list:
    """Keep a notification for each user, and e-mail it to those who want this kind by e-mail."""
    users = [user for user in users if user is not None and user.is_active]
    if not users:
        return []
    off = _email_kinds_off([user.pk for user in users])
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, title=title, text=text, link=link, meeting=meeting, created=now)
        for user in users
    )
    recipients = [user for user in users if user.email and (user.pk, kind) not in off]

    def send() -> None:
        for user in recipients:
            send_mail(title, f"{text}\n\n{settings.PORTAL_URL}{link}".strip(), None, [user.email])

    transaction.on_commit(send)
    return notifications
