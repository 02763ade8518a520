"""Every page's layout: the menu each role sees, and `{% once %}`, which renders its fixed parts once a process."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

MENU = re.compile(r'<ul class="navbar-nav">(.*?)</ul>', re.S)


def menu_of(client) -> list[str]:
    html = client.get("/").content.decode()
    return re.findall(r'class="nav-link" href="([^"]+)"', MENU.search(html).group(1))


def test_each_role_gets_its_own_menu_in_turn(client, sekretariat, board_member_a, medarbejder):
    # The menu is rendered once per set of permissions: a board member after the secretariat (and back again) must
    # get the board member's menu, not the one rendered first.
    client.force_login(sekretariat)
    secretariat_menu = menu_of(client)
    client.force_login(board_member_a)
    board_menu = menu_of(client)
    client.force_login(medarbejder)
    staff_menu = menu_of(client)
    client.force_login(sekretariat)

    assert menu_of(client) == secretariat_menu
    assert "/personer/" in secretariat_menu and "/planlaegning/" in secretariat_menu
    assert "/personer/" not in board_menu and not any(link.startswith("/planlaegning/") for link in board_menu)
    assert "/moeder/" in board_menu and "/viden/" in board_menu
    # Staff without the dashboard get the planning data instead.
    assert "/planlaegning/projekter/" in staff_menu and "/planlaegning/" not in staff_menu


def test_anonymous_menu_after_signed_in_shows_only_public_links(client, sekretariat):
    client.force_login(sekretariat)
    menu_of(client)
    client.logout()
    assert menu_of(client) == ["/organisationsdiagram/", "/styringsdialog/start/", "/nyheder/"]


def test_menu_follows_the_language(client, sekretariat):
    client.force_login(sekretariat)
    danish = client.get("/").content.decode()
    client.post("/sprog/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()

    assert ">Møder</a>" in danish and ">Privatlivspolitik</a>" in danish
    assert ">Meetings</a>" in english and ">Møder</a>" not in english
    assert ">Privacy policy</a>" in english
    assert '<option value="en" selected>' in english and '<option value="da" selected>' in danish


class Renders:
    """Counts how often a template shows it."""

    def __init__(self):
        self.count = 0

    def __str__(self) -> str:
        self.count += 1
        return ""


def test_once_renders_its_part_once_per_value_and_language():
    renders = Renders()
    template = Template("{% load layout %}{% once n=n renders=renders %}{{ n }}{{ renders }}{% endonce %}")
    with translation.override("da"):
        shown = [template.render(Context({"n": n, "renders": renders})) for n in (1, 2, 1, 2)]
    with translation.override("en"):
        template.render(Context({"n": 1, "renders": renders}))

    assert shown == ["1", "2", "1", "2"]
    # Rendered for (da, 1), (da, 2) and (en, 1): three times, not five.
    assert renders.count == 3


def test_once_part_sees_only_the_values_it_names():
    template = Template("{% load layout %}{% once %}[{{ secret }}]{% endonce %}")
    assert template.render(Context({"secret": "x"})) == "[]"


def test_once_refuses_values_without_names():
    with pytest.raises(TemplateSyntaxError, match="navngivne"):
        Template("{% load layout %}{% once n %}{% endonce %}")
