"""Each role against each page of the foundation: who gets the page, who is refused, who is sent to login."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

OK, LOGIN, FORBIDDEN = 200, "login", 403
ROLES = ["anonymous", "outsider", "sekretariat", "direktion", "medarbejder", "board_member_a"]
STAFF = {"sekretariat": OK, "direktion": OK, "medarbejder": OK, "board_member_a": FORBIDDEN, "outsider": FORBIDDEN}
SECRETARIAT_ONLY = {
    "sekretariat": OK,
    "direktion": FORBIDDEN,
    "medarbejder": FORBIDDEN,
    "board_member_a": FORBIDDEN,
    "outsider": FORBIDDEN,
}
EVERYONE = dict.fromkeys(ROLES, OK)

# URL name -> (arguments, expected answer per role; anonymous users not listed are sent to login).
MATRIX = {
    "home": ((), EVERYONE),
    "healthz": ((), EVERYONE),
    "coordination:chart": ((), EVERYONE),
    "coordination:body_detail": (("slug",), EVERYONE),
    "coordination:body_edit": (("slug",), SECRETARIAT_ONLY),
    "coordination:membership_create": (("slug",), SECRETARIAT_ONLY),
    "coordination:person_list": ((), STAFF),
    "coordination:person_create": ((), SECRETARIAT_ONLY),
    "coordination:person_detail": (("person",), STAFF),
    "coordination:person_edit": (("person",), SECRETARIAT_ONLY),
    "coordination:organisation_list": ((), STAFF),
    "coordination:organisation_detail": (("organisation",), STAFF),
    "login": ((), EVERYONE),
    "coordination:privacy": ((), EVERYONE),
    "coordination:person_data_json": (("person",), SECRETARIAT_ONLY),
    "coordination:person_data_pdf": (("person",), SECRETARIAT_ONLY),
    "audit_list": ((), SECRETARIAT_ONLY),
    "account": ((), {**dict.fromkeys(ROLES[1:], OK)}),
    "twofactor_setup": ((), {**dict.fromkeys(ROLES[1:], OK)}),
    "twofactor_verify": ((), {**dict.fromkeys(ROLES[1:], 302)}),
    "password_change": ((), {**dict.fromkeys(ROLES[1:], OK)}),
    "password_change_done": ((), {**dict.fromkeys(ROLES[1:], OK)}),
    "password_reset": ((), EVERYONE),
    "password_reset_done": ((), EVERYONE),
    "password_reset_complete": ((), EVERYONE),
}
# Routes that only take POST, or need a token from an e-mail; they have tests of their own.
NOT_PAGES = {
    "logout",
    "set_language",
    "coordination:membership_end",
    "coordination:person_anonymise",
    "coordination:person_erase",
    "coordination:my_data_json",
    "password_reset_confirm",
    "sso_start",
    "sso_callback",
}


def _names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in (None, "coordination"):
                ns = f"{entry.namespace}:" if entry.namespace else namespace
                yield from _names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_matrix_covers_every_foundation_route():
    missing = set(_names(get_resolver().url_patterns)) - set(MATRIX) - NOT_PAGES
    assert missing == set(), f"Routes without an entry in the access matrix: {missing}"


@pytest.fixture
def objects(membership):
    return {
        "slug": membership.body.slug,
        "person": membership.person.pk,
        "organisation": membership.person.organisation_id,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_against_page(client, request, objects, role, name):
    params, expected_by_role = MATRIX[name]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=[objects[p] for p in params])
    expected = expected_by_role.get(role, LOGIN)
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} on {url}"
