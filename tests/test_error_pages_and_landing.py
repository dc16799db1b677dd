"""Error pages are the site's own, styled, with a way back; /favicon.ico answers; after
login the user lands on their boards, drawn live, with what their role offers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from accounts import roles
from boards.models import Board

pytestmark = pytest.mark.django_db

STYLED = b"/static/css/wallboard.css"
WAY_BACK = b'href="/">Back to your boards</a>'


def user_with(role: str) -> User:
    """Return a user holding `role`, with no password: these tests log in with
    force_login, and hashing one costs seconds."""
    user = User.objects.create_user(f"u-{role}", is_superuser=role == roles.SUPERUSER)
    if role in roles.GROUPS:
        user.groups.add(Group.objects.get(name=roles.GROUPS[role]))
    return user


def test_a_refused_page_is_styled_says_why_and_leads_back(client: Client) -> None:
    client.force_login(user_with(roles.VIEWER))

    response = client.get("/screens/")

    assert response.status_code == 403
    assert STYLED in response.content and WAY_BACK in response.content
    assert b"This needs the supervisor role." in response.content
    assert b'href="/accounts/login/?next=/screens/"' in response.content


def test_a_missing_page_is_styled_names_the_path_and_leads_back(client: Client) -> None:
    client.force_login(user_with(roles.VIEWER))

    response = client.get("/boards/no-such-board/")

    assert response.status_code == 404
    assert STYLED in response.content and WAY_BACK in response.content
    assert b"<code>/boards/no-such-board/</code>" in response.content


def test_a_server_error_page_is_styled_and_leads_back() -> None:
    response = server_error(RequestFactory().get("/boards/"))

    assert response.status_code == 500
    assert STYLED in response.content and WAY_BACK in response.content


def test_a_form_with_a_bad_csrf_token_gets_a_styled_page_that_says_what_to_do() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "demo", "password": "x"})

    assert response.status_code == 403
    assert STYLED in response.content and WAY_BACK in response.content
    assert b"reload the page and send the form again" in response.content


def test_favicon_answers_at_the_site_root_and_pages_link_theirs(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO
    for page in ("/accounts/login/", "/admin/login/"):
        assert b'rel="icon" href="/static/favicon.svg"' in client.get(page).content


def test_logging_in_lands_on_the_home_page(client: Client) -> None:
    User.objects.create_user("u-viewer", password="pw-123456")

    response = client.post("/accounts/login/", {"username": "u-viewer", "password": "pw-123456"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_home_page_needs_a_login(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/"


def test_home_shows_each_visible_board_live_and_only_what_the_role_offers(
    client: Client, demo_board: Board
) -> None:
    hidden = Board.objects.create(tenant=demo_board.tenant, slug="night", title="Night shift")
    hidden.groups.add(Group.objects.create(name="Night shift"))
    client.force_login(user_with(roles.VIEWER))

    page = client.get("/").content

    assert b'<iframe src="/boards/demo/?thumbnail=1"' in page
    assert b'href="/boards/demo/"' in page
    assert b"/boards/night/" not in page
    for offered_to_others in (b'href="/screens/"', b'href="/console/"', b'href="/boards/new/"'):
        assert offered_to_others not in page


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (roles.SUPERVISOR, [b'href="/screens/"', b'href="/boards/new/"']),
        (roles.CAMPAIGN_ADMIN, [b'href="/screens/"', b'href="/console/"']),
    ],
)
def test_home_offers_each_role_its_pages(
    client: Client, demo_board: Board, role: str, offered: list[bytes]
) -> None:
    client.force_login(user_with(role))

    page = client.get("/").content

    for link in offered:
        assert link in page


def test_a_board_framed_as_a_thumbnail_shows_the_board_alone(
    client: Client, demo_board: Board
) -> None:
    client.force_login(user_with(roles.SUPERVISOR))

    framed = client.get("/boards/demo/?thumbnail=1")
    full = client.get("/boards/demo/")

    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert b'id="board"' in framed.content and b'id="freshness"' in framed.content
    assert b"Log out" not in framed.content and b"/edit/" not in framed.content
    assert b"Log out" in full.content and b"/boards/demo/edit/" in full.content
