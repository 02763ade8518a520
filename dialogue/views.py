"""Pages of the steering dialogue. Every lookup goes through a selector scoped to the user (404 outside it);
what the user may change on an object they can see is checked against the object (403)."""

import csv
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogue import selectors, services
from dialogue.charts import trend_chart
from dialogue.forms import (
    AgreementForm,
    CommentForm,
    DialogueMeetingForm,
    DocumentUploadForm,
    EstateForm,
    GoalForm,
    GoalStatusForm,
    KeyFigureImportForm,
    PublishForm,
    RoundCreateForm,
    StageForm,
)
from dialogue.keyfigures import KeyFigureFileError
from dialogue.models import Estate, Goal
from dialogue.pdf import agreement_pdf
from lib.concurrency import StaleEdit
from lib.forms import call_service, save_through
from lib.uploads import file_response
from lib.views import PUBLIC, require_perm, rule_required

ESTATES_PER_PAGE = 100
# The round page lists the largest deviations; all of them are on the organisation's key-figure page.
ROUND_FLAGS_SHOWN = 20
use = rule_required("dialogue.use")
manage = rule_required("dialogue.manage")


def _error_message(request, form) -> None:
    errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
    messages.error(request, _("Intet er gemt: %(errors)s") % {"errors": errors})


def _submit(request, form, service, *, success: str, **kwargs) -> None:
    """Call `service` with the form's fields, `kwargs` and the user as actor; tell the user how it went."""
    if form.is_valid() and save_through(form, service, actor=request.user, **form.cleaned_data, **kwargs):
        messages.success(request, success)
    else:
        _error_message(request, form)


def _charts(trends, *, prefix: str, subject: str) -> list[dict]:
    return [
        {"trend": trend, "svg": trend_chart(trend, chart_id=f"{prefix}-{trend.measure}", subject=subject)}
        for trend in trends
    ]


@require_GET
@rule_required(PUBLIC)
def start(request):
    """Send those taking part to the rounds, and everyone else to the published agreements (the menu's link)."""
    if request.user.has_perm("dialogue.use"):
        return redirect("dialogue:round_list")
    return redirect("dialogue:public_list")


@require_GET
@use
def round_list(request):
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        year = timezone.localdate().year
    rows = selectors.round_overview(user=request.user, year=year)
    return render(
        request,
        "dialogue/round_list.html",
        {
            "rows": rows,
            "year": year,
            "years": sorted({*selectors.round_years(user=request.user), year}, reverse=True),
            # The forms' fields as declared, for their labels and limits: the pages write the (unbound) forms.
            "create_fields": RoundCreateForm.base_fields,
        },
    )


@require_POST
@manage
def round_create(request):
    form = RoundCreateForm(request.POST)
    if form.is_valid():
        round = save_through(
            form,
            services.round_create,
            organisation=form.cleaned_data["organisation"],
            year=form.cleaned_data["year"],
            actor=request.user,
        )
        if round is not None:
            messages.success(request, _("%(round)s er oprettet.") % {"round": round})
            return redirect(round)
    _error_message(request, form)
    return redirect("dialogue:round_list")


@require_GET
@use
def round_detail(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    flags, flags_total = selectors.round_largest_flags(round=round, limit=ROUND_FLAGS_SHOWN)
    return render(
        request,
        "dialogue/round_detail.html",
        {
            "round": round,
            "documents": selectors.round_documents(round=round),
            "threads": selectors.round_threads(round=round),
            "goals": selectors.round_goals(round=round),
            "approvers": selectors.agreement_approvers(agreement=round.agreement),
            "flags": flags,
            "flags_total": flags_total,
            "upload_fields": DocumentUploadForm.base_fields,
            "meeting_fields": DialogueMeetingForm.base_fields,
            "comment_fields": CommentForm.base_fields,
            "can_take_part": request.user.has_perm("dialogue.take_part", round),
            "status_choices": GoalStatusForm.base_fields["status"].choices,
        },
    )


@require_POST
@use
def round_advance(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.manage", round)
    form = StageForm(request.POST)
    _submit(request, form, services.round_advance, success=_("Fasen er skiftet."), round=round)
    return redirect(round)


@require_POST
@use
def round_meeting_plan(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.manage", round)
    form = DialogueMeetingForm(request.POST)
    if form.is_valid():
        starts_at = form.cleaned_data["starts_at"]
        meeting = save_through(
            form,
            services.round_meeting_plan,
            round=round,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=form.cleaned_data["duration"]),
            place=form.cleaned_data["place"],
            actor=request.user,
        )
        if meeting is not None:
            messages.success(request, _("Dialogmødet er planlagt med en dagsorden efter temaerne."))
            return redirect(round)
    _error_message(request, form)
    return redirect(round)


@require_POST
@use
def round_create_next(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.manage", round)
    next_round = call_service(request, services.round_create_next, round=round, actor=request.user)
    if next_round is None:
        return redirect(round)
    messages.success(request, _("%(round)s er oprettet med de åbne mål.") % {"round": next_round})
    return redirect(next_round)


@require_GET
@use
def round_history(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.view_history", round)
    return render(
        request, "dialogue/round_history.html", {"round": round, "events": selectors.round_events(round=round)}
    )


@require_http_methods(["GET", "POST"])
@use
def round_publish(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.manage", round)
    form = PublishForm(request.POST or None, initial={"account": round.account})
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(
            form, services.round_publish, round=round, account=form.cleaned_data["account"], actor=request.user
        )
    ):
        messages.success(request, _("Redegørelsen og aftalen er offentliggjort."))
        return redirect(round)
    return render(request, "dialogue/round_publish.html", {"round": round, "form": form})


@require_http_methods(["GET", "POST"])
@use
def document_upload(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.take_part", round)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(
            form,
            services.document_upload,
            round=round,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
            actor=request.user,
        )
    ):
        messages.success(request, _("Dokumentet er uploadet."))
        return redirect(round)
    status = 400 if form.errors else 200
    return render(request, "dialogue/document_upload.html", {"round": round, "form": form}, status=status)


@require_GET
@use
def document_download(request, pk: int):
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    return file_response(document.stored_file, filename=document.original_name, content_type=document.content_type)


@require_POST
@use
def comment_create(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.take_part", round)
    form = CommentForm(request.POST)
    _submit(request, form, services.comment_create, success=_("Kommentaren er tilføjet."), round=round)
    return redirect(f"{round.get_absolute_url()}#tema-{form.data.get('theme', '')}")


@require_http_methods(["GET", "POST"])
@use
def goal_create(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.manage", round)
    return _goal_form(request, round=round, goal=Goal(agreement=round.agreement))


@require_http_methods(["GET", "POST"])
@use
def goal_edit(request, pk: int):
    goal = selectors.goal_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.manage", goal.agreement.round)
    return _goal_form(request, round=goal.agreement.round, goal=goal)


def _goal_form(request, *, round, goal):
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_through(
                form,
                services.goal_save,
                goal=form.instance,
                read_version=form.cleaned_data["read_version"],
                actor=request.user,
            )
        except StaleEdit as stale:
            form.record_conflict(stale.current)
        else:
            if saved:
                messages.success(request, _("Målet er gemt."))
                return redirect(f"{round.get_absolute_url()}#aftale")
    return render(request, "dialogue/goal_edit.html", {"round": round, "goal": goal, "form": form})


@require_POST
@use
def goal_status(request, pk: int):
    goal = selectors.goal_get_for_user(user=request.user, pk=pk)
    round = goal.agreement.round
    require_perm(request, "dialogue.manage", round)
    form = GoalStatusForm(request.POST)
    _submit(request, form, services.goal_set_status, success=_("Status er gemt."), goal=goal)
    return redirect(f"{round.get_absolute_url()}#aftale")


@require_http_methods(["GET", "POST"])
@use
def agreement_update(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.manage", round)
    form = AgreementForm(request.POST or None, instance=round.agreement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_through(
                form,
                services.agreement_update,
                round=round,
                summary=form.cleaned_data["summary"],
                read_version=form.cleaned_data["read_version"],
                actor=request.user,
            )
        except StaleEdit as stale:
            form.record_conflict(stale.current)
        else:
            if saved:
                messages.success(request, _("Aftalen er gemt."))
                return redirect(f"{round.get_absolute_url()}#aftale")
    return render(request, "dialogue/agreement_edit.html", {"round": round, "form": form})


@require_POST
@use
def agreement_approve(request, pk: int):
    round = selectors.round_get_for_user(user=request.user, pk=pk)
    require_perm(request, "dialogue.take_part", round)
    if call_service(request, services.agreement_approve, round=round, actor=request.user):
        messages.success(request, _("Du har godkendt aftalen."))
    return redirect(f"{round.get_absolute_url()}#aftale")


def _pdf_response(round) -> HttpResponse:
    document = agreement_pdf(round=round, goals=selectors.round_goals(round=round))
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@require_GET
@use
def agreement_pdf_view(request, pk: int):
    return _pdf_response(selectors.round_get_for_user(user=request.user, pk=pk))


@require_GET
@use
def estate_list(request):
    page = Paginator(selectors.estate_list_rows(user=request.user), ESTATES_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "dialogue/estate_list.html",
        {"page": page, "groups": selectors.estates_by_organisation(page.object_list)},
    )


@require_GET
@use
def estate_detail(request, pk: int):
    estate = selectors.estate_get_for_user(user=request.user, pk=pk)
    trends = selectors.estate_trends(estate=estate)
    return render(
        request,
        "dialogue/estate_detail.html",
        {"estate": estate, "charts": _charts(trends, prefix=f"afd-{estate.pk}", subject=estate.name)},
    )


@require_http_methods(["GET", "POST"])
@use
def estate_edit(request, pk: int | None = None):
    estate = selectors.estate_get_for_user(user=request.user, pk=pk) if pk else Estate()
    require_perm(request, "dialogue.manage", estate)
    form = EstateForm(request.POST or None, instance=estate)
    if request.method == "POST" and form.is_valid() and save_through(form, services.estate_save, estate=form.instance):
        messages.success(request, _("Afdelingen er gemt."))
        return redirect(form.instance)
    return render(request, "dialogue/estate_edit.html", {"estate": estate, "form": form})


@require_GET
@use
def estate_chart(request, pk: int, measure: str):
    estate = selectors.estate_get_for_user(user=request.user, pk=pk)
    for trend in selectors.estate_trends(estate=estate):
        if trend.measure == measure:
            svg = trend_chart(trend, chart_id=f"afd-{estate.pk}-{measure}", subject=estate.name)
            return HttpResponse(svg, content_type="image/svg+xml")
    raise Http404("Afdelingen har ingen tal for dette nøgletal.")


@require_GET
@use
def organisation_keyfigures(request, pk: int):
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    trends = selectors.organisation_trends(organisation=organisation)
    return render(
        request,
        "dialogue/organisation_keyfigures.html",
        {
            "organisation": organisation,
            "estates": selectors.organisation_estates(organisation=organisation),
            "charts": _charts(trends, prefix=f"org-{organisation.pk}", subject=organisation.short_name),
            "threshold": int(selectors.DEVIATION_THRESHOLD * 100),
        },
    )


@require_GET
@use
def organisation_keyfigures_csv(request, pk: int):
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="noegletal-{slugify(organisation.short_name)}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["organisation", "afdeling", "navn", "aar", "noegletal", "vaerdi"])
    for figure in selectors.organisation_keyfigure_rows(organisation=organisation):
        writer.writerow(
            [
                organisation.short_name,
                figure.estate.number,
                figure.estate.name,
                figure.year,
                figure.measure,
                str(figure.value).replace(".", ","),
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
@manage
def keyfigure_import(request):
    form = KeyFigureImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            stored = services.keyfigures_import(
                data=uploaded.read(), benchmark=form.cleaned_data["kind"] == "benchmark"
            )
        except KeyFigureFileError as error:
            problems = error.problems
        else:
            messages.success(request, _("Filen er indlæst: %(count)d værdier gemt.") % {"count": stored})
            return redirect("dialogue:estate_list")
    status = 400 if problems or form.errors else 200
    return render(request, "dialogue/keyfigure_import.html", {"form": form, "problems": problems}, status=status)


@require_GET
@rule_required(PUBLIC)
def public_list(request):
    return render(request, "dialogue/public_list.html", {"rounds": selectors.published_rounds()})


@require_GET
@rule_required(PUBLIC)
def public_round(request, pk: int):
    round = selectors.published_round_get(pk=pk)
    return render(request, "dialogue/public_round.html", {"round": round, "goals": selectors.round_goals(round=round)})


@require_GET
@rule_required(PUBLIC)
def public_agreement_pdf(request, pk: int):
    return _pdf_response(selectors.published_round_get(pk=pk))
