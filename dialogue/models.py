"""The steering dialogue (styringsdialog, almenboligloven § 164): estates, yearly rounds, documents, key figures,
agreements with goals, and the history of every change in a round."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Organisation
from dialogue.calendar import stage_deadlines
from lib.uploads import StoredFile
from meetings.models import Meeting


class Estate(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("boligorganisation"),
        on_delete=models.PROTECT,
        related_name="estates",
        limit_choices_to={"kind": Organisation.Kind.HOUSING},
    )
    number = models.CharField(_("afdelingsnummer"), max_length=20)
    name = models.CharField(_("navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300)
    units = models.PositiveIntegerField(_("lejemål"))
    area_m2 = models.PositiveIntegerField(_("areal (m²)"))
    year_built = models.PositiveSmallIntegerField(_("opførelsesår"))
    is_demo = models.BooleanField(_("demodata"), default=False, help_text=_("Opdigtede tal til afprøvning."))

    class Meta:
        ordering = ["organisation__short_name", "number"]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelinger")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="estate_unique_number_in_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.short_name}, afd. {self.number})"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:estate_detail", args=[self.pk])

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != Organisation.Kind.HOUSING:
            raise ValidationError({"organisation": _("En afdeling hører til en boligorganisation.")})
        if self.year_built and not 1600 <= self.year_built <= timezone.localdate().year + 5:
            raise ValidationError({"year_built": _("Opførelsesåret ligger uden for det mulige.")})


class Stage(models.TextChoices):
    PREPARATION = "forberedelse", _("Forberedelse")
    DOCUMENTS_RECEIVED = "dokumentation_modtaget", _("Dokumentation modtaget")
    REVIEWED = "gennemgaaet", _("Gennemgået")
    MEETING_HELD = "dialogmoede_afholdt", _("Dialogmøde afholdt")
    AGREEMENT_DRAFT = "aftale_udkast", _("Aftale i udkast")
    AGREEMENT_APPROVED = "aftale_godkendt", _("Aftale godkendt af begge parter")
    PUBLISHED = "redegoerelse_offentliggjort", _("Redegørelse offentliggjort")
    FOLLOW_UP = "opfoelgning", _("Opfølgning")


STAGE_ORDER = list(Stage)
STAGE_LABELS = dict(Stage.choices)
# One step forward; the secretariat may also step back one stage to correct a mistake, except out of an
# approved agreement or a published account (those are facts with a time stamp).
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Stage.PREPARATION: {Stage.DOCUMENTS_RECEIVED},
    Stage.DOCUMENTS_RECEIVED: {Stage.REVIEWED, Stage.PREPARATION},
    Stage.REVIEWED: {Stage.MEETING_HELD, Stage.DOCUMENTS_RECEIVED},
    Stage.MEETING_HELD: {Stage.AGREEMENT_DRAFT, Stage.REVIEWED},
    Stage.AGREEMENT_DRAFT: {Stage.AGREEMENT_APPROVED, Stage.MEETING_HELD},
    Stage.AGREEMENT_APPROVED: {Stage.PUBLISHED},
    Stage.PUBLISHED: {Stage.FOLLOW_UP},
    Stage.FOLLOW_UP: set(),
}
CLOSED_STAGES = {Stage.PUBLISHED, Stage.FOLLOW_UP}


class Theme(models.TextChoices):
    PHYSICAL = "fysiske_rammer", _("Fysiske rammer")
    RESIDENTS = "beboersammensaetning", _("Beboersammensætning og udlejning")
    ADMINISTRATION = "administration", _("Administration")
    ECONOMY = "oekonomi", _("Økonomi og nøgletal")


class DialogueRound(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("boligorganisation"),
        on_delete=models.PROTECT,
        related_name="dialogue_rounds",
        limit_choices_to={"kind": Organisation.Kind.HOUSING},
    )
    year = models.PositiveSmallIntegerField(_("år"))
    stage = models.CharField(_("fase"), max_length=40, choices=Stage.choices, default=Stage.PREPARATION)
    account = models.TextField(
        _("redegørelse"), blank=True, help_text=_("Kommunens redegørelse for dialogen, offentliggøres på hjemmesiden.")
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("dialogmøde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_round",
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        ordering = ["-year", "organisation__short_name"]
        verbose_name = _("styringsdialog")
        verbose_name_plural = _("styringsdialoger")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="round_unique_year")]

    def __str__(self) -> str:
        return f"Styringsdialog {self.year} – {self.organisation.short_name}"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:round_detail", args=[self.pk])

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != Organisation.Kind.HOUSING:
            raise ValidationError({"organisation": _("Styringsdialog føres med en boligorganisation.")})
        if self.year and not 2010 <= self.year <= 2100:
            raise ValidationError({"year": _("Styringsdialogen findes fra 2010 (almenboligloven § 164).")})

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    @property
    def stage_label(self) -> str:
        """Return what get_stage_display() returns, for lists: that one hashes every stage's lazy label on each
        call (some 30 µs a row)."""
        return str(STAGE_LABELS.get(self.stage, self.stage))

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def agreement_editable(self) -> bool:
        """Goals may be added and changed until both parties have approved the agreement."""
        return self.stage_index < STAGE_ORDER.index(Stage.AGREEMENT_APPROVED)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def can_move_to(self, stage: str) -> bool:
        return stage in ALLOWED_TRANSITIONS[self.stage]

    @property
    def allowed_stages(self) -> list[Stage]:
        """Return the stages the secretariat may move the round to by hand, the next one forward first.

        An approved agreement and a published account are reached by approving and publishing, not by hand.
        """
        by_own_action = {Stage.AGREEMENT_APPROVED, Stage.PUBLISHED}
        allowed = [s for s in STAGE_ORDER if s in ALLOWED_TRANSITIONS[self.stage] and s not in by_own_action]
        return sorted(allowed, key=lambda stage: STAGE_ORDER.index(stage) < self.stage_index)

    @property
    def stage_choices(self) -> list[tuple[Stage, bool]]:
        """Return (stage, is a step back) for each stage in allowed_stages."""
        return [(stage, STAGE_ORDER.index(stage) < self.stage_index) for stage in self.allowed_stages]

    @property
    def deadlines(self) -> dict[str, datetime.date]:
        return stage_deadlines(self.year)

    @property
    def next_stage(self) -> Stage | None:
        index = self.stage_index + 1
        return STAGE_ORDER[index] if index < len(STAGE_ORDER) else None

    @property
    def next_deadline(self) -> datetime.date | None:
        return self.deadlines[self.next_stage] if self.next_stage else None

    @property
    def is_overdue(self) -> bool:
        return self.next_deadline is not None and self.next_deadline < timezone.localdate()

    def stage_steps(self) -> list[dict]:
        """Return each stage with its deadline and whether it is done, current or ahead."""
        deadlines = self.deadlines
        return [
            {
                "stage": stage,
                "deadline": deadlines[stage],
                "state": "done" if i < self.stage_index else "current" if i == self.stage_index else "ahead",
            }
            for i, stage in enumerate(STAGE_ORDER)
        ]


class RoundEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "oprettet", _("Oprettet")
        STAGE = "fase", _("Fase skiftet")
        DOCUMENT = "dokument", _("Dokument uploadet")
        COMMENT = "kommentar", _("Kommentar")
        MEETING = "moede", _("Dialogmøde")
        GOAL = "maal", _("Mål")
        APPROVAL = "godkendelse", _("Godkendelse")
        PUBLISHED = "offentliggjort", _("Offentliggjort")

    round = models.ForeignKey(DialogueRound, on_delete=models.CASCADE, related_name="events", verbose_name=_("runde"))
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("hændelse"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("beskrivelse"), max_length=500)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("hændelse")
        verbose_name_plural = _("historik")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text}"


class Document(models.Model):
    class Kind(models.TextChoices):
        STEERING_REPORT = "styringsrapport", _("Styringsrapport")
        ESTATE_FORMS = "afdelingsskema", _("Afdelingsskemaer")
        ACCOUNTS = "regnskab", _("Regnskab")
        AUDIT_REPORT = "revisionsprotokol", _("Revisionsprotokol")

    round = models.ForeignKey(
        DialogueRound, on_delete=models.CASCADE, related_name="documents", verbose_name=_("styringsdialog")
    )
    kind = models.CharField(_("dokument"), max_length=30, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    # The name in the default storage (lib.uploads.upload_to: random, not the uploaded name); served only through
    # the permission-checked download view.
    stored_name = models.CharField(_("lagret som"), max_length=255, unique=True, editable=False)
    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(_("filtype"), max_length=120)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploadet af"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        constraints = [models.UniqueConstraint(fields=["round", "kind", "version"], name="document_unique_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.original_name})"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:document_download", args=[self.pk])

    @property
    def stored_file(self) -> StoredFile:
        return StoredFile(instance=self, name=self.stored_name)


class Comment(models.Model):
    round = models.ForeignKey(
        DialogueRound, on_delete=models.CASCADE, related_name="comments", verbose_name=_("styringsdialog")
    )
    theme = models.CharField(_("tema"), max_length=30, choices=Theme.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skrevet af"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("kommentar"), max_length=5000)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        ordering = ["theme", "created_at", "id"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.text[:40]}"


class Measure(models.TextChoices):
    RENT = "husleje_m2", _("Husleje pr. m²")
    VACANCY_LOSS = "tomgangstab_m2", _("Tomgangstab pr. m²")
    TURNOVER = "fraflytning_pct", _("Fraflytning i %")
    VACANT_FEB1 = "tomme_1_feb", _("Tomme boliger pr. 1. februar")
    OPERATING_COST = "drift_m2", _("Driftsudgifter pr. m²")
    LETTINGS_WAITING_LIST = "udlejning_venteliste", _("Udlejninger: almindelig venteliste")
    LETTINGS_MUNICIPAL = "udlejning_kommunal", _("Udlejninger: kommunal anvisning")
    LETTINGS_FLEXIBLE = "udlejning_fleksibel", _("Udlejninger: fleksibel udlejning")
    LETTINGS_COMBINED = "udlejning_kombineret", _("Udlejninger: kombineret udlejning")


class KeyFigure(models.Model):
    # No index of its own: keyfigure_unique (estate, year, measure) serves every lookup by estate, and with two the
    # planner chose the smaller one and read every year of an estate to find one (the round page's flags).
    estate = models.ForeignKey(
        Estate, on_delete=models.CASCADE, related_name="key_figures", verbose_name=_("afdeling"), db_index=False
    )
    year = models.PositiveSmallIntegerField(_("regnskabsår"))
    measure = models.CharField(_("nøgletal"), max_length=30, choices=Measure.choices)
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["estate", "year", "measure"]
        verbose_name = _("nøgletal")
        verbose_name_plural = _("nøgletal")
        constraints = [
            models.UniqueConstraint(fields=["estate", "year", "measure"], name="keyfigure_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="keyfigure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.estate} {self.year} {self.get_measure_display()}: {self.value}"


class MunicipalAverage(models.Model):
    """The municipality's average of a key figure in a year over every estate (weighted by area where it applies).

    Derived from KeyFigure and Estate.area_m2 and stored by dialogue.services.municipal_averages_refresh whenever
    they change, so the pages that show it need not aggregate every key figure on each view."""

    measure = models.CharField(_("nøgletal"), max_length=30, choices=Measure.choices)
    year = models.PositiveSmallIntegerField(_("regnskabsår"))
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["year", "measure"]
        verbose_name = _("kommunalt gennemsnit")
        verbose_name_plural = _("kommunale gennemsnit")
        constraints = [models.UniqueConstraint(fields=["measure", "year"], name="municipalaverage_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_measure_display()}: {self.value}"


class Benchmark(models.Model):
    """The national (LBF) benchmark for a key figure in a year."""

    year = models.PositiveSmallIntegerField(_("regnskabsår"))
    measure = models.CharField(_("nøgletal"), max_length=30, choices=Measure.choices)
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["year", "measure"]
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        constraints = [
            models.UniqueConstraint(fields=["year", "measure"], name="benchmark_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="benchmark_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_measure_display()}: {self.value}"


class Agreement(models.Model):
    round = models.OneToOneField(
        DialogueRound, on_delete=models.CASCADE, related_name="agreement", verbose_name=_("styringsdialog")
    )
    summary = models.TextField(_("indledning"), blank=True)
    secretariat_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt for kommunen af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    secretariat_approved_at = models.DateTimeField(_("godkendt for kommunen"), null=True, blank=True)
    organisation_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt for boligorganisationen af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_approved_at = models.DateTimeField(_("godkendt for boligorganisationen"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")

    def __str__(self) -> str:
        return f"Aftale {self.round.year} – {self.round.organisation.short_name}"

    @property
    def is_approved(self) -> bool:
        return bool(self.secretariat_approved_at and self.organisation_approved_at)


class Goal(models.Model):
    class Responsible(models.TextChoices):
        ORGANISATION = "boligorganisation", _("Boligorganisationen")
        MUNICIPALITY = "kommune", _("Kommunen")
        BOTH = "begge", _("Begge parter")

    class Status(models.TextChoices):
        OPEN = "aaben", _("Åben")
        IN_PROGRESS = "i_gang", _("I gang")
        MET = "opfyldt", _("Opfyldt")
        NOT_MET = "ikke_opfyldt", _("Ikke opfyldt")
        CARRIED = "videreført", _("Videreført til næste år")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.NOT_MET)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goals", verbose_name=_("aftale"))
    theme = models.CharField(_("tema"), max_length=30, choices=Theme.choices)
    measure = models.CharField(_("indsats"), max_length=300, help_text=_("Hvad der gøres."))
    target = models.CharField(_("mål"), max_length=300, help_text=_("Hvornår målet er nået, gerne målbart."))
    deadline = models.DateField(_("frist"))
    responsible = models.CharField(_("ansvarlig"), max_length=20, choices=Responsible.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("videreført fra"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["theme", "deadline", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.target
