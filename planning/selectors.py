"""Reads of the planning overview, shaped as tables (planning.tables.Table) that pages, exports and the PDF share.

Housing data and renovation projects are the same for every user allowed to see them; the steering dialogue is
read through dialogue.selectors with the user, and the meetings through the meeting models, counted in the
database so each table costs a fixed number of queries however much data there is."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Body
from dialogue import selectors as dialogue_selectors
from dialogue.models import STAGE_LABELS, STAGE_ORDER, Benchmark, DialogueRound, Goal, Measure, MunicipalAverage
from lib.prepared import PreparedRead
from meetings.minutes import HAS_DECISION
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


def _population_groups(kind: str, *, until: int | None = None) -> QuerySet:
    figures = PopulationFigure.objects.filter(kind=kind)
    if until is not None:
        figures = figures.filter(year__lte=until)
    return (
        figures.annotate(group=_age_group())
        .values("year", "group")
        .annotate(total=Sum("count"))
        .order_by("year")
        .values_list("year", "group", "total")
    )


# The overview's reads are compiled once a process (lib.prepared): building and compiling their ORM queries cost
# 0.5-3 ms each, more than PostgreSQL takes to run them. The kind (counted or projected) is the code's choice, so it
# is the read's shape and written into its SQL: with the kind a parameter, PostgreSQL's plan for any kind estimated
# more rows than either kind has, lost to a plan for the kind given, and so the read was planned afresh at every
# view (0.4 ms, as long as running it).
_POPULATION_GROUPS = PreparedRead(_population_groups)


def population_by_group(*, kind: str, until: int | None = None) -> dict[int, list[int]]:
    """Return year → inhabitants per age group (in AGE_GROUPS order), summed in the database."""
    years: dict[int, list[int]] = {}
    up_to = {} if until is None else {"until": until}
    for year, group, total in _POPULATION_GROUPS.rows(kind, **up_to):
        years.setdefault(year, [0] * len(AGE_GROUPS))[group] = total
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


PhaseDates = list[tuple[str, datetime.date, datetime.date | None]]


def _segments(dates: PhaseDates, *, today: datetime.date) -> list[Segment]:
    segments = []
    for index, (phase, starts_on, ends_on) in enumerate(dates):
        following = dates[index + 1][1] if index + 1 < len(dates) else None
        ongoing = not ends_on and not following and phase != Phase.COMPLETED
        until = ends_on or following or max(today, starts_on)
        if phase == Phase.COMPLETED and not ends_on:
            until = starts_on + datetime.timedelta(days=30)
        segments.append(Segment(PHASE_ORDER.index(phase) + 1, Phase(phase), starts_on, until, ongoing))
    return segments


def project_segments(project: RenovationProject, *, today: datetime.date) -> list[Segment]:
    """Return the project's phases in time: a phase lasts until it ends, the next begins, or (ongoing) today."""
    return _segments([(date.phase, date.starts_on, date.ends_on) for date in project.phase_dates.all()], today=today)


@dataclass
class ListedProject:
    """A project as the list and the timeline show it: read as tuples, as a page of projects with their estates,
    organisations and phase dates was some 200 model instances."""

    pk: int
    title: str
    is_demo: bool
    estate: str
    organisation: str
    # The current phase numbered as in the timeline's legend: »4. Skema A«.
    phase: str
    budget: Decimal | None
    lbf_support: Decimal | None
    co2_target: Decimal | None
    segments: list[Segment]


# The models' order, with the id last: a page's projects and their phase dates are read by two queries, which must
# take the same projects when two have the same estate and title.
PROJECT_ORDER = ("estate__name", "title", "pk")


def _page(queryset: QuerySet, offset: int, limit: int | None) -> QuerySet:
    return queryset.order_by(*PROJECT_ORDER)[offset : None if limit is None else offset + limit]


def _project_rows(offset: int, limit: int | None) -> QuerySet:
    projects = RenovationProject.objects.values_list(
        "pk",
        "title",
        "is_demo",
        "estate__name",
        "estate__organisation__short_name",
        "phase",
        "budget",
        "lbf_support",
        "co2_target",
    )
    return _page(projects, offset, limit)


def _project_dates(offset: int, limit: int | None) -> QuerySet:
    projects = _page(RenovationProject.objects.values("pk"), offset, limit)
    return (
        PhaseDate.objects.filter(project__in=projects)
        .order_by("starts_on")
        .values_list("project", "phase", "starts_on", "ends_on")
    )


# Compiled once for each page (offset and limit), which Django writes into the SQL.
_PROJECT_DATES, _PROJECT_ROWS = PreparedRead(_project_dates), PreparedRead(_project_rows)


def listed_projects(*, today: datetime.date, offset: int = 0, limit: int | None = None) -> list[ListedProject]:
    """Return the projects in order, from `offset` and at most `limit` of them, with their phases in time."""
    dates: dict[int, PhaseDates] = {}
    for project, *date in _PROJECT_DATES.rows(offset, limit):
        dates.setdefault(project, []).append(date)
    labels = phase_labels()
    return [
        ListedProject(
            pk, title, is_demo, estate, organisation, labels[phase], *money, _segments(dates.get(pk, []), today=today)
        )
        for pk, title, is_demo, estate, organisation, phase, *money in _PROJECT_ROWS.rows(offset, limit)
    ]


def projects_page(*, number, per_page: int, today: datetime.date) -> tuple[Page, list[ListedProject]]:
    """Return page `number` of the projects as Paginator.get_page() finds it (the first for no number or nonsense,
    the last for one beyond the end) with its projects."""
    page = Paginator(range(RenovationProject.objects.count()), per_page).get_page(number)
    return page, listed_projects(today=today, offset=(page.number - 1) * per_page, limit=per_page)


def phase_labels() -> dict[str, str]:
    """Return each phase's label numbered as in the timeline's legend (»3. Ansøgning til Landsbyggefonden«),
    translated once a call rather than once a segment."""
    return {phase: f"{number}. {phase.label}" for number, phase in enumerate(PHASE_ORDER, 1)}


def timeline_first_year(today: datetime.date) -> int:
    return today.year - TIMELINE_YEARS // 2 + 1


def timeline_table(*, projects: list[ListedProject] | None = None, today: datetime.date | None = None) -> Table:
    """Return each project's phases with their dates, for the ten years of the timeline."""
    today = today or timezone.localdate()
    first = datetime.date(timeline_first_year(today), 1, 1)
    last = datetime.date(first.year + TIMELINE_YEARS - 1, 12, 31)
    table = Table(
        "tidslinje", _("Projekternes faser over ti år"), [_("Projekt"), _("Fase"), _("Fra"), _("Til (tom: i gang)")]
    )
    labels = phase_labels()
    for project in projects if projects is not None else listed_projects(today=today):
        for segment in project.segments:
            if segment.ends_on >= first and segment.starts_on <= last:
                ends_on = None if segment.ongoing else segment.ends_on
                table.rows.append([project.title, labels[segment.phase], segment.starts_on, ends_on])
    return table


def _phase_totals() -> QuerySet:
    return (
        RenovationProject.objects.order_by()
        .values("phase")
        .annotate(count=Count("id"), budget=Sum("budget"), support=Sum("lbf_support"))
        .values_list("phase", "count", "budget", "support")
    )


_PHASE_TOTALS = PreparedRead(_phase_totals)


def pipeline_table() -> Table:
    """Return the number of projects in each phase with their budgets and support."""
    table = Table(
        "pipeline",
        _("Renoveringsprojekter efter fase"),
        [_("Fase"), _("Projekter"), _("Budget i alt (kr.)"), _("Støtte fra Landsbyggefonden i alt (kr.)")],
    )
    rows = {phase: (count, budget, support) for phase, count, budget, support in _PHASE_TOTALS.rows()}
    for phase in Phase:
        count, budget, support = rows.get(phase.value, (0, 0, 0))
        table.rows.append([str(phase.label), count, budget or 0, support or 0])  # translated once, not per use
    return table


# The bodies, the steering dialogue and key figures -----------------------------------------------------------


def _planned_by_cadence(rule: str, start: datetime.datetime | None, year: int) -> int | None:
    """Return how many meetings the body's cadence plans in `year`; None for an ad hoc body (no rule)."""
    if not rule:
        return None
    return _cadence_count(rule, start, year)


# Walking a cadence from its first meeting costs milliseconds per body and year (dateutil steps through every
# occurrence), and the answer for the same rule, start and year never changes: computed once per process.
@functools.lru_cache(maxsize=1024)
def _cadence_count(rule: str, start: datetime.datetime, year: int) -> int:
    """Return how many meetings the cadence `rule` from `start` plans in `year`."""
    zone = timezone.get_current_timezone()
    before = timezone.make_aware(datetime.datetime(year, 1, 1) - datetime.timedelta(seconds=1), zone)
    cadence = Body(cadence_rrule=rule, cadence_start=start)
    return sum(1 for when in cadence.cadence_dates(after=before, count=MAX_CADENCE_DATES) if when.year == year)


def _bodies() -> QuerySet:
    return Body.objects.order_by("position", "name").values_list(
        "pk", "name", "cadence_label", "cadence_rrule", "cadence_start"
    )


# What each row of _meeting_counts() counts, in its three count columns.
MEETINGS, ATTENDANCE, DECISIONS, DONE_ACTIONS, OPEN_ACTIONS = range(5)
NO_COUNTS = (0, 0, 0)


def _meeting_counts(year: int, *, today: datetime.date) -> QuerySet:
    """Return (body, kind, three counts) per body and kind: held and cancelled meetings in `year`; invited members
    and those attending at its held meetings; their decisions; the done action items completed in the year and
    those due in the year but done late; the open action items due in the year and late, open now and overdue now.

    One statement of five grouped counts instead of five queries. The counts are unordered (order_by()): the
    models' default ordering costs compiling and, for the invitations (by the person's name), a join of every
    person."""
    zero = Value(0)
    held = Q(meeting__starts_at__year=year, meeting__status__in=HELD_STATUSES)
    meetings = (
        Meeting.objects.filter(starts_at__year=year)
        .order_by()
        .values("body")
        .annotate(
            kind=Value(MEETINGS),
            a=Count("pk", filter=Q(status__in=HELD_STATUSES)),
            b=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
            c=zero,
        )
    )
    # Counted by the meeting, not the row's key, so the count reads only the members' attendance index
    # (meetings 0009) of the year's meetings instead of every invitation.
    attendance = (
        Invitation.objects.filter(held, is_guest=False)
        .order_by()
        .values("meeting__body")
        .annotate(kind=Value(ATTENDANCE), a=Count("meeting"), b=Count("meeting", filter=Q(attended=True)), c=zero)
    )
    # Said as the decisions' partial index says it, so the count reads that index.
    decisions = (
        AgendaItem.objects.filter(HAS_DECISION, held)
        .order_by()
        .values("meeting__body")
        .annotate(kind=Value(DECISIONS), a=Count("meeting"), b=zero, c=zero)
    )
    # The done and the open action items apart, each said as its partial index says it (meetings 0010): together
    # they were a read of all ten years' items.
    due_in_year, done_late = Q(due__year=year), Q(completed_at__date__gt=F("due"))
    done_in_year = Q(completed_at__year=year)
    done = (
        ActionItem.objects.filter(Q(status=ActionItem.Status.DONE) & (done_in_year | due_in_year))
        .order_by()
        .values("body")
        .annotate(
            kind=Value(DONE_ACTIONS),
            a=Count("pk", filter=done_in_year),
            b=Count("pk", filter=due_in_year & done_late),
            c=zero,
        )
    )
    overdue = Q(due__lt=today)
    still_open = (
        ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES)
        .order_by()
        .values("body")
        .annotate(
            kind=Value(OPEN_ACTIONS),
            a=Count("pk", filter=due_in_year & (overdue | done_late)),
            b=Count("pk"),
            c=Count("pk", filter=overdue),
        )
    )
    return meetings.union(attendance, decisions, done, still_open, all=True).values_list("body", "kind", "a", "b", "c")


# Compiled once for each year, which Django turns into a range of dates and times in the SQL.
_MEETING_COUNTS, _BODIES = PreparedRead(_meeting_counts), PreparedRead(_bodies)


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
    counts = {(body, kind): rest for body, kind, *rest in _MEETING_COUNTS.rows(year, today=today)}
    for pk, name, cadence_label, rule, start in _BODIES.rows():
        held, cancelled, _c = counts.get((pk, MEETINGS), NO_COUNTS)
        invited, attended, _c = counts.get((pk, ATTENDANCE), NO_COUNTS)
        decisions = counts.get((pk, DECISIONS), NO_COUNTS)[0]
        done, done_late, _c = counts.get((pk, DONE_ACTIONS), NO_COUNTS)
        open_late, open_now, overdue = counts.get((pk, OPEN_ACTIONS), NO_COUNTS)
        table.rows.append(
            [
                name,
                cadence_label,
                _planned_by_cadence(rule, start, year),
                held,
                cancelled,
                _percent(attended, invited),
                decisions,
                done,
                done_late + open_late,
                open_now,
                overdue,
            ]
        )
    return table


def _rounds_with_goals(*, year: int) -> QuerySet:
    return (
        DialogueRound.objects.filter(year=year)
        .order_by()
        .values_list("organisation", "stage")
        .annotate(
            met=Count("agreement__goals", filter=Q(agreement__goals__status=Goal.Status.MET)),
            total=Count("agreement__goals"),
        )
    )


_ROUNDS_WITH_GOALS = PreparedRead(_rounds_with_goals)


def dialogue_table(*, user, year: int) -> Table:
    """Return each housing organisation's steering dialogue of `year`: stage reached and goals met."""
    table = Table(
        "styringsdialog",
        _("Styringsdialog %(year)d pr. boligorganisation") % {"year": year},
        [_("Boligorganisation"), _("Fase"), _("Trin"), _("Mål opfyldt"), _("Mål i alt")],
    )
    # Every organisation's round, by SQL compiled once; the table keeps those of the organisations the user
    # may see, as the dialogue's own selector scopes them.
    rounds = {organisation: counts for organisation, *counts in _ROUNDS_WITH_GOALS.rows(year=year)}
    for pk, short_name in dialogue_selectors.organisation_names_for_user(user=user):
        if pk not in rounds:
            table.rows.append([short_name, _("Ikke startet"), None, None, None])
            continue
        stage, met, total = rounds[pk]
        stage_label = str(STAGE_LABELS.get(stage, stage))
        table.rows.append([short_name, stage_label, f"{STAGE_ORDER.index(stage) + 1}/{len(STAGE_ORDER)}", met, total])
    return table


AVERAGE, BENCHMARK = range(2)


def _municipal_figures() -> QuerySet:
    """Return (AVERAGE or BENCHMARK, measure, year, value) of every stored municipal average and benchmark."""
    averages = MunicipalAverage.objects.order_by().annotate(kind=Value(AVERAGE))
    benchmarks = Benchmark.objects.order_by().annotate(kind=Value(BENCHMARK))
    fields = ("kind", "measure", "year", "value")
    return averages.values_list(*fields).union(benchmarks.values_list(*fields), all=True)


_MUNICIPAL_FIGURES = PreparedRead(_municipal_figures)


def keyfigure_tables(*, until: int | None = None) -> list[Table]:
    """Return a table per key figure: the municipal average year by year (as stored when the figures change,
    dialogue.MunicipalAverage) beside the benchmark, for every year with an average of any figure.

    The two small tables are read as tuples in one query rather than through dialogue's trends, which also weigh
    every point against the benchmark for the dialogue's flags; the overview shows only the numbers."""
    figures: tuple[dict, dict] = ({}, {})
    for kind, measure, year, value in _MUNICIPAL_FIGURES.rows():
        figures[kind][(measure, year)] = value
    averages, benchmarks = figures
    years = sorted({year for _measure, year in averages if until is None or year <= until})
    columns = [_("År"), _("Kommunens gennemsnit"), _("Benchmark")]
    tables = []
    for measure in Measure:
        if not any((measure, year) in averages for year in years):
            continue
        label = str(measure.label)
        unit = dialogue_selectors.UNITS.get(measure, "antal")
        tables.append(
            Table(
                f"noegletal-{measure}",
                label if "%" in label else f"{label} ({unit})",
                list(columns),
                [[year, averages.get((measure, year)), benchmarks.get((measure, year))] for year in years],
            )
        )
    return tables


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
