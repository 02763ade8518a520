"""Volume data of the planning: renovation projects on the volume estates over the years, each with the phases it
has been through and their dates (about 400 phase events for ten years) and its coordination themes.

Population and dwelling figures need no volume: the demo StatBank files already hold a decade."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from dialogue.models import Estate
from planning.models import PHASE_ORDER, CoordinationTheme, Phase, PhaseDate, RenovationProject, ThemeCheck

PROJECTS_PER_YEAR = 8
# How long a project stays in each phase, in days (the last phase has no end).
PHASE_DAYS = (180, 365)


def _phase_dates(project: RenovationProject, *, started: datetime.date, today: datetime.date, rng) -> list:
    dates, starts_on = [], started
    for phase in PHASE_ORDER:
        if starts_on > today:
            break
        project.phase = phase
        dates.append(PhaseDate(project=project, phase=phase, starts_on=starts_on))
        starts_on += datetime.timedelta(days=rng.randint(*PHASE_DAYS))
    return dates


def generate(*, years: int) -> dict[str, int]:
    rng = random.Random(2026)
    today = timezone.localdate()
    estates = list(Estate.objects.filter(number__startswith="V").order_by("id"))
    if not estates:
        return {"renoveringsprojekter": 0, "fasehændelser": 0}
    projects, dates = [], []
    for number, estate in enumerate(rng.sample(estates, min(len(estates), PROJECTS_PER_YEAR * years))):
        budget = Decimal(rng.randint(20, 1500) * 1_000_000)
        project = RenovationProject(
            estate=estate,
            title=f"Helhedsplan {estate.name} ({number + 1})",
            description="Renovering af klimaskærm, installationer og udearealer. " * 5,
            budget=budget,
            lbf_support=(budget * Decimal(rng.uniform(0.3, 0.8))).quantize(Decimal(1)),
            co2_target=Decimal(rng.randint(10, 900)),
            is_demo=True,
        )
        started = today - datetime.timedelta(days=365 * (number % years) + rng.randint(0, 364))
        dates += _phase_dates(project, started=started, today=today, rng=rng)
        if project.phase == Phase.COMPLETED:
            project.co2_result = project.co2_target * Decimal("0.9")
        projects.append(project)
    RenovationProject.objects.bulk_create(projects)
    PhaseDate.objects.bulk_create(dates)
    themes = ThemeCheck.objects.bulk_create(
        ThemeCheck(project=project, theme=theme, done=rng.random() < 0.5)
        for project in projects
        for theme in CoordinationTheme
    )
    return {"renoveringsprojekter": len(projects), "fasehændelser": len(dates), "temaer": len(themes)}
