import pytest


def test_anonymous_sees_the_chart_with_every_body_as_a_link(client, body):
    html = client.get("/").content.decode()
    assert 'href="/organer/sekretariat/"' in html
    assert 'href="/organer/intern-styregruppe/"' in html
    assert "Organisationsdiagram" in html
    assert "Log ind" in html


@pytest.mark.parametrize(
    ("role", "text"),
    [
        ("sekretariat", "Sekretariatets forside"),
        ("direktion", "Direktionens overblik"),
        ("medarbejder", "de organer, du deltager i"),
        ("board_member_a", "Du er logget ind for BO-VEST"),
        ("outsider", "ingen rolle i portalen"),
    ],
)
def test_each_role_has_its_start_page(client, request, body, role, text):
    client.force_login(request.getfixturevalue(role))
    assert text in client.get("/").content.decode()


def test_my_bodies_lists_current_memberships(client, membership, django_user_model):
    user = django_user_model.objects.create_user("alice")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name="Medarbejder")[0])
    membership.person.user = user
    membership.person.save()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Mine organer" in html
    assert 'href="/organer/sekretariat/">Sekretariat</a>' in html


def test_chart_nests_children_under_parents(client, body):
    html = client.get("/organisationsdiagram/").content.decode()
    assert html.index("Intern styregruppe") < html.index(">Sekretariat<")
    assert '<ul class="orgchart">' in html


def test_chart_lists_sibling_bodies_in_the_kommissoriums_order(client, body):
    from coordination.models import Body

    for position, name in [(7, "Boligsocialt center"), (5, "Kontaktgrupper"), (6, "Renoveringsgruppe")]:
        Body.objects.create(
            name=name, slug=f"organ-{position}", kind=Body.Kind.WORKING_GROUP, parent=body, position=position
        )
    html = client.get("/organisationsdiagram/").content.decode()
    assert html.index(">Kontaktgrupper<") < html.index(">Renoveringsgruppe<") < html.index(">Boligsocialt center<")


def _chart_tree(html: str) -> list:
    """Return the chart's nested lists as [(body name, [children …]), …], read from the HTML."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.roots: list = []
            self.lists: list[list] = []
            self.in_link = False

        def handle_starttag(self, tag, attrs):
            if tag == "ul" and (self.lists or ("class", "orgchart") in attrs):
                children: list = []
                if self.lists:
                    self.lists[-1][-1][1].extend([children])
                self.lists.append(children if self.lists else self.roots)
            self.in_link = tag == "a" and bool(self.lists)

        def handle_endtag(self, tag):
            if tag == "ul" and self.lists:
                self.lists.pop()
            self.in_link = False

        def handle_data(self, data):
            if self.in_link:
                self.lists[-1].append((data, []))

    reader = Reader()
    reader.feed(html)

    def shape(nodes):
        return [(name, shape(children[0]) if children else []) for name, children in nodes]

    return shape(reader.roots)


def test_chart_nests_each_body_in_the_list_of_its_parent(client, body):
    from coordination.models import Body

    parent = body.parent
    for position, name, above in [(5, "Kontaktgrupper", body), (6, "ABC", body), (7, "Ad hoc-gruppe", parent)]:
        created = Body.objects.create(
            name=name, slug=f"organ-{position}", kind=Body.Kind.WORKING_GROUP, parent=above, position=position
        )
    Body.objects.create(name="Undergruppe", slug="under", kind=Body.Kind.WORKING_GROUP, parent=created, position=8)
    Body.objects.create(name="Boligforum", slug="boligforum", kind=Body.Kind.FORUM, position=9)
    expected = [
        (
            "Intern styregruppe",
            [("Sekretariat", [("Kontaktgrupper", []), ("ABC", [])]), ("Ad hoc-gruppe", [("Undergruppe", [])])],
        ),
        ("Boligforum", []),
    ]
    for url in ["/", "/organisationsdiagram/"]:
        assert _chart_tree(client.get(url).content.decode()) == expected


def test_my_bodies_are_in_the_charts_order_without_ended_memberships(client, medarbejder, membership):
    import datetime

    from coordination.models import Membership

    person = medarbejder.person
    Membership.objects.create(body=membership.body, person=person, start=datetime.date(2020, 1, 1))
    Membership.objects.create(
        body=membership.body.parent, person=person, start=datetime.date(2018, 1, 1), end=datetime.date(2019, 1, 1)
    )
    client.force_login(medarbejder)
    html = client.get("/").content.decode()
    mine = html.split('id="mine-organer"')[1].split("</section>")[0]
    assert 'href="/organer/sekretariat/">Sekretariat</a> – En gang om måneden' in mine
    assert "Intern styregruppe" not in mine

    Membership.objects.create(body=membership.body.parent, person=person, start=datetime.date(2021, 1, 1))
    mine = client.get("/").content.decode().split('id="mine-organer"')[1].split("</section>")[0]
    assert mine.index("Intern styregruppe") < mine.index("Sekretariat")


def test_a_user_without_a_person_is_greeted_by_username_and_sits_in_no_body(client, django_user_model, body):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("uden-person")
    user.groups.add(Group.objects.get_or_create(name="Medarbejder")[0])
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Velkommen, uden-person" in html
    assert "Du er ikke medlem af noget organ." in html


def test_the_chart_without_bodies_is_an_empty_list(client, db):
    assert '<ul class="orgchart"></ul>' in client.get("/organisationsdiagram/").content.decode()
