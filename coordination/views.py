"""Pages of the coordination: start page, organisation chart, bodies, people and organisations."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination import gdpr, selectors, services
from coordination.forms import BodyForm, MembershipEndForm, MembershipForm, PersonForm
from coordination.models import Person
from lib.concurrency import StaleEdit
from lib.forms import save_through
from lib.views import PUBLIC, rule_required
from meetings.selectors import upcoming_meetings_for_user

PAGE_SIZE = 50


@require_GET
@rule_required(PUBLIC)
def home(request):
    page = selectors.start_page(user=request.user)
    context = {"chart": page.chart}
    if request.user.is_authenticated:
        context["person"] = page.person
        context["my_bodies"] = page.my_bodies
        context["upcoming_meetings"] = upcoming_meetings_for_user(user=request.user)
    return render(request, "coordination/home.html", context)


@require_GET
@rule_required(PUBLIC)
def org_chart(request):
    return render(request, "coordination/chart.html", {"chart": selectors.chart_entries()})


@require_GET
@rule_required(PUBLIC)
def body_detail(request, slug: str):
    page = selectors.body_page(slug=slug)
    members = selectors.body_members(body=page.body)
    today = timezone.localdate()
    current = [m for m in members if m.start <= today and (m.end is None or m.end >= today)]
    former = [m for m in members if m.end is not None and m.end < today]
    return render(
        request,
        "coordination/body_detail.html",
        {
            "body": page.body,
            "parent": page.parent,
            "children": page.children,
            "purposes": page.purposes,
            "current_members": current,
            "former_members": former,
            "upcoming": page.body.cadence_dates(after=timezone.now(), count=3),
            "today": today,
            # Asked once here rather than once per member row in the template.
            "can_open_people": request.user.has_perm("coordination.view_directory"),
            "can_see_contacts": request.user.has_perm("coordination.view_contact_details"),
            "can_manage": request.user.has_perm("coordination.manage"),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required("coordination.manage")
def body_edit(request, slug: str):
    body = selectors.body_get(slug=slug)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_through(
                form, services.body_update, body=form.instance, read_version=form.cleaned_data["read_version"]
            )
        except StaleEdit as stale:
            form.record_conflict(stale.current)
        else:
            if saved:
                messages.success(request, _("Organet er gemt."))
                return redirect(body)
    return render(request, "coordination/body_edit.html", {"body": body, "form": form})


@require_http_methods(["GET", "POST"])
@rule_required("coordination.manage")
def membership_create(request, slug: str):
    body = selectors.body_get(slug=slug)
    form = MembershipForm(request.POST or None, body=body, initial={"start": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(form, services.membership_create, membership=form.instance)
    ):
        messages.success(
            request, _("%(person)s er tilføjet til %(body)s.") % {"person": form.instance.person, "body": body}
        )
        return redirect(body)
    return render(request, "coordination/membership_create.html", {"body": body, "form": form})


@require_POST
@rule_required("coordination.manage")
def membership_end(request, pk: int):
    membership = selectors.membership_get(pk=pk)
    form = MembershipEndForm(request.POST)
    if form.is_valid() and save_through(
        form, services.membership_end, membership=membership, on=form.cleaned_data["end"]
    ):
        messages.success(request, _("Medlemskabet for %(person)s er afsluttet.") % {"person": membership.person})
    else:
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Medlemskabet blev ikke afsluttet: %(errors)s") % {"errors": errors})
    return redirect(membership.body)


@require_GET
@rule_required("coordination.view_directory")
def person_list(request):
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.people_list(query=query), PAGE_SIZE).get_page(request.GET.get("side"))
    page_query = urlencode({"q": query}) if query else ""
    return render(request, "coordination/person_list.html", {"page": page, "query": query, "page_query": page_query})


@require_GET
@rule_required("coordination.view_directory")
def person_detail(request, pk: int):
    person = selectors.person_get(pk=pk)
    return render(
        request,
        "coordination/person_detail.html",
        {"person": person, "memberships": selectors.person_memberships(person=person)},
    )


@require_http_methods(["GET", "POST"])
@rule_required("coordination.manage")
def person_edit(request, pk: int | None = None):
    person = selectors.person_get(pk=pk) if pk else Person()
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid() and save_through(form, services.person_save, person=form.instance):
        messages.success(request, _("Personen er gemt."))
        return redirect(form.instance)
    return render(request, "coordination/person_edit.html", {"person": person, "form": form})


@require_GET
@rule_required("coordination.view_directory")
def organisation_list(request):
    return render(request, "coordination/organisation_list.html", {"organisations": selectors.organisations_list()})


@require_GET
@rule_required("coordination.view_directory")
def organisation_detail(request, pk: int):
    return render(request, "coordination/organisation_detail.html", {"organisation": selectors.organisation_get(pk=pk)})


@require_GET
@rule_required("coordination.manage_personal_data")
def person_data_json(request, pk: int):
    person = selectors.person_get(pk=pk)
    response = JsonResponse(gdpr.person_export(person=person), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="persondata-{person.pk}.json"'
    return response


@require_GET
@rule_required("coordination.manage_personal_data")
def person_data_pdf(request, pk: int):
    filename, content_type, content = gdpr.person_export_pdf(person=selectors.person_get(pk=pk))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@rule_required("coordination.manage_personal_data")
def person_anonymise(request, pk: int):
    person = gdpr.person_anonymise(person=selectors.person_get(pk=pk))
    messages.success(request, _("Personen er anonymiseret og vises nu som »%(name)s«.") % {"name": person.name})
    return redirect(person)


@require_POST
@rule_required("coordination.manage_personal_data")
def person_erase(request, pk: int):
    person = selectors.person_get(pk=pk)
    try:
        gdpr.person_erase(person=person)
    except gdpr.ErasureRefused as refusal:
        messages.error(request, refusal.reason)
        return redirect(person)
    messages.success(request, _("Personen er slettet."))
    return redirect("coordination:person_list")


@require_GET
@rule_required("portal.signed_in")
def my_data_json(request):
    person = selectors.person_of_user(user=request.user)
    if person is None:
        raise Http404("Der er ingen person knyttet til dit login.")
    response = JsonResponse(gdpr.person_export(person=person), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response


@require_GET
@rule_required(PUBLIC)
def privacy(request):
    return render(request, "coordination/privacy.html")
