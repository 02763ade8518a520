"""Reads of the steering dialogue, scoped to what the user may see: the secretariat and the management see every
organisation; a board member only their own. Anything outside the scope is answered with 404."""

import heapq
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import NullIf
from django.http import Http404

from coordination.models import Organisation
from dialogue.models import (
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
from lib.rules import is_board_member, is_direktion, is_sekretariat, organisation_id_of_user

# A figure deviating from the benchmark by more than this share is flagged for the dialogue.
DEVIATION_THRESHOLD = Decimal("0.15")
# Measures averaged over the estates weighted by their area; counts are averaged per estate.
AREA_WEIGHTED = {Measure.RENT, Measure.VACANCY_LOSS, Measure.OPERATING_COST, Measure.TURNOVER}
UNITS = {
    Measure.RENT: "kr./m²",
    Measure.VACANCY_LOSS: "kr./m²",
    Measure.OPERATING_COST: "kr./m²",
    Measure.TURNOVER: "%",
}


def _organisation_scope(user, *, field: str = "organisation_id") -> Q:
    """Return the filter on `field` (an organisation id) for what the user may see; nothing for anyone else."""
    if is_sekretariat(user) or is_direktion(user):
        return Q()
    organisation_id = organisation_id_of_user(user) if is_board_member(user) else None
    return Q(**{field: organisation_id}) if organisation_id is not None else Q(pk__in=[])


def organisations_for_user(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(_organisation_scope(user, field="pk"), kind=Organisation.Kind.HOUSING).order_by(
        "short_name"
    )


def organisation_get_for_user(*, user, pk: int) -> Organisation:
    """Return a housing organisation the user may see, or 404."""
    try:
        return organisations_for_user(user=user).get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404("Organisationen findes ikke.") from error


def rounds_for_user(*, user) -> QuerySet[DialogueRound]:
    return DialogueRound.objects.filter(_organisation_scope(user)).select_related("organisation")


def round_get_for_user(*, user, pk: int) -> DialogueRound:
    """Return a round the user may see, with its organisation and agreement, or 404."""
    try:
        return rounds_for_user(user=user).select_related("agreement", "meeting").get(pk=pk)
    except DialogueRound.DoesNotExist as error:
        raise Http404("Styringsdialogen findes ikke.") from error


@dataclass
class OverviewRow:
    organisation: Organisation
    round: DialogueRound | None


def round_overview(*, user, year: int) -> list[OverviewRow]:
    """Return every housing organisation the user may see with its round of `year` (None when not opened)."""
    rounds = {r.organisation_id: r for r in rounds_for_user(user=user).filter(year=year)}
    return [
        OverviewRow(organisation, rounds.get(organisation.pk)) for organisation in organisations_for_user(user=user)
    ]


def round_years(*, user) -> list[int]:
    return sorted(set(rounds_for_user(user=user).values_list("year", flat=True)), reverse=True)


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
    for document in round.documents.order_by("kind", "-version"):
        groups[document.kind].versions.append(document)
    return list(groups.values())


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
    threads = {theme: Thread(theme) for theme in Theme}
    for comment in round.comments.select_related("author__person__organisation"):
        threads[comment.theme].comments.append(comment)
    return list(threads.values())


def round_events(*, round: DialogueRound) -> QuerySet[RoundEvent]:
    return round.events.select_related("actor__person")


def round_goals(*, round: DialogueRound) -> QuerySet[Goal]:
    """Return the round's goals, each with the year of the round it was carried from (carried_from_year)."""
    return Goal.objects.filter(agreement__round=round).annotate(
        carried_from_year=F("carried_from__agreement__round__year")
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
        return None if self.deviation is None else (self.deviation * 100).quantize(Decimal("1"))


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
    cent = Decimal("0.01")
    averages = {}
    for row in rows:
        value = row["weighted"] if row["measure"] in AREA_WEIGHTED and row["weighted"] is not None else row["plain"]
        averages[(row["measure"], row["year"])] = Decimal(value).quantize(cent)
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


@dataclass
class Flag:
    estate: Estate
    measure: Measure
    point: TrendPoint


def _round_deviations(*, round: DialogueRound) -> tuple[list[tuple], int]:
    """Return (estate, measure, value, benchmark, deviation) of each of the organisation's figures of the
    accounting year (the round's year − 1) that deviates from the benchmark beyond the threshold, estate by estate,
    and the accounting year."""
    year = round.year - 1
    benchmarks = dict(Benchmark.objects.filter(year=year).values_list("measure", "value"))
    figures = KeyFigure.objects.filter(
        estate__organisation_id=round.organisation_id, year=year, measure__in=benchmarks
    ).order_by("estate__number", "measure")
    # Hundreds of figures a year: read as tuples with what a flag shows of the estate, and weighed without a
    # TrendPoint each; only the flags shown are made into points and estates.
    deviating = []
    for estate_id, number, name, measure, value in figures.values_list(
        "estate_id", "estate__number", "estate__name", "measure", "value"
    ):
        deviation = _deviation(value, benchmarks[measure])
        if _beyond_threshold(deviation):
            deviating.append(((estate_id, number, name), measure, value, benchmarks[measure], deviation))
    return deviating, year


def _flags(deviating: list[tuple], year: int) -> list[Flag]:
    return [
        # The estate as `only("number", "name")` would read it.
        Flag(
            Estate.from_db(Estate.objects.db, ["id", "number", "name"], estate),
            Measure(measure),
            TrendPoint(year, value, None, benchmark),
        )
        for estate, measure, value, benchmark, _ in deviating
    ]


def round_flags(*, round: DialogueRound) -> list[Flag]:
    """Return the figures of the round's accounting year that deviate from the benchmark beyond the threshold,
    estate by estate: the points to raise at the dialogue meeting."""
    return _flags(*_round_deviations(round=round))


def round_largest_flags(*, round: DialogueRound, limit: int) -> tuple[list[Flag], int]:
    """Return the round's `limit` flags that deviate the most (equal ones estate by estate) and how many there are."""
    deviating, year = _round_deviations(round=round)
    # As sorted(reverse=True)[:limit], which keeps equal deviations in their order.
    largest = heapq.nlargest(limit, deviating, key=lambda row: abs(row[4]))
    return _flags(largest, year), len(deviating)


def municipal_trends() -> list[Trend]:
    """Return the municipality's average of every key figure year by year beside the benchmark."""
    return _trends()
