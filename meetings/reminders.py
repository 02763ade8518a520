"""Reminders (påmindelser): scheduled notifications, each a Reminder row with a unique key, sent exactly once.

Planning: `reminders_sync_for_meeting` and `reminders_sync_for_action_item` derive the wanted reminders from the
current state (the body's ReminderPolicy, the invitations and replies, the agenda, the minutes, the action item)
and create, move or drop the unsent rows to match. They are idempotent and never touch a row that was sent or
skipped, so they may run from a service hook and from the periodic sync alike.

Sending: `reminders_send_due` claims due rows a batch at a time with FOR UPDATE SKIP LOCKED and, in the same
transaction, creates their Notifications and sets their `sent_at` (a few queries per batch, not per reminder: the
dispatch keeps up with thousands a second). Either all of a batch is committed or none of it, and a second worker
or beat skips the locked rows, so a reminder becomes exactly one notification even when a worker is killed
mid-batch. The e-mails then leave through the notification outbox (see meetings.notifications): the batch's
notifications are handed to the e-mail task after the commit. Downtime is caught up because the task sends
everything due and unsent; a reminder before a meeting whose moment has passed the meeting's start is marked
skipped instead of being sent late.
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import Body
from lib.roles import Role
from meetings.models import ActionItem, Invitation, Meeting, Notification, Reminder, ReminderPolicy
from meetings.notifications import notifications_keep

logger = logging.getLogger(__name__)
Kind = Notification.Kind
# Reminders about a meeting still to come: pointless, even misleading, once it has begun.
BEFORE_MEETING_KINDS = {Kind.INVITATION, Kind.REMINDER, Kind.AGENDA_MISSING}
# The hour of the day when reminders about action items go out.
ACTION_ITEM_HOUR = 8
# The periodic sync covers meetings ended, and open action items due, this recently (their reminders come after).
SYNC_PAST_DAYS = 60
# Reminders sent per run of the periodic task (about ten seconds' work), and claimed per transaction.
SEND_LIMIT = 10_000
CLAIM_BATCH = 500


@dataclass(frozen=True)
class Planned:
    key: str
    kind: str
    user_id: int
    due_at: datetime.datetime
    title: str = ""
    text: str = ""
    link: str = ""


def reminder_policy_for_body(*, body: Body) -> ReminderPolicy:
    """Return the body's reminder policy, creating the default one when it has none."""
    policy, _created = ReminderPolicy.objects.get_or_create(body=body)
    return policy


def reminder_policy_get(*, body: Body) -> ReminderPolicy:
    """Return the body's reminder policy, or an unsaved default one to show (nothing is written)."""
    return ReminderPolicy.objects.filter(body=body).first() or ReminderPolicy(body=body)


@transaction.atomic
def reminder_policy_save(*, policy: ReminderPolicy) -> ReminderPolicy:
    """Store the body's policy and re-plan the reminders of its current meetings and open action items."""
    policy.full_clean()
    policy.save()
    for meeting in _meetings_to_sync().filter(body_id=policy.body_id):
        reminders_sync_for_meeting(meeting=meeting)
    for action_item in _action_items_to_sync().filter(body_id=policy.body_id):
        reminders_sync_for_action_item(action_item=action_item)
    _queue_sending()
    return policy


def _secretariat_user_ids() -> list[int]:
    users = get_user_model().objects.filter(groups__name=Role.SEKRETARIAT, is_active=True)
    return sorted(set(users.values_list("pk", flat=True)))


def _invitee_user_ids(meeting: Meeting, *, members_only: bool = False) -> list[int]:
    """Return the users invited to the meeting who have not sent their apologies (afbud)."""
    invitations = Invitation.objects.filter(meeting=meeting, person__user__is_active=True).exclude(
        reply=Invitation.Reply.DECLINED
    )
    if members_only:
        invitations = invitations.filter(is_guest=False)
    return sorted(set(invitations.values_list("person__user_id", flat=True)))


def _days(moment: datetime.datetime, days: int) -> datetime.datetime:
    # On local wall-clock time, so a reminder keeps its hour across the change to and from summer time.
    return timezone.localtime(moment) + datetime.timedelta(days=days)


def _for_each(user_ids: list[int], *, meeting: Meeting, name: str, kind: str, due_at) -> list[Planned]:
    return [Planned(f"meeting:{meeting.pk}:{name}:{user_id}", kind, user_id, due_at) for user_id in user_ids]


def _planned_for_meeting(meeting: Meeting, policy: ReminderPolicy) -> list[Planned]:
    if meeting.is_cancelled:
        return []
    planned: list[Planned] = []
    invitees = _invitee_user_ids(meeting)
    if policy.invite_on_publish and meeting.agenda_published_at:
        planned += _for_each(
            invitees, meeting=meeting, name="invitation", kind=Kind.INVITATION, due_at=meeting.agenda_published_at
        )
    if policy.days_before:
        due_at = _days(meeting.starts_at, -policy.days_before)
        planned += _for_each(invitees, meeting=meeting, name="before", kind=Kind.REMINDER, due_at=due_at)
    secretariat = _secretariat_user_ids()
    if policy.agenda_warning_days and not meeting.agenda_is_published:
        due_at = _days(meeting.starts_at, -policy.agenda_warning_days)
        planned += _for_each(
            secretariat, meeting=meeting, name="agenda-missing", kind=Kind.AGENDA_MISSING, due_at=due_at
        )
    if meeting.status != Meeting.Status.MINUTES_APPROVED and meeting.minutes_approved_at is None:
        due_at = _days(meeting.ends_at, policy.minutes_due_days)
        planned += _for_each(secretariat, meeting=meeting, name="minutes-due", kind=Kind.MINUTES_DUE, due_at=due_at)
        if policy.approval_reminders and meeting.status == Meeting.Status.HELD:
            approved = set(meeting.minutes_approvals.values_list("person__user_id", flat=True))
            members = [user_id for user_id in _invitee_user_ids(meeting, members_only=True) if user_id not in approved]
            planned += _for_each(members, meeting=meeting, name="approval", kind=Kind.APPROVAL, due_at=due_at)
    return planned


def _planned_for_action_item(action_item: ActionItem, policy: ReminderPolicy) -> list[Planned]:
    owner = action_item.owner.user
    if not (policy.action_item_reminders and action_item.is_open and owner is not None and owner.is_active):
        return []
    tz = timezone.get_default_timezone()
    due_day = datetime.datetime.combine(action_item.due, datetime.time(ACTION_ITEM_HOUR), tzinfo=tz)
    return [
        Planned(f"action:{action_item.pk}:due", Kind.ACTION_DUE, owner.pk, due_day),
        Planned(f"action:{action_item.pk}:overdue", Kind.ACTION_OVERDUE, owner.pk, _days(due_day, 1)),
    ]


def _sync(scope: Q, planned: list[Planned], **target) -> dict[str, int]:
    """Make the unsent reminders in `scope` match `planned`: create the missing, move the changed, drop the rest."""
    unsent = Reminder.objects.filter(scope, sent_at__isnull=True, skipped_at__isnull=True)
    wanted = {plan.key: plan for plan in planned}
    # Lock the unsent rows to change: a sender holding one makes us wait, and then the row no longer counts as
    # unsent, so a reminder being sent is never moved or dropped.
    stale = list(unsent.exclude(key__in=wanted).select_for_update().values_list("pk", flat=True))
    dropped = Reminder.objects.filter(pk__in=stale).delete()[1].get(Reminder._meta.label, 0)
    moved = 0
    existing = set()
    for pk, key, due_at in Reminder.objects.filter(key__in=wanted).values_list("pk", "key", "due_at"):
        existing.add(key)
        if due_at != wanted[key].due_at:
            moved += unsent.filter(pk=pk).update(due_at=wanted[key].due_at)
    created = Reminder.objects.bulk_create(
        [
            Reminder(
                key=plan.key,
                kind=plan.kind,
                user_id=plan.user_id,
                due_at=plan.due_at,
                title=plan.title,
                text=plan.text,
                link=plan.link,
                **target,
            )
            for key, plan in wanted.items()
            if key not in existing
        ],
        # A concurrent sync may have created the same key a moment ago: the unique key keeps one.
        ignore_conflicts=True,
    )
    return {"created": len(created), "moved": moved, "dropped": dropped}


@transaction.atomic
def reminders_sync_for_meeting(*, meeting: Meeting) -> dict[str, int]:
    """Create, move or drop the meeting's unsent reminders to match its current state; sent ones stay as they are."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    planned = _planned_for_meeting(meeting, reminder_policy_for_body(body=meeting.body))
    return _sync(Q(meeting=meeting), planned, meeting=meeting)


@transaction.atomic
def reminders_sync_for_action_item(*, action_item: ActionItem) -> dict[str, int]:
    """Create, move or drop the action item's unsent reminders (due and overdue) to match its owner, due and status."""
    action_item = ActionItem.objects.select_related("body", "owner__user").get(pk=action_item.pk)
    planned = _planned_for_action_item(action_item, reminder_policy_for_body(body=action_item.body))
    return _sync(Q(action_item=action_item), planned, action_item=action_item)


@transaction.atomic
def reminders_sync_for_subject(*, prefix: str, planned: list[Planned]) -> dict[str, int]:
    """Make the unsent reminders whose key starts with `prefix` match `planned`, for another app's subject (a
    steering-dialogue round's deadlines): each plan carries its own title, text and link."""
    assert all(plan.key.startswith(prefix) for plan in planned)
    return _sync(Q(key__startswith=prefix, meeting__isnull=True, action_item__isnull=True), planned)


def _has_unsent() -> Q:
    return Q(reminders__sent_at__isnull=True, reminders__skipped_at__isnull=True, reminders__isnull=False)


def _meetings_to_sync(now: datetime.datetime | None = None):
    since = (now or timezone.now()) - datetime.timedelta(days=SYNC_PAST_DAYS)
    return Meeting.objects.filter(Q(ends_at__gte=since) | _has_unsent()).distinct().order_by("starts_at", "id")


def _action_items_to_sync(now: datetime.datetime | None = None):
    since = timezone.localdate(now) - datetime.timedelta(days=SYNC_PAST_DAYS)
    open_items = Q(status__in=ActionItem.OPEN_STATUSES, due__gte=since)
    return ActionItem.objects.filter(open_items | _has_unsent()).distinct().order_by("due", "id")


def reminders_sync_all(*, now: datetime.datetime | None = None) -> int:
    """Sync the reminders of every current meeting and action item, so rows exist even when a hook was missed."""
    meetings = list(_meetings_to_sync(now))
    action_items = list(_action_items_to_sync(now))
    for meeting in meetings:
        reminders_sync_for_meeting(meeting=meeting)
    for action_item in action_items:
        reminders_sync_for_action_item(action_item=action_item)
    return len(meetings) + len(action_items)


# The title and text of a reminder about a meeting, by its kind (translated when used).
MEETING_TEXTS = {
    Kind.INVITATION: (
        gettext_lazy("Indkaldelse: %(meeting)s %(when)s"),
        gettext_lazy("Dagsordenen til %(meeting)s %(when)s (sted: %(place)s) er udsendt. Giv besked, om du deltager."),
    ),
    Kind.REMINDER: (
        gettext_lazy("Påmindelse: %(meeting)s %(when)s"),
        gettext_lazy("Husk mødet %(meeting)s %(when)s, sted: %(place)s."),
    ),
    Kind.AGENDA_MISSING: (
        gettext_lazy("Dagsorden ikke udsendt: %(meeting)s %(when)s"),
        gettext_lazy("Dagsordenen til %(meeting)s %(when)s er endnu ikke udsendt."),
    ),
    Kind.MINUTES_DUE: (
        gettext_lazy("Referat forfalder: %(meeting)s %(when)s"),
        gettext_lazy("Referatet af %(meeting)s %(when)s er endnu ikke godkendt."),
    ),
    Kind.APPROVAL: (
        gettext_lazy("Godkend referatet: %(meeting)s %(when)s"),
        gettext_lazy("Du har endnu ikke godkendt referatet af %(meeting)s %(when)s."),
    ),
}


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return _("%(date)s kl. %(time)s") % {"date": formats.date_format(local, "j. F Y"), "time": f"{local:%H.%M}"}


def _content(reminder: Reminder) -> tuple[str, str, str]:
    """Return the title, text and link of the reminder's notification, in Danish."""
    if reminder.title:
        return reminder.title, reminder.text, reminder.link
    if reminder.action_item_id:
        item = reminder.action_item
        values = {"title": item.title, "body": item.body.name, "due": formats.date_format(item.due, "j. F Y")}
        if reminder.kind == Kind.ACTION_DUE:
            title = _("Opgave med frist i dag: %(title)s") % values
            text = _("Din opgave »%(title)s« fra %(body)s har frist i dag, %(due)s.") % values
        else:
            title = _("Opgave overskredet: %(title)s") % values
            text = _("Fristen for din opgave »%(title)s« fra %(body)s var %(due)s. Opgaven er ikke meldt udført.")
            text %= values
        return title, text, ""
    meeting = reminder.meeting
    values = {"meeting": meeting.display_title, "when": _when(meeting.starts_at), "place": meeting.place or "-"}
    title, text = MEETING_TEXTS[reminder.kind]
    return str(title) % values, str(text) % values, meeting.get_absolute_url()


def _outdated(reminder: Reminder, now: datetime.datetime) -> bool:
    """True when the reminder no longer makes sense, even if the sync that would drop it has not run yet."""
    meeting, action_item = reminder.meeting, reminder.action_item
    if not reminder.user.is_active or (meeting is not None and meeting.is_cancelled):
        return True
    if action_item is not None and not action_item.is_open:
        return True
    # "Due today" told on a later day would be wrong; the overdue reminder covers it.
    if reminder.kind == Kind.ACTION_DUE and timezone.localdate(now) > action_item.due:
        return True
    return reminder.kind in BEFORE_MEETING_KINDS and meeting is not None and meeting.starts_at <= now


def _deliver_batch(now: datetime.datetime, failed: set[int]) -> tuple[dict[str, int], list[int]] | None:
    """Claim the next due reminders (not those that failed in this run) and, in the same transaction, turn each
    into its notification or skip it; return the counts and the notifications to e-mail, None when none is due."""
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    with transaction.atomic():
        batch = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "meeting__body", "action_item__body")
            .filter(due_at__lte=now, sent_at__isnull=True, skipped_at__isnull=True)
            .exclude(pk__in=failed)
            .order_by("due_at", "id")[:CLAIM_BATCH]
        )
        if not batch:
            return None
        skipped, drafts = [], []
        # The reminders of one kind about one meeting or action item (its invitees, say) read alike: written once.
        contents: dict[tuple, tuple[str, str, str]] = {}
        for reminder in batch:
            if _outdated(reminder, now):
                skipped.append(reminder.pk)
                continue
            subject = (reminder.kind, reminder.meeting_id, reminder.action_item_id)
            try:
                if reminder.title:
                    title, text, link = _content(reminder)
                elif subject in contents:
                    title, text, link = contents[subject]
                else:
                    title, text, link = contents[subject] = _content(reminder)
            except DatabaseError:
                raise
            except Exception:
                # One broken reminder must not hold up the others: it stays unsent, and the next run tries it again.
                logger.exception("A reminder was not sent; the next run tries it again")
                failed.add(reminder.pk)
                counts["failed"] += 1
                continue
            drafts.append(
                Notification(
                    user=reminder.user,
                    kind=reminder.kind,
                    title=title,
                    text=text,
                    link=link,
                    meeting=reminder.meeting,
                    reminder=reminder,
                )
            )
        notifications = notifications_keep(drafts=drafts)
        Reminder.objects.filter(pk__in=skipped).update(skipped_at=now)
        Reminder.objects.filter(pk__in=[draft.reminder_id for draft in drafts]).update(sent_at=now)
    counts["sent"], counts["skipped"] = len(drafts), len(skipped)
    return counts, [notification.pk for notification in notifications if notification.email_wanted]


def reminders_send_due(*, now: datetime.datetime | None = None, limit: int = SEND_LIMIT) -> dict[str, int]:
    """Send every reminder that is due and unsent (catching up after downtime), each exactly once, up to `limit`;
    their e-mails are handed to the e-mail task (`to_email`), which sends them from the outbox."""
    # Imported here: the tasks module imports this one.
    from meetings.tasks import queue, send_notification_emails

    now = now or timezone.now()
    totals = {"sent": 0, "skipped": 0, "failed": 0, "to_email": 0}
    failed: set[int] = set()
    while totals["sent"] + totals["skipped"] + totals["failed"] < limit:
        delivered = _deliver_batch(now, failed)
        if delivered is None:
            break
        counts, to_email = delivered
        for name, count in counts.items():
            totals[name] += count
        if to_email:
            queue(send_notification_emails, to_email)
            totals["to_email"] += len(to_email)
    return totals


def reminders_after_change(*, meeting: Meeting | None = None, action_item: ActionItem | None = None) -> None:
    """Re-plan the reminders after a change (for services to call), and send what became due at once after the
    commit, such as the invitation when the agenda is published, instead of at the next periodic run."""
    if meeting is not None:
        reminders_sync_for_meeting(meeting=meeting)
    if action_item is not None:
        reminders_sync_for_action_item(action_item=action_item)
    _queue_sending()


def _queue_sending() -> None:
    # Imported here: the tasks module imports this one.
    from meetings.tasks import queue_after_commit, send_due_reminders

    queue_after_commit(send_due_reminders)
