"""The portal's roles: one Django group each (DESIGN.md, "Who uses it")."""

from django.db import models


class Role(models.TextChoices):
    SEKRETARIAT = "Sekretariat", "Sekretariat"
    DIREKTION = "Direktion", "Direktion"
    MEDARBEJDER = "Medarbejder", "Medarbejder"
    BOLIGORGANISATION = "Boligorganisation", "Boligorganisation"


STAFF_ROLES = (Role.SEKRETARIAT, Role.DIREKTION, Role.MEDARBEJDER)


def group_names(user) -> frozenset[str]:
    """Return the user's group names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._portal_group_names = cached
    return cached


def user_role(user) -> Role | None:
    """Return the user's main role: the first of the portal's groups, in order of reach."""
    names = group_names(user)
    for role in Role:
        if role.value in names:
            return role
    return None
