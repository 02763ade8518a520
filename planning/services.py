"""Changes in the planning overview: StatBank imports, homes for the elderly, renovation projects and the annual
evaluation reports."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Person
from dialogue.models import Estate
from lib.concurrency import StaleEdit, save_versioned
from lib.uploads import upload_to
from planning.models import (
    PHASE_ORDER,
    CoordinationTheme,
    DataImport,
    DwellingFigure,
    ElderlyHousing,
    EvaluationReport,
    Phase,
    PhaseDate,
    PopulationFigure,
    ProjectExpert,
    RenovationProject,
    ThemeCheck,
)
from planning.statbank import read_figures

DATA_DIR = Path(settings.BASE_DIR) / "data"


def _clean_and_save(obj):
    obj.full_clean()
    obj.save()
    return obj


# Housing and population data -------------------------------------------------------------------------------


@transaction.atomic
def statbank_import(*, kind: str, data: bytes, filename: str, actor, is_demo: bool = False) -> DataImport:
    """Import a StatBank file of `kind` all or nothing; the years in the file replace those stored (a forecast
    replaces the whole previous forecast). Raise StatBankFileError listing every problem when anything is wrong."""
    figures = read_figures(data, kind=kind)
    years = {figure.year for figure in figures}
    if kind == DataImport.Kind.DWELLINGS:
        DwellingFigure.objects.filter(year__in=years).delete()
        DwellingFigure.objects.bulk_create(
            DwellingFigure(year=f.year, ownership=f.key[0], dwelling_type=f.key[1], count=f.value, is_demo=is_demo)
            for f in figures
        )
    else:
        population_kind = (
            PopulationFigure.Kind.FORECAST if kind == DataImport.Kind.FORECAST else PopulationFigure.Kind.COUNTED
        )
        stored = PopulationFigure.objects.filter(kind=population_kind)
        (stored if population_kind == PopulationFigure.Kind.FORECAST else stored.filter(year__in=years)).delete()
        PopulationFigure.objects.bulk_create(
            PopulationFigure(kind=population_kind, year=f.year, age=f.key[0], count=f.value, is_demo=is_demo)
            for f in figures
        )
    return _clean_and_save(
        DataImport(kind=kind, filename=filename[:255], rows=len(figures), imported_by=actor, is_demo=is_demo)
    )


@transaction.atomic
def elderly_housing_save(*, housing: ElderlyHousing) -> ElderlyHousing:
    """Validate and store new or changed homes for the elderly."""
    return _clean_and_save(housing)


@transaction.atomic
def elderly_housing_delete(*, housing: ElderlyHousing) -> None:
    """Remove homes for the elderly registered by mistake."""
    housing.delete()


# Renovation projects ----------------------------------------------------------------------------------------


@transaction.atomic
def project_create(*, project: RenovationProject) -> RenovationProject:
    """Validate and store a new project with the kommissorium's coordination themes, none yet settled."""
    _clean_and_save(project)
    ThemeCheck.objects.bulk_create(ThemeCheck(project=project, theme=theme) for theme in CoordinationTheme)
    return project


def project_update(*, project: RenovationProject, read_version: int) -> RenovationProject:
    """Store the changed project unless someone saved it since `read_version` (raises StaleEdit)."""
    return save_versioned(project, read_version=read_version)


def _check_phase_dates(phase_dates: dict[str, tuple[datetime.date | None, datetime.date | None]]) -> None:
    errors = {}
    previous = None
    for phase in PHASE_ORDER:
        starts_on, ends_on = phase_dates.get(phase, (None, None))
        if ends_on and not starts_on:
            errors[f"{phase}_start"] = _("Angiv hvornår fasen begynder, når den har en slutdato.")
        elif starts_on and ends_on and ends_on < starts_on:
            errors[f"{phase}_end"] = _("Fasen kan ikke slutte, før den begynder.")
        elif starts_on and previous and starts_on < previous:
            errors[f"{phase}_start"] = _("Faserne skal ligge i rækkefølge: denne begynder før den forrige.")
        previous = starts_on or previous
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_plan_update(
    *,
    project: RenovationProject,
    read_version: int,
    phase: str,
    phase_dates: dict[str, tuple[datetime.date | None, datetime.date | None]],
    themes: dict[str, tuple[bool, str]],
) -> RenovationProject:
    """Store the project's current phase, the dates of its phases and its coordination checklist, unless someone
    saved the project since `read_version` (raises StaleEdit). `phase_dates` holds every phase: one without a
    start date loses its dates."""
    current = RenovationProject.objects.select_for_update().get(pk=project.pk)
    if current.version != read_version:
        raise StaleEdit(current)
    _check_phase_dates(phase_dates)
    if phase != Phase.IDEA and not phase_dates.get(phase, (None, None))[0]:
        raise ValidationError({f"{phase}_start": _("Den aktuelle fase skal have en startdato.")})
    current.phase = phase
    current.version += 1
    _clean_and_save(current)
    current.phase_dates.exclude(phase__in=[p for p, (start, _end) in phase_dates.items() if start]).delete()
    for name, (starts_on, ends_on) in phase_dates.items():
        if starts_on:
            PhaseDate.objects.update_or_create(
                project=current, phase=name, defaults={"starts_on": starts_on, "ends_on": ends_on}
            )
    for check in current.themes.all():
        done, note = themes.get(check.theme, (check.done, check.note))
        if (done, note) != (check.done, check.note):
            check.done, check.note = done, note
            _clean_and_save(check)
    return current


@transaction.atomic
def project_delete(*, project: RenovationProject) -> None:
    """Remove a project registered by mistake, with its dates, themes and experts."""
    project.delete()


@transaction.atomic
def expert_add(*, project: RenovationProject, person: Person, role: str) -> ProjectExpert:
    """Call a person with special knowledge in to the project."""
    if ProjectExpert.objects.filter(project=project, person=person).exists():
        raise ValidationError({"person": _("%(person)s er allerede knyttet til projektet.") % {"person": person.name}})
    return _clean_and_save(ProjectExpert(project=project, person=person, role=role))


@transaction.atomic
def expert_remove(*, expert: ProjectExpert) -> None:
    expert.delete()


# Annual evaluation ------------------------------------------------------------------------------------------


@transaction.atomic
def report_request(*, year: int, actor) -> EvaluationReport:
    """Order the evaluation of `year`; the PDF is generated by a task queued when the order is committed."""
    from planning.tasks import evaluation_report_generate

    report = _clean_and_save(EvaluationReport(year=year, requested_by=actor))
    transaction.on_commit(lambda: evaluation_report_generate.delay(report.pk))
    return report


# Generating a year takes seconds; a run silent for this long has lost its worker.
ABANDONED_AFTER = datetime.timedelta(minutes=10)


def _progress(report_id: int, percent: int) -> None:
    EvaluationReport.objects.filter(pk=report_id).update(progress=percent)


def report_generate(*, report_id: int) -> bool:
    """Generate the PDF of a queued report and keep it; return False when another run has claimed it already.

    The claim is a conditional update that changes exactly one row, so a retried or duplicated task never
    generates the same report twice; a run abandoned by a dead worker is taken over after ABANDONED_AFTER."""
    from planning.pdf import evaluation_pdf

    now = timezone.now()
    # A run whose worker died is taken over once it has been silent too long (the broker redelivers the task).
    abandoned = Q(status=EvaluationReport.Status.RUNNING, started_at__lt=now - ABANDONED_AFTER)
    claimed = EvaluationReport.objects.filter(
        Q(status=EvaluationReport.Status.QUEUED) | abandoned, pk=report_id
    ).update(status=EvaluationReport.Status.RUNNING, progress=5, started_at=now)
    if claimed != 1:
        return False
    report = EvaluationReport.objects.select_related("requested_by").get(pk=report_id)
    try:
        document, has_data = evaluation_pdf(report=report, progress=lambda percent: _progress(report_id, percent))
        stored_name = default_storage.save(upload_to(report, document.filename), ContentFile(document.content))
    except Exception as error:
        # The page shows the failure instead of a bar that never fills; the error is re-raised for the log.
        EvaluationReport.objects.filter(pk=report_id).update(
            status=EvaluationReport.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    EvaluationReport.objects.filter(pk=report_id).update(
        status=EvaluationReport.Status.DONE,
        progress=100,
        stored_name=stored_name,
        has_data=has_data,
        finished_at=timezone.now(),
    )
    return True


@transaction.atomic
def report_approve(*, report: EvaluationReport, actor) -> EvaluationReport:
    """Record that the management (Direktion) approves a finished report, with who and when."""
    report = EvaluationReport.objects.select_for_update().get(pk=report.pk)
    if report.status != EvaluationReport.Status.DONE:
        raise ValidationError(_("Kun en færdig rapport kan godkendes."))
    if report.approved_at:
        raise ValidationError(_("Rapporten er allerede godkendt."))
    report.approved_by, report.approved_at = actor, timezone.now()
    return _clean_and_save(report)


# Demo data --------------------------------------------------------------------------------------------------

DEMO_FILES = {
    DataImport.Kind.POPULATION: DATA_DIR / "statbank_folk1a_demo.csv",
    DataImport.Kind.DWELLINGS: DATA_DIR / "statbank_bol101_demo.csv",
    DataImport.Kind.FORECAST: DATA_DIR / "statbank_frkm_demo.csv",
}
DEMO_ELDERLY_HOUSING = [
    (ElderlyHousing.Kind.NURSING, "Plejecenter Albertshøj (demo)", 96, 1992, None),
    (ElderlyHousing.Kind.NURSING, "Plejecenter Humlehaven (demo)", 72, 2004, None),
    (ElderlyHousing.Kind.ELDERLY, "Ældreboliger Hyldespjældet (demo)", 48, 1985, None),
    (ElderlyHousing.Kind.ELDERLY, "Ældreboliger Kongsholmcentret (demo)", 60, 1990, 2027),
    (ElderlyHousing.Kind.SENIOR, "Seniorbofællesskab Vridsløsevej (demo)", 36, 2028, None),
]
# (estate number, title, current phase, budget, LBF support, CO₂ target, {phase: (start, end)}, settled themes)
DEMO_PROJECTS = [
    (
        "VA-01",
        "Helhedsplan Galgebakken (demo)",
        Phase.CONSTRUCTION,
        Decimal("1450000000"),
        Decimal("1020000000"),
        Decimal("850"),
        {
            Phase.IDEA: ("2019-03-01", "2019-12-31"),
            Phase.MASTER_PLAN: ("2020-01-01", "2020-12-31"),
            Phase.LBF_APPLICATION: ("2021-01-15", "2021-09-30"),
            Phase.SCHEME_A: ("2021-10-01", "2022-06-30"),
            Phase.SCHEME_B: ("2022-07-01", "2023-03-31"),
            Phase.CONSTRUCTION: ("2023-04-01", None),
        },
        [CoordinationTheme.HOUSING_SOCIAL, CoordinationTheme.CLIMATE, CoordinationTheme.ARCHITECTURE],
    ),
    (
        "VA-02",
        "Tagudskiftning og energirenovering Hyldespjældet (demo)",
        Phase.SCHEME_A,
        Decimal("310000000"),
        Decimal("190000000"),
        Decimal("240"),
        {
            Phase.IDEA: ("2022-05-01", None),
            Phase.MASTER_PLAN: ("2023-01-01", None),
            Phase.LBF_APPLICATION: ("2024-02-01", None),
            Phase.SCHEME_A: ("2025-03-01", None),
        },
        [CoordinationTheme.CLIMATE, CoordinationTheme.RAINWATER],
    ),
    (
        "HM-01",
        "Klimatilpasning og regnvand Hedemarken (demo)",
        Phase.MASTER_PLAN,
        Decimal("95000000"),
        None,
        Decimal("60"),
        {Phase.IDEA: ("2024-06-01", None), Phase.MASTER_PLAN: ("2025-09-01", None)},
        [CoordinationTheme.RAINWATER],
    ),
    (
        "RD-01",
        "Facaderenovering Rådhusdammen (demo)",
        Phase.COMPLETED,
        Decimal("120000000"),
        Decimal("80000000"),
        Decimal("110"),
        {
            Phase.IDEA: ("2016-02-01", None),
            Phase.LBF_APPLICATION: ("2017-03-01", None),
            Phase.SCHEME_A: ("2017-11-01", None),
            Phase.SCHEME_B: ("2018-08-01", None),
            Phase.CONSTRUCTION: ("2019-03-01", "2021-06-30"),
            Phase.SCHEME_C: ("2021-07-01", "2022-02-28"),
            Phase.COMPLETED: ("2022-03-01", None),
        },
        list(CoordinationTheme),
    ),
    (
        "MH-01",
        "Tilgængelighed og seniorboliger Morbærhaven (demo)",
        Phase.IDEA,
        None,
        None,
        None,
        {Phase.IDEA: ("2026-01-15", None)},
        [],
    ),
]


def _demo_projects() -> None:
    estates = {estate.number: estate for estate in Estate.objects.filter(is_demo=True)}
    for number, title, phase, budget, support, co2, dates, settled in DEMO_PROJECTS:
        estate = estates.get(number)
        if estate is None or RenovationProject.objects.filter(estate=estate, title=title).exists():
            continue
        project = project_create(
            project=RenovationProject(
                estate=estate,
                title=title,
                description="Demo: opdigtet projekt til afprøvning.",
                phase=phase,
                budget=budget,
                lbf_support=support,
                co2_target=co2,
                co2_result=Decimal("125") if phase == Phase.COMPLETED else None,
                is_demo=True,
            )
        )
        for name, (starts_on, ends_on) in dates.items():
            PhaseDate.objects.create(
                project=project,
                phase=name,
                starts_on=datetime.date.fromisoformat(starts_on),
                ends_on=datetime.date.fromisoformat(ends_on) if ends_on else None,
            )
        project.themes.filter(theme__in=settled).update(done=True, note="Demo: afklaret i renoveringsgruppen.")


@transaction.atomic
def demo_data_load() -> None:
    """Load the demo StatBank files, homes for the elderly and renovation projects (all marked demo);
    running it twice changes nothing, and nothing is loaded over real data."""
    for kind, path in DEMO_FILES.items():
        if not DataImport.objects.filter(kind=kind).exists():
            statbank_import(kind=kind, data=path.read_bytes(), filename=path.name, actor=None, is_demo=True)
    if not ElderlyHousing.objects.exists():
        for kind, name, units, first_year, last_year in DEMO_ELDERLY_HOUSING:
            elderly_housing_save(
                housing=ElderlyHousing(
                    kind=kind, name=name, units=units, first_year=first_year, last_year=last_year, is_demo=True
                )
            )
    _demo_projects()
