"""Changes in the steering dialogue. Every change to a round writes a RoundEvent (who, when, what)."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import Body, Organisation, Person
from dialogue.keyfigures import KeyFigureFileError, read_rows
from dialogue.models import (
    Agreement,
    Benchmark,
    Comment,
    DialogueRound,
    Document,
    Estate,
    Goal,
    KeyFigure,
    MunicipalAverage,
    RoundEvent,
    Stage,
    Theme,
)
from dialogue.selectors import keyfigure_averages, round_flags
from lib.concurrency import save_versioned
from lib.roles import Role
from lib.rules import is_sekretariat
from lib.uploads import save_with_file, validate_upload
from meetings import services as meetings_services
from meetings.models import AgendaItem, Meeting, Notification
from meetings.reminders import Planned, reminders_sync_for_subject

Kind = Notification.Kind
DOCUMENT_TYPES = {".pdf", ".docx", ".xlsx", ".odt", ".ods", ".csv"}
DATA_DIR = Path(settings.BASE_DIR) / "data"


def _event(*, round: DialogueRound, actor, kind: str, text: str) -> RoundEvent:
    event = RoundEvent(round=round, actor=actor, kind=kind, text=text[:500])
    event.full_clean()
    event.save()
    return event


def _locked(round: DialogueRound) -> DialogueRound:
    """Re-read the round under a row lock, so two requests never change it from the same stale state."""
    return DialogueRound.objects.select_for_update().select_related("organisation").get(pk=round.pk)


@transaction.atomic
def estate_save(*, estate: Estate) -> Estate:
    """Validate and store a new or changed estate; a changed area changes the municipal averages."""
    estate.full_clean()
    area_changed = (
        estate.pk is not None and Estate.objects.filter(pk=estate.pk).exclude(area_m2=estate.area_m2).exists()
    )
    estate.save()
    if area_changed:
        municipal_averages_refresh()
    return estate


@transaction.atomic
def municipal_averages_refresh() -> int:
    """Recompute the municipality's average of every key figure and year and store them in place of the old
    ones; return how many there are. Call it after every change to key figures or estate areas."""
    if connection.vendor == "postgresql":
        # Two refreshes at once would each compute without the other's uncommitted figures, and the later commit
        # would store averages missing the earlier one's. Taken in turn, each computes after the other committed.
        # The mode still lets the pages read the averages meanwhile.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {MunicipalAverage._meta.db_table} IN EXCLUSIVE MODE")
    averages = keyfigure_averages(KeyFigure.objects.all())
    MunicipalAverage.objects.all().delete()
    MunicipalAverage.objects.bulk_create(
        [MunicipalAverage(measure=measure, year=year, value=value) for (measure, year), value in averages.items()]
    )
    return len(averages)


def _carry_open_goals(*, previous: DialogueRound, agreement: Agreement, actor) -> int:
    carried = 0
    for goal in Goal.objects.filter(agreement__round=previous, status__in=Goal.OPEN_STATUSES, carried_to__isnull=True):
        new_deadline = max(goal.deadline, datetime.date(agreement.round.year, 12, 31))
        copy = Goal(
            agreement=agreement,
            theme=goal.theme,
            measure=goal.measure,
            target=goal.target,
            deadline=new_deadline,
            responsible=goal.responsible,
            carried_from=goal,
        )
        copy.full_clean()
        copy.save()
        goal.status = Goal.Status.CARRIED
        goal.save(update_fields=["status"])
        carried += 1
    if carried:
        _event(
            round=previous,
            actor=actor,
            kind=RoundEvent.Kind.GOAL,
            text=_("%(count)d åbne mål videreført til %(year)d.") % {"count": carried, "year": agreement.round.year},
        )
    return carried


@transaction.atomic
def round_create(*, organisation: Organisation, year: int, actor, is_demo: bool = False) -> DialogueRound:
    """Open the round of `year` for the organisation; last year's open goals are carried into its agreement."""
    round = DialogueRound(organisation=organisation, year=year, is_demo=is_demo)
    round.full_clean()
    round.save()
    agreement = Agreement.objects.create(round=round)
    _event(round=round, actor=actor, kind=RoundEvent.Kind.CREATED, text=_("Styringsdialogen er oprettet."))
    previous = DialogueRound.objects.filter(organisation=organisation, year=year - 1).first()
    if previous is not None:
        carried = _carry_open_goals(previous=previous, agreement=agreement, actor=actor)
        if carried:
            _event(
                round=round,
                actor=actor,
                kind=RoundEvent.Kind.GOAL,
                text=_("%(count)d åbne mål videreført fra %(year)d.") % {"count": carried, "year": year - 1},
            )
    round_reminders_sync(round=round)
    return round


def round_create_next(*, round: DialogueRound, actor) -> DialogueRound:
    """Open next year's round for the same organisation, carrying the goals not met."""
    return round_create(organisation=round.organisation, year=round.year + 1, actor=actor, is_demo=round.is_demo)


THEME_ITEM_TEXT = {
    Theme.PHYSICAL: gettext_lazy("Bygningernes og fællesarealernes drift, standard og vedligehold; renoveringsplaner."),
    Theme.RESIDENTS: gettext_lazy("Rammerne for udlejning, boligsociale indsatser og sideaktiviteter."),
    Theme.ADMINISTRATION: gettext_lazy("Effektivitet og kvalitet i administrationen; beboerdemokratiet."),
    Theme.ECONOMY: gettext_lazy("Regnskab, nøgletal og benchmark for regnskabsåret."),
}


def _dialogue_agenda(round: DialogueRound) -> list[dict]:
    """Return the dialogue meeting's agenda: last year's open goals, one item per theme, the agreement."""
    carried = list(round.agreement.goals.filter(carried_from__isnull=False).order_by("theme", "deadline"))
    items = []
    if carried:
        lines = [f"- {goal.get_theme_display()}: {goal.target} ({goal.get_status_display()})" for goal in carried]
        items.append(
            {
                "title": _("Opfølgning på sidste års åbne mål"),
                "kind": AgendaItem.Kind.DISCUSSION,
                "background": _("Mål fra aftalen for %(year)d, som ikke blev opfyldt:") % {"year": round.year - 1}
                + "\n"
                + "\n".join(lines),
            }
        )
    flags = round_flags(round=round)
    for theme in Theme:
        background = str(THEME_ITEM_TEXT[theme])
        if theme == Theme.ECONOMY and flags:
            background += "\n" + _("Nøgletal, der afviger fra benchmark:") + "\n"
            background += "\n".join(
                f"- {flag.estate_name}: {flag.measure.label} {flag.value} (benchmark {flag.benchmark})"
                for flag in flags
            )
        items.append({"title": theme.label, "kind": AgendaItem.Kind.DISCUSSION, "background": background})
    items.append(
        {
            "title": _("Aftale og mål for det kommende år"),
            "kind": AgendaItem.Kind.DECISION,
            "background": _("Udkast til aftale med mål, indsatser, frister og ansvarlige."),
            "recommendation": _("Det indstilles, at parterne godkender aftalens mål."),
        }
    )
    items.append({"title": _("Eventuelt"), "kind": AgendaItem.Kind.INFORMATION, "background": ""})
    return items


def _board_members(round: DialogueRound) -> list[Person]:
    return list(
        Person.objects.filter(organisation=round.organisation, user__groups__name=Role.BOLIGORGANISATION).distinct()
    )


@transaction.atomic
def round_meeting_plan(
    *, round: DialogueRound, starts_at: datetime.datetime, ends_at: datetime.datetime, place: str, actor
) -> Meeting:
    """Plan the round's dialogue meeting: a meeting held by the secretariat with the organisation's board members,
    its agenda pre-filled by theme and with last year's open goals."""
    round = _locked(round)
    if round.is_closed:
        raise ValidationError(_("Styringsdialogen er afsluttet; der kan ikke planlægges et dialogmøde."))
    if round.meeting_id is not None:
        raise ValidationError(_("Styringsdialogen har allerede et dialogmøde."))
    body = Body.objects.filter(kind=Body.Kind.SECRETARIAT).order_by("position").first()
    if body is None:
        raise ValidationError(_("Der findes intet sekretariat til at holde dialogmødet."))
    meeting = Meeting(
        body=body,
        title=_("Styringsdialogmøde %(year)d – %(organisation)s")
        % {"year": round.year, "organisation": round.organisation.short_name},
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        is_ad_hoc=True,
        is_demo=round.is_demo,
    )
    # A time in the past is refused by the form; overlaps with the secretariat's own meetings are allowed.
    meeting = meetings_services.meeting_create(meeting=meeting, actor=actor, confirmed=True)
    for values in _dialogue_agenda(round):
        meetings_services.agenda_item_create(item=AgendaItem(meeting=meeting, **values), actor=actor)
    for person in _board_members(round):
        meetings_services.guest_invite(
            meeting=meeting,
            person=person,
            role=_("bestyrelsen for %(org)s") % {"org": round.organisation.short_name},
            item=None,
            actor=actor,
        )
    round.meeting = meeting
    round.save(update_fields=["meeting"])
    _event(
        round=round,
        actor=actor,
        kind=RoundEvent.Kind.MEETING,
        text=_("Dialogmøde planlagt %(when)s.") % {"when": f"{timezone.localtime(starts_at):%d.%m.%Y %H.%M}"},
    )
    return meeting


# How long before a stage's deadline those who must reach it are reminded, and at what hour.
DEADLINE_NOTICE_DAYS = 14
DEADLINE_NOTICE_HOUR = 8
# Stages the housing organisation itself must reach (its documentation package, the meeting, its approval): its
# board members are reminded too; the others are the secretariat's own work.
ORGANISATION_STAGES = {Stage.DOCUMENTS_RECEIVED, Stage.MEETING_HELD, Stage.AGREEMENT_APPROVED}


def round_reminders_sync(*, round: DialogueRound, now: datetime.datetime | None = None) -> dict[str, int]:
    """Plan the reminder of the round's next deadline (through the meetings' reminder machinery, sent once):
    the secretariat, and for the organisation's own stages its board members, two weeks before the deadline.
    A deadline already passed is shown as overdue on the overview instead."""
    now = now or timezone.now()
    planned = []
    stage, deadline = round.next_stage, round.next_deadline
    if stage is not None and deadline >= timezone.localdate(now):
        users = get_user_model().objects.filter(is_active=True, groups__name=Role.SEKRETARIAT)
        if stage in ORGANISATION_STAGES:
            board = get_user_model().objects.filter(
                is_active=True, groups__name=Role.BOLIGORGANISATION, person__organisation=round.organisation
            )
            users = users | board
        day = deadline - datetime.timedelta(days=DEADLINE_NOTICE_DAYS)
        due_at = max(timezone.make_aware(datetime.datetime.combine(day, datetime.time(DEADLINE_NOTICE_HOUR))), now)
        values = {
            "round": str(round),
            "stage": Stage(stage).label,
            "deadline": date_format(deadline, "j. F Y"),
        }
        title = _("Frist i styringsdialogen: %(stage)s senest %(deadline)s") % values
        text = _("%(round)s skal nå fasen »%(stage)s« senest %(deadline)s.") % values
        planned = [
            Planned(
                f"round:{round.pk}:{stage}:{user_id}",
                Kind.DIALOGUE,
                user_id,
                due_at,
                title,
                text,
                round.get_absolute_url(),
            )
            for user_id in sorted(set(users.values_list("pk", flat=True)))
        ]
    return reminders_sync_for_subject(prefix=f"round:{round.pk}:", planned=planned)


def _move(*, round: DialogueRound, stage: str, actor) -> DialogueRound:
    if not round.can_move_to(stage):
        raise ValidationError(
            _("En styringsdialog kan ikke gå fra »%(from)s« til »%(to)s«.")
            % {"from": round.get_stage_display(), "to": Stage(stage).label}
        )
    before = round.get_stage_display()
    round.stage = stage
    round.full_clean()
    round.save(update_fields=["stage", "published_at", "account"])
    _event(
        round=round,
        actor=actor,
        kind=RoundEvent.Kind.STAGE,
        text=_("Fase: %(before)s → %(after)s.") % {"before": before, "after": round.get_stage_display()},
    )
    round_reminders_sync(round=round)
    return round


@transaction.atomic
def round_advance(*, round: DialogueRound, stage: str, actor) -> DialogueRound:
    """Move the round to another stage, if the transition is allowed and its conditions hold."""
    round = _locked(round)
    if stage == Stage.AGREEMENT_APPROVED and not round.agreement.is_approved:
        raise ValidationError(_("Aftalen skal først godkendes af både kommunen og boligorganisationen."))
    if stage == Stage.PUBLISHED:
        raise ValidationError(_("Redegørelsen offentliggøres fra siden »Offentliggør«."))
    return _move(round=round, stage=stage, actor=actor)


@transaction.atomic
def round_publish(*, round: DialogueRound, account: str, actor) -> DialogueRound:
    """Publish the municipality's account (redegørelse) of the dialogue together with the agreement."""
    round = _locked(round)
    if not account.strip():
        raise ValidationError({"account": _("Skriv redegørelsen, før den offentliggøres.")})
    round.account = account.strip()
    round.published_at = timezone.now()
    _move(round=round, stage=Stage.PUBLISHED, actor=actor)
    _event(
        round=round,
        actor=actor,
        kind=RoundEvent.Kind.PUBLISHED,
        text=_("Redegørelse og aftale offentliggjort på den offentlige side."),
    )
    return round


@transaction.atomic
def document_upload(*, round: DialogueRound, kind: str, uploaded, actor) -> Document:
    """Store an uploaded document in the round's package; a new upload of the same kind is a new version."""
    round = _locked(round)
    if round.is_closed:
        raise ValidationError(_("Styringsdialogen er afsluttet; der kan ikke uploades flere dokumenter."))
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Vælg en dokumenttype.")})
    content_type = validate_upload(uploaded, allowed=DOCUMENT_TYPES)
    latest = round.documents.filter(kind=kind).order_by("-version").values_list("version", flat=True).first()
    document = Document(
        round=round,
        kind=kind,
        version=(latest or 0) + 1,
        original_name=Path(uploaded.name).name[:255],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=actor,
    )
    save_with_file(document, uploaded)
    _event(
        round=round,
        actor=actor,
        kind=RoundEvent.Kind.DOCUMENT,
        text=_("%(kind)s, version %(version)d uploadet (%(name)s).")
        % {"kind": document.get_kind_display(), "version": document.version, "name": document.original_name},
    )
    if round.stage == Stage.PREPARATION:
        _move(round=round, stage=Stage.DOCUMENTS_RECEIVED, actor=actor)
    return document


@transaction.atomic
def comment_create(*, round: DialogueRound, theme: str, text: str, actor) -> Comment:
    """Add a comment to the round's thread on a theme; both sides see it."""
    round = _locked(round)
    if round.is_closed:
        raise ValidationError(_("Styringsdialogen er afsluttet; der kan ikke skrives flere kommentarer."))
    comment = Comment(round=round, theme=theme, text=text.strip(), author=actor)
    comment.full_clean()
    comment.save()
    _event(
        round=round,
        actor=actor,
        kind=RoundEvent.Kind.COMMENT,
        text=_("Kommentar under »%(theme)s«.") % {"theme": comment.get_theme_display()},
    )
    return comment


def _agreement_open_for_changes(round: DialogueRound) -> None:
    if not round.agreement_editable:
        raise ValidationError(_("Aftalen er godkendt; målene kan ikke længere ændres, kun få ny status."))


@transaction.atomic
def goal_save(*, goal: Goal, actor, read_version: int | None = None) -> Goal:
    """Add or change a goal of the agreement; a change withdraws approvals already given. A change made from a
    goal read at `read_version` is refused (lib.concurrency.StaleEdit) when someone saved the goal since."""
    round = _locked(goal.agreement.round)
    _agreement_open_for_changes(round)
    is_new = goal.pk is None
    if is_new or read_version is None:
        goal.full_clean()
        goal.save()
    else:
        save_versioned(goal, read_version=read_version)
    agreement = Agreement.objects.select_for_update().get(pk=goal.agreement_id)
    if agreement.secretariat_approved_at or agreement.organisation_approved_at:
        agreement.secretariat_approved_at = agreement.organisation_approved_at = None
        agreement.secretariat_approved_by = agreement.organisation_approved_by = None
        agreement.save()
        _event(round=round, actor=actor, kind=RoundEvent.Kind.APPROVAL, text=_("Godkendelser trukket tilbage."))
    text = _("Mål tilføjet: %(target)s") if is_new else _("Mål ændret: %(target)s")
    _event(round=round, actor=actor, kind=RoundEvent.Kind.GOAL, text=text % {"target": goal.target})
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, status: str, actor) -> Goal:
    """Record how far a goal has come (the follow-up)."""
    round = _locked(goal.agreement.round)
    if status not in Goal.Status.values or status == Goal.Status.CARRIED:
        raise ValidationError({"status": _("Vælg en gyldig status.")})
    before = goal.get_status_display()
    goal.status = status
    goal.full_clean()
    goal.save(update_fields=["status"])
    _event(
        round=round,
        actor=actor,
        kind=RoundEvent.Kind.GOAL,
        text=_("Status for »%(target)s«: %(before)s → %(after)s.")
        % {"target": goal.target, "before": before, "after": goal.get_status_display()},
    )
    return goal


@transaction.atomic
def agreement_approve(*, round: DialogueRound, actor) -> Agreement:
    """Approve the agreement for the actor's side (the secretariat, or the organisation's board member)."""
    round = _locked(round)
    if round.stage != Stage.AGREEMENT_DRAFT:
        raise ValidationError(_("Aftalen kan kun godkendes, mens den er i udkast."))
    agreement = Agreement.objects.select_for_update().get(round=round)
    if not agreement.goals.exists():
        raise ValidationError(_("Aftalen har ingen mål endnu."))
    now = timezone.now()
    if is_sekretariat(actor):
        side = _("kommunen")
        agreement.secretariat_approved_by, agreement.secretariat_approved_at = actor, now
    elif actor.has_perm("dialogue.take_part", round):
        side = _("boligorganisationen")
        agreement.organisation_approved_by, agreement.organisation_approved_at = actor, now
    else:
        raise PermissionDenied
    agreement.save()
    _event(
        round=round,
        actor=actor,
        kind=RoundEvent.Kind.APPROVAL,
        text=_("Aftalen godkendt for %(side)s.") % {"side": side},
    )
    if agreement.is_approved:
        _move(round=round, stage=Stage.AGREEMENT_APPROVED, actor=actor)
    return agreement


@transaction.atomic
def agreement_update(*, round: DialogueRound, summary: str, read_version: int, actor) -> Agreement:
    """Change the agreement's introduction, unless someone saved it since it was read (StaleEdit)."""
    round = _locked(round)
    _agreement_open_for_changes(round)
    agreement = round.agreement
    agreement.summary = summary.strip()
    save_versioned(agreement, read_version=read_version)
    _event(round=round, actor=actor, kind=RoundEvent.Kind.GOAL, text=_("Aftalens indledning ændret."))
    return agreement


@transaction.atomic
def keyfigures_import(*, data: bytes, benchmark: bool = False) -> int:
    """Import a key figure (or benchmark) CSV file, all or nothing; return the number of values stored.

    Raise KeyFigureFileError listing every problem by row and column when anything is wrong.
    """
    rows = read_rows(data, benchmark=benchmark)
    stored = 0
    if benchmark:
        for row in rows:
            for measure, value in row.values.items():
                Benchmark.objects.update_or_create(year=row.year, measure=measure, defaults={"value": value})
                stored += 1
        return stored
    estates = {
        (estate.organisation.short_name.lower(), estate.number): estate
        for estate in Estate.objects.select_related("organisation")
    }
    problems = [
        f"Række {row.line}, kolonne »afdeling«: ukendt afdeling {row.estate_number} i »{row.organisation}«."
        for row in rows
        if (row.organisation.lower(), row.estate_number) not in estates
    ]
    if problems:
        raise KeyFigureFileError(problems)
    newest: dict[int, tuple[int, Decimal]] = {}
    for row in rows:
        estate = estates[(row.organisation.lower(), row.estate_number)]
        for measure, value in row.values.items():
            KeyFigure.objects.update_or_create(estate=estate, year=row.year, measure=measure, defaults={"value": value})
            stored += 1
        if row.area_m2 is not None and row.year >= newest.get(estate.pk, (0, None))[0]:
            newest[estate.pk] = (row.year, row.area_m2)
    for estate_pk, (_year, area) in newest.items():
        Estate.objects.filter(pk=estate_pk).update(area_m2=int(area))
    municipal_averages_refresh()
    return stored


# Demo data --------------------------------------------------------------------------------------------------

DEMO_ESTATES_FILE = DATA_DIR / "afdelinger_demo.csv"
DEMO_KEYFIGURES_FILE = DATA_DIR / "noegletal_demo.csv"
DEMO_BENCHMARK_FILE = DATA_DIR / "noegletal_benchmark_demo.csv"


def _demo_estates() -> int:
    organisations = {o.short_name: o for o in Organisation.objects.filter(kind=Organisation.Kind.HOUSING)}
    count = 0
    with DEMO_ESTATES_FILE.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter=";"):
            organisation = organisations.get(record["organisation"])
            if organisation is None:
                continue
            estate = Estate.objects.filter(organisation=organisation, number=record["afdeling"]).first()
            if estate is not None and not estate.is_demo:
                continue  # real data is never overwritten by demo data
            estate = estate or Estate(organisation=organisation, number=record["afdeling"])
            estate.name = record["navn"]
            estate.address = record["adresse"]
            estate.units = int(record["lejemaal"])
            estate.area_m2 = int(record["areal_m2"])
            estate.year_built = int(record["opfoerelsesaar"])
            estate.is_demo = True
            estate_save(estate=estate)
            count += 1
    return count


def _demo_rounds(year: int) -> None:
    housing = Organisation.objects.filter(kind=Organisation.Kind.HOUSING).order_by("short_name")
    stages = [Stage.REVIEWED, Stage.DOCUMENTS_RECEIVED, Stage.PREPARATION, Stage.MEETING_HELD, Stage.AGREEMENT_DRAFT]
    for index, organisation in enumerate(housing):
        if DialogueRound.objects.filter(organisation=organisation).exists():
            continue
        last = round_create(organisation=organisation, year=year - 1, actor=None, is_demo=True)
        agreement = last.agreement
        agreement.summary = "Demo: aftale efter dialogmødet (opdigtet indhold til afprøvning)."
        agreement.save()
        for theme, measure, target, status in [
            ("fysiske_rammer", "Plan for tagudskiftning", "Plan vedtaget af afdelingsmødet", Goal.Status.MET),
            ("beboersammensaetning", "Fleksibel udlejning", "Fraflytning under 12 %", Goal.Status.NOT_MET),
            ("oekonomi", "Energirenovering af fællesarealer", "Driftsudgift pr. m² under benchmark", Goal.Status.OPEN),
        ]:
            Goal.objects.create(
                agreement=agreement,
                theme=theme,
                measure=measure,
                target=target,
                deadline=datetime.date(year - 1, 12, 31),
                responsible=Goal.Responsible.ORGANISATION,
                status=status,
            )
        now = timezone.now()
        agreement.secretariat_approved_at = agreement.organisation_approved_at = now
        agreement.save()
        last.stage = Stage.FOLLOW_UP
        last.account = "Demo: kommunens redegørelse for styringsdialogen (opdigtet tekst til afprøvning)."
        last.published_at = now
        last.save()
        _event(round=last, actor=None, kind=RoundEvent.Kind.PUBLISHED, text="Demodata: runden er afsluttet.")
        current = round_create(organisation=organisation, year=year, actor=None, is_demo=True)
        current.stage = stages[index % len(stages)]
        current.save()
        _event(round=current, actor=None, kind=RoundEvent.Kind.STAGE, text="Demodata: fase sat til afprøvning.")


@transaction.atomic
def demo_data_load() -> None:
    """Load the demo estates, key figures, benchmarks and rounds (all marked demo); running it twice changes nothing."""
    if not _demo_estates():
        return
    # Demo figures only while every estate is a demo estate: they must never land on real data.
    if not Estate.objects.filter(is_demo=False).exists():
        keyfigures_import(data=DEMO_KEYFIGURES_FILE.read_bytes())
    if not Benchmark.objects.exists():
        keyfigures_import(data=DEMO_BENCHMARK_FILE.read_bytes(), benchmark=True)
    _demo_rounds(timezone.localdate().year)
