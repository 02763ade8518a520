"""Each demo user logs in through the real form in Chromium, visits every page they can reach by links, and
axe-core finds no accessibility violation on any of them; the keyboard alone gets through login."""

from urllib.parse import urldefrag, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import login_by_keyboard

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
MAX_PAGES = 60
USERS = [None, "sekretariat", "direktion", "medarbejder", "bovest", "kab"]
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/")


def _same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "elements => elements.map(e => e.href)")
    links = []
    for href in hrefs:
        url = urldefrag(href)[0]
        parsed = urlparse(url)
        if (
            url.startswith(base)
            and not parsed.path.startswith(SKIP_PREFIXES)
            and not parsed.path.endswith((".pdf", ".ics", ".zip", ".csv", ".xlsx", ".json", ".svg", ".xml", ".atom"))
        ):
            links.append(url)
    return links


@pytest.mark.e2e
@pytest.mark.parametrize("username", USERS, ids=[u or "anonym" for u in USERS])
def test_every_reachable_page_answers_and_has_no_axe_violations(browser, live_server, demo, username):
    base = live_server.url
    context = browser.new_context(locale="da-DK", bypass_csp=True)
    page = context.new_page()
    foreign = []
    page.on("request", lambda request: None if request.url.startswith((base, "data:")) else foreign.append(request.url))
    if username:
        login_by_keyboard(page, base, username)
    queue, seen, problems = [f"{base}/"], set(), []
    axe = Axe()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            # A link to a file (served as an attachment) starts a download instead of a page.
            if "Download is starting" in str(error):
                continue
            raise
        if response.status != 200:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        result = axe.run(page, options=AXE_OPTIONS)
        for violation in result.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
        queue.extend(link for link in _same_site_links(page, base) if link not in seen)
    context.close()
    assert len(seen) >= (3 if username is None else 4), seen
    assert foreign == [], f"Requests to other hosts: {foreign}"
    assert problems == [], "\n".join(problems)


@pytest.mark.e2e
def test_skip_link_is_first_and_focus_is_visible(browser, live_server, demo):
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Spring til indhold", "#indhold"]
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#indhold"
    context.close()
