"""Reads of the planning overview, shaped as tables (planning.tables.Table) that pages, exports and the PDF share.

Housing data and renovation projects are the same for every user allowed to see them; the steering dialogue is
read through dialogue.selectors with the user, and the meetings through the meeting models, counted in the
database so each table costs a fixed number of queries however much data there is."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Body
from dialogue import selectors as dialogue_selectors
from dialogue.models import STAGE_ORDER, Goal
from meetings.models import ActionItem, AgendaItem, Invitation, Meeting
from planning.models import (
    PHASE_ORDER,
    DataImport,
    DwellingFigure,
    ElderlyHousing,
    EvaluationReport,
    Ownership,
    Phase,
    PhaseDate,
    PopulationFigure,
    ProjectExpert,
    RenovationProject,
    ThemeCheck,
)
from planning.tables import Table

AGE_GROUPS = [
    ("0–5 år", 0, 5),
    ("6–16 år", 6, 16),
    ("17–24 år", 17, 24),
    ("25–64 år", 25, 64),
    ("65–79 år", 65, 79),
    ("80+ år", 80, None),
]
ELDERLY_GROUPS = (4, 5)  # indexes of 65–79 and 80+ in AGE_GROUPS
HELD_STATUSES = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
TIMELINE_YEARS = 10
# Ten years of cadence at most once a week: more occurrences than that in a year means a wrong RRULE, not work.
MAX_CADENCE_DATES = 400


def _percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


# Population and dwellings ----------------------------------------------------------------------------------


def _age_group() -> Case:
    return Case(
        *(When(age__gte=low, age__lte=high, then=Value(i)) for i, (_label, low, high) in enumerate(AGE_GROUPS) if high),
        default=Value(len(AGE_GROUPS) - 1),
        output_field=IntegerField(),
    )


def recent_imports(*, limit: int = 20) -> QuerySet[DataImport]:
    """Return the latest StatBank imports with who loaded them."""
    return DataImport.objects.select_related("imported_by")[:limit]


def population_by_group(*, kind: str, until: int | None = None) -> dict[int, list[int]]:
    """Return year → inhabitants per age group (in AGE_GROUPS order), summed in the database."""
    figures = PopulationFigure.objects.filter(kind=kind)
    if until is not None:
        figures = figures.filter(year__lte=until)
    rows = figures.annotate(group=_age_group()).values("year", "group").annotate(total=Sum("count")).order_by("year")
    years: dict[int, list[int]] = {}
    for row in rows:
        years.setdefault(row["year"], [0] * len(AGE_GROUPS))[row["group"]] = row["total"]
    return years


def _age_group_table(slug: str, caption: str, *, kind: str, until: int | None) -> Table:
    table = Table(slug, caption, [_("År"), *(label for label, _low, _high in AGE_GROUPS), _("I alt")])
    for year, groups in population_by_group(kind=kind, until=until).items():
        table.rows.append([year, *groups, sum(groups)])
    return table


def population_table(*, until: int | None = None) -> Table:
    """Return the counted population by age group, year by year."""
    caption = _("Befolkningen i Albertslund efter aldersgruppe pr. 1. januar")
    return _age_group_table("befolkning", caption, kind=PopulationFigure.Kind.COUNTED, until=until)


def forecast_table() -> Table:
    """Return the projected population by age group, year by year."""
    caption = _("Befolkningsfremskrivning for Albertslund efter aldersgruppe")
    return _age_group_table("fremskrivning", caption, kind=PopulationFigure.Kind.FORECAST, until=None)


def dwellings_table(*, until: int | None = None) -> Table:
    """Return the dwellings by ownership year by year, with the almene share."""
    owners = list(Ownership)
    table = Table(
        "boliger",
        _("Boliger i Albertslund efter ejerforhold pr. 1. januar"),
        [_("År"), *(owner.label for owner in owners), _("I alt"), _("Almene boligers andel (%)")],
    )
    figures = DwellingFigure.objects.all()
    if until is not None:
        figures = figures.filter(year__lte=until)
    counts: dict[int, dict[str, int]] = {}
    for row in figures.values("year", "ownership").annotate(total=Sum("count")).order_by("year"):
        counts.setdefault(row["year"], {})[row["ownership"]] = row["total"]
    for year, by_owner in counts.items():
        values = [by_owner.get(owner.value, 0) for owner in owners]
        total = sum(values)
        table.rows.append([year, *values, total, _percent(by_owner.get(Ownership.SOCIAL_HOUSING, 0), total)])
    return table


def elderly_housing_list() -> QuerySet[ElderlyHousing]:
    return ElderlyHousing.objects.select_related("estate__organisation")


def elderly_housing_get(*, pk: int) -> ElderlyHousing:
    try:
        return elderly_housing_list().get(pk=pk)
    except ElderlyHousing.DoesNotExist as error:
        raise Http404("Boligerne findes ikke.") from error


def elderly_table() -> Table:
    """Return the elderly (counted, then projected) year by year beside the homes for the elderly in use."""
    kinds = list(ElderlyHousing.Kind)
    table = Table(
        "aeldre",
        _("Ældre borgere og boliger til ældre"),
        [
            _("År"),
            _("Tal"),
            _("Borgere 65–79 år"),
            _("Borgere 80+ år"),
            *(kind.label for kind in kinds),
            _("Boliger til ældre i alt"),
            _("Boliger pr. 100 borgere på 80+ år"),
        ],
    )
    counted = population_by_group(kind=PopulationFigure.Kind.COUNTED)
    projected = population_by_group(kind=PopulationFigure.Kind.FORECAST)
    last_counted = max(counted, default=0)
    counted_label, projected_label = str(PopulationFigure.Kind.COUNTED.label), str(PopulationFigure.Kind.FORECAST.label)
    years = [(year, groups, counted_label) for year, groups in counted.items()]
    years += [(year, groups, projected_label) for year, groups in projected.items() if year > last_counted]
    stock = list(ElderlyHousing.objects.all())
    for year, groups, source in years:
        supply = [
            sum(h.units for h in stock if h.kind == kind and h.first_year <= year <= (h.last_year or year))
            for kind in kinds
        ]
        old = groups[ELDERLY_GROUPS[1]]
        table.rows.append(
            [year, source, groups[ELDERLY_GROUPS[0]], old, *supply, sum(supply), _percent(sum(supply), old)]
        )
    return table


def elderly_housing_table() -> Table:
    """Return the register of homes for the elderly, as the page lists it."""
    table = Table(
        "aeldreboliger",
        _("Registrerede boliger til ældre"),
        [_("Navn"), _("Slags"), _("Afdeling"), _("Boliger"), _("Taget i brug"), _("Sidste år i brug")],
    )
    for item in elderly_housing_list():
        estate = item.estate.name if item.estate else None
        table.rows.append([item.name, item.get_kind_display(), estate, item.units, item.first_year, item.last_year])
    return table


# Renovation projects ----------------------------------------------------------------------------------------


def projects_list() -> QuerySet[RenovationProject]:
    """Return every renovation project with its estate and phase dates (one query each, however many)."""
    return RenovationProject.objects.select_related("estate__organisation").prefetch_related(
        Prefetch("phase_dates", queryset=PhaseDate.objects.order_by("starts_on"))
    )


def project_get(*, pk: int) -> RenovationProject:
    """Return a project with its dates, themes and experts, or 404."""
    try:
        return (
            projects_list()
            .prefetch_related(
                Prefetch("themes", queryset=ThemeCheck.objects.order_by("id")),
                Prefetch("experts", queryset=ProjectExpert.objects.select_related("person__organisation")),
            )
            .get(pk=pk)
        )
    except RenovationProject.DoesNotExist as error:
        raise Http404("Projektet findes ikke.") from error


def expert_get(*, pk: int) -> ProjectExpert:
    try:
        return ProjectExpert.objects.select_related("project", "person").get(pk=pk)
    except ProjectExpert.DoesNotExist as error:
        raise Http404("Personen er ikke knyttet til projektet.") from error


def projects_table(*, projects=None) -> Table:
    """Return the projects with phase, money and CO₂."""
    table = Table(
        "projekter",
        _("Renoveringsprojekter og helhedsplaner"),
        [
            _("Projekt"),
            _("Afdeling"),
            _("Boligorganisation"),
            _("Fase"),
            _("Budget (kr.)"),
            _("Støtte fra Landsbyggefonden (kr.)"),
            _("CO₂-mål (ton pr. år)"),
            _("CO₂-resultat (ton pr. år)"),
        ],
    )
    for project in projects if projects is not None else projects_list():
        table.rows.append(
            [
                project.title,
                project.estate.name,
                project.estate.organisation.short_name,
                project.get_phase_display(),
                project.budget,
                project.lbf_support,
                project.co2_target,
                project.co2_result,
            ]
        )
    return table


def project_phases_table() -> Table:
    """Return every project's phases with their dates (the project pages' phase tables, all in one)."""
    table = Table(
        "faser", _("Renoveringsprojekternes faser"), [_("Projekt"), _("Afdeling"), _("Fase"), _("Fra"), _("Til")]
    )
    for project in projects_list():
        for phase in project.phase_dates.all():
            table.rows.append(
                [project.title, project.estate.name, phase.get_phase_display(), phase.starts_on, phase.ends_on]
            )
    return table


def project_themes_table() -> Table:
    """Return every project's coordination themes (the kommissorium's checklist) with notes."""
    table = Table(
        "temaer",
        _("Renoveringsprojekternes koordineringstemaer"),
        [_("Projekt"), _("Tema"), _("Afklaret"), _("Note")],
    )
    themes = ThemeCheck.objects.select_related("project").order_by("project__title", "project_id", "id")
    for check in themes:
        table.rows.append(
            [check.project.title, check.get_theme_display(), _("ja") if check.done else _("nej"), check.note]
        )
    return table


@dataclass
class Segment:
    number: int
    phase: Phase
    starts_on: datetime.date
    ends_on: datetime.date
    # The current phase with no end date: drawn up to today, shown as ongoing.
    ongoing: bool = False


def project_segments(project: RenovationProject, *, today: datetime.date) -> list[Segment]:
    """Return the project's phases in time: a phase lasts until it ends, the next begins, or (ongoing) today."""
    dates = list(project.phase_dates.all())
    segments = []
    for index, phase_date in enumerate(dates):
        following = dates[index + 1].starts_on if index + 1 < len(dates) else None
        ongoing = not phase_date.ends_on and not following and phase_date.phase != Phase.COMPLETED
        ends_on = phase_date.ends_on or following or max(today, phase_date.starts_on)
        if phase_date.phase == Phase.COMPLETED and not phase_date.ends_on:
            ends_on = phase_date.starts_on + datetime.timedelta(days=30)
        number = PHASE_ORDER.index(phase_date.phase) + 1
        segments.append(Segment(number, Phase(phase_date.phase), phase_date.starts_on, ends_on, ongoing))
    return segments


def timeline_first_year(today: datetime.date) -> int:
    return today.year - TIMELINE_YEARS // 2 + 1


def timeline_table(*, projects=None, today: datetime.date | None = None) -> Table:
    """Return each project's phases with their dates, for the ten years of the timeline."""
    today = today or timezone.localdate()
    first = datetime.date(timeline_first_year(today), 1, 1)
    last = datetime.date(first.year + TIMELINE_YEARS - 1, 12, 31)
    table = Table(
        "tidslinje", _("Projekternes faser over ti år"), [_("Projekt"), _("Fase"), _("Fra"), _("Til (tom: i gang)")]
    )
    for project in projects if projects is not None else projects_list():
        for segment in project_segments(project, today=today):
            if segment.ends_on >= first and segment.starts_on <= last:
                ends_on = None if segment.ongoing else segment.ends_on
                table.rows.append(
                    [project.title, f"{segment.number}. {segment.phase.label}", segment.starts_on, ends_on]
                )
    return table


def pipeline_table() -> Table:
    """Return the number of projects in each phase with their budgets and support."""
    table = Table(
        "pipeline",
        _("Renoveringsprojekter efter fase"),
        [_("Fase"), _("Projekter"), _("Budget i alt (kr.)"), _("Støtte fra Landsbyggefonden i alt (kr.)")],
    )
    rows = {
        row["phase"]: row
        for row in RenovationProject.objects.order_by()
        .values("phase")
        .annotate(count=Count("id"), budget=Sum("budget"), support=Sum("lbf_support"))
    }
    for phase in Phase:
        row = rows.get(phase.value, {})
        table.rows.append([phase.label, row.get("count", 0), row.get("budget") or 0, row.get("support") or 0])
    return table


# The bodies, the steering dialogue and key figures -----------------------------------------------------------


def _planned_by_cadence(body: Body, year: int) -> int | None:
    if body.is_ad_hoc:
        return None
    return _cadence_count(body.cadence_rrule, body.cadence_start, year)


# Walking a cadence from its first meeting costs milliseconds per body and year (dateutil steps through every
# occurrence), and the answer for the same rule, start and year never changes: computed once per process.
@functools.lru_cache(maxsize=1024)
def _cadence_count(rule: str, start: datetime.datetime, year: int) -> int:
    """Return how many meetings the cadence `rule` from `start` plans in `year`."""
    zone = timezone.get_current_timezone()
    before = timezone.make_aware(datetime.datetime(year, 1, 1) - datetime.timedelta(seconds=1), zone)
    cadence = Body(cadence_rrule=rule, cadence_start=start)
    return sum(1 for when in cadence.cadence_dates(after=before, count=MAX_CADENCE_DATES) if when.year == year)


def meetings_table(*, year: int, today: datetime.date | None = None) -> Table:
    """Return per body: meetings planned by the cadence against held and cancelled in `year`, attendance,
    decisions, action items completed in the year and those due in the year but late, and the open and overdue
    action items today."""
    today = today or timezone.localdate()
    table = Table(
        "moeder",
        _("Organernes møder og opfølgning %(year)d") % {"year": year},
        [
            _("Organ"),
            _("Kadence"),
            _("Planlagt efter kadencen"),
            _("Afholdt"),
            _("Aflyst"),
            _("Fremmøde (%)"),
            _("Beslutninger"),
            _("Opfølgningspunkter udført i året"),
            _("Opfølgningspunkter med frist i året, overskredet"),
            _("Åbne opfølgningspunkter nu"),
            _("Heraf overskredne nu"),
        ],
    )
    in_year = Q(starts_at__year=year)
    # The counts below are unordered (order_by()): the models' default ordering costs compiling and, for the
    # invitations (by the person's name), a join of every person.
    meetings = {
        row["body"]: row
        for row in Meeting.objects.filter(in_year)
        .order_by()
        .values("body")
        .annotate(
            held=Count("id", filter=Q(status__in=HELD_STATUSES)),
            cancelled=Count("id", filter=Q(status=Meeting.Status.CANCELLED)),
        )
    }
    attendance = {
        row["meeting__body"]: row
        for row in Invitation.objects.filter(
            meeting__starts_at__year=year, meeting__status__in=HELD_STATUSES, is_guest=False
        )
        .order_by()
        .values("meeting__body")
        .annotate(invited=Count("id"), attended=Count("id", filter=Q(attended=True)))
    }
    decisions = dict(
        AgendaItem.objects.filter(meeting__starts_at__year=year, meeting__status__in=HELD_STATUSES)
        .exclude(decision="")
        .order_by()
        .values("meeting__body")
        .annotate(count=Count("id"))
        .values_list("meeting__body", "count")
    )
    is_open = Q(status__in=ActionItem.OPEN_STATUSES)
    late = Q(due__year=year) & ((is_open & Q(due__lt=today)) | Q(completed_at__date__gt=F("due")))
    actions = {
        row["body"]: row
        for row in ActionItem.objects.order_by()
        .values("body")
        .annotate(
            done=Count("id", filter=Q(status=ActionItem.Status.DONE, completed_at__year=year)),
            late=Count("id", filter=late),
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & Q(due__lt=today)),
        )
    }
    for body in Body.objects.order_by("position", "name"):
        held = meetings.get(body.pk, {})
        present = attendance.get(body.pk, {})
        action = actions.get(body.pk, {})
        table.rows.append(
            [
                body.name,
                body.cadence_label,
                _planned_by_cadence(body, year),
                held.get("held", 0),
                held.get("cancelled", 0),
                _percent(present.get("attended", 0), present.get("invited", 0)),
                decisions.get(body.pk, 0),
                action.get("done", 0),
                action.get("late", 0),
                action.get("open", 0),
                action.get("overdue", 0),
            ]
        )
    return table


def dialogue_table(*, user, year: int) -> Table:
    """Return each housing organisation's steering dialogue of `year`: stage reached and goals met."""
    table = Table(
        "styringsdialog",
        _("Styringsdialog %(year)d pr. boligorganisation") % {"year": year},
        [_("Boligorganisation"), _("Fase"), _("Trin"), _("Mål opfyldt"), _("Mål i alt")],
    )
    goals = {
        row["agreement__round__organisation"]: row
        for row in Goal.objects.filter(agreement__round__year=year)
        .order_by()
        .values("agreement__round__organisation")
        .annotate(total=Count("id"), met=Count("id", filter=Q(status=Goal.Status.MET)))
    }
    for row in dialogue_selectors.round_overview(user=user, year=year):
        counts = goals.get(row.organisation.pk, {})
        if row.round is None:
            table.rows.append([row.organisation.short_name, _("Ikke startet"), None, None, None])
            continue
        table.rows.append(
            [
                row.organisation.short_name,
                row.round.stage_label,
                f"{row.round.stage_index + 1}/{len(STAGE_ORDER)}",
                counts.get("met", 0),
                counts.get("total", 0),
            ]
        )
    return table


def keyfigure_tables(*, until: int | None = None) -> list[tuple[object, Table]]:
    """Return (trend, table) for each key figure: the municipal average year by year beside the benchmark."""
    result = []
    for trend in dialogue_selectors.municipal_trends():
        points = [point for point in trend.points if until is None or point.year <= until]
        if not any(point.value is not None for point in points):
            continue
        table = Table(
            f"noegletal-{trend.measure}",
            trend.measure.label if "%" in trend.measure.label else f"{trend.measure.label} ({trend.unit})",
            [_("År"), _("Kommunens gennemsnit"), _("Benchmark")],
            [[point.year, point.value, point.benchmark] for point in points],
        )
        result.append((trend, table))
    return result


# Evaluation reports -----------------------------------------------------------------------------------------


def reports_list() -> QuerySet[EvaluationReport]:
    return EvaluationReport.objects.select_related("requested_by", "approved_by")


def report_get(*, pk: int) -> EvaluationReport:
    try:
        return reports_list().get(pk=pk)
    except EvaluationReport.DoesNotExist as error:
        raise Http404("Rapporten findes ikke.") from error


def renovation_progress_table(*, year: int) -> Table:
    """Return the phases the projects entered in `year`."""
    table = Table(
        "renovering",
        _("Renoveringsprojekternes fremdrift %(year)d") % {"year": year},
        [_("Projekt"), _("Afdeling"), _("Fase nået i året"), _("Dato"), _("Fase nu")],
    )
    for phase_date in (
        PhaseDate.objects.filter(starts_on__year=year).select_related("project__estate").order_by("starts_on", "id")
    ):
        project = phase_date.project
        table.rows.append(
            [
                project.title,
                project.estate.name,
                phase_date.get_phase_display(),
                phase_date.starts_on,
                project.get_phase_display(),
            ]
        )
    return table


def year_has_data(*, user, year: int) -> bool:
    """Whether anything happened in `year` that the evaluation can report on."""
    return (
        Meeting.objects.filter(starts_at__year=year).exists()
        or dialogue_selectors.rounds_for_user(user=user).filter(year=year).exists()
        or PhaseDate.objects.filter(starts_on__year=year).exists()
    )
