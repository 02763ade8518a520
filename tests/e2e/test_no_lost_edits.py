"""No lost edits, with two browsers at once: both open the same goal of an agreement, the first saves, the second
is refused with both texts shown, and the first one's text is what is stored."""

import pytest

from dialogue.models import Goal
from tests.e2e.conftest import login_by_keyboard


@pytest.mark.e2e
def test_second_browser_saving_a_stale_goal_sees_both_texts(browser, live_server, demo):
    goal = Goal.objects.filter(agreement__round__stage="aftale_udkast").select_related("agreement__round").first()
    assert goal is not None, "seed_demo skal have en aftale i udkast med mål"
    url = f"{live_server.url}/styringsdialog/maal/{goal.pk}/rediger/"
    pages = []
    for _ in range(2):
        context = browser.new_context(locale="da-DK")
        page = context.new_page()
        login_by_keyboard(page, live_server.url, "sekretariat")
        page.goto(url)
        pages.append(page)
    first, second = pages
    first.fill("#id_target", "Målet fra den første browser")
    second.fill("#id_target", "Målet fra den anden browser")
    first.get_by_role("button", name="Gem").click()
    first.wait_for_url(f"**{goal.agreement.round.get_absolute_url()}*")
    second.get_by_role("button", name="Gem").click()
    second.wait_for_load_state()
    text = second.content()
    assert "En anden har gemt ændringer" in text
    assert "Målet fra den første browser" in text and "Målet fra den anden browser" in text
    goal.refresh_from_db()
    assert goal.target == "Målet fra den første browser"
    for page in pages:
        page.context.close()
