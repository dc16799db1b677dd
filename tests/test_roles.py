"""Roles are cumulative, checked on the server, and `add_user` grants them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from accounts import roles
from boards.models import Board
from screens import urls as screens_urls
from screens.models import KioskLink, Rotation, RotationEntry
from stats import screen_registry, store
from wallboard import clock

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


# --- Supervisors manage only display links and rotations of boards they may see ------

SCREENS_VIEWS = {
    "screens",
    "screens-data",
    "screen-command",
    "link-revoke",
    "link-hours",
    "rotation-new",
    "rotation-edit",
    "rotation-delete",
}


def hidden_board_setup(demo_board: Any) -> dict[str, Any]:
    """Put `demo_board` behind a group the supervisor is not in; make a rotation with it
    and a public board, and a link to each, as a superuser who sees everything."""
    demo_board.groups.add(Group.objects.create(name="Night shift"))
    public = Board.objects.create(tenant=demo_board.tenant, slug="lobby", title="Lobby")
    rotation = Rotation.objects.create(name="Floor rotation")
    for position, board in enumerate([public, demo_board]):
        RotationEntry.objects.create(rotation=rotation, board=board, position=position)
    boss = user_with(roles.SUPERUSER)
    board_link, _ = KioskLink.create("Night TV", demo_board, boss)
    rotation_link, _ = KioskLink.create("Floor TV", rotation, boss)
    return {"board_link": board_link, "rotation_link": rotation_link, "rotation": rotation}


def test_every_screens_view_is_in_the_hidden_board_cases() -> None:
    names = {p.name for p in screens_urls.urlpatterns if str(p.pattern).startswith("screens/")}
    assert names == SCREENS_VIEWS, "a new screens view needs its case below"


@pytest.mark.usefixtures("use_redis")
def test_a_supervisor_cannot_see_link_rotate_revoke_or_schedule_a_board_outside_its_groups(
    demo_board: Board,
) -> None:
    made = hidden_board_setup(demo_board)
    client = Client()
    client.force_login(user_with(roles.SUPERVISOR))
    links, rotation = [made["board_link"], made["rotation_link"]], made["rotation"]
    r = store.client()
    r.zadd(screen_registry.INDEX, {"screen-0001": clock.now(r)})
    r.hset(screen_registry.screen_key("screen-0001"), mapping={"link": made["board_link"].pk})

    page = client.get("/screens/").content.decode()
    assert "Floor rotation" not in page and "Night TV" not in page and "Floor TV" not in page
    linked = client.post("/screens/", {"name": "Sneaky", "target": f"rotation:{rotation.pk}"})
    assert linked.status_code == 200 and not KioskLink.objects.filter(name="Sneaky").exists()
    assert client.get("/screens/data/").json()["screens"] == []
    assert client.post("/screens/screen/screen-0001/identify/").status_code == 404
    for link in links:
        assert client.post(f"/screens/links/{link.pk}/revoke/").status_code == 404
        hours = {"open_from": "08:00", "open_until": "18:00"}
        assert client.post(f"/screens/links/{link.pk}/hours/", hours).status_code == 404
    assert client.get(f"/screens/rotations/{rotation.pk}/").status_code == 404
    renamed = client.post(f"/screens/rotations/{rotation.pk}/", {"name": "Mine"})
    assert renamed.status_code == 404
    assert client.post(f"/screens/rotations/{rotation.pk}/delete/").status_code == 404
    new_rotation = client.post(
        "/screens/rotations/new/", {"name": "Mine", "board_0": demo_board.pk, "seconds_0": 30}
    )
    assert new_rotation.status_code == 200 and not Rotation.objects.filter(name="Mine").exists()

    for link in KioskLink.objects.all():
        assert (link.revoked, link.hours()) == (False, None)
    assert Rotation.objects.filter(name="Floor rotation").exists()


@pytest.mark.usefixtures("use_redis")
def test_a_supervisor_in_the_boards_group_manages_the_same_links_and_rotation(
    demo_board: Board,
) -> None:
    made = hidden_board_setup(demo_board)
    supervisor = user_with(roles.SUPERVISOR)
    supervisor.groups.add(Group.objects.get(name="Night shift"))
    client = Client()
    client.force_login(supervisor)
    rotation = made["rotation"]

    page = client.get("/screens/").content.decode()
    assert "Floor rotation" in page and "Night TV" in page and "Floor TV" in page
    linked = client.post("/screens/", {"name": "Mine", "target": f"rotation:{rotation.pk}"})
    assert linked.status_code == 201
    assert client.get(f"/screens/rotations/{rotation.pk}/").status_code == 200
    hours = {"open_from": "08:00", "open_until": "18:00"}
    assert client.post(f"/screens/links/{made['board_link'].pk}/hours/", hours).status_code == 302
    assert client.post(f"/screens/links/{made['rotation_link'].pk}/revoke/").status_code == 302
    assert client.post(f"/screens/rotations/{rotation.pk}/delete/").status_code == 302
