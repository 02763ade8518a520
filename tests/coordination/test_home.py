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
