"""Volume data of the steering dialogue: 60 estates per housing organisation with key figures for every year,
and a round per organisation and year with an agreement and goals and its documentation package (every kind of
document, some in a second version)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from coordination.models import Organisation
from dialogue.models import (
    Agreement,
    Benchmark,
    DialogueRound,
    Document,
    Estate,
    Goal,
    KeyFigure,
    Measure,
    Stage,
    Theme,
)
from dialogue.services import municipal_averages_refresh

ESTATES_PER_ORGANISATION = 60
BASE = {
    Measure.RENT: 900,
    Measure.VACANCY_LOSS: 4,
    Measure.TURNOVER: 12,
    Measure.VACANT_FEB1: 2,
    Measure.OPERATING_COST: 350,
    Measure.LETTINGS_WAITING_LIST: 20,
    Measure.LETTINGS_MUNICIPAL: 5,
    Measure.LETTINGS_FLEXIBLE: 4,
    Measure.LETTINGS_COMBINED: 3,
}


def generate(*, years: int) -> dict[str, int]:
    rng = random.Random(2026)
    this_year = timezone.localdate().year
    first_year = this_year - years
    organisations = list(Organisation.objects.filter(kind=Organisation.Kind.HOUSING))
    estates = []
    for organisation in organisations:
        have = organisation.estates.count()
        estates += [
            Estate(
                organisation=organisation,
                number=f"V{number:03}",
                name=f"Afdeling {number:03}",
                address=f"Volumenvej {number}, 2620 Albertslund",
                units=rng.randint(20, 400),
                area_m2=rng.randint(1500, 30000),
                year_built=rng.randint(1965, 1985),
                is_demo=True,
            )
            for number in range(have, ESTATES_PER_ORGANISATION)
        ]
    Estate.objects.bulk_create(estates)
    figures = [
        KeyFigure(
            estate=estate,
            year=year,
            measure=measure,
            value=Decimal(base * rng.uniform(0.7, 1.4)).quantize(Decimal("0.01")),
        )
        for estate in estates
        for year in range(first_year, this_year)
        for measure, base in BASE.items()
    ]
    KeyFigure.objects.bulk_create(figures, batch_size=5000, ignore_conflicts=True)
    municipal_averages_refresh()
    Benchmark.objects.bulk_create(
        [
            Benchmark(year=year, measure=measure, value=Decimal(base))
            for year in range(first_year, this_year)
            for measure, base in BASE.items()
        ],
        ignore_conflicts=True,
    )
    DialogueRound.objects.bulk_create(
        [
            DialogueRound(organisation=organisation, year=year, stage=Stage.FOLLOW_UP, is_demo=True)
            for organisation in organisations
            for year in range(first_year, this_year)
        ],
        ignore_conflicts=True,
    )
    rounds = list(DialogueRound.objects.filter(year__gte=first_year, year__lt=this_year, agreement__isnull=True))
    agreements = Agreement.objects.bulk_create(
        [Agreement(round=round, summary=f"Aftale for {round.year}") for round in rounds]
    )
    goals = Goal.objects.bulk_create(
        [
            Goal(
                agreement=agreement,
                theme=theme,
                measure=f"Indsats om {theme.label.lower()}",
                target="Målbart mål",
                deadline=datetime.date(agreement.round.year + 1, 6, 30),
                responsible=Goal.Responsible.values[0],
            )
            for agreement in agreements
            for theme in Theme
        ]
    )
    # The package comes in in the spring; one document in three is sent again, corrected.
    documents = Document.objects.bulk_create(
        [
            Document(
                round=round,
                kind=kind,
                version=version,
                stored_name=f"dialogue/volumen/{round.pk}-{kind}-{version}.pdf",
                original_name=f"{kind}-{round.organisation.short_name.lower()}-{round.year}-v{version}.pdf",
                content_type="application/pdf",
                size=rng.randint(50_000, 2_000_000),
                uploaded_at=timezone.make_aware(datetime.datetime(round.year, 4, 1 + version, 10)),
            )
            for round in DialogueRound.objects.filter(year__gte=first_year, year__lt=this_year, documents__isnull=True)
            .select_related("organisation")
            .order_by("pk")
            for kind in Document.Kind.values
            for version in range(1, 2 + (rng.random() < 1 / 3))
        ]
    )
    return {
        "afdelinger": len(estates),
        "nøgletal": len(figures),
        "runder": len(rounds),
        "mål": len(goals),
        "dokumenter": len(documents),
    }
