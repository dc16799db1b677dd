"""What a kiosk sends is only the kiosk's word: report numbers that are not finite, or
beyond any real sequence, time or size, are dropped, so the screens page never fails on
one (it used to answer 500 for two minutes, until the report expired); a board number
in its URL that is no plain number is ignored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from screens.models import KioskLink
from stats import screen_registry, store
from stats.hub import HUB
from tests.boards.test_kiosk_socket import kiosk, opened

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("use_redis")]

SCREEN = "abcdef123456"


@pytest.fixture(autouse=True)
def fresh_hub() -> Iterator[None]:
    HUB.reset()
    yield
    HUB.reset()


def screens_page(client: Client) -> list[dict]:
    response = client.get("/screens/data/")
    assert response.status_code == 200
    return list(response.json()["screens"])


async def test_a_report_of_infinite_or_huge_numbers_keeps_only_the_sane_ones(
    board_link: tuple[KioskLink, str], supervisor_client: Client
) -> None:
    _, token = board_link
    comm = kiosk(token)
    await opened(comm)
    text = (
        f'{{"type": "report", "screen": "{SCREEN}", "seq": 3, "started": Infinity,'
        ' "heap": 1e400, "nodes": NaN}'
    )

    await comm.send_to(text_data=text)
    await comm.send_json_to({"type": "report", "screen": "fedcba654321", "started": 1e300})
    await comm.send_json_to({"type": "hello"})
    await comm.receive_json_from()
    await comm.disconnect()
    await HUB.reports.flush()

    rows = {row["id"]: row for row in await sync_to_async(screens_page)(supervisor_client)}
    assert rows[SCREEN]["seq"] == 3
    assert (rows[SCREEN]["uptime"], rows[SCREEN]["heap"], rows[SCREEN]["nodes"]) == (None,) * 3
    assert rows["fedcba654321"]["uptime"] is None


def test_an_infinite_number_stored_by_an_older_version_does_not_break_the_page(
    board_link: tuple[KioskLink, str], supervisor_client: Client
) -> None:
    link, _ = board_link
    now = store.client().time()[0]
    fields = {"name": "TV", "link": str(link.pk), "started": "inf", "heap": "nan", "seq": "4"}
    store.client().hset(
        screen_registry.screen_key(SCREEN), mapping={**fields, "last_seen": str(now)}
    )
    store.client().zadd(screen_registry.INDEX, {SCREEN: float(now)})

    [row] = screens_page(supervisor_client)

    assert (row["id"], row["seq"], row["uptime"], row["heap"]) == (SCREEN, 4, None, None)


async def test_a_kiosk_asking_for_a_board_number_of_5000_digits_gets_its_own_board(
    board_link: tuple[KioskLink, str],
) -> None:
    _, token = board_link
    comm = kiosk(token, "board=" + "9" * 5000)

    first, heartbeat = await opened(comm)
    await comm.disconnect()

    assert (first["type"], heartbeat["type"]) == ("waiting", "heartbeat")
