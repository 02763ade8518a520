"""Pages of the planning overview: housing and population data, renovation projects, the director dashboard and
the annual evaluation. Thin: parse, authorise (lib.rules through rule_required), call one selector or service."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.concurrency import StaleEdit
from lib.forms import save_through
from lib.uploads import file_response
from lib.views import rule_required
from planning import panels, selectors, services
from planning.forms import (
    ElderlyHousingForm,
    ExpertForm,
    ProjectCreateForm,
    ProjectForm,
    ProjectPlanForm,
    ReportRequestForm,
    StatBankImportForm,
)
from planning.models import ElderlyHousing, EvaluationReport
from planning.statbank import StatBankFileError
from planning.tables import Table, csv_response, xlsx_response

view_data = rule_required("planning.view_data")
manage = rule_required("planning.manage")
view_dashboard = rule_required("planning.view_dashboard")
approve = rule_required("planning.approve_report")
REPORTS_PER_PAGE = 25
PROJECTS_PER_PAGE = 25
EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


def _year(request) -> int:
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2009 <= year <= 2100 else timezone.localdate().year


def _export(builders: dict[str, Callable[[], Table]], table: str, fmt: str):
    if table not in builders or fmt not in EXPORTS:
        raise Http404("Tabellen findes ikke.")
    return EXPORTS[fmt](builders[table]())


@require_GET
@view_dashboard
def dashboard(request):
    year = _year(request)
    return render(
        request,
        "planning/dashboard.html",
        {
            "year": year,
            "query": f"?aar={year}",
            "panels": panels.overview_panels(year=year),
            "dialogue": selectors.dialogue_table(user=request.user, year=year),
        },
    )


def _dashboard_tables(user, year: int) -> dict[str, Callable[[], Table]]:
    builders = {
        "moeder": lambda: selectors.meetings_table(year=year),
        "styringsdialog": lambda: selectors.dialogue_table(user=user, year=year),
        "pipeline": selectors.pipeline_table,
    }
    for table in selectors.keyfigure_tables():
        builders[table.slug] = lambda table=table: table
    return builders


@require_GET
@view_dashboard
def dashboard_export(request, table: str, fmt: str):
    return _export(_dashboard_tables(request.user, _year(request)), table, fmt)


DATA_TABLES: dict[str, Callable[[], Table]] = {
    "befolkning": selectors.population_table,
    "fremskrivning": selectors.forecast_table,
    "boliger": selectors.dwellings_table,
    "aeldre": selectors.elderly_table,
    "aeldreboliger": selectors.elderly_housing_table,
    "projekter": selectors.projects_table,
    "tidslinje": selectors.timeline_table,
    "faser": selectors.project_phases_table,
    "temaer": selectors.project_themes_table,
}


@require_GET
@view_data
def data_export(request, table: str, fmt: str):
    return _export(DATA_TABLES, table, fmt)


@require_GET
@view_data
def population(request):
    return render(
        request,
        "planning/population_detail.html",
        {"panel": panels.population_panel(), "forecast": panels.forecast_panel()},
    )


@require_GET
@view_data
def dwellings(request):
    return render(request, "planning/dwellings_detail.html", {"panel": panels.dwellings_panel()})


@require_GET
@view_data
def elderly(request):
    return render(
        request,
        "planning/elderly_detail.html",
        {"panel": panels.elderly_panel(), "housing": selectors.elderly_housing_list()},
    )


@require_http_methods(["GET", "POST"])
@manage
def elderly_housing_edit(request, pk: int | None = None):
    housing = selectors.elderly_housing_get(pk=pk) if pk else ElderlyHousing()
    form = ElderlyHousingForm(request.POST or None, instance=housing)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(form, services.elderly_housing_save, housing=form.instance)
    ):
        messages.success(request, _("Boligerne er gemt."))
        return redirect("planning:elderly")
    return render(request, "planning/elderly_housing_edit.html", {"housing": housing, "form": form})


@require_POST
@manage
def elderly_housing_delete(request, pk: int):
    services.elderly_housing_delete(housing=selectors.elderly_housing_get(pk=pk))
    messages.success(request, _("Boligerne er slettet."))
    return redirect("planning:elderly")


@require_http_methods(["GET", "POST"])
@manage
def statbank_import(request):
    form = StatBankImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            imported = services.statbank_import(
                kind=form.cleaned_data["kind"], data=uploaded.read(), filename=uploaded.name, actor=request.user
            )
        except StatBankFileError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("%(kind)s er indlæst: %(rows)d rækker.")
                % {"kind": imported.get_kind_display(), "rows": imported.rows},
            )
            return redirect("planning:statbank_import")
    status = 400 if problems or form.errors else 200
    imports = selectors.recent_imports()
    return render(
        request,
        "planning/statbank_import.html",
        {"form": form, "problems": problems, "imports": imports},
        status=status,
    )


@require_GET
@view_data
def project_list(request):
    today = timezone.localdate()
    page, projects = selectors.projects_page(number=request.GET.get("side"), per_page=PROJECTS_PER_PAGE, today=today)
    return render(
        request,
        "planning/project_list.html",
        {"page": page, "projects": projects, "timeline": panels.timeline_panel(projects=projects, today=today)},
    )


@require_http_methods(["GET", "POST"])
@manage
def project_create(request):
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = save_through(form, services.project_create, project=form.instance)
        if project is not None:
            messages.success(request, _("Projektet er oprettet. Angiv faser og temaer herunder."))
            return redirect("planning:project_plan", project.pk)
    return render(request, "planning/project_create.html", {"form": form})


@require_GET
@view_data
def project_detail(request, pk: int):
    project = selectors.project_get(pk=pk)
    return render(
        request,
        "planning/project_detail.html",
        {
            "project": project,
            "segments": selectors.project_segments(project, today=timezone.localdate()),
            "expert_form": ExpertForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@manage
def project_edit(request, pk: int):
    project = selectors.project_get(pk=pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_through(
                form, services.project_update, project=form.instance, read_version=form.cleaned_data["read_version"]
            )
        except StaleEdit as stale:
            form.record_conflict(stale.current)
        else:
            if saved:
                messages.success(request, _("Projektet er gemt."))
                return redirect(saved)
    return render(request, "planning/project_edit.html", {"project": project, "form": form})


@require_http_methods(["GET", "POST"])
@manage
def project_plan(request, pk: int):
    project = selectors.project_get(pk=pk)
    form = ProjectPlanForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_through(form, services.project_plan_update, project=project, **form.service_arguments())
        except StaleEdit:
            messages.error(
                request,
                _("En anden har gemt projektet, mens du redigerede. Intet er gemt; her er den gemte version."),
            )
            return redirect("planning:project_plan", project.pk)
        if saved:
            messages.success(request, _("Faser og temaer er gemt."))
            return redirect(saved)
    return render(request, "planning/project_plan.html", {"project": project, "form": form})


@require_POST
@manage
def project_delete(request, pk: int):
    project = selectors.project_get(pk=pk)
    if not request.POST.get("bekraeft"):
        messages.error(request, _("Intet er slettet: sæt kryds for at bekræfte sletningen."))
        return redirect(project)
    services.project_delete(project=project)
    messages.success(request, _("Projektet »%(title)s« er slettet.") % {"title": project.title})
    return redirect("planning:project_list")


@require_POST
@manage
def expert_add(request, pk: int):
    project = selectors.project_get(pk=pk)
    form = ExpertForm(request.POST)
    if form.is_valid() and save_through(form, services.expert_add, project=project, **form.cleaned_data):
        messages.success(request, _("Personen er knyttet til projektet."))
    else:
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("Intet er gemt: %(errors)s") % {"errors": errors})
    return redirect(f"{project.get_absolute_url()}#saerlig-viden")


@require_POST
@manage
def expert_remove(request, pk: int):
    expert = selectors.expert_get(pk=pk)
    services.expert_remove(expert=expert)
    messages.success(request, _("%(person)s er ikke længere knyttet til projektet.") % {"person": expert.person.name})
    return redirect(f"{expert.project.get_absolute_url()}#saerlig-viden")


@require_GET
@view_dashboard
def report_list(request):
    page = Paginator(selectors.reports_list(), REPORTS_PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "planning/report_list.html", {"page": page, "form": ReportRequestForm()})


@require_POST
@manage
def report_request(request):
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        services.report_request(year=form.cleaned_data["year"], actor=request.user)
        messages.success(request, _("Rapporten dannes nu. Siden viser, hvor langt den er."))
    else:
        messages.error(request, _("Angiv et år mellem 2009 og 2100."))
    return redirect("planning:report_list")


@require_GET
@view_dashboard
def report_status(request, pk: int):
    return render(request, "planning/includes/report_status.html", {"report": selectors.report_get(pk=pk)})


@require_GET
@view_dashboard
def report_download(request, pk: int):
    report = selectors.report_get(pk=pk)
    if report.status != EvaluationReport.Status.DONE:
        raise Http404("Rapporten er ikke færdig.")
    return file_response(report.stored_file, filename=report.filename, content_type="application/pdf")


@require_POST
@approve
def report_approve(request, pk: int):
    report = selectors.report_get(pk=pk)
    try:
        services.report_approve(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, _("Intet er gemt: %(errors)s") % {"errors": " ".join(error.messages)})
    else:
        messages.success(request, _("Du har godkendt evalueringen for %(year)d.") % {"year": report.year})
    return redirect("planning:report_list")
