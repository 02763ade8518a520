"""Pages of the library, the search, the news, passing things on, and the public pages. Every lookup goes
through a selector scoped to the user (404 outside it). A citizen who follows a link to something that is not
public is asked to log in rather than told it does not exist."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination.selectors import org_chart
from dialogue.selectors import published_rounds
from knowledge import search as search_module
from knowledge import selectors, services
from knowledge.forms import DigestForm, DocumentEditForm, DocumentForm, NewsForm, ShareForm, VersionForm
from knowledge.models import DigestSubscription
from lib.concurrency import StaleEdit
from lib.forms import save_through
from lib.uploads import file_response
from lib.views import PUBLIC, rule_required

PAGE_SIZE = 25
# Ten hits a page, as search pages show them: each hit comes with its text's best fragments, the reader refines the
# query rather than reading on, and the fragments are the search's most costly part.
SEARCH_PAGE_SIZE = 10
LIBRARY_SOURCES = {
    "bibliotek": gettext_lazy("Bibliotekets dokumenter"),
    "moeder": gettext_lazy("Bilag til møder"),
    "styringsdialog": gettext_lazy("Styringsdialogens dokumenter"),
}
use = rule_required("knowledge.use")
manage = rule_required("knowledge.manage")
public = rule_required(PUBLIC)


def _page(request, rows, *, size: int = PAGE_SIZE):
    return Paginator(rows, size).get_page(request.GET.get("side"))


def _or_login(request, lookup, **kwargs):
    """Return the object if the user may see it; None for an anonymous visitor, whom the caller sends to log
    in rather than telling them it does not exist; 404 for everyone else."""
    try:
        return lookup(user=request.user, **kwargs)
    except Http404:
        if not request.user.is_authenticated:
            return None
        raise


def _share_form(request):
    if not request.user.has_perm("knowledge.share"):
        return None
    return ShareForm(recipients=selectors.share_recipients(user=request.user))


# Library ---------------------------------------------------------------------------------------------------


@require_GET
@use
def library(request):
    source = request.GET.get("kilde", "bibliotek")
    source = source if source in LIBRARY_SOURCES else "bibliotek"
    tag = request.GET.get("emne", "")[:80]
    if source == "bibliotek":
        page = selectors.library_page(user=request.user, tag=tag, number=request.GET.get("side"), per_page=PAGE_SIZE)
    elif source == "moeder":
        page = _page(request, selectors.attachments_for_user(user=request.user))
    else:
        page = _page(request, selectors.round_documents_for_user(user=request.user))
    context = {
        "page": page,
        "page_query": urlencode({"kilde": source, "emne": tag}),
        "source": source,
        "source_label": LIBRARY_SOURCES[source],
        "sources": LIBRARY_SOURCES,
        "tag": tag,
        "tags": selectors.tags_in_use() if source == "bibliotek" else [],
    }
    return render(request, "knowledge/library_list.html", context)


@require_http_methods(["GET", "POST"])
@manage
def document_create(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = save_through(form, services.document_create, actor=request.user, **form.cleaned_data)
        if document:
            messages.success(request, _("Dokumentet er lagt i biblioteket."))
            return redirect(document)
    status = 400 if form.errors else 200
    return render(request, "knowledge/document_create.html", {"form": form}, status=status)


@require_GET
@public
def document_detail(request, pk: int):
    document = _or_login(request, selectors.document_get_for_user, pk=pk)
    if document is None:
        return redirect_to_login(request.get_full_path())
    context = {"document": document, "share_form": _share_form(request), "version_form": VersionForm()}
    return render(request, "knowledge/document_detail.html", context)


@require_http_methods(["GET", "POST"])
@manage
def document_edit(request, pk: int):
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    form = DocumentEditForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_through(
                form,
                services.document_update,
                document=form.instance,
                read_version=form.cleaned_data["read_version"],
                tags=form.cleaned_data["tags"],
            )
        except StaleEdit as stale:
            form.record_conflict(stale.current)
        else:
            if saved:
                messages.success(request, _("Dokumentet er gemt."))
                return redirect(saved)
    status = 400 if form.errors else 200
    return render(request, "knowledge/document_edit.html", {"document": document, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@manage
def version_upload(request, pk: int):
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_through(
            form, services.document_version_add, document=document, actor=request.user, **form.cleaned_data
        )
    ):
        messages.success(request, _("Den nye version er uploadet; de tidligere versioner er gemt."))
        return redirect(document)
    status = 400 if form.errors else 200
    return render(request, "knowledge/version_upload.html", {"document": document, "form": form}, status=status)


@require_GET
@public
def version_download(request, pk: int):
    version = _or_login(request, selectors.version_get_for_user, pk=pk)
    if version is None:
        return redirect_to_login(request.get_full_path())
    return file_response(version.stored_file, filename=version.original_name, content_type=version.content_type)


@require_GET
@use
def decision_detail(request, pk: int):
    item = selectors.decision_get_for_user(user=request.user, pk=pk)
    return render(request, "knowledge/decision_detail.html", {"item": item, "share_form": _share_form(request)})


# Passing it on ---------------------------------------------------------------------------------------------

SHAREABLE = {
    "dokument": selectors.document_get_for_user,
    "beslutning": selectors.decision_get_for_user,
    "nyhed": selectors.news_get_for_user,
}


@require_POST
@rule_required("knowledge.share")
def share(request, kind: str, pk: int):
    if kind not in SHAREABLE:
        raise Http404("Ukendt slags.")
    item = SHAREABLE[kind](user=request.user, pk=pk)
    form = ShareForm(request.POST, recipients=selectors.share_recipients(user=request.user))
    if form.is_valid() and save_through(
        form,
        services.share_send,
        actor=request.user,
        recipient=form.cleaned_data["recipient"],
        item=item,
        message=form.cleaned_data["message"],
    ):
        messages.success(request, _("Sendt til %(name)s.") % {"name": form.cleaned_data["recipient"].person.name})
    else:
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("Intet er sendt: %(errors)s") % {"errors": errors})
    return redirect(selectors.shared_link(item)[1])


# Search ----------------------------------------------------------------------------------------------------


@require_GET
@public
def search(request):
    query = search_module.clean_query(request.GET.get("q", ""))
    page = _page(request, search_module.search(user=request.user, query=query), size=SEARCH_PAGE_SIZE)
    page.object_list = search_module.hits_describe(page.object_list, query=query)
    return render(
        request, "knowledge/search.html", {"query": query, "page": page, "page_query": urlencode({"q": query})}
    )


# News ------------------------------------------------------------------------------------------------------


@require_GET
@public
def news_list(request):
    page = selectors.news_page(user=request.user, number=request.GET.get("side"), per_page=PAGE_SIZE)
    return render(request, "knowledge/news_list.html", {"page": page})


@require_GET
@public
def news_detail(request, pk: int):
    news = _or_login(request, selectors.news_get_for_user, pk=pk)
    if news is None:
        return redirect_to_login(request.get_full_path())
    return render(request, "knowledge/news_detail.html", {"news": news, "share_form": _share_form(request)})


@require_http_methods(["GET", "POST"])
@manage
def news_create(request):
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        news = save_through(form, services.news_publish, actor=request.user, **form.cleaned_data)
        if news:
            messages.success(request, _("Nyheden er offentliggjort."))
            return redirect(news)
    status = 400 if form.errors else 200
    return render(request, "knowledge/news_create.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@use
def digest_preference(request):
    current = DigestSubscription.objects.filter(user=request.user).values_list("weekly", flat=True).first()
    # An unticked box posts nothing, so the form is bound on every POST, not only a non-empty one.
    form = DigestForm(request.POST if request.method == "POST" else None, initial={"weekly": bool(current)})
    if request.method == "POST" and form.is_valid():
        services.digest_preference_set(user=request.user, weekly=form.cleaned_data["weekly"])
        messages.success(request, _("Dit valg er gemt."))
        return redirect("knowledge:digest_preference")
    return render(request, "knowledge/digest_preference.html", {"form": form})


class PublicNewsFeed(Feed):
    """The coordination's public news as an Atom feed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Boligkoordineringen i Albertslund – nyheder")
    link = reverse_lazy("knowledge:news_list")
    subtitle = gettext_lazy("Offentlige nyheder fra boligkoordineringen i Albertslund Kommune.")

    def items(self):
        return selectors.public_news()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.text

    def item_pubdate(self, item):
        return item.published_at


news_feed = require_GET(public(PublicNewsFeed()))


# Public pages ----------------------------------------------------------------------------------------------


@require_GET
@public
def about(request):
    context = {
        "chart": org_chart(),
        "rounds": published_rounds().order_by("-year", "organisation__short_name")[:10],
        "news": selectors.public_news()[:5],
        "documents": selectors.public_documents()[:10],
    }
    return render(request, "knowledge/about.html", context)


@require_GET
@public
def accessibility(request):
    return render(request, "knowledge/accessibility.html")
