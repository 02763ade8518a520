"""Pages of the meetings: planning, agendas, invitations and replies. Every lookup goes through a selector scoped
to the user (404 outside it); changes are the secretariat's, except an invitee's own reply."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination.selectors import body_get
from lib.concurrency import StaleEdit
from lib.forms import call_service, save_through
from lib.uploads import file_response
from lib.views import PUBLIC, require_perm, rule_required
from meetings import selectors, services
from meetings.forms import (
    AgendaItemForm,
    AttachmentForm,
    GuestForm,
    MeetingCancelForm,
    MeetingCreateForm,
    MeetingEditForm,
    MeetingFilterForm,
    PlanForm,
    ReplyForm,
)
from meetings.minutes import open_action_items_page
from meetings.models import AgendaItem, Invitation, Meeting

MEETINGS_PER_PAGE = 25
use = rule_required("meetings.use")
manage = rule_required("meetings.manage")


def _form_page(request, form, *, service, instance_as: str, success: str, template: str, context: dict):
    """Show the form; on a valid POST pass its instance (as `instance_as`), the read version and the confirmation
    to `service`. Warnings to confirm and stale edits go onto the form."""
    if request.method == "POST" and form.is_valid():
        kwargs = {instance_as: form.instance, "actor": request.user}
        if "confirm" in form.fields:
            kwargs["confirmed"] = form.cleaned_data["confirm"]
        if "read_version" in form.fields:
            kwargs["read_version"] = form.cleaned_data["read_version"]
        try:
            saved = save_through(form, service, **kwargs)
        except services.NeedsConfirmation as warning:
            form.show_warnings(warning.warnings)
        except StaleEdit as stale:
            form.record_conflict(stale.current)
        else:
            if saved is not None:
                messages.success(request, success)
                return redirect(saved)
    return render(request, template, {"form": form, **context})


@require_GET
@use
def meeting_list(request):
    form = MeetingFilterForm(request.GET or None)
    body = form.cleaned_data["organ"] if form.is_valid() else None
    page = selectors.meetings_overview_page(
        user=request.user, body=body, number=request.GET.get("side"), per_page=MEETINGS_PER_PAGE
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "form": form,
            "body": body,
            "page_query": urlencode({"organ": body.slug}) if body else "",
            "can_manage": request.user.has_perm("meetings.manage"),
        },
    )


@require_GET
@use
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    invitees = selectors.meeting_invitees(meeting=meeting)
    agenda_visible = selectors.agenda_visible(user=request.user, meeting=meeting)
    own = next((invitee for invitee in invitees if invitee.is_for(request.user)), None)
    can_manage = request.user.has_perm("meetings.manage")
    agenda_open = meeting.status in services.AGENDA_OPEN_STATUSES
    # The body's open action items are shown under an agenda that is still being written, and counted only then.
    open_actions = None
    if agenda_visible and agenda_open:
        open_actions = open_action_items_page(
            body=meeting.body,
            include_closed=selectors.sees_closed_items(user=request.user, meeting=meeting),
            number=request.GET.get("side"),
        )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda_visible": agenda_visible,
            "items": selectors.agenda_items_for_user(user=request.user, meeting=meeting) if agenda_visible else [],
            "members": [i for i in invitees if not i.is_guest],
            "guests": [i for i in invitees if i.is_guest],
            "own_invitation": own,
            "can_manage": can_manage,
            "agenda_open": agenda_open,
            "manage_agenda": can_manage and agenda_open,
            "open_actions": open_actions,
        },
    )


@require_http_methods(["GET", "POST"])
@manage
def meeting_create(request):
    return _form_page(
        request,
        MeetingCreateForm(request.POST or None, initial={"body": request.GET.get("organ")}),
        service=services.meeting_create,
        instance_as="meeting",
        success=_("Mødet er oprettet, og organets medlemmer er inviteret."),
        template="meetings/meeting_edit.html",
        context={"meeting": None},
    )


@require_http_methods(["GET", "POST"])
@manage
def meeting_edit(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    return _form_page(
        request,
        MeetingEditForm(request.POST or None, instance=meeting),
        service=services.meeting_update,
        instance_as="meeting",
        success=_("Mødet er gemt."),
        template="meetings/meeting_edit.html",
        context={"meeting": meeting},
    )


@require_http_methods(["GET", "POST"])
@manage
def meeting_cancel(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    form = MeetingCancelForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(
            form, services.meeting_cancel, meeting=meeting, reason=form.cleaned_data["reason"], actor=request.user
        )
    ):
        messages.success(request, _("Mødet er aflyst, og de inviterede har fået besked."))
        return redirect(meeting)
    return render(request, "meetings/meeting_cancel.html", {"form": form, "meeting": meeting})


@require_POST
@manage
def meeting_publish(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    if call_service(request, services.meeting_publish_agenda, meeting=meeting, actor=request.user):
        messages.success(request, _("Dagsordenen er udsendt, og de inviterede har fået besked."))
    return redirect(meeting)


@require_POST
@manage
def meeting_mark_held(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    if call_service(request, services.meeting_mark_held, meeting=meeting, actor=request.user):
        messages.success(request, _("Mødet er markeret som afholdt."))
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@manage
def attendance_edit(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        attended = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
        if call_service(
            request, services.attendance_record, meeting=meeting, attended_ids=attended, actor=request.user
        ):
            messages.success(request, _("Fremmødet er registreret."))
            return redirect(meeting)
    return render(
        request,
        "meetings/attendance_edit.html",
        {"meeting": meeting, "invitations": selectors.meeting_invitees(meeting=meeting)},
    )


@require_http_methods(["GET", "POST"])
@manage
def body_plan(request, slug: str):
    body = body_get(slug=slug)
    form = PlanForm(request.POST or request.GET or {"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_valid() else None
    if request.method == "POST" and year is not None:
        created = save_through(
            form,
            services.meetings_plan_year,
            body=body,
            year=year,
            place=form.cleaned_data["place"],
            actor=request.user,
        )
        if created is not None:
            messages.success(
                request,
                _("%(count)d møder er planlagt for %(body)s i %(year)d.")
                % {"count": len(created), "body": body, "year": year},
            )
            return redirect(f"{reverse('meetings:meeting_list')}?{urlencode({'organ': body.slug})}")
    plan = services.year_plan(body=body, year=year) if year is not None else []
    return render(request, "meetings/meeting_plan.html", {"body": body, "form": form, "year": year, "plan": plan})


def _item_form(request, *, meeting: Meeting, item: AgendaItem):
    return _form_page(
        request,
        AgendaItemForm(request.POST or None, instance=item),
        service=services.agenda_item_update if item.pk else services.agenda_item_create,
        instance_as="item",
        success=_("Punktet er gemt."),
        template="meetings/item_edit.html",
        context={"meeting": meeting, "item": item},
    )


@require_http_methods(["GET", "POST"])
@manage
def item_create(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    return _item_form(request, meeting=meeting, item=AgendaItem(meeting=meeting))


@require_http_methods(["GET", "POST"])
@manage
def item_edit(request, pk: int):
    item = selectors.agenda_item_get_for_user(user=request.user, pk=pk)
    return _item_form(request, meeting=item.meeting, item=item)


@require_POST
@manage
def item_delete(request, pk: int):
    item = selectors.agenda_item_get_for_user(user=request.user, pk=pk)
    if call_service(request, services.agenda_item_delete, item=item, actor=request.user):
        messages.success(request, _("Punktet »%(title)s« er slettet.") % {"title": item.title})
    return redirect(f"{item.meeting.get_absolute_url()}#dagsorden")


@require_POST
@manage
def item_move(request, pk: int):
    item = selectors.agenda_item_get_for_user(user=request.user, pk=pk)
    moved = call_service(
        request, services.agenda_item_move, item=item, up=request.POST.get("retning") == "op", actor=request.user
    )
    if moved is not None:
        messages.success(
            request, _("»%(title)s« er nu punkt %(position)d.") % {"title": moved.title, "position": moved.position}
        )
    return redirect(f"{item.meeting.get_absolute_url()}#punkt-{item.pk}")


@require_http_methods(["GET", "POST"])
@manage
def attachment_upload(request, pk: int):
    item = selectors.agenda_item_get_for_user(user=request.user, pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(
            form,
            services.attachment_add,
            item=item,
            uploaded=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            actor=request.user,
        )
    ):
        messages.success(request, _("Bilaget er tilføjet."))
        return redirect(item)
    status = 400 if form.errors else 200
    return render(request, "meetings/attachment_upload.html", {"form": form, "item": item}, status=status)


@require_GET
@use
def attachment_download(request, pk: int):
    attachment = selectors.attachment_get_for_user(user=request.user, pk=pk)
    return file_response(
        attachment.stored_file, filename=attachment.original_name, content_type=attachment.content_type
    )


@require_POST
@manage
def attachment_delete(request, pk: int):
    attachment = selectors.attachment_get_for_user(user=request.user, pk=pk)
    if call_service(request, services.attachment_delete, attachment=attachment, actor=request.user):
        messages.success(request, _("Bilaget er slettet."))
    return redirect(attachment.item)


@require_http_methods(["GET", "POST"])
@manage
def guest_create(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    form = GuestForm(request.POST or None, meeting=meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(form, services.guest_invite, meeting=meeting, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("%(person)s er inviteret.") % {"person": form.cleaned_data["person"]})
        return redirect(f"{meeting.get_absolute_url()}#deltagere")
    return render(request, "meetings/guest_create.html", {"form": form, "meeting": meeting})


def _reply(request, invitation) -> bool:
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg »deltager« eller »afbud«."))
        return False
    if call_service(request, services.invitation_reply, invitation=invitation, reply=form.cleaned_data["reply"]):
        reply = Invitation.Reply(form.cleaned_data["reply"]).label
        messages.success(request, _("Tak, dit svar er registreret: %(reply)s.") % {"reply": reply})
        return True
    return False


@require_POST
@use
def invitation_reply(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    invitation = selectors.own_invitation(user=request.user, meeting=meeting)
    require_perm(request, "meetings.reply", invitation)
    _reply(request, invitation)
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@rule_required(PUBLIC)
def reply_by_token(request, token: str):
    """The reply link of the invitation e-mail: works without login; GET only shows the question."""
    invitation = selectors.invitation_get_by_token(token=token)
    if request.method == "POST" and _reply(request, invitation):
        invitation.refresh_from_db()
    initial = {"reply": request.GET.get("svar") or invitation.reply}
    return render(
        request,
        "meetings/invitation_reply.html",
        {"invitation": invitation, "meeting": invitation.meeting, "form": ReplyForm(initial=initial)},
    )
