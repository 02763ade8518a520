"""Changes to meetings: planning from the cadence, ad hoc meetings, moving and cancelling, agendas and their
attachments, invitations, replies and attendance. Every change that concerns the invitees tells them."""

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

import holidays
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.models import Body, Membership, Person
from lib.concurrency import save_versioned
from lib.uploads import save_with_file, validate_upload
from meetings.models import AgendaItem, Attachment, Invitation, Meeting, Notification
from meetings.notifications import invitation_email_without_login, notify
from meetings.reminders import reminders_after_change

DEFAULT_DURATION = datetime.timedelta(hours=2)
ATTACHMENT_TYPES = {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".png", ".jpg", ".jpeg", ".csv", ".txt"}
# Agenda items are written and changed until the meeting is held; after that only the minutes change them.
AGENDA_OPEN_STATUSES = (Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED)


class NeedsConfirmation(Exception):
    """The change is allowed but looks wrong (past, overlapping, holiday); the user must confirm it."""

    def __init__(self, warnings: list[str]):
        super().__init__("; ".join(warnings))
        self.warnings = warnings


def _clean_and_save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j. F Y \\k\\l. H.i")


# Planning


@functools.cache
def closed_days(year: int) -> dict[datetime.date, str]:
    """Return the days the municipality does not hold meetings, with their Danish names.

    The optional category adds Grundlovsdag, juleaftensdag, nytårsaftensdag and 1. maj: the municipality's offices
    close or half-close on them, so a meeting there is as wrong as on a public holiday."""
    return dict(holidays.Denmark(years=year, language="da", categories=holidays.Denmark.supported_categories))


def closed_day_name(day: datetime.date) -> str | None:
    """Return why no meeting should be held on `day` (a holiday's name, or weekend), or None for a working day."""
    name = closed_days(day.year).get(day)
    if name:
        return name
    if day.weekday() >= 5:
        return _("weekend")
    return None


def next_working_day(day: datetime.date) -> datetime.date:
    while closed_day_name(day):
        day += datetime.timedelta(days=1)
    return day


@dataclass
class PlannedDate:
    cadence_date: datetime.date
    starts_at: datetime.datetime
    moved_because: str | None
    existing: Meeting | None

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()


def year_plan(*, body: Body, year: int) -> list[PlannedDate]:
    """Return the body's cadence dates in `year`, each moved to the next working day, with the meeting already
    planned for it (if any)."""
    zone = timezone.get_current_timezone()
    new_year = timezone.make_aware(datetime.datetime(year, 1, 1), zone)
    # 400 occurrences cover a whole year of even a daily cadence.
    occurrences = [
        moment
        for moment in body.cadence_dates(after=new_year - datetime.timedelta(seconds=1), count=400)
        if moment.year == year
    ]
    existing = {m.cadence_date: m for m in body.meetings.filter(cadence_date__year=year)}
    plan = []
    for occurrence in occurrences:
        local = timezone.localtime(occurrence)
        day = next_working_day(local.date())
        starts_at = timezone.make_aware(datetime.datetime.combine(day, local.time()), zone)
        reason = closed_day_name(local.date()) if day != local.date() else None
        plan.append(PlannedDate(local.date(), starts_at, reason, existing.get(local.date())))
    return plan


@transaction.atomic
def meetings_plan_year(*, body: Body, year: int, actor, place: str = "", is_demo: bool = False) -> list[Meeting]:
    """Create the body's meetings for `year` from its cadence, skipping dates already planned and dates passed;
    running it twice creates nothing the second time."""
    if body.is_ad_hoc:
        raise ValidationError(_("%(body)s mødes ad hoc og har ingen kadence at planlægge efter.") % {"body": body})
    Body.objects.select_for_update().get(pk=body.pk)
    created = []
    for planned in year_plan(body=body, year=year):
        if planned.existing or planned.is_past:
            continue
        meeting = _clean_and_save(
            Meeting(
                body=body,
                starts_at=planned.starts_at,
                ends_at=planned.starts_at + DEFAULT_DURATION,
                cadence_date=planned.cadence_date,
                place=place,
                is_demo=is_demo,
            )
        )
        invitations_sync(meeting=meeting)
        created.append(meeting)
    return created


def meeting_warnings(*, meeting: Meeting) -> list[str]:
    """Return what looks wrong about the meeting's time: in the past, overlapping the body's other meetings, or on
    a holiday or weekend."""
    warnings = []
    if meeting.starts_at < timezone.now():
        warnings.append(_("Tidspunktet %(when)s er overstået.") % {"when": _local(meeting.starts_at)})
    overlapping = (
        Meeting.objects.filter(body=meeting.body, starts_at__lt=meeting.ends_at, ends_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=meeting.pk)
    )
    for other in overlapping:
        warnings.append(
            _("Mødet overlapper %(other)s, %(when)s.") % {"other": other.display_title, "when": _local(other.starts_at)}
        )
    reason = closed_day_name(timezone.localtime(meeting.starts_at).date())
    if reason:
        warnings.append(_("Dagen er ikke en arbejdsdag (%(reason)s).") % {"reason": reason})
    return warnings


def _check(meeting: Meeting, *, confirmed: bool) -> None:
    meeting.full_clean()
    warnings = meeting_warnings(meeting=meeting)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)


@transaction.atomic
def meeting_create(*, meeting: Meeting, actor, confirmed: bool = False) -> Meeting:
    """Create an ad hoc meeting and invite the body's members; raise NeedsConfirmation on warnings not confirmed."""
    meeting.is_ad_hoc = True
    _check(meeting, confirmed=confirmed)
    meeting.save()
    invitations_sync(meeting=meeting)
    return meeting


def _invited_users(meeting: Meeting) -> list:
    return [
        invitation.person.user
        for invitation in meeting.invitations.select_related("person__user")
        if invitation.person.user_id
    ]


def _tell_invitees(meeting: Meeting, *, kind: str, title: str, text: str) -> None:
    notify(
        users=_invited_users(meeting),
        kind=kind,
        title=title,
        text=text,
        link=meeting.get_absolute_url(),
        meeting=meeting,
    )


def reply_url(invitation: Invitation) -> str:
    """Return the address (without host) where the invitee replies without logging in: the e-mail's link."""
    return reverse("meetings:reply_by_token", args=[invitation.reply_token])


@transaction.atomic
def meeting_update(*, meeting: Meeting, read_version: int, actor, confirmed: bool = False) -> Meeting:
    """Store the changed meeting unless someone saved it since `read_version` (StaleEdit). A new time or place is
    a reschedule: the calendar sequence rises and every invitee is told."""
    if meeting.status not in AGENDA_OPEN_STATUSES:
        raise ValidationError(_("Mødet er %(status)s og kan ikke ændres.") % {"status": meeting.get_status_display()})
    before = Meeting.objects.get(pk=meeting.pk)
    moved = (before.starts_at, before.ends_at) != (meeting.starts_at, meeting.ends_at)
    relocated = (before.place, before.online_link) != (meeting.place, meeting.online_link)
    if moved:
        _check(meeting, confirmed=confirmed)
    if moved or relocated:
        meeting.sequence = before.sequence + 1
    saved = save_versioned(meeting, read_version=read_version)
    reminders_after_change(meeting=saved)
    if moved or relocated:
        _tell_invitees(
            saved,
            kind=Notification.Kind.RESCHEDULED,
            title=_("Mødet i %(body)s er flyttet") % {"body": saved.body},
            text=_("%(meeting)s holdes nu %(when)s, %(place)s.")
            % {
                "meeting": saved.display_title,
                "when": _local(saved.starts_at),
                "place": saved.place or saved.online_link or _("sted følger"),
            },
        )
    return saved


def _move_status(meeting: Meeting, status: str) -> None:
    if not meeting.can_move_to(status):
        raise ValidationError(
            _("Et møde med status »%(status)s« kan ikke få status »%(new)s«.")
            % {"status": meeting.get_status_display(), "new": Meeting.Status(status).label}
        )
    meeting.status = status


def _locked(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock, so two requests never change its status from the same stale state."""
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor) -> Meeting:
    """Cancel the meeting (aflyst) with a reason, raise the calendar sequence and tell every invitee."""
    meeting = _locked(meeting)
    _move_status(meeting, Meeting.Status.CANCELLED)
    meeting.cancelled_reason = reason
    meeting.sequence += 1
    _clean_and_save(meeting)
    reminders_after_change(meeting=meeting)
    _tell_invitees(
        meeting,
        kind=Notification.Kind.CANCELLED,
        title=_("Mødet i %(body)s er aflyst") % {"body": meeting.body},
        text=_("%(meeting)s %(when)s er aflyst. Årsag: %(reason)s")
        % {"meeting": meeting.display_title, "when": _local(meeting.starts_at), "reason": reason},
    )
    return meeting


@transaction.atomic
def meeting_publish_agenda(*, meeting: Meeting, actor) -> Meeting:
    """Publish the agenda (dagsorden udsendt): invite members who joined since planning, and send every invitee
    the invitation."""
    meeting = _locked(meeting)
    if not meeting.items.exists():
        raise ValidationError(_("Dagsordenen har ingen punkter. Tilføj mindst ét punkt, før den udsendes."))
    _move_status(meeting, Meeting.Status.AGENDA_PUBLISHED)
    meeting.agenda_published_at = timezone.now()
    _clean_and_save(meeting)
    invitations_sync(meeting=meeting)
    # The invitations go out as reminders (the body's policy), each once, with the reply links and the .ics.
    reminders_after_change(meeting=meeting)
    for invitation in meeting.invitations.filter(person__user__isnull=True).select_related("person"):
        _invite_without_login(invitation)
    return meeting


def _invite_without_login(invitation: Invitation) -> None:
    meeting = invitation.meeting
    title = _("Indkaldelse: %(meeting)s %(when)s") % {
        "meeting": meeting.display_title,
        "when": _local(meeting.starts_at),
    }
    text = _("Du er inviteret til %(meeting)s. Giv besked, om du deltager.") % {"meeting": meeting.display_title}
    invitation_email_without_login(invitation=invitation, title=title, text=text)


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor) -> Meeting:
    """Mark the meeting as held (afholdt), once it has begun."""
    meeting = _locked(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Mødet er ikke begyndt endnu."))
    _move_status(meeting, Meeting.Status.HELD)
    _clean_and_save(meeting)
    reminders_after_change(meeting=meeting)
    return meeting


# Invitations


def _invitee_memberships(meeting: Meeting) -> list[Membership]:
    """Return the memberships whose person is invited: current on the meeting's day, a member on leave replaced
    by their stand-in; ad hoc participants are invited as guests, when needed, not by default."""
    on = timezone.localtime(meeting.starts_at).date()
    current = list(meeting.body.memberships.current(on=on).exclude(role=Membership.Role.AD_HOC))
    covering = {m.stands_in_for_id: m for m in current if m.stands_in_for_id}
    invitees = []
    for membership in current:
        if membership.stands_in_for_id:
            continue
        if membership.on_leave:
            if membership.pk in covering:
                invitees.append(covering[membership.pk])
        else:
            invitees.append(membership)
    return invitees


def invitations_sync(*, meeting: Meeting) -> list[Invitation]:
    """Invite the body's current members (stand-ins for members on leave) not yet invited; nobody is uninvited."""
    invited = set(meeting.invitations.values_list("person_id", flat=True))
    new = []
    for membership in _invitee_memberships(meeting):
        if membership.person_id not in invited:
            new.append(Invitation(meeting=meeting, person_id=membership.person_id))
            invited.add(membership.person_id)
    return Invitation.objects.bulk_create(new)


@transaction.atomic
def guest_invite(*, meeting: Meeting, person: Person, role: str, item: AgendaItem | None, actor) -> Invitation:
    """Invite an ad hoc guest (e.g. an ergoterapeut) to the whole meeting or to one item; told when published."""
    if meeting.status not in AGENDA_OPEN_STATUSES:
        raise ValidationError(
            _("Der kan ikke inviteres til et møde, der er %(status)s.") % {"status": meeting.get_status_display()}
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Punktet hører ikke til dette møde.")})
    if meeting.invitations.filter(person=person).exists():
        raise ValidationError({"person": _("%(person)s er allerede inviteret.") % {"person": person}})
    invitation = _clean_and_save(Invitation(meeting=meeting, person=person, is_guest=True, guest_role=role, item=item))
    # Once the agenda is out, the guest's invitation goes out as a reminder right away.
    reminders_after_change(meeting=meeting)
    if meeting.agenda_is_published:
        _invite_without_login(invitation)
    return invitation


@transaction.atomic
def invitation_reply(*, invitation: Invitation, reply: str) -> Invitation:
    """Record the invitee's reply (deltager / afbud) until the meeting begins."""
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = invitation.meeting
    if meeting.is_cancelled:
        raise ValidationError(_("Mødet er aflyst."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("Mødet er begyndt; svar kan ikke længere ændres."))
    if reply not in (Invitation.Reply.ATTENDING, Invitation.Reply.DECLINED):
        raise ValidationError(_("Svar »deltager« eller »afbud«."))
    invitation.reply = reply
    invitation.replied_at = timezone.now()
    _clean_and_save(invitation)
    reminders_after_change(meeting=meeting)
    return invitation


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended_ids: set[int], actor) -> Meeting:
    """Record who attended (the invitations in `attended_ids`; everyone else did not) from the day of the meeting."""
    if meeting.is_cancelled:
        raise ValidationError(_("Mødet er aflyst."))
    if timezone.localtime(meeting.starts_at).date() > timezone.localdate():
        raise ValidationError(_("Fremmøde registreres på mødedagen eller senere."))
    invitations = meeting.invitations.select_for_update()
    invitations.filter(pk__in=attended_ids).update(attended=True)
    invitations.exclude(pk__in=attended_ids).update(attended=False)
    return meeting


# Agenda


def _agenda_open(meeting: Meeting) -> None:
    if meeting.status not in AGENDA_OPEN_STATUSES:
        raise ValidationError(
            _("Dagsordenen kan ikke ændres, når mødet er %(status)s.") % {"status": meeting.get_status_display()}
        )


def _renumber(meeting: Meeting, items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


def _ordered_items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("position", "id"))


@transaction.atomic
def agenda_item_create(*, item: AgendaItem, actor) -> AgendaItem:
    """Add the item at the end of the meeting's agenda."""
    meeting = _locked(item.meeting)
    _agenda_open(meeting)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item.position = last + 1
    return _clean_and_save(item)


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, read_version: int, actor) -> AgendaItem:
    """Store the changed item unless someone saved it since `read_version` (raises StaleEdit)."""
    _agenda_open(item.meeting)
    return save_versioned(item, read_version=read_version)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor) -> Meeting:
    """Delete the item with its attachments and renumber the rest; return the meeting."""
    meeting = _locked(item.meeting)
    _agenda_open(meeting)
    stored = list(item.attachments.values_list("stored_name", flat=True))
    item.delete()
    _renumber(meeting, _ordered_items(meeting))
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
    return meeting


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, actor) -> AgendaItem:
    """Move the item one place up or down the agenda; at either end nothing changes."""
    meeting = _locked(item.meeting)
    _agenda_open(meeting)
    items = _ordered_items(meeting)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(meeting, items)
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def attachment_add(*, item: AgendaItem, uploaded, title: str, actor) -> Attachment:
    """Store an uploaded file (checked by content by lib.uploads) as an attachment (bilag) to the item."""
    _agenda_open(item.meeting)
    content_type = validate_upload(uploaded, allowed=ATTACHMENT_TYPES)
    attachment = Attachment(
        item=item,
        title=title,
        original_name=Path(uploaded.name).name[:255],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=actor,
    )
    return save_with_file(attachment, uploaded)


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor) -> AgendaItem:
    """Delete the attachment and, once committed, its stored file; return its item."""
    _agenda_open(attachment.item.meeting)
    name = attachment.stored_name
    attachment.delete()
    transaction.on_commit(lambda: default_storage.delete(name))
    return attachment.item


# Demo data

DEMO_PLACE = "Albertslund Rådhus, Nordmarks Allé 1, mødelokale 2"
DEMO_AGENDAS = {
    "sekretariat": [
        [
            ("Godkendelse af dagsorden", AgendaItem.Kind.DECISION, "", "Dagsordenen godkendes.", "", 5, False),
            (
                "Status på styringsdialogen",
                AgendaItem.Kind.INFORMATION,
                "Dokumentationspakkerne er modtaget fra de fleste boligorganisationer. "
                "Dialogmøderne holdes i efteråret.",
                "Sekretariatet tager orienteringen til efterretning.",
                "Søs Meyling",
                15,
                False,
            ),
            (
                "Helhedsplan for Galgebakken: prækvalifikation i Landsbyggefonden",
                AgendaItem.Kind.DISCUSSION,
                "BO-VEST ønsker at søge prækvalifikation af en boligsocial helhedsplan. "
                "Kommunen skal give en anbefaling og tage stilling til garanti for lån.",
                "Sekretariatet drøfter kommunens anbefaling og forbereder sagen til den interne styregruppe.",
                "Anne Marie Holt Christensen",
                30,
                False,
            ),
            (
                "Boliganvisning: konkret sag",
                AgendaItem.Kind.DISCUSSION,
                "Lukket punkt: en konkret anvisningssag med personoplysninger.",
                "",
                "Mette Nielsen Duekilde",
                15,
                True,
            ),
            ("Eventuelt", AgendaItem.Kind.INFORMATION, "", "", "", 5, False),
        ],
        [
            (
                "Opfølgning på tomgang i afdelingerne",
                AgendaItem.Kind.INFORMATION,
                "Nøgletallene for tomgangstab pr. 1. februar er indlæst. Tre afdelinger ligger over benchmark.",
                "",
                "Søs Meyling",
                20,
                False,
            ),
            (
                "Forberedelse af møde i den interne styregruppe",
                AgendaItem.Kind.DISCUSSION,
                "Sekretariatet forbereder dagsordenen til næste møde i den interne styregruppe.",
                "",
                "Alice Petersen",
                20,
                False,
            ),
            ("Eventuelt", AgendaItem.Kind.INFORMATION, "", "", "", 5, False),
        ],
    ],
    "intern-styregruppe": [
        [
            (
                "Årlig evaluering af boligkoordineringen",
                AgendaItem.Kind.DECISION,
                "Sekretariatet har udarbejdet udkast til den årlige evaluering, jf. kommissoriet.",
                "Det indstilles, at styregruppen godkender evalueringen.",
                "Alice Petersen",
                30,
                False,
            ),
            (
                "Strategiske mål for boligområdet",
                AgendaItem.Kind.DISCUSSION,
                "Oplæg om de kommende års udfordringer: renovering, beboersammensætning og CO₂-mål.",
                "Styregruppen drøfter oplægget.",
                "Bo Rasmussen",
                40,
                False,
            ),
            (
                "Møde med Landsbyggefonden om renoveringsstøtte",
                AgendaItem.Kind.INFORMATION,
                "Orientering om dialogen med Landsbyggefonden om skema A for to afdelinger.",
                "",
                "Niels Carsten Bluhme",
                15,
                False,
            ),
            ("Eventuelt", AgendaItem.Kind.INFORMATION, "", "", "", 5, False),
        ],
        [
            (
                "Opfølgning på styringsdialogen",
                AgendaItem.Kind.INFORMATION,
                "Status på årets dialogmøder og aftaler med boligorganisationerne.",
                "",
                "Alice Petersen",
                20,
                False,
            ),
            (
                "Budget for den boligsociale indsats",
                AgendaItem.Kind.DECISION,
                "Forslag til fordeling af kommunens medfinansiering af boligsociale helhedsplaner.",
                "Det indstilles, at styregruppen godkender forslaget.",
                "Tordis Vilidur",
                30,
                False,
            ),
            ("Eventuelt", AgendaItem.Kind.INFORMATION, "", "", "", 5, False),
        ],
    ],
}


def _demo_agenda(meeting: Meeting, items: list[tuple], *, publish: bool) -> None:
    if meeting.items.exists():
        return
    presenters = {p.name: p for p in Person.objects.filter(name__in=[item[4] for item in items if item[4]])}
    for title, kind, background, recommendation, presenter, minutes, closed in items:
        agenda_item_create(
            item=AgendaItem(
                meeting=meeting,
                title=title,
                kind=kind,
                background=background,
                recommendation=recommendation,
                presenter=presenters.get(presenter),
                minutes_allotted=minutes,
                is_closed=closed,
            ),
            actor=None,
        )
    if publish:
        meeting_publish_agenda(meeting=meeting, actor=None)


@transaction.atomic
def demo_data_load() -> None:
    """Plan this year's and next year's meetings of the bodies with a cadence (marked demo), and write agendas
    for the next two meetings of the secretariat and the internal steering group, the first published; running
    it twice changes nothing."""
    year = timezone.localdate().year
    for body in Body.objects.exclude(cadence_rrule=""):
        for planned_year in (year, year + 1):
            meetings_plan_year(body=body, year=planned_year, actor=None, place=DEMO_PLACE, is_demo=True)
    for slug, agendas in DEMO_AGENDAS.items():
        upcoming = Meeting.objects.filter(
            body__slug=slug, is_demo=True, starts_at__gte=timezone.now(), status__in=AGENDA_OPEN_STATUSES
        ).order_by("starts_at")[: len(agendas)]
        for index, (meeting, items) in enumerate(zip(upcoming, agendas, strict=False)):
            _demo_agenda(meeting, items, publish=index == 0)
