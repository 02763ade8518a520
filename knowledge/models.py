"""Knowledge and communication: the document library with versions, news to participants and the public, and the
weekly news digest."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Body, Organisation
from dialogue.models import DialogueRound, StoredFile
from meetings.models import Meeting


class Tag(models.Model):
    name = models.CharField(_("navn"), max_length=60, unique=True)
    slug = models.SlugField(_("kortnavn i adresser"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("emneord")
        verbose_name_plural = _("emneord")

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLIC = "offentlig", _("Offentlig")
    INTERNAL = "intern", _("Intern (kommunens medarbejdere)")
    BODY = "organ", _("Kun organets medlemmer")
    ORGANISATION = "boligorganisation", _("Kun boligorganisationen")


# get_FOO_display() translates every choice's label on each call; the library shows one for every row.
VISIBILITY_LABELS = dict(Visibility.choices)


class Document(models.Model):
    """A document of the library; its file is the newest of its versions, all kept."""

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    round = models.ForeignKey(
        DialogueRound,
        verbose_name=_("styringsdialog"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("boligorganisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        limit_choices_to={"kind": Organisation.Kind.HOUSING},
    )
    visibility = models.CharField(
        _("synlighed"), max_length=20, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("emneord"), blank=True, related_name="documents")
    # The newest version's extracted text, and whether extraction worked (else the file is found by its title).
    text = models.TextField(_("tekst"), blank=True, editable=False)
    text_extracted = models.BooleanField(_("tekst udtrukket"), default=False, editable=False)
    # Danish full text of title (A), description and tags (B) and text (C); kept up to date by the services.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oprettet af"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("opdateret"), default=timezone.now)
    is_demo = models.BooleanField(_("demodata"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    audit_exclude = frozenset({"text", "search_vector"})

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        indexes = [models.Index(fields=["visibility", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:document_detail", args=[self.pk])

    def get_visibility_display(self) -> str:
        return str(VISIBILITY_LABELS.get(self.visibility, self.visibility))

    def clean(self) -> None:
        if self.visibility == Visibility.BODY and not self.body_id:
            raise ValidationError({"body": _("Vælg det organ, hvis medlemmer må se dokumentet.")})
        if self.visibility == Visibility.ORGANISATION and not self.organisation_id:
            raise ValidationError({"organisation": _("Vælg den boligorganisation, der må se dokumentet.")})
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            raise ValidationError({"meeting": _("Mødet hører til et andet organ end det valgte.")})
        if self.round_id and self.organisation_id and self.round.organisation_id != self.organisation_id:
            raise ValidationError({"round": _("Styringsdialogen hører til en anden boligorganisation end den valgte.")})


class DocumentVersion(models.Model):
    """One uploaded file of a document; old versions are kept and can still be downloaded."""

    document = models.ForeignKey(
        Document, verbose_name=_("dokument"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    # The name in the default storage (lib.uploads.upload_to: random, not the uploaded name); served only through
    # the permission-checked download view.
    stored_name = models.CharField(_("lagret som"), max_length=255, unique=True, editable=False)
    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(_("filtype"), max_length=120)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    note = models.CharField(_("hvad er ændret"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploadet af"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("dokumentversion")
        verbose_name_plural = _("dokumentversioner")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("knowledge:version_download", args=[self.pk])

    @property
    def stored_file(self) -> StoredFile:
        return StoredFile(instance=self, name=self.stored_name)


class NewsItem(models.Model):
    """News from the secretariat: public (everyone, the feed) or internal to chosen bodies and roles."""

    class Audience(models.TextChoices):
        PUBLIC = "offentlig", _("Offentlig nyhed")
        INTERNAL = "intern", _("Intern nyhed til udvalgte organer og roller")

    title = models.CharField(_("overskrift"), max_length=200)
    summary = models.CharField(_("resumé"), max_length=300, blank=True)
    text = models.TextField(_("tekst"))
    audience = models.CharField(_("modtagere"), max_length=10, choices=Audience.choices, default=Audience.INTERNAL)
    bodies = models.ManyToManyField(Body, verbose_name=_("til organer"), blank=True, related_name="news")
    roles = models.ManyToManyField(Group, verbose_name=_("til roller"), blank=True, related_name="+")
    search_vector = SearchVectorField(null=True, editable=False)
    published_at = models.DateTimeField(_("offentliggjort"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skrevet af"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)

    audit_exclude = frozenset({"search_vector"})

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("nyhed")
        verbose_name_plural = _("nyheder")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:news_detail", args=[self.pk])

    def get_audience_display(self) -> str:
        return str(AUDIENCE_LABELS.get(self.audience, self.audience))

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC


# As VISIBILITY_LABELS: the news list names the audience of every row.
AUDIENCE_LABELS = dict(NewsItem.Audience.choices)


class DigestSubscription(models.Model):
    """A user's choice of the weekly e-mail with the week's news."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("bruger"), on_delete=models.CASCADE, related_name="news_digest"
    )
    weekly = models.BooleanField(_("send mig ugens nyheder som e-mail hver mandag"), default=False)

    class Meta:
        verbose_name = _("valg af ugebrev")
        verbose_name_plural = _("valg af ugebrev")

    def __str__(self) -> str:
        return f"{self.user}: {self.weekly}"


class DigestDelivery(models.Model):
    """The weekly digest sent to one user: the unique key makes sure a week's digest is sent once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruger"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.CharField(_("uge"), max_length=8, help_text=_("ISO-uge, fx 2026-W48."))
    news_count = models.PositiveSmallIntegerField(_("antal nyheder"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("udsendt ugebrev")
        verbose_name_plural = _("udsendte ugebreve")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_user_and_week")]

    def __str__(self) -> str:
        return f"{self.user} {self.week}"


class SearchState(models.Model):
    """One row: a token for the state of everything the search reads. PostgreSQL gives it a new token when a
    transaction that changed any of it commits (triggers, migration 0004), so a ranking remembered under the old token
    is never used again."""

    token = models.UUIDField(_("tilstand"))

    class Meta:
        verbose_name = _("søgningens tilstand")
        verbose_name_plural = _("søgningens tilstand")

    def __str__(self) -> str:
        return str(self.token)


class SearchRanking(models.Model):
    """A search's ranked hits (knowledge.search), remembered for the state of the data they were ranked in: for the
    same words and a user of the same scope, and until the next news item is published (news are found from their
    publication time on)."""

    key = models.CharField(_("nøgle"), max_length=64, primary_key=True)
    token = models.UUIDField(_("tilstand"))
    valid_until = models.DateTimeField(_("gælder til"), null=True)
    rows = models.JSONField(_("træf"))

    class Meta:
        verbose_name = _("husket søgning")
        verbose_name_plural = _("huskede søgninger")

    def __str__(self) -> str:
        return self.key
