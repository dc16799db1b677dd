"""Roles, from least to most: viewer, supervisor, campaign admin, superuser.

Each role has every right of the ones before it:
- viewer: any logged-in user; sees boards (those open to everyone or to its groups);
- supervisor: also edits boards, manages kiosk links and screens, acknowledges alerts;
- campaign admin: also campaigns, calling lists, DNC lists and tasks (the console);
- superuser: also tenants and users (the admin).
Supervisors and campaign admins are members of the groups named below (the migration
`0004_roles` creates them); superusers are Django superusers. Checked server-side on
every view and socket with `has_role` or the `role_required` decorator.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

VIEWER, SUPERVISOR, CAMPAIGN_ADMIN, SUPERUSER = (
    "viewer",
    "supervisor",
    "campaign_admin",
    "superuser",
)
ORDER = [VIEWER, SUPERVISOR, CAMPAIGN_ADMIN, SUPERUSER]
GROUPS = {SUPERVISOR: "Supervisors", CAMPAIGN_ADMIN: "Campaign admins"}


def role_of(user: Any) -> str | None:
    """Return the highest role of `user`, or None for anonymous visitors."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return SUPERUSER
    names = set(user.groups.values_list("name", flat=True))
    for role in (CAMPAIGN_ADMIN, SUPERVISOR):
        if GROUPS[role] in names:
            return role
    return VIEWER


def has_role(user: Any, role: str) -> bool:
    """Return True if `user` holds `role` or a higher one."""
    held = role_of(user)
    return held is not None and ORDER.index(held) >= ORDER.index(role)


View = Callable[..., HttpResponse]


def role_required(role: str) -> Callable[[View], View]:
    """Decorate a view: anonymous visitors log in first; users below `role` get 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, role):
                raise PermissionDenied(f"This needs the {role.replace('_', ' ')} role.")
            return view(request, *args, **kwargs)

        checked.required_role = role  # type: ignore[attr-defined]
        return checked

    return decorate
