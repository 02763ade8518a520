"""Browser tests: a real Chromium (Debian's package) driven by Playwright against Django's live server."""

import os
import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium mangler ({CHROMIUM}): installér Debian-pakken chromium (CI gør det).")
    # Playwright's synchronous API runs an event loop in this thread, which Django would take for async code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


def login_by_keyboard(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.keyboard.press("Tab")  # skip link
    page.focus("#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    assert "Log ud" in page.content()
