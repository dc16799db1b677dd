"""Roles are cumulative, checked on the server, and `add_user` grants them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from stats import roles

pytestmark = pytest.mark.django_db


def user_with(role: str) -> User:
    call_command("add_user", f"u-{role}", "--password", "pw-123456", "--role", role)
    return User.objects.get(username=f"u-{role}")


@pytest.mark.parametrize("role", roles.ORDER)
def test_each_role_holds_itself_and_those_below_only(role: str) -> None:
    user = user_with(role)

    assert roles.role_of(user) == role
    held = [r for r in roles.ORDER if roles.has_role(user, r)]
    assert held == roles.ORDER[: roles.ORDER.index(role) + 1]


def test_changing_a_role_replaces_the_old_one() -> None:
    user_with(roles.CAMPAIGN_ADMIN)

    call_command("add_user", "u-campaign_admin", "--password", "x-654321", "--role", "supervisor")

    changed = User.objects.get(username="u-campaign_admin")
    assert roles.role_of(changed) == roles.SUPERVISOR
    assert changed.check_password("x-654321")


def test_role_required_sends_anonymous_visitors_to_log_in_and_refuses_the_rest() -> None:
    @roles.role_required(roles.SUPERVISOR)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    def call(user: object) -> HttpResponse:
        request = RequestFactory().get("/screens/")
        request.user = user  # type: ignore[assignment]
        return view(request)

    assert call(AnonymousUser())["Location"] == "/accounts/login/?next=/screens/"
    with pytest.raises(PermissionDenied):
        call(user_with(roles.VIEWER))
    assert call(user_with(roles.SUPERVISOR)).content == b"ok"
    assert view.required_role == roles.SUPERVISOR  # type: ignore[attr-defined]
