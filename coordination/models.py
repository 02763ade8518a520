"""The organisation of the housing coordination: organisations, people, bodies and memberships."""

import datetime

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "forvaltning", _("Kommunal forvaltning")
        HOUSING = "boligorganisation", _("Boligorganisation")
        OWNERS = "ejerforening", _("Grundejer-/ejerforening")
        PRIVATE = "privat", _("Privat udlejer/developer")
        LBF = "lbf", _("Landsbyggefonden")

    short_name = models.CharField(_("forkortelse"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("beskrivelse"), blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)

    class Meta:
        ordering = ["kind", "short_name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.short_name if self.short_name == self.name else f"{self.short_name} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:organisation_detail", args=[self.pk])


class Person(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.UniqueConstraint(fields=["name", "organisation"], name="person_unique_name_in_organisation")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:person_detail", args=[self.pk])


# A cadence's period by its frequency, in months for the calendar's and in days for the others.
_CADENCE_PERIODS = {"YEARLY": ("months", 12), "MONTHLY": ("months", 1), "WEEKLY": ("days", 7), "DAILY": ("days", 1)}


def _cadence_start_before(rule: str, start: datetime.datetime, before: datetime.datetime) -> datetime.datetime:
    """Return a start for the rule before `before` from which it repeats exactly as from `start`: a whole number of
    its periods (times its interval) later, on the same day of the month and at the same time, so that what the
    rule takes from its start (the period it counts from, the day, weekday and time of a rule that names none) is
    the same. A rule counted from its start (COUNT), or of another frequency, keeps its start.

    The rule is walked from its start to `before` period by period: from a body's first meeting in 2009 to today
    that took 0.5-1.5 ms for each body page."""
    parts = dict(part.partition("=")[::2] for part in rule.upper().removeprefix("RRULE:").split(";"))
    if "COUNT" in parts or "\n" in rule or parts.get("FREQ") not in _CADENCE_PERIODS:
        return start
    unit, length = _CADENCE_PERIODS[parts["FREQ"]]
    step = length * int(parts.get("INTERVAL") or 1)
    if unit == "days":
        periods = ((before.date() - start.date()).days - 1) // step
        return start + datetime.timedelta(days=periods * step) if periods > 0 else start
    periods = ((before.year - start.year) * 12 + before.month - start.month - 1) // step
    while periods > 0:
        moved = start + relativedelta(months=periods * step)
        if moved.day == start.day:  # not cut short at the end of a shorter month
            return moved
        periods -= 1
    return start


class Body(models.Model):
    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        STEERING = "styregruppe", _("Styregruppe")
        SECRETARIAT = "sekretariat", _("Sekretariat")
        WORKING_GROUP = "arbejdsgruppe", _("Arbejdsgruppe")
        CONTACT_GROUP = "kontaktgruppe", _("Kontaktgruppe")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn i adresser"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_external = models.BooleanField(
        _("eksternt organ"), default=False, help_text=_("Med deltagere fra boligorganisationerne.")
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    participants_note = models.TextField(
        _("øvrige deltagere"),
        blank=True,
        help_text=_("Deltagere uden navn i kommissoriet, én pr. linje (fx »Borgmester«)."),
    )
    cadence_rrule = models.CharField(
        _("mødekadence (RRULE)"),
        max_length=200,
        blank=True,
        help_text=_("RFC 5545, fx FREQ=MONTHLY;INTERVAL=3. Tom betyder ad hoc."),
    )
    cadence_label = models.CharField(_("mødekadence"), max_length=200)
    cadence_start = models.DateTimeField(_("første møde efter kadencen"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:body_detail", args=[self.slug])

    @property
    def is_ad_hoc(self) -> bool:
        return not self.cadence_rrule

    def clean(self) -> None:
        if self.cadence_rrule:
            if not self.cadence_start:
                raise ValidationError({"cadence_start": _("En fast kadence kræver et første mødetidspunkt.")})
            try:
                rrulestr(self.cadence_rrule, dtstart=self.cadence_start)
            except (ValueError, TypeError) as error:
                raise ValidationError({"cadence_rrule": _("Ugyldig RRULE: %(error)s") % {"error": error}}) from error
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("Et organ kan ikke ligge under sig selv.")})
            ancestor = ancestor.parent

    def cadence_dates(self, *, after: datetime.datetime, count: int) -> list[datetime.datetime]:
        """Return the next `count` meeting times after `after` by the cadence; none for ad hoc bodies."""
        if not self.cadence_rrule or not self.cadence_start:
            return []
        local_start = timezone.localtime(self.cadence_start).replace(tzinfo=None)
        naive_after = timezone.localtime(after).replace(tzinfo=None)
        rule = rrulestr(self.cadence_rrule, dtstart=_cadence_start_before(self.cadence_rrule, local_start, naive_after))
        zone = timezone.get_current_timezone()
        dates = []
        for occurrence in rule.xafter(naive_after, count=count):
            dates.append(timezone.make_aware(occurrence, zone))
        return dates

    @property
    def participant_lines(self) -> list[str]:
        return [line.strip() for line in self.participants_note.splitlines() if line.strip()]


class PurposeItem(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="purposes", verbose_name=_("organ"))
    text = models.TextField(_("formål"))
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["body", "position", "id"]
        verbose_name = _("formål")
        verbose_name_plural = _("formål")

    def __str__(self) -> str:
        return self.text


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))

    def former(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(end__lt=on)


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "formand", _("Formand")
        COORDINATOR = "koordinator", _("Koordinator")
        MEMBER = "medlem", _("Medlem")
        SECRETARIAT_REP = "sekretariatsrepræsentant", _("Repræsentant i sekretariatet")
        AD_HOC = "ad_hoc", _("Ad hoc")
        STAND_IN = "stedfortræder", _("Stedfortræder")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organ"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person"))
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    capacity = models.CharField(
        _("funktion"), max_length=200, blank=True, help_text=_("Fx »Klimakoordinator« eller »Boliganvisningen, KF«.")
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    stands_in_for = models.ForeignKey(
        "self",
        verbose_name=_("stedfortræder for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stand_ins",
    )
    on_leave = models.BooleanField(_("på orlov"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "start", "id"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="membership_end_after_start"
            ),
            models.UniqueConstraint(fields=["body", "person", "start"], name="membership_unique_start"),
        ]
        indexes = [models.Index(fields=["person", "end"])]

    def __str__(self) -> str:
        return f"{self.person} i {self.body} ({self.get_role_display()})"

    def get_role_display(self) -> str:
        # Django's own builds a dict of every choice at each call, and a body's member table asks once per row.
        try:
            return str(self.Role(self.role).label)
        except ValueError:
            return self.role

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Slutdatoen ligger før startdatoen.")})
        if self.stands_in_for_id:
            covered = self.stands_in_for
            if covered.body_id != self.body_id:
                raise ValidationError({"stands_in_for": _("En stedfortræder dækker et medlem af samme organ.")})
            if covered.person_id == self.person_id:
                raise ValidationError({"stands_in_for": _("En person kan ikke være sin egen stedfortræder.")})
            if self.role != self.Role.STAND_IN:
                raise ValidationError({"role": _("Et medlemskab som stedfortræder skal have rollen stedfortræder.")})
