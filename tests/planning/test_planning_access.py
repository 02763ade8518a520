"""Every planning view against every role: anonymous users go to login, other roles get 403, the wrong HTTP
method gets 405, and the roles allowed get the page (or, for a POST, the redirect after the change)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from coordination.models import Person
from planning.models import ElderlyHousing, EvaluationReport, ProjectExpert

ROLES = ["outsider", "sekretariat", "direktion", "medarbejder", "board_member_a"]
STAFF = {"sekretariat", "direktion", "medarbejder"}
MANAGEMENT = {"sekretariat", "direktion"}
SECRETARIAT = {"sekretariat"}

# URL name, the object its argument names, the method it answers, the roles allowed.
VIEWS = [
    ("planning:dashboard", None, "get", MANAGEMENT),
    ("planning:dashboard_export", "table", "get", MANAGEMENT),
    ("planning:data_export", "table", "get", STAFF),
    ("planning:population", None, "get", STAFF),
    ("planning:dwellings", None, "get", STAFF),
    ("planning:elderly", None, "get", STAFF),
    ("planning:elderly_housing_create", None, "get", SECRETARIAT),
    ("planning:elderly_housing_edit", "housing", "get", SECRETARIAT),
    ("planning:elderly_housing_delete", "housing", "post", SECRETARIAT),
    ("planning:statbank_import", None, "get", SECRETARIAT),
    ("planning:project_list", None, "get", STAFF),
    ("planning:project_create", None, "get", SECRETARIAT),
    ("planning:project_detail", "project", "get", STAFF),
    ("planning:project_edit", "project", "get", SECRETARIAT),
    ("planning:project_plan", "project", "get", SECRETARIAT),
    ("planning:project_delete", "project", "post", SECRETARIAT),
    ("planning:expert_add", "project", "post", SECRETARIAT),
    ("planning:expert_remove", "expert", "post", SECRETARIAT),
    ("planning:report_list", None, "get", MANAGEMENT),
    ("planning:report_request", None, "post", SECRETARIAT),
    ("planning:report_status", "report", "get", MANAGEMENT),
    ("planning:report_download", "report", "get", MANAGEMENT),
    ("planning:report_approve", "report", "post", {"direktion"}),
]
# Views that take both GET (the form) and POST (the change).
FORM_VIEWS = {
    "planning:elderly_housing_create",
    "planning:elderly_housing_edit",
    "planning:statbank_import",
    "planning:project_create",
    "planning:project_edit",
    "planning:project_plan",
}


@pytest.fixture
def objects(project, organisations):
    housing = ElderlyHousing.objects.create(
        kind=ElderlyHousing.Kind.NURSING, name="Plejecenter", units=40, first_year=2000
    )
    person = Person.objects.create(name="Arkitekt Hansen", organisation=organisations["MTF"])
    expert = ProjectExpert.objects.create(project=project, person=person, role="arkitekt")
    stored_name = default_storage.save("planning/evaluering.pdf", ContentFile(b"%PDF-1.4\n"))
    report = EvaluationReport.objects.create(
        year=2025, status=EvaluationReport.Status.DONE, progress=100, has_data=True, stored_name=stored_name
    )
    return {"project": project, "housing": housing, "expert": expert, "report": report}


def _url(name: str, argument: str | None, objects: dict) -> str:
    if argument == "table":
        table = "moeder" if name == "planning:dashboard_export" else "befolkning"
        return reverse(name, args=[table, "csv"])
    return reverse(name, args=[objects[argument].pk] if argument else [])


def _data(name: str, objects: dict) -> dict:
    if name == "planning:expert_add":
        return {"person": Person.objects.exclude(pk=objects["expert"].person_id).first().pk, "role": "rådgiver"}
    if name == "planning:report_request":
        return {"year": 2025}
    if name == "planning:project_delete":
        return {"bekraeft": "on"}
    return {}


@pytest.mark.parametrize(("name", "argument", "method", "allowed"), VIEWS)
def test_anonymous_is_sent_to_login(client, objects, name, argument, method, allowed):
    response = getattr(client, method)(_url(name, argument, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "name", "argument", "method"),
    [
        (role, name, argument, method)
        for name, argument, method, allowed in VIEWS
        for role in ROLES
        if role not in allowed
    ],
)
def test_roles_not_allowed_get_403(client, request, objects, role, name, argument, method):
    client.force_login(request.getfixturevalue(role))
    assert getattr(client, method)(_url(name, argument, objects), _data(name, objects)).status_code == 403


@pytest.mark.parametrize(("name", "argument", "method", "allowed"), VIEWS)
def test_wrong_method_gets_405(client, request, objects, name, argument, method, allowed):
    client.force_login(request.getfixturevalue(sorted(allowed)[0]))
    url = _url(name, argument, objects)
    wrong = client.put if name in FORM_VIEWS else client.post if method == "get" else client.get
    assert wrong(url).status_code == 405


@pytest.mark.parametrize(
    ("role", "name", "argument", "method"),
    [(role, name, argument, method) for name, argument, method, allowed in VIEWS for role in sorted(allowed)],
)
def test_allowed_roles_are_served(
    client, request, objects, role, name, argument, method, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(role))
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(_url(name, argument, objects), _data(name, objects))
    assert response.status_code == (200 if method == "get" else 302)
