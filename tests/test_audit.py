"""The audit trail: every change, download, login and refused access, append-only, shown to the secretariat."""

import pytest
from django.core.exceptions import PermissionDenied

from coordination.models import Person
from lib.models import AuditEntry


def test_a_change_through_a_page_is_recorded_with_who_what_and_where(client, sekretariat, membership):
    client.force_login(sekretariat)
    person = membership.person
    client.post(
        f"/personer/{person.pk}/rediger/",
        {"name": person.name, "title": "Projektleder", "organisation": person.organisation_id, "email": person.email},
        REMOTE_ADDR="192.0.2.10",
    )
    entry = AuditEntry.objects.get(action="change", object_type="coordination.person")
    assert entry.actor == sekretariat
    assert entry.object_id == str(person.pk)
    assert entry.changes["title"] == {"før": "", "efter": "Projektleder"}
    assert entry.ip_address == "192.0.2.10"


def test_create_and_delete_are_recorded(organisations):
    person = Person.objects.create(name="Ny Person", organisation=organisations["MTF"])
    person.delete()
    assert list(AuditEntry.objects.filter(object_type="coordination.person").values_list("action", flat=True)) == [
        "delete",
        "create",
    ]


def test_login_success_and_failure_are_recorded(client, sekretariat):
    client.post("/accounts/login/", {"username": "sekr", "password": "forkert"}, REMOTE_ADDR="198.51.100.4")
    client.post("/accounts/login/", {"username": "sekr", "password": "hemmelig-kode-123"})
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.object_repr == "sekr"
    assert failed.ip_address == "198.51.100.4"
    assert AuditEntry.objects.get(action="login").actor == sekretariat


def test_a_refused_access_is_recorded(client, board_member_a):
    client.force_login(board_member_a)
    client.get("/personer/")
    entry = AuditEntry.objects.get(action="refused")
    assert entry.actor == board_member_a
    assert entry.path == "/personer/"


def test_passwords_never_enter_the_trail(django_user_model, db):
    django_user_model.objects.create_user("ny", password="hemmelig-kode-999")
    entry = AuditEntry.objects.get(object_type="auth.user", action="create")
    assert "password" not in entry.changes["ny"]


def test_the_trail_is_append_only(sekretariat):
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.update(actor_name="x")
    entry.actor_name = "x"
    with pytest.raises(PermissionDenied):
        entry.save()


def test_secretariat_filters_the_trail(client, sekretariat, board_member_a):
    client.force_login(board_member_a)
    client.get("/personer/")
    client.force_login(sekretariat)
    html = client.get("/revisionsspor/", {"action": "refused"}).content.decode()
    assert "bo_a" in html
    assert "Adgang nægtet" in html
    assert "1 post" in html


def test_only_the_secretariat_sees_the_trail(client, direktion):
    client.force_login(direktion)
    assert client.get("/revisionsspor/").status_code == 403


def test_bad_filter_input_gives_a_normal_page(client, sekretariat):
    client.force_login(sekretariat)
    response = client.get("/revisionsspor/", {"since": "31-13-2026", "action": "<script>"})
    assert response.status_code == 200


def test_a_refusal_on_an_object_the_user_can_see_is_recorded(client, board_member_a, organisations, sekretariat):
    from dialogue.services import round_create

    round = round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    client.force_login(board_member_a)
    assert (
        client.post(f"/styringsdialog/runder/{round.pk}/fase/", {"stage": "dokumentation_modtaget"}).status_code == 403
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REFUSED)
    assert (entry.actor, entry.object_repr) == (board_member_a, "dialogue.manage")
    assert entry.path == f"/styringsdialog/runder/{round.pk}/fase/"


def test_trail_rows_are_written_as_the_template_loop_wrote_them(db):
    from django.template import engines
    from django.utils import translation

    from lib.views_audit import audit_entries

    AuditEntry.objects.create(
        actor_name="bo <a> & b",
        action=AuditEntry.Action.CHANGE,
        object_type="coordination.person",
        object_repr="Ø'ster <Hansen>",
        ip_address="10.0.0.7",
        changes={"navn": {"før": "A & B", "efter": "<script>" + "x" * 300}},
    )
    AuditEntry.objects.create(action=AuditEntry.Action.REFUSED, object_repr="dialogue.manage")
    AuditEntry.objects.create(action="ukendt", changes={"kort": "ñ" * 199})
    loop = engines["django"].from_string(
        """{% load tz %}{% for entry in page %}
  <tr><td>{{ entry.at|utc|date:"Y-m-d H:i:s" }}</td><td>{{ entry.actor_name|default:"–" }}</td>"""
        """<td>{{ entry.get_action_display }}</td>
    <td>{{ entry.object_type }} {{ entry.object_repr }}</td><td>{{ entry.ip_address|default:"–" }}</td>
    <td><code class="small">{{ entry.changes|truncatechars:200 }}</code></td></tr>
  {% endfor %}"""
    )
    tag = engines["django"].from_string("{% load audit_trail %}{% audit_rows rows %}")
    for language in ["en", "da"]:
        with translation.override(language):
            expected = loop.render({"page": AuditEntry.objects.all()})
            assert tag.render({"rows": audit_entries()}) == expected
    assert "<td>bo &lt;a&gt; &amp; b</td><td>Ændret</td>" in expected
    assert "<td>–</td><td>Adgang nægtet</td>" in expected
    assert "xxx…</code>" in expected


def test_a_filter_matching_nothing_says_so(client, sekretariat):
    client.force_login(sekretariat)
    html = client.get("/revisionsspor/", {"user": "ingen-har-dette-navn"}).content.decode()
    assert "0 poster" in html
    assert '<td colspan="6">Ingen poster matcher filtret.</td>' in html


@pytest.mark.parametrize("query", [{}, {"since": "31-13-2026", "action": "<script>", "user": "x"}])
def test_filter_fields_are_written_as_crispy_forms_wrote_them(client, sekretariat, query):
    import re

    from django import forms
    from django.template import engines

    from lib.views_audit import AuditFilterForm

    def normalised(html: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).replace("> ", ">").replace(" <", "<")

    client.force_login(sekretariat)
    page = client.get("/revisionsspor/", query).content.decode()
    fields = page.split('class="row g-2 align-items-end mb-3">')[1].split('<div class="col-md-auto">')[0]
    plain = type("PlainFilterForm", (forms.Form,), dict(AuditFilterForm.base_fields))(query or None)
    plain.is_valid()
    crispy = engines["django"].from_string(
        '{% load crispy_forms_tags %}{% for field in form %}<div class="col-md">{{ field|as_crispy_field }}</div>'
        "{% endfor %}"
    )
    assert normalised(fields) == normalised(crispy.render({"form": plain}))
    assert ("is-invalid" in fields) == bool(query)
