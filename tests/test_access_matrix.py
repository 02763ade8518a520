"""Every named route of the portal against every role, each answer written by hand from the role table in
DESIGN.md: who gets the page, who is sent to log in, who is refused (403) and for whom the object does not exist
(404). A route added without an entry here makes `test_matrix_covers_every_route` fail.

The objects the routes point at (`world`) are built once per route; the route is then tried as each role in
turn, each request in a savepoint rolled back after it, so a POST that succeeds for one role changes nothing for
the next."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from coordination.models import Body, Membership, Organisation, Person
from dialogue import services as dialogue_services
from dialogue.models import DialogueRound, Estate, Goal, KeyFigure, Measure, Theme
from knowledge import services as knowledge_services
from knowledge.models import NewsItem, Visibility
from lib.roles import Role
from meetings import services as meeting_services
from meetings.models import ActionItem, AgendaItem, Attachment, Invitation, Meeting, Notification
from planning import services as planning_services
from planning.models import ElderlyHousing, EvaluationReport, ProjectExpert, RenovationProject

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# The answers: OK is 200 for a GET and any 2xx/3xx except the login page for a POST; REDIRECT a 302 elsewhere
# than to the login page; LOGIN a 302 to the login page; FORBIDDEN 403; HIDDEN 404 (existence not revealed).
OK, REDIRECT, LOGIN, FORBIDDEN, HIDDEN = "ok", "redirect", "login", 403, 404
GET, POST = "get", "post"
ROLES = ("anonymous", "outsider", "sekretariat", "direktion", "medarbejder", "board_member_a", "board_member_b")


def expect(*, anonymous=LOGIN, others=FORBIDDEN, **roles) -> dict[str, object]:
    """Return the answer for every role: `anonymous`, the named roles, and `others` for the rest."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"Unknown roles: {unknown}"
    return {"anonymous": anonymous, **{role: roles.get(role, others) for role in ROLES[1:]}}


EVERYONE = expect(anonymous=OK, others=OK)
SIGNED_IN = expect(others=OK)
WITH_A_ROLE = expect(others=OK, outsider=FORBIDDEN)
SECRETARIAT = expect(sekretariat=OK)
MANAGEMENT = expect(sekretariat=OK, direktion=OK)
MUNICIPAL_STAFF = expect(sekretariat=OK, direktion=OK, medarbejder=OK)
# The BO-VEST steering dialogue: the secretariat and the Direktion see it, BO-VEST's board member too; to KAB's
# board member it does not exist; Medarbejder and users without a role have no part in the dialogue.
DIALOGUE_READ = expect(sekretariat=OK, direktion=OK, board_member_a=OK, board_member_b=HIDDEN)
DIALOGUE_TAKE_PART = expect(sekretariat=OK, board_member_a=OK, board_member_b=HIDDEN)
DIALOGUE_MANAGE = expect(sekretariat=OK, board_member_b=HIDDEN)
DIALOGUE_LIST = expect(sekretariat=OK, direktion=OK, board_member_a=OK, board_member_b=OK)
# The meeting of the Sekretariat body: Medarbejder sits in it, BO-VEST's board member is invited as a guest,
# KAB's board member has nothing to do with it.
MEETING_READ = expect(sekretariat=OK, direktion=OK, medarbejder=OK, board_member_a=OK, board_member_b=HIDDEN)
# The closed agenda item: only the secretariat and the body's members (issue 3: "closed items that only members
# see"); for the Direktion and the guest it does not exist.
CLOSED_ITEM_READ = expect(
    sekretariat=OK, direktion=HIDDEN, medarbejder=OK, board_member_a=HIDDEN, board_member_b=HIDDEN
)
# An internal library document: the municipality's staff; to anyone else signed in it does not exist.
INTERNAL_DOCUMENT = expect(
    sekretariat=OK, direktion=OK, medarbejder=OK, outsider=HIDDEN, board_member_a=HIDDEN, board_member_b=HIDDEN
)


@dataclass
class World:
    """The ids, slugs and other route arguments of the objects built for the matrix."""

    users: dict
    body: str
    membership: int
    person: int
    organisation: int
    housing_organisation: int
    meeting: int
    approved_meeting: int
    decision_item: int
    closed_item: int
    attachment: int
    action: int
    notification: int
    round: int
    published_round: int
    dialogue_document: int
    goal: int
    estate: int
    library_document: int
    library_version: int
    news: int
    project: int
    expert: int
    elderly_housing: int
    report: int


# URL name -> (method, arguments from the world, expected answer per role).
MATRIX = {
    # The foundation
    "home": (GET, lambda w: [], EVERYONE),
    "healthz": (GET, lambda w: [], EVERYONE),
    "login": (GET, lambda w: [], EVERYONE),
    "account": (GET, lambda w: [], SIGNED_IN),
    "twofactor_setup": (GET, lambda w: [], SIGNED_IN),
    # Without a device to confirm there is nothing to verify: the page sends the user on to set one up.
    "twofactor_verify": (GET, lambda w: [], expect(others=REDIRECT)),
    "password_change": (GET, lambda w: [], SIGNED_IN),
    "password_change_done": (GET, lambda w: [], SIGNED_IN),
    "password_reset": (GET, lambda w: [], EVERYONE),
    "password_reset_done": (GET, lambda w: [], EVERYONE),
    "password_reset_complete": (GET, lambda w: [], EVERYONE),
    "audit_list": (GET, lambda w: [], SECRETARIAT),
    "coordination:chart": (GET, lambda w: [], EVERYONE),
    "coordination:privacy": (GET, lambda w: [], EVERYONE),
    "coordination:body_detail": (GET, lambda w: [w.body], EVERYONE),
    "coordination:body_edit": (GET, lambda w: [w.body], SECRETARIAT),
    "coordination:membership_create": (GET, lambda w: [w.body], SECRETARIAT),
    "coordination:membership_end": (POST, lambda w: [w.membership], SECRETARIAT),
    "coordination:person_list": (GET, lambda w: [], MUNICIPAL_STAFF),
    "coordination:person_create": (GET, lambda w: [], SECRETARIAT),
    "coordination:person_detail": (GET, lambda w: [w.person], MUNICIPAL_STAFF),
    "coordination:person_edit": (GET, lambda w: [w.person], SECRETARIAT),
    "coordination:person_data_json": (GET, lambda w: [w.person], SECRETARIAT),
    "coordination:person_data_pdf": (GET, lambda w: [w.person], SECRETARIAT),
    "coordination:person_anonymise": (POST, lambda w: [w.person], SECRETARIAT),
    "coordination:person_erase": (POST, lambda w: [w.person], SECRETARIAT),
    # Every signed-in user has a person in the world, so each gets their own data.
    "coordination:my_data_json": (GET, lambda w: [], SIGNED_IN),
    "coordination:organisation_list": (GET, lambda w: [], MUNICIPAL_STAFF),
    "coordination:organisation_detail": (GET, lambda w: [w.housing_organisation], MUNICIPAL_STAFF),
    # Meetings
    "meetings:meeting_list": (GET, lambda w: [], WITH_A_ROLE),
    "meetings:meeting_create": (GET, lambda w: [], SECRETARIAT),
    "meetings:body_plan": (GET, lambda w: [w.body], SECRETARIAT),
    "meetings:meeting_detail": (GET, lambda w: [w.meeting], MEETING_READ),
    "meetings:meeting_edit": (GET, lambda w: [w.meeting], SECRETARIAT),
    "meetings:meeting_cancel": (GET, lambda w: [w.meeting], SECRETARIAT),
    "meetings:meeting_publish": (POST, lambda w: [w.meeting], SECRETARIAT),
    "meetings:meeting_mark_held": (POST, lambda w: [w.meeting], SECRETARIAT),
    "meetings:attendance_edit": (GET, lambda w: [w.meeting], SECRETARIAT),
    "meetings:item_create": (GET, lambda w: [w.meeting], SECRETARIAT),
    "meetings:guest_create": (GET, lambda w: [w.meeting], SECRETARIAT),
    # Only an invitee answers, and only their own invitation: the member and the guest.
    "meetings:invitation_reply": (
        POST,
        lambda w: [w.meeting],
        expect(medarbejder=OK, board_member_a=OK, board_member_b=HIDDEN),
    ),
    "meetings:item_edit": (GET, lambda w: [w.decision_item], SECRETARIAT),
    "meetings:item_delete": (POST, lambda w: [w.decision_item], SECRETARIAT),
    "meetings:item_move": (POST, lambda w: [w.decision_item], SECRETARIAT),
    "meetings:attachment_upload": (GET, lambda w: [w.closed_item], SECRETARIAT),
    "meetings:attachment_download": (GET, lambda w: [w.attachment], CLOSED_ITEM_READ),
    "meetings:attachment_delete": (POST, lambda w: [w.attachment], SECRETARIAT),
    "meetings:minutes_detail": (GET, lambda w: [w.meeting], MEETING_READ),
    "meetings:minutes_note_edit": (GET, lambda w: [w.meeting], SECRETARIAT),
    # The body's members approve the minutes; the secretariat's staff are not members of this body.
    "meetings:minutes_approve": (POST, lambda w: [w.meeting], expect(medarbejder=OK, board_member_b=HIDDEN)),
    "meetings:minutes_mark_approved": (POST, lambda w: [w.meeting], SECRETARIAT),
    # Corrections are for approved (locked) minutes; the held meeting's are not approved yet.
    "meetings:minutes_correct": (GET, lambda w: [w.approved_meeting], SECRETARIAT),
    "meetings:agenda_pdf": (GET, lambda w: [w.meeting], MEETING_READ),
    "meetings:minutes_pdf": (GET, lambda w: [w.meeting], MEETING_READ),
    "meetings:archive_export": (GET, lambda w: [w.meeting], SECRETARIAT),
    "meetings:minutes_item_edit": (GET, lambda w: [w.decision_item], SECRETARIAT),
    "meetings:item_forward": (POST, lambda w: [w.decision_item], SECRETARIAT),
    "meetings:action_create": (GET, lambda w: [w.decision_item], SECRETARIAT),
    "meetings:action_edit": (GET, lambda w: [w.action], SECRETARIAT),
    # The owner (Medarbejder) and the secretariat set the status. The Direktion sees the meeting and its open
    # action items on the minutes page, so it is refused rather than told the action item does not exist.
    "meetings:action_status": (
        POST,
        lambda w: [w.action],
        expect(sekretariat=OK, medarbejder=OK, board_member_a=HIDDEN, board_member_b=HIDDEN),
    ),
    "meetings:action_mine": (GET, lambda w: [], WITH_A_ROLE),
    "meetings:decision_list": (GET, lambda w: [], WITH_A_ROLE),
    "meetings:decision_csv": (GET, lambda w: [], WITH_A_ROLE),
    "meetings:notification_list": (GET, lambda w: [], WITH_A_ROLE),
    # Medarbejder's own notification; nobody else's.
    "meetings:notification_read": (
        POST,
        lambda w: [w.notification],
        expect(others=HIDDEN, outsider=FORBIDDEN, medarbejder=OK),
    ),
    "meetings:notification_read_all": (POST, lambda w: [], WITH_A_ROLE),
    "meetings:notification_settings": (GET, lambda w: [], WITH_A_ROLE),
    "meetings:reminder_policy_edit": (GET, lambda w: [w.body], SECRETARIAT),
    "meetings:meeting_calendar": (GET, lambda w: [w.meeting], MEETING_READ),
    "meetings:calendar_subscription": (GET, lambda w: [], WITH_A_ROLE),
    "meetings:calendar_subscription_create": (POST, lambda w: [], WITH_A_ROLE),
    "meetings:calendar_subscription_revoke": (POST, lambda w: [], WITH_A_ROLE),
    # The steering dialogue (BO-VEST's round)
    "dialogue:start": (GET, lambda w: [], expect(anonymous=REDIRECT, others=REDIRECT)),
    "dialogue:round_list": (GET, lambda w: [], DIALOGUE_LIST),
    "dialogue:round_create": (POST, lambda w: [], SECRETARIAT),
    "dialogue:round_detail": (GET, lambda w: [w.round], DIALOGUE_READ),
    "dialogue:round_advance": (POST, lambda w: [w.round], DIALOGUE_MANAGE),
    "dialogue:round_meeting_plan": (POST, lambda w: [w.round], DIALOGUE_MANAGE),
    "dialogue:round_create_next": (POST, lambda w: [w.round], DIALOGUE_MANAGE),
    "dialogue:round_history": (GET, lambda w: [w.round], MANAGEMENT | {"board_member_b": HIDDEN}),
    "dialogue:round_publish": (GET, lambda w: [w.round], DIALOGUE_MANAGE),
    "dialogue:document_upload": (GET, lambda w: [w.round], DIALOGUE_TAKE_PART),
    "dialogue:comment_create": (POST, lambda w: [w.round], DIALOGUE_TAKE_PART),
    "dialogue:agreement_update": (GET, lambda w: [w.round], DIALOGUE_MANAGE),
    "dialogue:agreement_approve": (POST, lambda w: [w.round], DIALOGUE_TAKE_PART),
    "dialogue:agreement_pdf": (GET, lambda w: [w.round], DIALOGUE_READ),
    "dialogue:goal_create": (GET, lambda w: [w.round], DIALOGUE_MANAGE),
    "dialogue:goal_edit": (GET, lambda w: [w.goal], DIALOGUE_MANAGE),
    "dialogue:goal_status": (POST, lambda w: [w.goal], DIALOGUE_MANAGE),
    "dialogue:document_download": (GET, lambda w: [w.dialogue_document], DIALOGUE_READ),
    "dialogue:estate_list": (GET, lambda w: [], DIALOGUE_LIST),
    "dialogue:estate_create": (GET, lambda w: [], SECRETARIAT),
    "dialogue:estate_detail": (GET, lambda w: [w.estate], DIALOGUE_READ),
    "dialogue:estate_edit": (GET, lambda w: [w.estate], DIALOGUE_MANAGE),
    "dialogue:estate_chart": (GET, lambda w: [w.estate, Measure.RENT], DIALOGUE_READ),
    "dialogue:organisation_keyfigures": (GET, lambda w: [w.housing_organisation], DIALOGUE_READ),
    "dialogue:organisation_keyfigures_csv": (GET, lambda w: [w.housing_organisation], DIALOGUE_READ),
    "dialogue:keyfigure_import": (GET, lambda w: [], SECRETARIAT),
    "dialogue:public_list": (GET, lambda w: [], EVERYONE),
    "dialogue:public_round": (GET, lambda w: [w.published_round], EVERYONE),
    "dialogue:public_agreement_pdf": (GET, lambda w: [w.published_round], EVERYONE),
    # Knowledge: library, search, news, public pages
    "knowledge:library": (GET, lambda w: [], WITH_A_ROLE),
    "knowledge:document_create": (GET, lambda w: [], SECRETARIAT),
    "knowledge:document_detail": (GET, lambda w: [w.library_document], INTERNAL_DOCUMENT),
    "knowledge:document_edit": (GET, lambda w: [w.library_document], SECRETARIAT),
    "knowledge:version_upload": (GET, lambda w: [w.library_document], SECRETARIAT),
    "knowledge:version_download": (GET, lambda w: [w.library_version], INTERNAL_DOCUMENT),
    "knowledge:decision_detail": (GET, lambda w: [w.decision_item], MEETING_READ),
    "knowledge:share": (POST, lambda w: ["beslutning", w.decision_item], MEETING_READ),
    "knowledge:search": (GET, lambda w: [], EVERYONE),
    "knowledge:news_list": (GET, lambda w: [], EVERYONE),
    "knowledge:news_create": (GET, lambda w: [], SECRETARIAT),
    "knowledge:digest_preference": (GET, lambda w: [], WITH_A_ROLE),
    "knowledge:news_feed": (GET, lambda w: [], EVERYONE),
    "knowledge:news_detail": (GET, lambda w: [w.news], EVERYONE),
    "knowledge:about": (GET, lambda w: [], EVERYONE),
    "knowledge:accessibility": (GET, lambda w: [], EVERYONE),
    # Planning: data and projects for the municipality's staff, the dashboard and evaluation for management
    "planning:dashboard": (GET, lambda w: [], MANAGEMENT),
    "planning:dashboard_export": (GET, lambda w: ["pipeline", "csv"], MANAGEMENT),
    "planning:data_export": (GET, lambda w: ["projekter", "xlsx"], MUNICIPAL_STAFF),
    "planning:population": (GET, lambda w: [], MUNICIPAL_STAFF),
    "planning:dwellings": (GET, lambda w: [], MUNICIPAL_STAFF),
    "planning:elderly": (GET, lambda w: [], MUNICIPAL_STAFF),
    "planning:elderly_housing_create": (GET, lambda w: [], SECRETARIAT),
    "planning:elderly_housing_edit": (GET, lambda w: [w.elderly_housing], SECRETARIAT),
    "planning:elderly_housing_delete": (POST, lambda w: [w.elderly_housing], SECRETARIAT),
    "planning:statbank_import": (GET, lambda w: [], SECRETARIAT),
    "planning:project_list": (GET, lambda w: [], MUNICIPAL_STAFF),
    "planning:project_create": (GET, lambda w: [], SECRETARIAT),
    "planning:project_detail": (GET, lambda w: [w.project], MUNICIPAL_STAFF),
    "planning:project_edit": (GET, lambda w: [w.project], SECRETARIAT),
    "planning:project_plan": (GET, lambda w: [w.project], SECRETARIAT),
    "planning:project_delete": (POST, lambda w: [w.project], SECRETARIAT),
    "planning:expert_add": (POST, lambda w: [w.project], SECRETARIAT),
    "planning:expert_remove": (POST, lambda w: [w.expert], SECRETARIAT),
    "planning:report_list": (GET, lambda w: [], MANAGEMENT),
    "planning:report_request": (POST, lambda w: [], SECRETARIAT),
    "planning:report_status": (GET, lambda w: [w.report], MANAGEMENT),
    "planning:report_download": (GET, lambda w: [w.report], MANAGEMENT),
    # The Direktion alone approves the annual evaluation.
    "planning:report_approve": (POST, lambda w: [w.report], expect(direktion=OK)),
}

# Routes that cannot be tried generically; each has tests of its own.
NOT_PAGES = {
    "logout",  # POST only, ends the session: tests/test_accounts.py
    "set_language",  # POST only, changes the language: tests/test_i18n.py
    "password_reset_confirm",  # a token from an e-mail: tests/test_accounts.py
    "sso_start",  # switched on by settings: tests/test_sso.py
    "sso_callback",  # tests/test_sso.py
    "meetings:reply_by_token",  # the token is the credential: tests/meetings/test_invitations.py
    "meetings:calendar_feed",  # the token is the credential: tests/meetings/test_calendar.py
}


def _names(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _names(
                    entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                )
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_matrix_covers_every_route():
    routes = set(_names(get_resolver().url_patterns))
    assert routes - set(MATRIX) - NOT_PAGES == set(), "Routes without an entry in the access matrix"
    assert set(MATRIX) - routes == set(), "Entries for routes that no longer exist"
    assert set(MATRIX) & NOT_PAGES == set()


# The world ------------------------------------------------------------------------------------------------


def _pdf(name: str = "fil.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _users(organisations: dict[str, Organisation]) -> dict:
    """Make the cast of tests/conftest.py, each user with a person in their organisation."""
    cast = {
        "outsider": (None, "MTF"),
        "sekretariat": (Role.SEKRETARIAT, "MTF"),
        "direktion": (Role.DIREKTION, "MTF"),
        "medarbejder": (Role.MEDARBEJDER, "MTF"),
        "board_member_a": (Role.BOLIGORGANISATION, "BO-VEST"),
        "board_member_b": (Role.BOLIGORGANISATION, "KAB"),
    }
    users = {}
    for username, (role, organisation) in cast.items():
        user = get_user_model().objects.create_user(username=username, password="hemmelig-kode-123")
        if role is not None:
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        Person.objects.create(name=username.title(), organisation=organisations[organisation], user=user)
        users[username] = user
    return users


def _body() -> Body:
    parent = Body.objects.create(
        name="Intern styregruppe", slug="intern-styregruppe", kind=Body.Kind.STEERING, cadence_label="Ad hoc"
    )
    return Body.objects.create(
        name="Sekretariat", slug="sekretariat", kind=Body.Kind.SECRETARIAT, parent=parent, cadence_label="Månedligt"
    )


def _meeting(body: Body, users: dict) -> dict:
    """A held meeting of the body with a published agenda: an item with a decision and a closed item with an
    attachment; the members invited, BO-VEST's board member as a guest; an action item and a notification. And an
    earlier meeting whose minutes are approved."""
    starts_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Rådhuset",
        status=Meeting.Status.HELD,
        agenda_published_at=starts_at - datetime.timedelta(days=7),
    )
    approved_meeting = Meeting.objects.create(
        body=body,
        starts_at=starts_at - datetime.timedelta(days=30),
        ends_at=starts_at - datetime.timedelta(days=30, hours=-2),
        place="Rådhuset",
        status=Meeting.Status.MINUTES_APPROVED,
        agenda_published_at=starts_at - datetime.timedelta(days=37),
    )
    decision_item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Renovering", kind=AgendaItem.Kind.DECISION, decision="Godkendt."
    )
    closed_item = AgendaItem.objects.create(
        meeting=meeting, position=2, title="Lukket sag", kind=AgendaItem.Kind.DISCUSSION, is_closed=True
    )
    stored_name = default_storage.save("meetings/bilag.pdf", ContentFile(PDF_BYTES))
    attachment = Attachment.objects.create(
        item=closed_item,
        title="Bilag",
        stored_name=stored_name,
        original_name="bilag.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    meeting_services.invitations_sync(meeting=meeting)
    Invitation.objects.create(meeting=meeting, person=users["board_member_a"].person, is_guest=True)
    action = ActionItem.objects.create(
        body=body,
        item=decision_item,
        title="Følg op",
        owner=users["medarbejder"].person,
        due=timezone.localdate() + datetime.timedelta(days=14),
    )
    notification = Notification.objects.create(
        user=users["medarbejder"], kind=Notification.Kind.values[0], title="Nyt møde", meeting=meeting
    )
    return {
        "meeting": meeting.pk,
        "approved_meeting": approved_meeting.pk,
        "decision_item": decision_item.pk,
        "closed_item": closed_item.pk,
        "attachment": attachment.pk,
        "action": action.pk,
        "notification": notification.pk,
    }


def _dialogue(organisation: Organisation, actor) -> dict:
    """BO-VEST's open round with a document and a goal, last year's published round, and an estate with a key
    figure (so its chart exists)."""
    round = dialogue_services.round_create(organisation=organisation, year=2026, actor=actor)
    document = dialogue_services.document_upload(round=round, kind="styringsrapport", uploaded=_pdf(), actor=actor)
    goal = Goal.objects.create(
        agreement=round.agreement,
        theme=Theme.values[0],
        measure="Færre tomme boliger",
        target="Under 1 %",
        deadline=datetime.date(2027, 6, 30),
        responsible=Goal.Responsible.values[0],
    )
    published = dialogue_services.round_create(organisation=organisation, year=2025, actor=actor)
    DialogueRound.objects.filter(pk=published.pk).update(published_at=timezone.now(), account="Redegørelse.")
    estate = Estate.objects.create(
        organisation=organisation, number="VA-01", name="Galgebakken", units=690, area_m2=62000, year_built=1974
    )
    KeyFigure.objects.create(estate=estate, year=2025, measure=Measure.RENT, value=900)
    return {
        "round": round.pk,
        "published_round": published.pk,
        "dialogue_document": document.pk,
        "goal": goal.pk,
        "estate": estate,
    }


def _knowledge(actor) -> dict:
    document = knowledge_services.document_create(
        actor=actor, title="Internt notat", visibility=Visibility.INTERNAL, uploaded=_pdf()
    )
    news = knowledge_services.news_publish(
        actor=actor, title="Nye aftaler", text="Aftalerne kan læses.", audience=NewsItem.Audience.PUBLIC
    )
    return {"library_document": document.pk, "library_version": document.versions.get().pk, "news": news.pk}


def _planning(estate: Estate, person: Person, actor) -> dict:
    project = planning_services.project_create(project=RenovationProject(estate=estate, title="Helhedsplan"))
    expert = ProjectExpert.objects.create(project=project, person=person, role="arkitekt")
    housing = ElderlyHousing.objects.create(
        kind=ElderlyHousing.Kind.NURSING, name="Plejecenter", units=60, first_year=2020
    )
    stored_name = default_storage.save("planning/evaluering.pdf", ContentFile(PDF_BYTES))
    report = EvaluationReport.objects.create(
        year=2025, status=EvaluationReport.Status.DONE, progress=100, stored_name=stored_name, requested_by=actor
    )
    return {"project": project.pk, "expert": expert.pk, "elderly_housing": housing.pk, "report": report.pk}


def build_world() -> World:
    """Make every object a route of the matrix points at."""
    organisations = {
        short: Organisation.objects.create(short_name=short, name=short, kind=kind)
        for short, kind in (
            ("MTF", Organisation.Kind.DEPARTMENT),
            ("BO-VEST", Organisation.Kind.HOUSING),
            ("KAB", Organisation.Kind.HOUSING),
        )
    }
    users = _users(organisations)
    sekretariat = users["sekretariat"]
    body = _body()
    alice = Person.objects.create(name="Alice Petersen", organisation=organisations["MTF"], email="alice@example.dk")
    membership = Membership.objects.create(
        body=body, person=alice, role=Membership.Role.COORDINATOR, start=datetime.date(2009, 1, 8)
    )
    Membership.objects.create(body=body, person=users["medarbejder"].person, start=datetime.date(2020, 1, 1))
    dialogue = _dialogue(organisations["BO-VEST"], sekretariat)
    estate = dialogue.pop("estate")
    return World(
        users=users,
        body=body.slug,
        membership=membership.pk,
        person=alice.pk,
        organisation=organisations["MTF"].pk,
        housing_organisation=organisations["BO-VEST"].pk,
        estate=estate.pk,
        **_meeting(body, users),
        **dialogue,
        **_knowledge(sekretariat),
        **_planning(estate, alice, sekretariat),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


# The matrix -----------------------------------------------------------------------------------------------


def _answer(method: str, response) -> object:
    """Return what the response means in the matrix's terms."""
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    if method == POST and 200 <= response.status_code < 400:
        # A POST answered with a page or a redirect elsewhere than the login page has done its work.
        return OK
    return {200: OK, 302: REDIRECT}.get(response.status_code, response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_against_route(world, name):
    """Try the route as every role, each request in a savepoint of its own so a successful POST is undone."""
    method, arguments, answers = MATRIX[name]
    url = reverse(name, args=arguments(world))
    wrong = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        with transaction.atomic():
            response = getattr(client, method)(url)
            if response.streaming:
                # Read a download to the end: the test client then closes the file (close() would also close
                # the database connection, through the request_finished signal).
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
        answer = _answer(method, response)
        if answer != answers[role]:
            wrong.append(
                f"{role}: expected {answers[role]}, got {answer} ({response.status_code} "
                f"{response.get('Location', '')})"
            )
    assert not wrong, f"{method.upper()} {url}\n" + "\n".join(wrong)
