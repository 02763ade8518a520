"""Pages of the notifications (the user's list and e-mail choices), the reminder policy of a body, and the calendars:
a meeting's `.ics` and the personal feed behind a secret address."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from coordination.models import Body
from lib.forms import save_through
from lib.views import PUBLIC, rule_required
from meetings.calendar import (
    calendar_token_active,
    calendar_token_create,
    calendar_token_revoke,
    calendar_token_user,
    feed_ics,
    meeting_ics,
    meeting_ics_filename,
)
from meetings.forms_notify import NotificationPreferenceForm, ReminderPolicyForm
from meetings.notifications import (
    notification_email_choices,
    notification_mark_read,
    notification_preferences_save,
    notifications_mark_all_read,
    notifications_page,
)
from meetings.reminders import reminder_policy_get, reminder_policy_save
from meetings.selectors import meeting_get_for_user

NOTIFICATIONS_PER_PAGE = 30
notified = rule_required("meetings.view_notifications")
use = rule_required("meetings.use")
manage = rule_required("meetings.manage")


def _ics_response(content: bytes, filename: str, *, method: str = "", disposition: str = "attachment") -> HttpResponse:
    content_type = "text/calendar; charset=utf-8" + (f"; method={method}" if method else "")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
@notified
def notification_list(request):
    page = notifications_page(user=request.user, number=request.GET.get("side"), per_page=NOTIFICATIONS_PER_PAGE)
    return render(request, "meetings/notification_list.html", {"page": page})


@require_POST
@notified
def notification_read(request, pk: int):
    """Mark the notification as read; with `open`, go on to what it is about."""
    notification = notification_mark_read(user=request.user, pk=pk)
    link = notification.link
    if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("meetings:notification_list")


@require_POST
@notified
def notification_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifikationer er markeret som læst.") % {"count": count})
    return redirect("meetings:notification_list")


@require_http_methods(["GET", "POST"])
@notified
def notification_settings(request):
    choices = notification_email_choices(user=request.user)
    initial = {"email_kinds": [kind for kind, by_email in choices.items() if by_email]}
    form = NotificationPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_preferences_save(user=request.user, email_kinds=form.cleaned_data["email_kinds"])
        messages.success(request, _("Dine valg er gemt."))
        return redirect("meetings:notification_settings")
    return render(request, "meetings/notification_settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
@manage
def reminder_policy_edit(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    form = ReminderPolicyForm(request.POST or None, instance=reminder_policy_get(body=body))
    if request.method == "POST" and form.is_valid() and save_through(form, reminder_policy_save, policy=form.instance):
        messages.success(request, _("Påmindelserne for %(body)s er gemt.") % {"body": body.name})
        return redirect("meetings:reminder_policy_edit", slug=body.slug)
    return render(request, "meetings/notification_policy_edit.html", {"form": form, "body": body})


@require_GET
@use
def meeting_calendar(request, pk: int):
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
    return _ics_response(meeting_ics(meeting), meeting_ics_filename(meeting), method=method)


@require_GET
@use
def calendar_subscription(request):
    token = calendar_token_active(user=request.user)
    feed_url = request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token.token])) if token else ""
    return render(request, "meetings/calendar_subscription.html", {"token": token, "feed_url": feed_url})


@require_POST
@use
def calendar_subscription_create(request):
    calendar_token_create(user=request.user)
    messages.success(request, _("Du har fået en ny kalenderadresse. En tidligere adresse virker ikke længere."))
    return redirect("meetings:calendar_subscription")


@require_POST
@use
def calendar_subscription_revoke(request):
    calendar_token_revoke(user=request.user)
    messages.success(request, _("Kalenderadressen er tilbagekaldt og virker ikke længere."))
    return redirect("meetings:calendar_subscription")


@require_safe
@rule_required(PUBLIC)
def calendar_feed(request, token: str):
    """The personal feed: anonymous, since the secret token in the address is the authentication."""
    user = calendar_token_user(token=token)
    # Inline: calendar clients subscribe to the address rather than download a file.
    response = _ics_response(feed_ics(user=user), "boligportalen.ics", disposition="inline")
    response["Cache-Control"] = "private, no-store"
    return response
