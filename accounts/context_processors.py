"""Template context: the user's role, so pages offer only what the role allows."""

from __future__ import annotations

from django.http import HttpRequest

from accounts import roles


def role(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {
        "role": roles.role_of(user),
        "is_supervisor": roles.has_role(user, roles.SUPERVISOR),
        "is_campaign_admin": roles.has_role(user, roles.CAMPAIGN_ADMIN),
    }
