"""The session's user is loaded with their groups, second factor and organisation in one query, fresh on each
request; Django's model permissions are the admin's: staff keep them, and a portal rule refused to anyone else costs
no query for permissions they cannot have."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import Person
from coordination.services import roles_ensure
from dialogue import services as dialogue_services
from lib.roles import Role


def test_secretariat_staff_keep_the_admin_permissions_of_their_group(client, sekretariat):
    roles_ensure()
    sekretariat.is_staff = True
    sekretariat.save()
    client.force_login(sekretariat)
    assert client.get("/admin/meetings/meeting/").status_code == 200


def test_a_user_who_is_not_staff_has_no_model_permissions_even_through_a_group(sekretariat):
    roles_ensure()
    assert not sekretariat.is_staff
    assert not sekretariat.has_perm("meetings.change_meeting")


def test_a_rule_a_board_member_lacks_is_refused_without_loading_permissions(board_member_a):
    with CaptureQueriesContext(connection) as queries:
        assert not board_member_a.has_perm("planning.view_dashboard")
    assert not [query for query in queries.captured_queries if "auth_permission" in query["sql"]]


def _request_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [query["sql"] for query in queries.captured_queries]


def test_a_request_loads_the_user_with_groups_device_and_organisation_in_one_query(client, board_member_a):
    client.force_login(board_member_a)
    queries = _request_queries(client, "/styringsdialog/")
    loading_the_user = [sql for sql in queries if 'FROM "auth_user"' in sql]
    assert len(loading_the_user) == 1
    others = [sql for sql in queries if sql not in loading_the_user]
    assert not [sql for sql in others if '"auth_user_groups"' in sql or '"otp_' in sql]
    assert not [sql for sql in others if 'FROM "coordination_person"' in sql and '"user_id" =' in sql]


def test_a_user_in_two_groups_has_both_roles(client, medarbejder):
    medarbejder.groups.add(Group.objects.get_or_create(name=Role.SEKRETARIAT)[0])
    client.force_login(medarbejder)
    assert client.get("/revisionsspor/").status_code == 200
    assert client.get("/personer/").status_code == 200


def test_a_role_taken_away_is_refused_on_the_next_request(client, sekretariat):
    client.force_login(sekretariat)
    assert client.get("/revisionsspor/").status_code == 200
    sekretariat.groups.clear()
    assert client.get("/revisionsspor/").status_code in {403, 404}


def test_a_board_member_moved_to_another_organisation_sees_only_the_new_one_on_the_next_request(
    client, board_member_a, sekretariat, organisations
):
    rounds = {
        name: dialogue_services.round_create(organisation=organisations[name], year=2026, actor=sekretariat)
        for name in ("BO-VEST", "KAB")
    }
    client.force_login(board_member_a)
    assert client.get(f"/styringsdialog/runder/{rounds['BO-VEST'].pk}/").status_code == 200
    Person.objects.filter(user=board_member_a).update(organisation=organisations["KAB"])
    assert client.get(f"/styringsdialog/runder/{rounds['BO-VEST'].pk}/").status_code == 404
    assert client.get(f"/styringsdialog/runder/{rounds['KAB'].pk}/").status_code == 200
