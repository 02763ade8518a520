"""Reads of the steering dialogue, scoped to what the user may see: the secretariat and the management see every
organisation; a board member only their own. Anything outside the scope is answered with 404."""

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Avg, DecimalField, ExpressionWrapper, F, FilteredRelation, Q, QuerySet, Sum
from django.db.models.functions import NullIf
from django.http import Http404

from coordination.models import Organisation
from dialogue.models import (
    Agreement,
    Benchmark,
    Comment,
    DialogueRound,
    Document,
    Estate,
    Goal,
    KeyFigure,
    Measure,
    MunicipalAverage,
    RoundEvent,
    Theme,
)
from lib.prepared import PreparedRead
from lib.remembered import Remembered
from lib.rules import is_board_member, is_direktion, is_sekretariat, organisation_id_of_user

# A figure deviating from the benchmark by more than this share is flagged for the dialogue.
DEVIATION_THRESHOLD = Decimal("0.15")
CENT = Decimal("0.01")
# Measures averaged over the estates weighted by their area; counts are averaged per estate.
AREA_WEIGHTED = {Measure.RENT, Measure.VACANCY_LOSS, Measure.OPERATING_COST, Measure.TURNOVER}
UNITS = {
    Measure.RENT: "kr./m²",
    Measure.VACANCY_LOSS: "kr./m²",
    Measure.OPERATING_COST: "kr./m²",
    Measure.TURNOVER: "%",
}


def organisation_reach(user) -> tuple[str, dict]:
    """Return which organisations' steering dialogue the user sees and the values that says it with: ("all", {})
    for the secretariat and the management, ("own", {"organisation": its id}) for a board member of an
    organisation, ("none", {}) for anyone else. A read compiled once (lib.prepared) takes the first as its shape."""
    if is_sekretariat(user) or is_direktion(user):
        return "all", {}
    organisation_id = organisation_id_of_user(user) if is_board_member(user) else None
    return ("own", {"organisation": organisation_id}) if organisation_id is not None else ("none", {})


def _reached(reach: str, values: dict, *, field: str = "organisation_id") -> Q:
    """Return the filter on `field` (an organisation id) for a user of the reach (organisation_reach)."""
    if reach == "all":
        return Q()
    return Q(**{field: values["organisation"]}) if reach == "own" else Q(pk__in=[])


def _organisation_scope(user, *, field: str = "organisation_id") -> Q:
    """Return the filter on `field` (an organisation id) for what the user may see; nothing for anyone else."""
    return _reached(*organisation_reach(user), field=field)


def _organisations(reach: str, **values) -> QuerySet[Organisation]:
    return Organisation.objects.filter(_reached(reach, values, field="pk"), kind=Organisation.Kind.HOUSING).order_by(
        "short_name"
    )


def organisations_for_user(*, user) -> QuerySet[Organisation]:
    reach, values = organisation_reach(user)
    return _organisations(reach, **values)


# The organisations' names, by SQL compiled once a process (lib.prepared), for the planning overview.
_ORGANISATION_NAMES = PreparedRead(_organisations, "pk", "short_name", optional=("organisation",))


def organisation_names_for_user(*, user) -> list[tuple[int, str]]:
    """Return (id, short name) of the housing organisations the user may see, by short name."""
    reach, values = organisation_reach(user)
    return _ORGANISATION_NAMES.rows(reach, **values)


def organisation_get_for_user(*, user, pk: int) -> Organisation:
    """Return a housing organisation the user may see, or 404."""
    try:
        return organisations_for_user(user=user).get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404("Organisationen findes ikke.") from error


def rounds_for_user(*, user) -> QuerySet[DialogueRound]:
    return DialogueRound.objects.filter(_organisation_scope(user)).select_related("organisation")


def _round_read(reach: str, *, pk: int, **values) -> QuerySet[DialogueRound]:
    # Not joined to its dialogue meeting: the meeting's many columns cost every round page about what reading it on
    # its own (round.meeting) costs a page whose round has one.
    return DialogueRound.objects.filter(_reached(reach, values), pk=pk).select_related("organisation", "agreement")


# Every page of a round starts with this read, compiled once a process (lib.prepared).
_ROUND = PreparedRead(_round_read, optional=("organisation",))


def round_get_for_user(*, user, pk: int) -> DialogueRound:
    """Return a round the user may see, with its organisation and agreement, or 404."""
    reach, values = organisation_reach(user)
    rounds = _ROUND.objects(reach, pk=pk, **values)
    if not rounds:
        raise Http404("Styringsdialogen findes ikke.")
    return rounds[0]


@dataclass
class OverviewRow:
    organisation: Organisation
    round: DialogueRound | None


def _overview_read(reach: str, *, year: int, **values) -> QuerySet[Organisation]:
    return _organisations(reach, **values).annotate(
        year_round=FilteredRelation("dialogue_rounds", condition=Q(dialogue_rounds__year=year)),
        round_id=F("year_round__id"),
        round_stage=F("year_round__stage"),
    )


def _years_read(reach: str, **values) -> QuerySet:
    return DialogueRound.objects.filter(_reached(reach, values)).order_by("-year").values_list("year").distinct()


# The overview and its years, by SQL compiled once a process (lib.prepared).
_OVERVIEW = PreparedRead(_overview_read, optional=("organisation",))
_YEARS = PreparedRead(_years_read, optional=("organisation",))


def round_overview(*, user, year: int) -> list[OverviewRow]:
    """Return every housing organisation the user may see with its round of `year` (None when not opened).

    One query, the organisations joined to their round of the year; the round has the fields the overviews show
    (its stage), any other is read when asked for."""
    reach, values = organisation_reach(user)
    rows = []
    for organisation in _OVERVIEW.objects(reach, year=year, **values):
        round = None
        if organisation.round_id is not None:
            round = DialogueRound.from_db(
                DialogueRound.objects.db,
                ["id", "organisation_id", "year", "stage"],
                [organisation.round_id, organisation.pk, year, organisation.round_stage],
            )
            round.organisation = organisation
        rows.append(OverviewRow(organisation, round))
    return rows


def round_years(*, user) -> list[int]:
    """Return the years of the rounds the user may see, newest first."""
    reach, values = organisation_reach(user)
    return [year for (year,) in _YEARS.rows(reach, **values)]


@dataclass
class DocumentGroup:
    kind: Document.Kind
    versions: list[Document] = field(default_factory=list)

    @property
    def latest(self) -> Document | None:
        return self.versions[0] if self.versions else None


def round_documents(*, round: DialogueRound) -> list[DocumentGroup]:
    """Return the package by kind, newest version first; kinds not uploaded yet are empty groups."""
    groups = {kind: DocumentGroup(kind) for kind in Document.Kind}
    for document in _ROUND_DOCUMENTS.objects(round_id=round.pk):
        groups[document.kind].versions.append(document)
    return list(groups.values())


# The round page's reads, compiled once a process (lib.prepared).
_ROUND_DOCUMENTS = PreparedRead(
    lambda *, round_id: (
        Document.objects.filter(round_id=round_id)
        .order_by("kind", "-version")
        .only("kind", "version", "original_name", "uploaded_at")
    )
)


def document_get_for_user(*, user, pk: int) -> Document:
    try:
        return Document.objects.select_related("round__organisation").get(
            Q(pk=pk) & Q(round__in=rounds_for_user(user=user))
        )
    except Document.DoesNotExist as error:
        raise Http404("Dokumentet findes ikke.") from error


@dataclass
class Thread:
    theme: Theme
    comments: list[Comment] = field(default_factory=list)


def round_threads(*, round: DialogueRound) -> list[Thread]:
    """Return the round's comments theme by theme, each with its author's username, and the name and organisation
    of the author's person (author_person_name, author_organisation: None without a person)."""
    threads = {theme: Thread(theme) for theme in Theme}
    for comment in _ROUND_COMMENTS.objects(round_id=round.pk):
        threads[comment.theme].comments.append(comment)
    return list(threads.values())


_ROUND_COMMENTS = PreparedRead(
    lambda *, round_id: (
        Comment.objects.filter(round_id=round_id)
        .annotate(
            author_username=F("author__username"),
            author_person_name=F("author__person__name"),
            author_organisation=F("author__person__organisation__short_name"),
        )
        .only("theme", "text", "created_at")
    )
)


def round_events(*, round: DialogueRound) -> QuerySet[RoundEvent]:
    return round.events.select_related("actor__person")


@dataclass(frozen=True)
class Approvers:
    """Who approved the agreement for each party: their person's name, or their username without one."""

    secretariat: str | None
    organisation: str | None


def agreement_approvers(*, agreement: Agreement) -> Approvers:
    """Return the names of the agreement's approvers, in one query and none before anyone has approved."""
    ids = {agreement.secretariat_approved_by_id, agreement.organisation_approved_by_id} - {None}
    names = {}
    if ids:
        users = get_user_model().objects.filter(pk__in=ids).values_list("pk", "username", "person__name")
        names = {pk: name or username for pk, username, name in users}
    return Approvers(names.get(agreement.secretariat_approved_by_id), names.get(agreement.organisation_approved_by_id))


def round_goals(*, round: DialogueRound) -> list[Goal]:
    """Return the round's goals, each with the year of the round it was carried from (carried_from_year)."""
    return _AGREEMENT_GOALS.objects(agreement_id=round.agreement.pk)


_AGREEMENT_GOALS = PreparedRead(
    lambda *, agreement_id: Goal.objects.filter(agreement_id=agreement_id).annotate(
        carried_from_year=F("carried_from__agreement__round__year")
    )
)


def goal_get_for_user(*, user, pk: int) -> Goal:
    try:
        return Goal.objects.select_related("agreement__round__organisation").get(
            Q(pk=pk) & Q(agreement__round__in=rounds_for_user(user=user))
        )
    except Goal.DoesNotExist as error:
        raise Http404("Målet findes ikke.") from error


def estates_for_user(*, user) -> QuerySet[Estate]:
    return Estate.objects.filter(_organisation_scope(user)).select_related("organisation")


def estate_list_rows(*, user) -> QuerySet:
    """Return what the estates list shows of each estate the user may see, organisation by organisation, as rows
    with pk, organisation_id, organisation_short_name, number, name, address, units, area_m2, year_built and
    is_demo."""
    return (
        Estate.objects.filter(_organisation_scope(user))
        .annotate(organisation_short_name=F("organisation__short_name"))
        .order_by("organisation_short_name", "number")
        .values_list(
            "pk",
            "organisation_id",
            "organisation_short_name",
            "number",
            "name",
            "address",
            "units",
            "area_m2",
            "year_built",
            "is_demo",
            named=True,
        )
    )


@dataclass
class OrganisationEstates:
    organisation_id: int
    short_name: str
    estates: list


def estates_by_organisation(rows) -> list[OrganisationEstates]:
    """Return the rows of estate_list_rows (in their order) grouped by organisation."""
    groups = []
    for (organisation_id, short_name), estates in itertools.groupby(
        rows, key=lambda row: (row.organisation_id, row.organisation_short_name)
    ):
        groups.append(OrganisationEstates(organisation_id, short_name, list(estates)))
    return groups


def estate_get_for_user(*, user, pk: int) -> Estate:
    try:
        return estates_for_user(user=user).get(pk=pk)
    except Estate.DoesNotExist as error:
        raise Http404("Afdelingen findes ikke.") from error


def published_rounds() -> QuerySet[DialogueRound]:
    return DialogueRound.objects.filter(published_at__isnull=False).select_related("organisation")


def published_round_get(*, pk: int) -> DialogueRound:
    """Return a published round for the public page, or 404 (nothing is public before it is published)."""
    try:
        return published_rounds().select_related("agreement").get(pk=pk)
    except DialogueRound.DoesNotExist as error:
        raise Http404("Styringsdialogen er ikke offentliggjort.") from error


# Key figures ----------------------------------------------------------------------------------------------


def _deviation(value: Decimal | None, benchmark: Decimal | None) -> Decimal | None:
    """Return how far `value` lies from `benchmark` as a share (0.2 = 20 % above), or None without both."""
    if value is None or not benchmark:
        return None
    return (value - benchmark) / benchmark


def _percent(deviation: Decimal | None) -> Decimal | None:
    return None if deviation is None else (deviation * 100).quantize(Decimal("1"))


def _beyond_threshold(deviation: Decimal | None) -> bool:
    return deviation is not None and abs(deviation) > DEVIATION_THRESHOLD


@dataclass
class TrendPoint:
    year: int
    value: Decimal | None
    municipal: Decimal | None
    benchmark: Decimal | None
    # Computed once, as the point is made (the pages show and sort the deviations).
    deviation: Decimal | None = field(init=False)
    is_flagged: bool = field(init=False)

    def __post_init__(self) -> None:
        self.deviation = _deviation(self.value, self.benchmark)
        self.is_flagged = _beyond_threshold(self.deviation)

    @property
    def deviation_percent(self) -> Decimal | None:
        return _percent(self.deviation)


@dataclass
class Trend:
    measure: Measure
    points: list[TrendPoint]

    @property
    def unit(self) -> str:
        return UNITS.get(self.measure, "antal")

    @property
    def has_values(self) -> bool:
        return any(point.value is not None for point in self.points)

    @property
    def flagged(self) -> list[TrendPoint]:
        return [point for point in self.points if point.is_flagged]


def keyfigure_averages(figures: QuerySet[KeyFigure]) -> dict[tuple[str, int], Decimal]:
    """Return the average per (measure, year) of `figures`, computed in the database: weighted by area where it
    applies. The one definition of an average: the trends, the stored municipal averages and their migration."""
    rows = figures.values("measure", "year").annotate(
        weighted=ExpressionWrapper(
            Sum(F("value") * F("estate__area_m2")) / NullIf(Sum("estate__area_m2"), 0),
            output_field=DecimalField(),
        ),
        plain=Avg("value"),
    )
    averages = {}
    for row in rows:
        value = row["weighted"] if row["measure"] in AREA_WEIGHTED and row["weighted"] is not None else row["plain"]
        averages[(row["measure"], row["year"])] = Decimal(value).quantize(CENT)
    return averages


def municipal_averages(*, years: list[int] | None = None) -> dict[tuple[str, int], Decimal]:
    """Return the stored municipal average per (measure, year), of the given years or of all."""
    stored = MunicipalAverage.objects.all() if years is None else MunicipalAverage.objects.filter(year__in=years)
    return {(measure, year): value for measure, year, value in stored.values_list("measure", "year", "value")}


def _trends(*, own_figures: QuerySet[KeyFigure] | None = None) -> list[Trend]:
    """Return a trend per measure for the given figures (averaged) beside the municipality and the benchmark;
    without figures, the municipality's own trend. The municipality's averages are the stored ones."""
    own = municipal_averages() if own_figures is None else keyfigure_averages(own_figures)
    years = sorted({year for _measure, year in own})
    everyone = own if own_figures is None else municipal_averages(years=years)
    benchmarks = {
        (measure, year): value
        for measure, year, value in Benchmark.objects.filter(year__in=years).values_list("measure", "year", "value")
    }
    trends = [
        Trend(
            measure,
            [
                TrendPoint(
                    year=year,
                    value=own.get((measure, year)),
                    municipal=everyone.get((measure, year)),
                    benchmark=benchmarks.get((measure, year)),
                )
                for year in years
            ],
        )
        for measure in Measure
    ]
    return [trend for trend in trends if trend.has_values]


def estate_trends(*, estate: Estate) -> list[Trend]:
    return _trends(own_figures=KeyFigure.objects.filter(estate=estate))


def organisation_trends(*, organisation: Organisation) -> list[Trend]:
    return _trends(own_figures=KeyFigure.objects.filter(estate__organisation=organisation))


def organisation_keyfigure_rows(*, organisation: Organisation) -> QuerySet[KeyFigure]:
    """Return the organisation's key figures for export, estate by estate and year by year."""
    return (
        KeyFigure.objects.filter(estate__organisation=organisation)
        .select_related("estate")
        .order_by("estate__number", "year", "measure")
    )


def organisation_estates(*, organisation: Organisation) -> QuerySet[Estate]:
    return organisation.estates.order_by("number")


@dataclass(frozen=True, slots=True)
class Flag:
    """A key figure of the round's accounting year deviating from the benchmark beyond the threshold, with what the
    pages show of its estate."""

    estate_id: int
    estate_number: str
    estate_name: str
    measure: Measure
    value: Decimal
    benchmark: Decimal

    @property
    def deviation_percent(self) -> Decimal:
        return _percent(_deviation(self.value, self.benchmark))


# Hundreds of figures a year per organisation: weighed, sorted and counted in the database, which returns only the
# flags shown. One statement, without the ORM (which cannot join a figure to its benchmark, and whose compiling cost
# more than the database's work). The threshold is compared without dividing, so it is exact.
_DEVIATIONS_SQL = """
SELECT e.id, e.number, e.name, f.measure, f.value, b.value, COUNT(*) OVER ()
FROM {figure} f
JOIN {estate} e ON e.id = f.estate_id
JOIN {benchmark} b ON b.year = f.year AND b.measure = f.measure
WHERE e.organisation_id = %s AND f.year = %s AND b.value > 0 AND ABS(f.value - b.value) > %s * b.value
ORDER BY {order}
"""
_ESTATE_BY_ESTATE = "e.number, f.measure"
# Multiplied by 1.0 so that SQLite divides whole numbers without truncating.
_LARGEST_FIRST = f"ABS(f.value - b.value) * 1.0 / b.value DESC, {_ESTATE_BY_ESTATE} LIMIT %s"


def _round_deviations(*, round: DialogueRound, limit: int | None) -> tuple[list[Flag], int]:
    sql = _DEVIATIONS_SQL.format(
        figure=KeyFigure._meta.db_table,
        estate=Estate._meta.db_table,
        benchmark=Benchmark._meta.db_table,
        order=_ESTATE_BY_ESTATE if limit is None else _LARGEST_FIRST,
    )
    params = [round.organisation_id, round.year - 1, DEVIATION_THRESHOLD]
    with connection.cursor() as cursor:
        cursor.execute(sql, params if limit is None else [*params, limit])
        rows = cursor.fetchall()
    # Decimal(…).quantize as the ORM's converter does: SQLite returns the numbers as int or float.
    flags = [
        Flag(
            estate_id, number, name, Measure(measure), Decimal(value).quantize(CENT), Decimal(benchmark).quantize(CENT)
        )
        for estate_id, number, name, measure, value, benchmark, _total in rows
    ]
    return flags, rows[0][-1] if rows else 0


def round_flags(*, round: DialogueRound) -> list[Flag]:
    """Return the figures of the round's accounting year (the round's year − 1) that deviate from the benchmark
    beyond the threshold, estate by estate: the points to raise at the dialogue meeting."""
    return _round_deviations(round=round, limit=None)[0]


# The round pages' largest flags, remembered while what they read is unchanged (see round_largest_flags): those of
# a few dozen rounds.
_LARGEST_FLAGS: Remembered[tuple[list[Flag], int]] = Remembered(size=64)


def round_largest_flags(*, round: DialogueRound, limit: int) -> tuple[list[Flag], int]:
    """Return the round's `limit` flags that deviate the most (equal ones estate by estate) and how many there are.

    They weigh each of the organisation's figures of the year against its benchmark (about 0.8 ms at ten years'
    data) at each view of the round's page, and change only when figures, benchmarks or estates are imported or
    edited: so they are remembered in the process under the token of the data's state, whose triggers cover the
    tables they read (lib.remembered; knowledge migration 0005), for the organisation, the year and the limit."""
    return _LARGEST_FLAGS.get(
        (round.organisation_id, round.year, limit), lambda: _round_deviations(round=round, limit=limit)
    )


def municipal_trends() -> list[Trend]:
    """Return the municipality's average of every key figure year by year beside the benchmark."""
    return _trends()
