"""Pages of the minutes, the decision register, the follow-up, the PDFs and the archive export of meetings.

Every lookup goes through a selector scoped to the user (404 outside it); what the user may do with an object
they can see is checked against the object (403)."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.concurrency import StaleEdit
from lib.forms import call_service, save_through
from lib.views import require_perm, rule_required
from meetings import minutes as selectors
from meetings.archive import meeting_archive
from meetings.forms_minutes import (
    ActionItemForm,
    ActionStatusForm,
    DecisionFilterForm,
    MinutesCorrectionForm,
    MinutesItemForm,
    MinutesNoteForm,
)
from meetings.models import ActionItem
from meetings.pdf import RenderedDocument, agenda_pdf, minutes_pdf
from meetings.selectors import agenda_items_for_user, sees_closed_items

ACTIONS_PER_PAGE = 50
use = rule_required("meetings.use")
manage = rule_required("meetings.manage")


def _minutes_url(meeting) -> str:
    return reverse("meetings:minutes_detail", args=[meeting.pk])


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a text as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _download(document: RenderedDocument) -> HttpResponse:
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@use
def minutes_detail(request, pk: int):
    meeting = selectors.minutes_meeting_get_for_user(user=request.user, pk=pk)
    items = list(selectors.minutes_items_for_user(user=request.user, meeting=meeting))
    approvals = list(selectors.minutes_approvals(meeting=meeting))
    is_approver = request.user.has_perm("meetings.approve_minutes", meeting)
    can_manage = request.user.has_perm("meetings.manage")
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "participants": selectors.meeting_participants(meeting=meeting),
            "approvals": approvals,
            "approver_count": 0 if meeting.minutes_locked else selectors.approver_count(meeting=meeting),
            "history": selectors.minutes_history(meeting=meeting, items=items),
            "open_actions": selectors.open_action_items_page(
                body=meeting.body_id,
                include_closed=sees_closed_items(user=request.user, meeting=meeting),
                number=request.GET.get("side"),
            ),
            "editable": selectors.minutes_are_editable(meeting),
            "can_manage": can_manage,
            "can_approve": is_approver and not selectors.has_approved(user=request.user, approvals=approvals),
            "sending_on": selectors.sending_on(body=meeting.body) if can_manage else None,
        },
    )


def _versioned_edit(request, *, form, service, template: str, context: dict, success: str, **kwargs):
    """Save a minutes text through `service` with the version it was read at; a stale save shows both texts."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_through(form, service, read_version=form.cleaned_data["read_version"], **kwargs)
        except StaleEdit as stale:
            form.record_conflict(stale.current)
        else:
            if saved:
                messages.success(request, success)
                return None
    status = 409 if form.conflicts else 400 if form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@manage
def minutes_item_edit(request, pk: int):
    item = selectors.agenda_item_get_for_user(user=request.user, pk=pk)
    form = MinutesItemForm(request.POST or None, instance=item)
    response = _versioned_edit(
        request,
        form=form,
        service=selectors.minutes_item_save,
        template="meetings/minutes_item_edit.html",
        context={"meeting": item.meeting, "item": item},
        success=_("Referatet af punkt %(position)s er gemt.") % {"position": item.position},
        item=form.instance,
    )
    return response or redirect(f"{_minutes_url(item.meeting)}#punkt-{item.pk}")


@require_http_methods(["GET", "POST"])
@manage
def minutes_note_edit(request, pk: int):
    meeting = selectors.minutes_meeting_get_for_user(user=request.user, pk=pk)
    form = MinutesNoteForm(request.POST or None, instance=meeting)
    response = _versioned_edit(
        request,
        form=form,
        service=selectors.minutes_note_save,
        template="meetings/minutes_note_edit.html",
        context={"meeting": meeting},
        success=_("Referatets generelle del er gemt."),
        meeting=form.instance,
    )
    return response or redirect(_minutes_url(meeting))


@require_POST
@use
def minutes_approve(request, pk: int):
    meeting = selectors.minutes_meeting_get_for_user(user=request.user, pk=pk)
    require_perm(request, "meetings.approve_minutes", meeting)
    if call_service(request, selectors.minutes_approve, meeting=meeting, user=request.user):
        meeting.refresh_from_db()
        if meeting.minutes_locked:
            messages.success(request, _("Du har godkendt referatet. Alle har nu godkendt, og referatet er låst."))
        else:
            messages.success(request, _("Du har godkendt referatet."))
    return redirect(_minutes_url(meeting))


@require_POST
@manage
def minutes_mark_approved(request, pk: int):
    meeting = selectors.minutes_meeting_get_for_user(user=request.user, pk=pk)
    if call_service(request, selectors.minutes_mark_approved, meeting=meeting, actor=request.user):
        messages.success(request, _("Referatet er godkendt og låst."))
    return redirect(_minutes_url(meeting))


@require_http_methods(["GET", "POST"])
@manage
def minutes_correct(request, pk: int):
    meeting = selectors.minutes_meeting_get_for_user(user=request.user, pk=pk)
    if not meeting.minutes_locked:
        messages.info(request, _("Referatet er ikke godkendt endnu; ret det direkte."))
        return redirect(_minutes_url(meeting))
    items = selectors.minutes_items_for_user(user=request.user, meeting=meeting)
    form = MinutesCorrectionForm(
        request.POST or None,
        meeting=meeting,
        items=items,
        read_revision=selectors.latest_revision_number(meeting),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(
            form,
            selectors.minutes_correct,
            meeting=meeting,
            note=form.cleaned_data["note"],
            items=form.item_texts(),
            reason=form.cleaned_data["reason"],
            read_revision=form.cleaned_data["read_revision"],
            actor=request.user,
        )
    ):
        messages.success(request, _("Rettelsen er gemt som en ny revision af referatet."))
        return redirect(f"{_minutes_url(meeting)}#historik")
    status = 400 if form.errors else 200
    return render(request, "meetings/minutes_correct.html", {"meeting": meeting, "form": form}, status=status)


@require_POST
@manage
def item_forward(request, pk: int):
    item = selectors.agenda_item_get_for_user(user=request.user, pk=pk)
    copy = call_service(request, selectors.agenda_item_forward, item=item)
    if copy is not None:
        messages.success(
            request,
            _("Punktet er sendt videre til %(meeting)s som punkt %(position)s.")
            % {"meeting": copy.meeting, "position": copy.position},
        )
    return redirect(f"{_minutes_url(item.meeting)}#punkt-{item.pk}")


def _decision_filters(request) -> tuple[DecisionFilterForm, dict]:
    form = DecisionFilterForm(request.GET or None, choices=selectors.decision_filter_choices())
    return form, form.filters()


@require_GET
@use
def decision_list(request):
    form, filters = _decision_filters(request)
    page = selectors.decisions_page(
        user=request.user, number=request.GET.get("side"), per_page=selectors.DECISIONS_PER_PAGE, **filters
    )
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "side" and value])
    return render(
        request,
        "meetings/decision_list.html",
        {"form": form, "page": page, "page_query": query, "csv_query": query},
    )


@require_GET
@use
def decision_csv(request):
    _form, filters = _decision_filters(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="beslutninger.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["organ", "dato", "sagsnummer", "punkt", "overskrift", "type", "lukket", "beslutning"])
    for item in selectors.decisions_for_user(user=request.user, **filters).iterator(chunk_size=500):
        writer.writerow(
            [
                item.meeting.body.name,
                timezone.localtime(item.meeting.starts_at).date().isoformat(),
                item.case_number or item.meeting.case_number,
                item.position,
                _cell(item.title),
                item.get_kind_display(),
                _("ja") if item.is_closed else _("nej"),
                _cell(item.decision),
            ]
        )
    return response


def _action_form(request, *, action: ActionItem, item):
    form = ActionItemForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid() and save_through(form, selectors.action_item_save, action=action):
        messages.success(request, _("Opgaven er gemt."))
        return redirect(f"{_minutes_url(item.meeting)}#punkt-{item.pk}" if item else "meetings:action_mine")
    status = 400 if form.errors else 200
    return render(request, "meetings/action_edit.html", {"form": form, "action": action, "item": item}, status=status)


@require_http_methods(["GET", "POST"])
@manage
def action_create(request, pk: int):
    item = selectors.agenda_item_get_for_user(user=request.user, pk=pk)
    return _action_form(request, action=ActionItem(item=item, body=item.meeting.body), item=item)


@require_http_methods(["GET", "POST"])
@manage
def action_edit(request, pk: int):
    action = selectors.action_item_get_for_user(user=request.user, pk=pk)
    return _action_form(request, action=action, item=action.item)


@require_POST
@use
def action_status(request, pk: int):
    action = selectors.action_item_get_for_user(user=request.user, pk=pk)
    require_perm(request, "meetings.set_action_status", action)
    form = ActionStatusForm(request.POST)
    if form.is_valid() and call_service(
        request, selectors.action_item_set_status, action=action, status=form.cleaned_data["status"]
    ):
        messages.success(
            request,
            _("»%(title)s« har nu status %(status)s.")
            % {"title": action.title, "status": action.get_status_display().lower()},
        )
    elif form.errors:
        messages.error(request, _("Intet er gemt: vælg en gyldig status."))
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/moeder/") else "meetings:action_mine")


@require_GET
@use
def action_mine(request):
    page = selectors.action_items_mine_page(
        user=request.user, number=request.GET.get("side"), per_page=ACTIONS_PER_PAGE
    )
    return render(
        request,
        "meetings/action_mine.html",
        {"page": page, "today": timezone.localdate()},
    )


def _pdf(request, pk: int, renderer) -> HttpResponse:
    meeting = selectors.minutes_meeting_get_for_user(user=request.user, pk=pk)
    items = agenda_items_for_user(user=request.user, meeting=meeting)
    # Non-members get the public edition; members may ask for it too (to put on the municipality's website).
    public = request.GET.get("udgave") == "offentlig" or not sees_closed_items(user=request.user, meeting=meeting)
    return _download(renderer(meeting=meeting, items=items, public=public))


@require_GET
@use
def agenda_pdf_view(request, pk: int):
    return _pdf(request, pk, agenda_pdf)


@require_GET
@use
def minutes_pdf_view(request, pk: int):
    return _pdf(request, pk, minutes_pdf)


@require_GET
@manage
def archive_export(request, pk: int):
    meeting = selectors.minutes_meeting_get_for_user(user=request.user, pk=pk)
    return _download(meeting_archive(meeting=meeting))
