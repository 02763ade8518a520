from coordination.models import Person


def test_search_by_name_title_or_organisation(client, medarbejder, membership, organisations):
    Person.objects.create(name="Susan Madsen", title="Boliganvisningen", organisation=organisations["KAB"])
    client.force_login(medarbejder)
    html = client.get("/personer/", {"q": "boliganvis"}).content.decode()
    assert "Susan Madsen" in html
    assert "Alice Petersen" not in html
    assert "Alice Petersen" in client.get("/personer/", {"q": "MTF"}).content.decode()


def test_list_is_paginated_and_its_query_count_bounded(
    client, medarbejder, organisations, django_assert_max_num_queries
):
    client.force_login(medarbejder)
    with django_assert_max_num_queries(15) as first:
        client.get("/personer/")
    Person.objects.bulk_create(Person(name=f"Person {n:03}", organisation=organisations["MTF"]) for n in range(120))
    with django_assert_max_num_queries(len(first.captured_queries) + 1):
        html = client.get("/personer/").content.decode()
    assert "Side 1 af 3" in html
    assert "Person 049" not in html or "Person 120" not in html


def test_board_members_do_not_get_the_staff_directory(client, board_member_a):
    client.force_login(board_member_a)
    assert client.get("/personer/").status_code == 403
    assert client.get("/organisationer/").status_code == 403


def test_odd_search_input_gives_a_normal_page(client, medarbejder):
    client.force_login(medarbejder)
    for query in ["", "%", "'; DROP TABLE x; --", "ø" * 500, "\\"]:
        assert client.get("/personer/", {"q": query}).status_code == 200
