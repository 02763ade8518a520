"""Meetings of the bodies: agendas, attachments, invitations, minutes and decisions, follow-up, reminders and
notifications, and the personal calendar feed."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Body, Person
from lib.uploads import StoredFile


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """Return what get_FOO_display() returns: the label of the value, or the value when it is not a choice. Django's
    own translates every label of the field to find the one (most of the time a long list takes to render)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planlagt", _("Planlagt")
        AGENDA_PUBLISHED = "dagsorden_udsendt", _("Dagsorden udsendt")
        HELD = "afholdt", _("Afholdt")
        MINUTES_APPROVED = "referat_godkendt", _("Referat godkendt")
        CANCELLED = "aflyst", _("Aflyst")

    # planlagt -> dagsorden udsendt -> afholdt -> referat godkendt; aflyst from any state before afholdt.
    TRANSITIONS: dict[str, set[str]] = {
        Status.PLANNED: {Status.AGENDA_PUBLISHED, Status.CANCELLED},
        Status.AGENDA_PUBLISHED: {Status.HELD, Status.CANCELLED},
        Status.HELD: {Status.MINUTES_APPROVED},
        Status.MINUTES_APPROVED: set(),
        Status.CANCELLED: set(),
    }

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organ"))
    title = models.CharField(_("titel"), max_length=200, blank=True, help_text=_("Tom: organets navn."))
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    online_link = models.URLField(_("link til onlinemøde"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    case_number = models.CharField(
        _("sagsnummer"), max_length=40, blank=True, help_text=_("Sagsnummer i ESDH (fx Acadre), fx 08/23161.")
    )
    is_ad_hoc = models.BooleanField(_("ad hoc-møde"), default=False)
    # The cadence occurrence this meeting was planned from; kept when the meeting is moved or cancelled, so that
    # planning the year again never adds it twice.
    cadence_date = models.DateField(_("planlagt efter kadencen"), null=True, blank=True, editable=False)
    # RFC 5545: the UID never changes, the SEQUENCE rises with every change sent to the invitees.
    uid = models.UUIDField(_("kalender-UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("kalenderversion"), default=0, editable=False)
    agenda_published_at = models.DateTimeField(_("dagsorden udsendt"), null=True, blank=True)
    minutes_note = models.TextField(_("referat, generelt"), blank=True)
    minutes_approved_at = models.DateTimeField(_("referat godkendt"), null=True, blank=True)
    cancelled_reason = models.CharField(_("årsag til aflysning"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.UniqueConstraint(fields=["body", "cadence_date"], name="meeting_unique_cadence_date"),
        ]
        indexes = [
            models.Index(fields=["body", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # The decision register lists items newest meeting first: walking this index, PostgreSQL stops after a
            # page instead of joining and sorting every item with a decision.
            models.Index(fields=["starts_at"], name="meeting_starts_at"),
        ]

    def __str__(self) -> str:
        return self.label(self.display_title, self.starts_at)

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)

    @staticmethod
    def label(display_title: str, starts_at) -> str:
        """Return what str() of a meeting with this title (or body name) and start says: »Boligforum 02.03.2026«."""
        return f"{display_title} {timezone.localtime(starts_at):%d.%m.%Y}"

    @property
    def display_title(self) -> str:
        return self.title or self.body.name

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Mødet skal slutte efter, det er begyndt.")})

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def minutes_locked(self) -> bool:
        """Approved minutes are locked; a correction is a new MinutesRevision."""
        return self.status == self.Status.MINUTES_APPROVED


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "orientering", _("Til orientering")
        DISCUSSION = "droeftelse", _("Til drøftelse")
        DECISION = "beslutning", _("Til beslutning")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("møde"))
    position = models.PositiveSmallIntegerField(_("nummer"), default=0)
    title = models.CharField(_("overskrift"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    background = models.TextField(_("sagsfremstilling"), blank=True)
    recommendation = models.TextField(_("indstilling"), blank=True)
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("fremlægges af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_items",
    )
    minutes_allotted = models.PositiveSmallIntegerField(_("tid (minutter)"), null=True, blank=True)
    case_number = models.CharField(_("sagsnummer"), max_length=40, blank=True)
    is_closed = models.BooleanField(
        _("lukket punkt"), default=False, help_text=_("Kun organets medlemmer ser et lukket punkt.")
    )
    minutes = models.TextField(_("referat"), blank=True)
    decision = models.TextField(_("beslutning"), blank=True)
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("sendt videre fra"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwarded_to",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        indexes = [
            # The decision register counts the items with a decision the reader may see (closed ones only for
            # members) and probes for one per meeting or body from this small index, not the items' texts. Its
            # condition is written »decision > ''« (meetings.minutes.HAS_DECISION) and only the register states
            # it so: the search, which says »decision <> ''«, keeps finding decisions through its full-text index.
            models.Index(
                fields=["meeting", "is_closed"], condition=Q(decision__gt=""), name="agendaitem_with_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#punkt-{self.pk}"

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)


class Attachment(models.Model):
    """A file on an agenda item (bilag), stored under a random name and served only through a checked view."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("dagsordenspunkt")
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    stored_name = models.CharField(_("lagret som"), max_length=255, unique=True, editable=False)
    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(_("filtype"), max_length=120)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploadet af"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    class Meta:
        ordering = ["item", "uploaded_at", "id"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("meetings:attachment_download", args=[self.pk])

    @property
    def stored_file(self) -> StoredFile:
        return StoredFile(instance=self, name=self.stored_name)


def _reply_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    class Reply(models.TextChoices):
        NONE = "", _("Ikke svaret")
        ATTENDING = "deltager", _("Deltager")
        DECLINED = "afbud", _("Afbud")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("møde"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("person"))
    is_guest = models.BooleanField(_("ad hoc-gæst"), default=False)
    guest_role = models.CharField(
        _("deltager som"), max_length=200, blank=True, help_text=_("Fx »ergoterapeut« eller »teknisk rådgiver«.")
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("kun til punkt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guest_invitations",
    )
    reply = models.CharField(_("svar"), max_length=10, choices=Reply.choices, blank=True, default=Reply.NONE)
    replied_at = models.DateTimeField(_("svaret"), null=True, blank=True)
    attended = models.BooleanField(_("deltog"), null=True, blank=True)
    # The secret in the reply links of the invitation e-mail (deltager / afbud without logging in).
    reply_token = models.CharField(max_length=64, unique=True, default=_reply_token, editable=False)

    class Meta:
        ordering = ["meeting", "is_guest", "person__name"]
        verbose_name = _("indkaldelse")
        verbose_name_plural = _("indkaldelser")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="invitation_unique_person")]
        indexes = [
            models.Index(fields=["person", "meeting"]),
            # The planning overview's attendance of members (planning.selectors._meeting_counts), read from the index.
            models.Index(
                fields=["meeting"],
                include=["attended"],
                condition=Q(is_guest=False),
                name="invitation_member_attendance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} til {self.meeting}"

    def get_reply_display(self) -> str:
        return choice_label(self.Reply, self.reply)


class MinutesRevision(models.Model):
    """A snapshot of the minutes each time they are approved or corrected after approval (the history)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_revisions", verbose_name=_("møde")
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    reason = models.CharField(_("årsag til rettelse"), max_length=500, blank=True)
    content = models.JSONField(_("indhold"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oprettet af"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        ordering = ["meeting", "-number"]
        verbose_name = _("referatrevision")
        verbose_name_plural = _("referatrevisioner")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutes_revision_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} rev. {self.number}"


class MinutesApproval(models.Model):
    """A member's approval of the minutes (godkend), with time stamp."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_approvals", verbose_name=_("møde")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    approved_at = models.DateTimeField(_("godkendt"), default=timezone.now)

    class Meta:
        ordering = ["meeting", "approved_at"]
        verbose_name = _("godkendelse af referat")
        verbose_name_plural = _("godkendelser af referat")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="minutes_approval_unique")]

    def __str__(self) -> str:
        return f"{self.person} godkendte {self.meeting}"


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "aaben", _("Åben")
        IN_PROGRESS = "i_gang", _("I gang")
        DONE = "udfoert", _("Udført")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("organ"))
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("fra dagsordenspunkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("opgave"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("ansvarlig")
    )
    due = models.DateField(_("frist"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(_("udført"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("opfølgningspunkt")
        verbose_name_plural = _("opfølgningspunkter")
        indexes = [
            models.Index(fields=["owner", "status", "due"]),
            models.Index(fields=["body", "status"]),
            # The planning overview's counts of a year's done items (by completion and by due date) and of the open.
            models.Index(fields=["completed_at"], condition=Q(status="udfoert"), name="actionitem_done_completed"),
            models.Index(fields=["due"], condition=Q(status="udfoert"), name="actionitem_done_due"),
            models.Index(
                fields=["body"],
                include=["due", "completed_at"],
                condition=Q(status__in=("aaben", "i_gang")),
                name="actionitem_open",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due < timezone.localdate()


class ReminderPolicy(models.Model):
    """Per body: which reminders are sent, and when (issue: meetings, reminders)."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="reminder_policy", verbose_name=_("organ"))
    invite_on_publish = models.BooleanField(_("indkaldelse når dagsordenen udsendes"), default=True)
    days_before = models.PositiveSmallIntegerField(_("påmindelse dage før mødet"), default=3)
    agenda_warning_days = models.PositiveSmallIntegerField(
        _("advar sekretariatet om manglende dagsorden, dage før"), default=7
    )
    minutes_due_days = models.PositiveSmallIntegerField(_("referat forfalder, dage efter mødet"), default=3)
    approval_reminders = models.BooleanField(_("påmind om godkendelse af referat"), default=True)
    action_item_reminders = models.BooleanField(_("påmind om opfølgningspunkter"), default=True)

    class Meta:
        verbose_name = _("påmindelsespolitik")
        verbose_name_plural = _("påmindelsespolitikker")

    def __str__(self) -> str:
        return f"Påmindelser for {self.body}"


class Notification(models.Model):
    """What a user was told: the in-app list, kept whether or not it was also e-mailed."""

    class Kind(models.TextChoices):
        INVITATION = "indkaldelse", _("Indkaldelse")
        REMINDER = "paamindelse", _("Påmindelse før møde")
        RESCHEDULED = "flyttet", _("Møde flyttet")
        CANCELLED = "aflyst", _("Møde aflyst")
        AGENDA_MISSING = "dagsorden_mangler", _("Dagsorden ikke udsendt")
        MINUTES_DUE = "referat_forfalder", _("Referat forfalder")
        APPROVAL = "godkendelse", _("Godkend referat")
        ACTION_DUE = "opgave_frist", _("Opgave med frist")
        ACTION_OVERDUE = "opgave_overskredet", _("Opgave overskredet")
        DIALOGUE = "styringsdialog", _("Styringsdialog")
        NEWS = "nyhed", _("Nyhed")
        SHARED = "delt", _("Delt med dig")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("bruger")
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("overskrift"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications", verbose_name=_("møde")
    )
    created = models.DateTimeField(_("oprettet"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    # The e-mail outbox: a notification to be e-mailed waits with email_wanted set and emailed_at empty.
    email_wanted = models.BooleanField(_("skal e-mailes"), default=False)
    emailed_at = models.DateTimeField(_("e-mailet"), null=True, blank=True)
    reminder = models.ForeignKey(
        "Reminder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("påmindelse"),
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notifikation")
        verbose_name_plural = _("notifikationer")
        indexes = [
            models.Index(fields=["user", "read_at", "-created"]),
            # The user's list, newest first: a page and the count read from the user's own entries, instead of
            # walking every user's notifications backwards by `created` until the user's are found.
            models.Index(fields=["user", "-created", "-id"], name="notification_list"),
            models.Index(
                fields=["created"],
                condition=Q(email_wanted=True, emailed_at__isnull=True),
                name="notification_email_outbox",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)


class Reminder(models.Model):
    """A scheduled notification, sent once: the key is unique, and a periodic task sends what is due and unsent."""

    key = models.CharField(_("nøgle"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Notification.Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("modtager")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders", verbose_name=_("møde")
    )
    action_item = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("opfølgningspunkt"),
    )
    due_at = models.DateTimeField(_("sendes"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # Set instead of sent_at when the moment passed the meeting's start before it could be sent (no late reminders).
    skipped_at = models.DateTimeField(_("sprunget over"), null=True, blank=True)
    # A reminder about neither a meeting nor an action item (a steering-dialogue deadline) carries its own words.
    title = models.CharField(_("overskrift"), max_length=300, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        indexes = [
            models.Index(fields=["due_at"], condition=Q(sent_at__isnull=True), name="reminder_due_unsent"),
        ]

    def __str__(self) -> str:
        return self.key


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; revoking it makes the old URL answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens", verbose_name=_("bruger")
    )
    token = models.CharField(max_length=64, unique=True, default=_reply_token, editable=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self) -> str:
        return f"Kalender for {self.user}"


class NotificationPreference(models.Model):
    """A user's choice for one kind of notification: kept in the portal always, e-mailed only when chosen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("bruger"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Notification.Kind.choices)
    by_email = models.BooleanField(_("send som e-mail"), default=True)

    class Meta:
        verbose_name = _("valg af notifikationer")
        verbose_name_plural = _("valg af notifikationer")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"
