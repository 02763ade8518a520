"""Every permission in the portal, as named django-rules predicates. Views, templates and tasks ask these."""

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, F, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lib.prepared import PreparedRead
from lib.roles import STAFF_ROLES, Role, group_names

# The query every signed-in request makes, compiled once a process (lib.prepared).
_signed_in_users = PreparedRead(
    lambda *, user_id: (
        get_user_model()
        ._default_manager.filter(pk=user_id)
        .annotate(
            portal_group=F("groups__name"),
            portal_organisation_id=F("person__organisation_id"),
            portal_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            portal_codes=Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        )
    )
)


def signed_in_user(user_id):
    """Return the user of a session with what every request asks of them, or None: their groups, whether they have
    a confirmed second factor, and their person's organisation. One query (a row per group) instead of four."""
    rows = _signed_in_users.objects(user_id=user_id)
    if not rows:
        return None
    user = rows[0]
    user._portal_group_names = frozenset(row.portal_group for row in rows if row.portal_group is not None)
    user._portal_organisation_id = user.portal_organisation_id
    user._portal_has_device = user.portal_app or user.portal_codes
    return user


class AdminPermissionBackend(ModelBackend):
    """Passwords, and Django's model permissions. Only the admin site asks model permissions and only staff reach
    it, so a user who is not staff has none: a portal rule such a user lacks is refused without the two queries
    that load them."""

    def get_user(self, user_id):
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)


@rules.predicate
def is_sekretariat(user) -> bool:
    return Role.SEKRETARIAT in group_names(user)


@rules.predicate
def is_direktion(user) -> bool:
    return Role.DIREKTION in group_names(user)


@rules.predicate
def is_medarbejder(user) -> bool:
    return Role.MEDARBEJDER in group_names(user)


@rules.predicate
def is_board_member(user) -> bool:
    return Role.BOLIGORGANISATION in group_names(user)


@rules.predicate
def is_municipal_staff(user) -> bool:
    return bool(group_names(user) & {role.value for role in STAFF_ROLES})


@rules.predicate
def has_portal_role(user) -> bool:
    return bool(group_names(user) & {role.value for role in Role})


# Everyone, also anonymous citizens: the public pages.
rules.add_perm("portal.view_public", rules.always_allow)
# Any signed-in user, also one not yet given a role (own password).
rules.add_perm("portal.signed_in", rules.is_authenticated)
# Any user with one of the portal's roles.
rules.add_perm("portal.use_portal", has_portal_role)

# The audit trail.
rules.add_perm("portal.view_audit", is_sekretariat)

# The organisation of the coordination.
rules.add_perm("coordination.view_directory", is_municipal_staff)
rules.add_perm("coordination.view_contact_details", is_municipal_staff)
rules.add_perm("coordination.manage", is_sekretariat)
rules.add_perm("coordination.manage_personal_data", is_sekretariat)


# Styringsdialog
def organisation_id_of_user(user) -> int | None:
    """Return the id of the organisation the user's person belongs to, cached on the user for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_portal_organisation_id"):
        from coordination.models import Person

        people = Person.objects.filter(user=user)
        user._portal_organisation_id = people.values_list("organisation_id", flat=True).first()
    return user._portal_organisation_id


@rules.predicate
def is_own_organisation(user, obj) -> bool:
    """True when `obj` (an organisation, or anything with an organisation_id) is the user's organisation."""
    if obj is None:
        return False
    organisation_id = getattr(obj, "organisation_id", None) or obj.pk
    return organisation_id is not None and organisation_id == organisation_id_of_user(user)


# Pages of the dialogue; what each user sees in them is scoped by dialogue.selectors (404 outside it).
rules.add_perm("dialogue.use", is_sekretariat | is_direktion | is_board_member)
rules.add_perm("dialogue.view_history", is_sekretariat | is_direktion)
rules.add_perm("dialogue.manage", is_sekretariat)
# On a round the user can see: the organisation's board members and the secretariat take part.
rules.add_perm("dialogue.take_part", is_sekretariat | (is_board_member & is_own_organisation))


# Meetings: which meetings and agenda items a user sees is scoped by meetings.selectors (404 outside it).
rules.add_perm("meetings.use", is_municipal_staff | is_board_member)
rules.add_perm("meetings.manage", is_sekretariat)


@rules.predicate
def is_own_invitation(user, invitation) -> bool:
    """True when `invitation` (a meetings.Invitation) is to the user's own person."""
    return invitation is not None and user.is_authenticated and invitation.person.user_id == user.pk


# An invitee answers their own invitation (deltager / afbud); the e-mail's reply link needs no login.
rules.add_perm("meetings.reply", is_own_invitation)
# A draft agenda, before it is published, is the secretariat's alone.
rules.add_perm("meetings.view_draft_agenda", is_sekretariat)


# Minutes, decisions and follow-up (meetings.minutes). Whether the user sees the meeting is scoped by the selectors.
@rules.predicate
def is_member_of_meeting_body(user, meeting) -> bool:
    """True when the user currently sits in the body whose meeting `meeting` is."""
    from meetings.selectors import is_body_member

    return meeting is not None and is_body_member(user=user, body_id=meeting.body_id)


@rules.predicate
def is_action_owner(user, action) -> bool:
    return action is not None and action.owner.user_id is not None and action.owner.user_id == user.pk


rules.add_perm("meetings.approve_minutes", is_member_of_meeting_body)
rules.add_perm("meetings.set_action_status", is_sekretariat | is_action_owner)


# Notifications (every user with a role gets them); calendars follow meetings.use, reminder policies meetings.manage.
rules.add_perm("meetings.view_notifications", has_portal_role)


# Knowledge: library, search and news. What each user finds is scoped by knowledge.selectors (404 outside it);
# the search box, the news and public documents are open to everyone, citizens included.
rules.add_perm("knowledge.use", has_portal_role)
rules.add_perm("knowledge.manage", is_sekretariat)
rules.add_perm("knowledge.share", has_portal_role)


# Planning overview. Housing and population data and the renovation projects are for all municipal staff (the
# renovation group and the contact groups work with them); the director dashboard and the annual evaluation are
# management information for the secretariat and the Direktion, who alone approves the evaluation.
rules.add_perm("planning.view_data", is_municipal_staff)
rules.add_perm("planning.manage", is_sekretariat)
rules.add_perm("planning.view_dashboard", is_sekretariat | is_direktion)
rules.add_perm("planning.approve_report", is_direktion)
