"""Tell kiosks what changed about them: their rotation, their link, a command from the
screens page. Through the live path's channel layer (stats/broadcast.py)."""

from __future__ import annotations

from screens.models import KioskLink, Rotation
from stats import messages, screen_registry
from stats.broadcast import send, send_text


def rotation_changed(rotation: Rotation) -> None:
    reload_links(list(rotation.kiosk_links.filter(revoked_at=None)))


def reload_links(links: list[KioskLink]) -> None:
    for link in links:
        send_text(link.group_name, messages.reload())


def link_revoked(link: KioskLink) -> None:
    send(link.group_name, "kiosk.revoked")


def screen_command(screen_id: str, command: str) -> None:
    send(screen_registry.group_name(screen_id), "screen.command", command=command)
