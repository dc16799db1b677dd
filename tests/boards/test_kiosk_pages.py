"""Display links: a kiosk page opens with the token alone, shows no secret, and says
plainly when its link was revoked or never existed. Supervisors make and revoke links
and rotations on the screens page; viewers cannot."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from boards.models import Board
from screens.models import KioskLink, Rotation, hash_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]


def kiosk_config(response: object) -> dict:
    html = response.content.decode()  # type: ignore[attr-defined]
    found = re.search(r'<script id="kiosk-config" type="application/json">(.*?)</script>', html)
    assert found, "the kiosk page embeds its configuration"
    return json.loads(found.group(1))


def test_a_kiosk_opens_with_no_login_and_no_secret(
    client: Client, board_link: tuple[KioskLink, str], demo_board: Board
) -> None:
    _, token = board_link

    response = client.get(f"/kiosk/{token}/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    config = kiosk_config(response)
    assert [b["slug"] for b in config["boards"]] == ["demo"]
    assert config["socket"] == f"/ws/kiosk/{token}/"
    assert demo_board.tenant.client_secret.encode() not in response.content
    assert b'name="password"' not in response.content


def test_only_the_tokens_hash_is_stored(board_link: tuple[KioskLink, str]) -> None:
    link, token = board_link

    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert len(token) >= 40  # 32 random bytes


def test_a_revoked_link_says_so_with_410(client: Client, board_link: tuple[KioskLink, str]) -> None:
    link, token = board_link
    link.revoke()

    response = client.get(f"/kiosk/{token}/")

    assert response.status_code == 410
    assert b"This display link was revoked" in response.content
    assert b"kiosk-config" not in response.content


def test_an_unknown_token_is_404_with_a_plain_message(client: Client) -> None:
    response = client.get("/kiosk/not-a-token/")

    assert response.status_code == 404
    assert b"No such display link" in response.content


def test_a_rotation_link_carries_each_board_and_its_seconds(
    client: Client, rotation: Rotation
) -> None:
    _, token = KioskLink.create("Lobby", rotation)

    boards = kiosk_config(client.get(f"/kiosk/{token}/"))["boards"]

    assert [(b["slug"], b["seconds"]) for b in boards] == [("demo", 10), ("demo-wall", 20)]


def test_a_kiosk_reads_the_history_of_its_own_sparklines_only(
    client: Client, wall_board: Board, demo_board: Board
) -> None:
    _, token = KioskLink.create("Wall", wall_board)
    url = f"/kiosk/{token}/history/"

    ok = client.get(url, {"board": wall_board.pk, "widget": "trend"})

    assert ok.status_code == 200 and ok.json()["points"] == []
    assert client.get(url, {"board": demo_board.pk, "widget": "trend"}).status_code == 404
    assert client.get(url, {"board": wall_board.pk, "widget": "wait"}).status_code == 404


def test_viewers_may_not_see_screens_or_manage_links(viewer_client: Client) -> None:
    assert viewer_client.get("/screens/").status_code == 403
    assert viewer_client.get("/screens/data/").status_code == 403
    assert viewer_client.post("/screens/", {"name": "x"}).status_code == 403


def test_a_new_link_is_shown_once_and_kept_only_as_a_hash(
    supervisor_client: Client, demo_board: Board, supervisor: User
) -> None:
    response = supervisor_client.post(
        "/screens/", {"name": "TV by the door", "target": f"board:{demo_board.pk}"}
    )

    assert response.status_code == 201
    url = response.context["created"]["url"]
    token = re.fullmatch(r"http://testserver/kiosk/([\w-]+)/", url).group(1)  # type: ignore[union-attr]
    link = KioskLink.objects.get()
    assert (link.name, link.board, link.created_by) == ("TV by the door", demo_board, supervisor)
    assert link.token_hash == hash_token(token)
    assert token not in supervisor_client.get("/screens/").content.decode()


def test_revoking_a_link_stops_it(
    supervisor_client: Client, board_link: tuple[KioskLink, str], supervisor: User
) -> None:
    link, token = board_link

    response = supervisor_client.post(f"/screens/links/{link.pk}/revoke/")

    link.refresh_from_db()
    assert response.status_code == 302 and link.revoked and link.revoked_by == supervisor
    assert supervisor_client.get(f"/kiosk/{token}/").status_code == 410


def test_a_rotation_is_made_from_boards_and_seconds(
    supervisor_client: Client, demo_board: Board, wall_board: Board
) -> None:
    form = {"name": "Lobby", "board_0": wall_board.pk, "seconds_0": 15, "board_1": demo_board.pk}

    response = supervisor_client.post("/screens/rotations/new/", form)

    assert response.status_code == 302
    rotation = Rotation.objects.get(name="Lobby")
    assert [(e.board.slug, e.seconds) for e in rotation.steps()] == [
        ("demo-wall", 15),
        ("demo", 30),
    ]


def test_a_rotation_needs_a_board(supervisor_client: Client, demo_board: Board) -> None:
    response = supervisor_client.post("/screens/rotations/new/", {"name": "Empty"})

    assert response.status_code == 200
    assert "Pick at least one board." in response.content.decode()
    assert not Rotation.objects.filter(name="Empty").exists()


def test_a_link_with_opening_hours_tells_its_kiosk(
    supervisor_client: Client, client: Client, demo_board: Board
) -> None:
    form = {"name": "Night shift TV", "target": f"board:{demo_board.pk}"}

    made = supervisor_client.post(
        "/screens/", {**form, "open_from": "22:00", "open_until": "06:30"}
    )

    assert made.status_code == 201
    kiosk = client.get(made.context["created"]["url"].removeprefix("http://testserver"))
    assert kiosk_config(kiosk)["hours"] == {"from": "22:00", "until": "06:30"}
    screens = supervisor_client.get("/screens/").content.decode()
    assert 'name="open_from" value="22:00"' in screens
    assert 'name="open_until" value="06:30"' in screens


@pytest.mark.parametrize(
    ("hours", "error"),
    [
        ({"open_from": "08:00"}, "Give both opening times"),
        ({"open_until": "18:00"}, "Give both opening times"),
        ({"open_from": "08:00", "open_until": "08:00"}, "cannot go off at the time it comes on"),
        ({"open_from": "25:00", "open_until": "08:00"}, "Enter a valid time"),
    ],
)
def test_opening_hours_must_make_sense(
    supervisor_client: Client, demo_board: Board, hours: dict[str, str], error: str
) -> None:
    form = {"name": "TV", "target": f"board:{demo_board.pk}", **hours}

    response = supervisor_client.post("/screens/", form)

    assert response.status_code == 200 and error in response.content.decode()
    assert not KioskLink.objects.exists()


def test_the_command_makes_links_with_opening_hours(demo_board: Board) -> None:
    out = io.StringIO()

    call_command("kiosk_link", "Lobby", "--board", "demo", "--hours", "07:30-18:00", stdout=out)

    assert KioskLink.objects.get().hours() == {"from": "07:30", "until": "18:00"}
    with pytest.raises(CommandError, match="is not HH:MM-HH:MM"):
        call_command("kiosk_link", "Lobby", "--board", "demo", "--hours", "7.30 to 6")


def test_a_links_hours_change_without_a_new_address(
    supervisor_client: Client, board_link: tuple[KioskLink, str]
) -> None:
    link, _ = board_link
    url = f"/screens/links/{link.pk}/hours/"

    assert (
        supervisor_client.post(url, {"open_from": "07:00", "open_until": "19:00"}).status_code
        == 302
    )
    link.refresh_from_db()
    assert link.hours() == {"from": "07:00", "until": "19:00"}

    supervisor_client.post(url, {"open_from": "", "open_until": ""})
    link.refresh_from_db()
    assert link.hours() is None


def test_bad_hours_are_refused_with_the_reason_and_change_nothing(
    supervisor_client: Client, viewer_client: Client, board_link: tuple[KioskLink, str]
) -> None:
    link, _ = board_link
    url = f"/screens/links/{link.pk}/hours/"

    refused = supervisor_client.post(url, {"open_from": "07:00"})

    assert refused.status_code == 400 and "Give both opening times" in refused.content.decode()
    assert viewer_client.post(url, {"open_from": "", "open_until": ""}).status_code == 403
    link.revoke()
    assert supervisor_client.post(url, {"open_from": "", "open_until": ""}).status_code == 404
    link.refresh_from_db()
    assert link.hours() is None
