"""The planning overview: population and dwellings from Danmarks Statistik, the supply of homes for the elderly,
renovation projects (helhedsplaner) and the annual evaluation reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Person
from dialogue.models import Estate, StoredFile


class DataImport(models.Model):
    """One imported StatBank file: who loaded what and when (the figures themselves are not audited row by row)."""

    class Kind(models.TextChoices):
        POPULATION = "befolkning", _("Befolkning efter alder (FOLK1A)")
        DWELLINGS = "boliger", _("Boliger efter ejerforhold og type (BOL101)")
        FORECAST = "fremskrivning", _("Befolkningsfremskrivning (FRKM)")

    kind = models.CharField(_("slags"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("filnavn"), max_length=255)
    rows = models.PositiveIntegerField(_("rækker"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("indlæst af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("indlæst"), default=timezone.now)
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("dataindlæsning")
        verbose_name_plural = _("dataindlæsninger")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"


class PopulationFigure(models.Model):
    """Inhabitants of one age in Albertslund at 1 January of a year: counted (FOLK1A) or projected (FRKM)."""

    class Kind(models.TextChoices):
        COUNTED = "optalt", _("Optalt")
        FORECAST = "fremskrevet", _("Fremskrevet")

    kind = models.CharField(_("slags"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    age = models.PositiveSmallIntegerField(_("alder"))
    count = models.PositiveIntegerField(_("antal"))
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        ordering = ["kind", "year", "age"]
        verbose_name = _("befolkningstal")
        verbose_name_plural = _("befolkningstal")
        constraints = [models.UniqueConstraint(fields=["kind", "year", "age"], name="population_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.age} år: {self.count}"


class Ownership(models.TextChoices):
    """Ejerforhold as BOL101 names them."""

    PRIVATE_PERSONS = "Privatpersoner inkl. I/S", _("Privatpersoner inkl. I/S")
    SOCIAL_HOUSING = "Almene boligselskaber", _("Almene boligselskaber")
    COOPERATIVE = "Private andelsboligforeninger", _("Private andelsboligforeninger")
    PUBLIC = "Offentlig myndighed", _("Offentlig myndighed")
    COMPANIES = "A/S, ApS og andre selskaber", _("A/S, ApS og andre selskaber")
    OTHER = "Andet og uoplyst", _("Andet og uoplyst")


class DwellingType(models.TextChoices):
    """Anvendelse as BOL101 names it."""

    DETACHED = "Parcel/Stuehuse", _("Parcel- og stuehuse")
    TERRACED = "Række-, kæde- og dobbelthuse", _("Række-, kæde- og dobbelthuse")
    FLATS = "Etageboliger", _("Etageboliger")
    STUDENT = "Kollegier", _("Kollegier")
    INSTITUTIONS = "Døgninstitutioner", _("Døgninstitutioner")
    OTHER = "Andet", _("Andet")


class DwellingFigure(models.Model):
    """Dwellings in Albertslund at 1 January of a year by ownership and type (BOL101)."""

    year = models.PositiveSmallIntegerField(_("år"))
    ownership = models.CharField(_("ejerforhold"), max_length=40, choices=Ownership.choices)
    dwelling_type = models.CharField(_("boligtype"), max_length=40, choices=DwellingType.choices)
    count = models.PositiveIntegerField(_("antal"))
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        ordering = ["year", "ownership", "dwelling_type"]
        verbose_name = _("boligtal")
        verbose_name_plural = _("boligtal")
        constraints = [
            models.UniqueConstraint(fields=["year", "ownership", "dwelling_type"], name="dwelling_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.ownership} {self.dwelling_type}: {self.count}"


class ElderlyHousing(models.Model):
    """A stock of homes for the elderly (a care centre, a block of senior homes) and the years it is in use."""

    class Kind(models.TextChoices):
        ELDERLY = "aeldrebolig", _("Ældreboliger")
        NURSING = "plejebolig", _("Plejeboliger")
        SENIOR = "seniorbolig", _("Seniorboliger")

    kind = models.CharField(_("slags"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    estate = models.ForeignKey(
        Estate,
        verbose_name=_("afdeling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elderly_housing",
        help_text=_("Den almene afdeling, boligerne hører til, hvis nogen."),
    )
    units = models.PositiveIntegerField(_("boliger"))
    first_year = models.PositiveSmallIntegerField(_("taget i brug"), help_text=_("Året, boligerne tages i brug."))
    last_year = models.PositiveSmallIntegerField(
        _("sidste år i brug"), null=True, blank=True, help_text=_("Tom: i brug uden slutdato.")
    )
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("bolig til ældre")
        verbose_name_plural = _("boliger til ældre")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="elderly_housing_last_after_first",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}, {self.units})"

    def clean(self) -> None:
        if self.first_year and not 1900 <= self.first_year <= 2100:
            raise ValidationError({"first_year": _("Året ligger uden for det mulige.")})
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("Sidste år kan ikke ligge før året, boligerne tages i brug.")})


class Phase(models.TextChoices):
    IDEA = "ide", _("Idé")
    MASTER_PLAN = "helhedsplan", _("Helhedsplan")
    LBF_APPLICATION = "ansoegning_lbf", _("Ansøgning til Landsbyggefonden")
    SCHEME_A = "skema_a", _("Skema A")
    SCHEME_B = "skema_b", _("Skema B")
    CONSTRUCTION = "udfoerelse", _("Udførelse")
    SCHEME_C = "skema_c", _("Skema C")
    COMPLETED = "afsluttet", _("Afsluttet")


PHASE_ORDER = list(Phase)
PHASE_LABELS = dict(Phase.choices)


class CoordinationTheme(models.TextChoices):
    """The themes the kommissorium asks the renovation group to coordinate."""

    HOUSING_SOCIAL = "boligsocialt", _("Boligsociale tiltag")
    CLIMATE = "co2", _("CO₂ og klimastrategi")
    ARCHITECTURE = "arkitektur", _("Arkitektur")
    HERITAGE = "kulturarv", _("Kulturarv")
    ALLOCATION = "boliganvisning", _("Boliganvisning")
    SUPERVISION = "tilsyn", _("Tilsyn")
    PLANNING_LAW = "plan_byggelov", _("Plan- og byggelov")
    RAINWATER = "regnvand", _("Regnvand")


class RenovationProject(models.Model):
    estate = models.ForeignKey(
        Estate, verbose_name=_("afdeling"), on_delete=models.PROTECT, related_name="renovation_projects"
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, default=Phase.IDEA)
    budget = models.DecimalField(_("budget (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True)
    lbf_support = models.DecimalField(
        _("støtte fra Landsbyggefonden (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    co2_target = models.DecimalField(
        _("CO₂-mål (ton pr. år)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Den årlige reduktion, projektet sigter mod."),
    )
    co2_result = models.DecimalField(
        _("CO₂-resultat (ton pr. år)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Den målte årlige reduktion efter afslutning."),
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        ordering = ["estate__name", "title"]
        verbose_name = _("renoveringsprojekt")
        verbose_name_plural = _("renoveringsprojekter")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0) | Q(budget__isnull=True), name="project_budget_positive"),
            models.CheckConstraint(
                condition=Q(lbf_support__gte=0) | Q(lbf_support__isnull=True), name="project_support_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.estate.name})"

    def get_absolute_url(self) -> str:
        return reverse("planning:project_detail", args=[self.pk])

    def clean(self) -> None:
        if self.budget is not None and self.lbf_support is not None and self.lbf_support > self.budget:
            raise ValidationError({"lbf_support": _("Støtten kan ikke være større end budgettet.")})

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    @property
    def phase_label(self) -> str:
        """Return what get_phase_display() returns, for lists: that one hashes every phase's lazy label on each
        call (some 30 µs a row)."""
        return str(PHASE_LABELS.get(self.phase, self.phase))


class PhaseDate(models.Model):
    """When a project entered a phase (or is planned to), and when it left it."""

    project = models.ForeignKey(
        RenovationProject, on_delete=models.CASCADE, related_name="phase_dates", verbose_name=_("projekt")
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["project", "starts_on"]
        verbose_name = _("fasedato")
        verbose_name_plural = _("fasedatoer")
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="phase_date_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.starts_on}"


class ThemeCheck(models.Model):
    """One of the kommissorium's coordination themes for a project: handled or not, with a note."""

    project = models.ForeignKey(
        RenovationProject, on_delete=models.CASCADE, related_name="themes", verbose_name=_("projekt")
    )
    theme = models.CharField(_("tema"), max_length=20, choices=CoordinationTheme.choices)
    done = models.BooleanField(_("afklaret"), default=False)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["project", "theme"]
        verbose_name = _("koordineringstema")
        verbose_name_plural = _("koordineringstemaer")
        constraints = [models.UniqueConstraint(fields=["project", "theme"], name="theme_check_unique")]

    def __str__(self) -> str:
        return self.get_theme_display()


class ProjectExpert(models.Model):
    """A person with special knowledge called in to a project (kommissoriet: »personer med særlig viden«)."""

    project = models.ForeignKey(
        RenovationProject, on_delete=models.CASCADE, related_name="experts", verbose_name=_("projekt")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    role = models.CharField(_("rolle"), max_length=200, help_text=_("Fx »arkitekt« eller »klimarådgiver«."))

    class Meta:
        ordering = ["project", "person__name"]
        verbose_name = _("særlig viden")
        verbose_name_plural = _("særlig viden")
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="project_expert_unique")]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.role}"


class EvaluationReport(models.Model):
    """The annual evaluation of the housing coordination for one year, generated as a PDF by a task."""

    class Status(models.TextChoices):
        QUEUED = "i_koe", _("I kø")
        RUNNING = "i_gang", _("Dannes")
        DONE = "faerdig", _("Færdig")
        FAILED = "fejlet", _("Fejlet")

    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    # The PDF's name in the default storage; served only through the permission-checked download view.
    stored_name = models.CharField(_("lagret som"), max_length=255, blank=True, editable=False)
    has_data = models.BooleanField(_("har data"), default=False)
    error = models.CharField(_("fejl"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    started_at = models.DateTimeField(_("påbegyndt"), null=True, blank=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-requested_at", "-id"]
        verbose_name = _("årlig evaluering")
        verbose_name_plural = _("årlige evalueringer")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"Evaluering af boligkoordineringen {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:report_list") + f"#rapport-{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stored_file(self) -> StoredFile:
        return StoredFile(instance=self, name=self.stored_name)

    @property
    def filename(self) -> str:
        return f"evaluering-boligkoordinering-{self.year}.pdf"
