"""Django's model permissions are the admin's: staff keep them, and a portal rule refused to anyone else costs no
query for permissions they cannot have."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.services import roles_ensure


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
