"""The search box: Danish full text on PostgreSQL, scoped to the user, highlighted, robust to any input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge import search
from knowledge.models import Visibility
from tests.knowledge.conftest import VISIBLE, WORDS, make_attachment, make_document


def _titles(user, query: str) -> set[str]:
    return {hit.title for hit in search.search(user=user, query=query)}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_finds_exactly_the_documents_it_may_see(request, library, role):
    user = request.getfixturevalue(role)
    found = {key for key, word in WORDS.items() if library[key].title in _titles(user, word)}
    assert found == VISIBLE[role]


def test_anonymous_finds_only_public_documents(client, library):
    for key, word in WORDS.items():
        response = client.get("/soeg/", {"q": word})
        assert response.status_code == 200
        assert (library[key].title in response.text) == (key == "public"), key


def test_danish_stemming_plural_finds_singular(sekretariat):
    document = make_document(sekretariat, title="Plan", text="Status for renovering af taget i afdelingen.")
    assert document.title in _titles(sekretariat, "renoveringer")


def test_stemming_works_on_titles_and_news(sekretariat, public_news, anonymous_user):
    assert public_news.title in _titles(anonymous_user, "renovering")
    assert public_news.title in _titles(anonymous_user, "aftale")


@pytest.fixture
def anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_hit_is_highlighted_and_escaped(client, sekretariat):
    make_document(sekretariat, title="Farlig", description="<script>alert(1)</script> om tagrenovering", text="x")
    client.force_login(sekretariat)
    response = client.get("/soeg/", {"q": "tagrenovering"})
    assert "<mark>tagrenovering</mark>" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_highlight_escapes_the_text_around_the_marks():
    marked = search._mark(f"<b>x</b> {search.START}tag{search.STOP}")
    assert marked == "&lt;b&gt;x&lt;/b&gt; <mark>tag</mark>"


def test_title_match_ranks_above_text_match(sekretariat):
    make_document(sekretariat, title="Notat", text="Her nævnes tagkonstruktion én gang.")
    make_document(sekretariat, title="Tagkonstruktion", text="Noget andet.")
    titles = [hit.title for hit in search.search(user=sekretariat, query="tagkonstruktion")]
    assert titles[:2] == ["Tagkonstruktion", "Notat"]


def test_equally_ranked_hits_come_newest_first(sekretariat):
    older = make_document(sekretariat, title="Facadeplan", text="Noget andet.")
    newer = make_document(sekretariat, title="Facadeplan", text="Noget andet.")
    hits = search.search(user=sekretariat, query="facadeplan")
    assert hits[0].rank == hits[1].rank
    assert [hit.url for hit in hits] == [newer.get_absolute_url(), older.get_absolute_url()]


def test_file_without_text_is_found_by_title_with_a_note(client, sekretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge import services

    image = SimpleUploadedFile("plan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, content_type="image/png")
    document = services.document_create(
        actor=sekretariat, title="Situationsplan Hyldespjældet", visibility=Visibility.INTERNAL, uploaded=image
    )
    assert not document.text_extracted
    client.force_login(sekretariat)
    response = client.get("/soeg/", {"q": "situationsplan"})
    assert document.title in response.text
    assert "kunne ikke læses" in response.text


@pytest.mark.parametrize(
    "query",
    ["", "   ", "&|!():*<>'\"\\", "a" * 5000, "renovering\x00", "' OR 1=1 --", "tag & | !", "ø" * 300, "🏠 bolig"],
)
def test_odd_empty_or_long_query_gives_a_normal_page(client, sekretariat, library, query):
    client.force_login(sekretariat)
    response = client.get("/soeg/", {"q": query})
    assert response.status_code == 200
    assert "<h1>Søg</h1>" in response.text


def test_query_is_cleaned_and_cut():
    assert search.clean_query("  a\x00b\tc  ") == "a b c"
    assert len(search.clean_query("x" * 1000)) == search.MAX_QUERY_LENGTH


def test_closed_item_and_its_decision_are_never_found_by_non_members(
    sekretariat, direktion, board_member_a, board_member_b, medarbejder, open_item, closed_item
):
    make_attachment(closed_item, "udsaettelsesliste")
    for user in (direktion, board_member_b):
        titles = " ".join(_titles(user, "udsættelser udsaettelsesliste"))
        assert "Lukket sag" not in titles and "udsaettelsesliste" not in titles
    assert any("Lukket sag" in title for title in _titles(board_member_a, "udsættelserne"))
    assert any("Lukket sag" in title for title in _titles(sekretariat, "udsættelserne"))


def test_meetings_items_and_decisions_are_found_by_members_only(board_member_a, board_member_b, open_item):
    kinds = {hit.kind for hit in search.search(user=board_member_a, query="renoveringen")}
    assert {"Dagsordenspunkt", "Beslutning"} <= kinds
    assert search.search(user=board_member_b, query="renoveringen") == []
    meeting_hits = [hit for hit in search.search(user=board_member_a, query="boligforum") if hit.kind == "Møde"]
    assert meeting_hits


def test_round_documents_are_found_only_by_their_organisation(
    board_member_a, board_member_b, sekretariat, organisations
):
    from dialogue import services as dialogue_services
    from tests.knowledge.conftest import pdf_bytes, upload

    round_a = dialogue_services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    dialogue_services.document_upload(
        round=round_a, kind="regnskab", uploaded=upload("regnskab-vestafdeling.pdf", pdf_bytes("x")), actor=sekretariat
    )
    assert any("regnskab-vestafdeling" in t for t in _titles(board_member_a, "regnskab"))
    assert not any("regnskab-vestafdeling" in t for t in _titles(board_member_b, "regnskab"))


def _search_queries(client, user, query: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/soeg/", {"q": query}).status_code == 200
    return len(context.captured_queries)


def _add_material(sekretariat, forum, meeting, count: int) -> None:
    from knowledge import services
    from knowledge.models import NewsItem
    from meetings.models import AgendaItem

    for number in range(count):
        make_document(sekretariat, title=f"Renovering {number}", visibility=Visibility.BODY, body=forum, text="tag")
        item = AgendaItem.objects.create(meeting=meeting, position=10 + number, title=f"Renovering {number}")
        make_attachment(item, f"renovering-{number}")
        services.news_publish(
            actor=sekretariat, title=f"Renovering {number}", text="x", audience=NewsItem.Audience.PUBLIC
        )


@pytest.mark.parametrize("role", ["sekretariat", "board_member_a"])
def test_search_query_count_does_not_grow_with_hits(client, request, sekretariat, forum, meeting, role):
    user = request.getfixturevalue(role)
    _add_material(sekretariat, forum, meeting, 1)
    once = _search_queries(client, user, "renovering")
    _add_material(sekretariat, forum, meeting, 9)
    assert _search_queries(client, user, "renovering") == once


def test_search_refuses_post(client, sekretariat):
    client.force_login(sekretariat)
    assert client.post("/soeg/", {"q": "x"}).status_code == 405


def test_many_hits_are_shown_a_page_at_a_time_each_with_its_marked_snippet(client, sekretariat, forum, meeting):
    _add_material(sekretariat, forum, meeting, 12)  # 12 each of documents, attachments, items, news: 5 pages
    client.force_login(sekretariat)
    pages = [client.get("/soeg/", {"q": "renovering", "side": number}) for number in range(1, 6)]
    first = pages[0]
    assert "48 resultater" in first.text
    assert "Side 1 af 5" in first.text
    shown = [page.context["page"].object_list for page in pages]
    assert [len(hits) for hits in shown] == [10, 10, 10, 10, 8]
    assert len({hit.url for hits in shown for hit in hits}) == 48
    assert all(hit.snippet is not None for hits in shown for hit in hits)
    # An attachment's snippet is its item's title and file name, with the word marked.
    attachments = [hit for hits in shown for hit in hits if hit.kind == "Bilag til møde"]
    assert len(attachments) == 12
    assert all("<mark>" in hit.snippet for hit in attachments)
    assert 'href="?q=renovering&amp;side=2"' in first.text


def test_the_search_page_shows_a_board_member_only_their_own_material(
    client, library, board_member_a, board_member_b, open_item, closed_item
):
    make_attachment(open_item, "renoveringsplan")
    client.force_login(board_member_b)
    for query in ("renoveringen", "renoveringsplan", "udsættelserne", "vestbilag"):
        assert "Ingen resultater" in client.get("/soeg/", {"q": query}).text, query
    client.force_login(board_member_a)
    kinds = {
        query: {hit.kind for hit in client.get("/soeg/", {"q": query}).context["page"]}
        for query in ("renoveringen", "renoveringsplan", "udsættelserne", "vestbilag", "kabbilag")
    }
    assert kinds == {
        "renoveringen": {"Dagsordenspunkt", "Beslutning"},
        "renoveringsplan": {"Bilag til møde"},
        "udsættelserne": {"Dagsordenspunkt", "Beslutning"},
        "vestbilag": {"Dokument"},
        "kabbilag": set(),
    }


def test_hits_read_before_they_are_described_are_described_together_in_one_query(sekretariat, library, public_news):
    hits = search.search(user=sekretariat, query="vejledning or notat or aftaler")
    assert {hit.kind for hit in hits} == {"Dokument", "Nyhed"}
    with CaptureQueriesContext(connection) as queries:
        titles = [hit.title for hit in hits]
    # One query describes all hits; the other looks for their descriptions remembered (none in a transaction that
    # wrote what the search reads).
    describing = [query["sql"] for query in queries.captured_queries if "ts_headline" in query["sql"]]
    assert len(describing) == 1 and len(queries.captured_queries) == 2
    assert set(titles) == {"Offentlig vejledning", "Internt notat", public_news.title}
    assert all(hit.snippet is not None for hit in hits)


def test_a_hit_deleted_since_the_search_is_left_out_of_the_page(sekretariat, library):
    hits = search.search(user=sekretariat, query="notat or vejledning")
    library["internal"].delete()
    assert [hit.title for hit in search.hits_describe(hits, query="notat or vejledning")] == ["Offentlig vejledning"]


def test_equally_ranked_hits_of_two_sources_come_in_the_order_of_the_sources(sekretariat):
    from knowledge import services
    from knowledge.models import NewsItem

    services.news_publish(actor=sekretariat, title="Facadeplan", text="Noget andet.", audience=NewsItem.Audience.PUBLIC)
    make_document(sekretariat, title="Facadeplan", text="Noget andet.")
    hits = search.search(user=sekretariat, query="facadeplan")
    assert hits[0].rank == hits[1].rank
    assert [hit.kind for hit in hits] == ["Dokument", "Nyhed"]


def test_a_closed_item_is_found_only_while_the_user_sits_in_its_body(board_member_a, forum, closed_item):
    import datetime

    from coordination.models import Membership

    assert any("Lukket sag" in title for title in _titles(board_member_a, "udsættelserne"))
    Membership.objects.filter(body=forum, person=board_member_a.person).update(end=datetime.date(2021, 1, 1))
    assert _titles(type(board_member_a).objects.get(pk=board_member_a.pk), "udsættelserne") == set()


def test_an_invited_non_member_finds_the_open_items_but_not_a_closed_items_decision_or_attachment(
    board_member_b, meeting, open_item, closed_item
):
    from meetings.models import Invitation

    Invitation.objects.create(meeting=meeting, person=board_member_b.person, is_guest=True)
    make_attachment(open_item, "tidsplansliste")
    make_attachment(closed_item, "udsaettelsesliste")
    assert {hit.kind for hit in search.search(user=board_member_b, query="renoveringen")} == {
        "Dagsordenspunkt",
        "Beslutning",
    }
    assert {hit.kind for hit in search.search(user=board_member_b, query="tidsplansliste")} == {"Bilag til møde"}
    assert search.search(user=board_member_b, query="udsættelserne") == []
    assert search.search(user=board_member_b, query="udsaettelsesliste") == []


def test_a_member_of_the_body_finds_a_closed_items_decision_and_attachment(board_member_a, closed_item):
    attachment = make_attachment(closed_item, "udsaettelsesliste")
    found = {(hit.kind, hit.pk) for hit in search.search(user=board_member_a, query="udsættelserne")}
    assert found == {("Dagsordenspunkt", closed_item.pk), ("Beslutning", closed_item.pk)}
    found = [(hit.kind, hit.pk) for hit in search.search(user=board_member_a, query="udsaettelsesliste")]
    assert found == [("Bilag til møde", attachment.pk)]


def test_the_management_finds_the_open_items_of_every_meeting(direktion, sekretariat, open_item, closed_item):
    for user in (direktion, sekretariat):
        assert {hit.kind for hit in search.search(user=user, query="renoveringen")} == {"Dagsordenspunkt", "Beslutning"}


FILLER = "Boligkoordineringen drøfter økonomien og tidsplanen i afdelingerne med beboerne. "


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("tagrenovering", "Tagrenovering i blok A. " + FILLER * 60),
        ("tagrenovering", FILLER * 8 + "Tagrenoveringen er udbudt. " + FILLER * 60),
        ("tagrenovering", FILLER * 25 + "tagrenovering " + FILLER * 3 + "TAGRENOVERING " + FILLER * 30),
        ("tagrenovering", FILLER * 55 + "tagrenovering" + FILLER * 5),
        ("tagrenovering", FILLER * 20 + "TAGRENOVERING " + FILLER * 6 + "tagrenovering " + FILLER * 5),
        ("tagrenovering facadeplan", "facadeplan " + FILLER * 30 + "tagrenovering " + FILLER * 10),
        ("tagrenovering or facadeplan", FILLER * 10 + "facadeplan " + FILLER * 10 + "tagrenoveringer " + FILLER * 10),
        ("tagrenovering", FILLER * 70 + "tagrenovering"),
        ("tagrenovering", FILLER * 40),
        # Compounds hold the stem without being the word: the snippet still marks the word itself.
        ("renovering", "Om tagrenoveringen. " + FILLER * 30 + "Renoveringen er udbudt. " + FILLER * 5),
        ("plan", FILLER * 6 + "Planlægningen af lokalplanen. " + FILLER * 20 + "Planen vedtages. " + FILLER * 5),
    ],
)
def test_the_snippet_is_what_ts_headline_makes_of_the_whole_text(sekretariat, query, text):
    from django.contrib.postgres.search import SearchHeadline

    from knowledge import services
    from knowledge.models import NewsItem

    news = services.news_publish(actor=sekretariat, title="Tagrenovering", text=text, audience=NewsItem.Audience.PUBLIC)
    hit = next(hit for hit in search.search(user=sekretariat, query=query) if hit.pk == news.pk)
    search.hits_describe([hit], query=query)
    source = hit.source
    whole = SearchHeadline(
        search._concat(source.text),
        search._search_query(query),
        config=search.CONFIG,
        start_sel=search.START,
        stop_sel=search.STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    expected = NewsItem.objects.annotate(snippet=whole).values_list("snippet", flat=True).get(pk=news.pk)
    assert hit.snippet == search._mark(expected)


def test_a_word_far_into_the_text_is_marked_in_the_snippet(sekretariat):
    from knowledge import services
    from knowledge.models import NewsItem

    text = FILLER * 50 + "Tagrenoveringen begynder i maj."
    assert len(text) > 4 * search.HEADLINE_AFTER
    services.news_publish(actor=sekretariat, title="Nyt om taget", text=text, audience=NewsItem.Audience.PUBLIC)
    (hit,) = search.search(user=sekretariat, query="tagrenovering")
    assert "<mark>Tagrenoveringen</mark> begynder" in search.hits_describe([hit], query="tagrenovering")[0].snippet


def test_users_of_one_role_share_the_compiled_search_and_each_finds_their_own(
    board_member_a, board_member_b, library, open_item
):
    search._RANKING._compiled.cache_clear()
    assert _titles(board_member_a, "vestbilag kabbilag forumoplæg renoveringen") == set()  # every word must occur
    found_a = {word: _titles(board_member_a, word) for word in ("vestbilag", "kabbilag", "forumoplæg")}
    found_b = {word: _titles(board_member_b, word) for word in ("vestbilag", "kabbilag", "forumoplæg")}
    assert search._RANKING._compiled.cache_info().misses == 1
    assert found_a == {"vestbilag": {"BO-VEST-bilag"}, "kabbilag": set(), "forumoplæg": {"Forumoplæg"}}
    assert found_b == {"vestbilag": set(), "kabbilag": {"KAB-bilag"}, "forumoplæg": set()}
    assert any("Renovering" in title for title in _titles(board_member_a, "renoveringen"))
    assert _titles(board_member_b, "renoveringen") == set()


def test_news_published_after_the_search_was_compiled_is_found(sekretariat, medarbejder, anonymous_user):
    from knowledge import services
    from knowledge.models import NewsItem

    for user in (sekretariat, medarbejder, anonymous_user):
        assert _titles(user, "tagrenovering") == set()
    services.news_publish(actor=sekretariat, title="Tagrenovering", text="x", audience=NewsItem.Audience.PUBLIC)
    for user in (sekretariat, medarbejder, anonymous_user):
        assert _titles(user, "tagrenovering") == {"Tagrenovering"}


# The loop the search's hits were written by before knowledge.templatetags.search_hits.
SEARCH_HITS_LOOP = """{% load i18n rows %}
  {% for hit in page %}
  <li class="mb-3">
    <h2 class="h5 mb-1"><a href="{{ hit.url }}">{{ hit.title }}</a></h2>
    <p class="small text-body-secondary mb-1">{{ hit.kind }}{% if hit.date %} · {{ hit.date|day }}{% endif %}</p>
    {% if hit.snippet %}<p class="mb-1">{{ hit.snippet }}</p>{% endif %}
    {% if hit.note %}<p class="small fst-italic mb-0">{{ hit.note }}</p>{% endif %}
  </li>
  {% empty %}
  <li>{% translate "Ingen resultater. Prøv et andet ord eller færre ord." %}</li>
  {% endfor %}
"""


@pytest.mark.parametrize("language", ["da", "en"])
def test_search_hits_are_what_the_template_loop_wrote(sekretariat, forum, meeting, open_item, public_news, language):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.template import engines
    from django.utils import translation

    from knowledge import services

    make_document(sekretariat, title='Tag & <facade> "renovering"', text="Renovering af taget.")
    image = SimpleUploadedFile("plan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, content_type="image/png")
    # Found by its title, with a note that its text could not be read.
    services.document_create(
        actor=sekretariat, title="Renovering, scannet", visibility=Visibility.INTERNAL, uploaded=image
    )
    with translation.override(language):
        hits = search.hits_describe(search.search(user=sekretariat, query="renovering"), query="renovering")
        assert {hit.source.model.__name__ for hit in hits} >= {"Document", "NewsItem"}
        assert any(hit.note for hit in hits) and any(hit.snippet for hit in hits) and all(hit.date for hit in hits)
        for page in (hits, []):
            loop = engines["django"].from_string(SEARCH_HITS_LOOP).render({"page": page})
            tag = (
                engines["django"]
                .from_string("{% load knowledge_rows %}\n  {% search_hits page %}\n")
                .render({"page": page})
            )
            assert tag == loop
