import datetime

from django.urls import reverse

from coordination.models import Membership


def test_anonymous_sees_purpose_members_and_cadence_but_no_contact_details(client, membership):
    response = client.get("/organer/sekretariat/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "at sikre at styringsdialog gennemføres" in html
    assert "Alice Petersen" in html
    assert "En gang om måneden" in html
    assert "alice@example.dk" not in html
    assert "43 68 68 68" not in html


def test_staff_see_contact_details(client, medarbejder, membership):
    client.force_login(medarbejder)
    html = client.get("/organer/sekretariat/").content.decode()
    assert "alice@example.dk" in html
    assert "43 68 68 68" in html


def test_next_meetings_by_cadence_are_shown_the_danish_way(client, body):
    html = client.get("/organer/sekretariat/").content.decode()
    assert "kl. 09.00" in html
    assert "tirsdag" in html


def test_former_members_are_listed_apart(client, membership):
    membership.end = datetime.date(2015, 6, 30)
    membership.save()
    html = client.get("/organer/sekretariat/").content.decode()
    assert "Tidligere medlemmer" in html
    assert "30. juni 2015" in html


def test_unknown_body_is_404(client, db):
    assert client.get("/organer/findes-ikke/").status_code == 404


def test_query_count_does_not_grow_with_members(
    client, sekretariat, membership, organisations, django_assert_max_num_queries
):
    from coordination.models import Person

    client.force_login(sekretariat)
    with django_assert_max_num_queries(6) as few:
        client.get("/organer/sekretariat/")
    for number in range(30):
        person = Person.objects.create(name=f"Medlem {number}", organisation=organisations["MTF"])
        Membership.objects.create(body=membership.body, person=person, start=datetime.date(2020, 1, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/organer/sekretariat/")


def test_post_is_refused(client, body):
    assert client.post("/organer/sekretariat/").status_code == 405


def test_danish_even_when_the_browser_asks_for_english(client, body):
    html = client.get("/organer/sekretariat/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "tirsdag" in html
    assert 'lang="da"' in html


def test_a_former_member_has_no_form_to_end_the_membership(client, sekretariat, membership):
    client.force_login(sekretariat)
    end_url = reverse("coordination:membership_end", args=[membership.pk])
    assert f'action="{end_url}"' in client.get("/organer/sekretariat/").content.decode()
    membership.end = datetime.date(2015, 6, 30)
    membership.save()
    html = client.get("/organer/sekretariat/").content.decode()
    assert "Tidligere medlemmer" in html
    assert "Afslut medlemskab" not in html
    assert f'action="{end_url}"' not in html


def test_the_secretariat_ends_a_current_membership_from_its_row(client, sekretariat, membership):
    client.force_login(sekretariat)
    html = client.get("/organer/sekretariat/").content.decode()
    assert f'for="slut-{membership.pk}">Sidste dag for Alice Petersen</label>' in html
    assert 'name="csrfmiddlewaretoken"' in html.split(f'id="slut-{membership.pk}"')[0].rsplit("<form", 1)[1]


def test_a_member_row_shows_leave_stand_in_and_capacity_and_escapes_names(client, membership, organisations):
    from coordination.models import Person

    stand_in = Person.objects.create(name="Bo <Hansen> & Co", organisation=organisations["KAB"])
    Membership.objects.create(
        body=membership.body,
        person=stand_in,
        role=Membership.Role.MEMBER,
        start=datetime.date(2020, 1, 1),
        stands_in_for=membership,
        on_leave=True,
    )
    html = client.get("/organer/sekretariat/").content.decode()
    assert "Bo &lt;Hansen&gt; &amp; Co" in html
    assert "Bo <Hansen>" not in html
    assert "Medlem (for Alice Petersen)" in html
    assert '<span class="badge text-bg-warning">Orlov</span>' in html
    assert "<td>KAB</td>" in html


def test_only_those_who_may_open_people_get_links_to_them(client, medarbejder, membership):
    assert f"/personer/{membership.person_id}/" not in client.get("/organer/sekretariat/").content.decode()
    client.force_login(medarbejder)
    assert f"/personer/{membership.person_id}/" in client.get("/organer/sekretariat/").content.decode()


def test_the_page_links_parent_and_children_and_lists_purposes_in_order(client, body):
    from coordination.models import Body

    body.purposes.create(text="at koordinere boligområdet", position=0)
    body.purposes.create(text="at følge op", position=2)
    Body.objects.create(name="ABC", slug="abc", kind=Body.Kind.WORKING_GROUP, parent=body, position=7)
    Body.objects.create(name="Kontaktgrupper", slug="kontakt", kind=Body.Kind.CONTACT_GROUP, parent=body, position=5)
    Body.objects.create(name="Andet organ", slug="andet", kind=Body.Kind.FORUM, position=9)
    html = client.get("/organer/sekretariat/").content.decode()
    breadcrumb = html.split('<ol class="breadcrumb">')[1].split("</ol>")[0]
    assert '<a href="/organer/intern-styregruppe/">Intern styregruppe</a>' in breadcrumb
    children = html.split("Underliggende organer")[1].split("</ul>")[0]
    assert children.index('href="/organer/kontakt/">Kontaktgrupper') < children.index('href="/organer/abc/">ABC')
    assert "Andet organ" not in html
    assert html.index("at koordinere") < html.index("at sikre at styringsdialog") < html.index("at følge op")
    assert "Underliggende organer" not in client.get("/organer/abc/").content.decode()
