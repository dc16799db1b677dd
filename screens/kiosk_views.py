"""Kiosk pages (no login: the display link's token is the key) and the screens page
where supervisors see every connected screen and manage display links and rotations.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from boards.models import Board
from screens import broadcast
from screens.config import kiosk_config
from screens.forms import KioskLinkForm, OpeningHoursForm, RotationForm
from screens.models import KioskLink, Rotation
from screens.views import history_response
from stats import alert_log, screen_registry, store
from wallboard import clock
from wallboard.routing import KIOSK_SOCKET, socket_path
from wallboard.version import app_version

supervisor = roles.role_required(roles.SUPERVISOR)
COMMANDS = ("identify", "reload")


def _gone(request: HttpRequest, link: KioskLink | None) -> HttpResponse:
    """Say plainly why a display link shows nothing: unknown (404) or revoked (410)."""
    status = 410 if link is not None else 404
    return render(request, "screens/kiosk_gone.html", {"link": link}, status=status)


@never_cache
@require_GET
def kiosk(request: HttpRequest, token: str) -> HttpResponse:
    """Show a display link's board or rotation, with no login and nothing to click."""
    link = KioskLink.objects.find(token)
    if link is None or link.revoked:
        return _gone(request, link)
    config = {
        **kiosk_config(link),
        "alerting_since": alert_log.alerting_since([board.pk for board, _ in link.steps()]),
        "app_version": app_version(),
        "socket": socket_path(KIOSK_SOCKET, token=token),
        "history": reverse("kiosk-history", args=[token]),
    }
    response = render(request, "screens/kiosk.html", {"link": link, "config": config})
    # The token is in the URL: never send it on as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def kiosk_history(request: HttpRequest, token: str) -> HttpResponse:
    link = KioskLink.objects.find(token)
    if link is None or link.revoked:
        return _gone(request, link)
    boards = {str(board.pk): board for board, _ in link.steps()}
    board = boards.get(request.GET.get("board", ""))
    if board is None:
        raise Http404("This display link does not show that board.")
    return history_response(board, request.GET.get("widget", ""))


def _choices(request: HttpRequest) -> dict[str, Any]:
    return {
        "boards": list(Board.objects.visible_to(request.user)),
        "rotations": list(Rotation.objects.visible_to(request.user)),
    }


@supervisor
def screens_page(request: HttpRequest) -> HttpResponse:
    """List screens, display links and rotations; make a link (its URL shown once)."""
    form = KioskLinkForm(request.POST or None, **_choices(request))
    created = None
    if request.method == "POST" and form.is_valid():
        link, token = KioskLink.create(
            form.cleaned_data["name"], form.chosen(), request.user, form.hours()
        )
        created = {"link": link, "url": request.build_absolute_uri(f"/kiosk/{token}/")}
        form = KioskLinkForm(**_choices(request))
    return _screens(request, form, created=created, status=201 if created else 200)


def _screens(
    request: HttpRequest,
    form: KioskLinkForm,
    *,
    created: dict[str, Any] | None = None,
    hours_error: tuple[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    links = KioskLink.objects.visible_to(request.user).select_related(
        "board", "rotation", "created_by", "revoked_by"
    )
    context = {
        "form": form,
        "created": created,
        "links": links,
        "hours_error": hours_error,
        "rotations": Rotation.objects.visible_to(request.user).prefetch_related("entries__board"),
    }
    return render(request, "screens/screens.html", context, status=status)


@supervisor
@require_POST
def link_hours(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a link's opening hours; its screens reload to take them (the link and
    its address stay the same, so nobody has to go to the screen)."""
    link = get_object_or_404(KioskLink.objects.visible_to(request.user), pk=pk, revoked_at=None)
    form = OpeningHoursForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        new_link = KioskLinkForm(**_choices(request))
        return _screens(request, new_link, hours_error=(link.pk, error), status=400)
    link.open_from, link.open_until = form.hours() or (None, None)
    link.save(update_fields=["open_from", "open_until"])
    broadcast.reload_links([link])
    return redirect("screens")


@supervisor
@require_GET
def screens_data(request: HttpRequest) -> JsonResponse:
    """Return every screen heard from lately on a link the user may see, as the screens
    page's table shows it."""
    now = clock.now(store.client())
    seqs: dict[str, int | None] = {}
    rows = []
    for screen in _visible_screens(request, screen_registry.list_screens(now)):
        board = screen.get("board", "")
        if board not in seqs:
            snapshot = store.load_snapshot(store.client(), int(board)) if board.isdigit() else None
            seqs[board] = snapshot["seq"] if snapshot else None
        rows.append(_screen_row(screen, seqs[board], now))
    return JsonResponse({"screens": rows, "app_version": app_version(), "now": now})


def _visible_screens(request: HttpRequest, found: list[dict[str, str]]) -> list[dict[str, str]]:
    links = KioskLink.objects.visible_to(request.user).values_list("pk", flat=True)
    visible = {str(pk) for pk in links}
    return [screen for screen in found if screen.get("link") in visible]


def _screen_row(screen: dict[str, str], board_seq: int | None, now: float) -> dict[str, Any]:
    seq = int(screen["seq"]) if screen.get("seq", "").isdigit() else None
    started = float(screen["started"]) / 1000 if screen.get("started") else None
    return {
        "id": screen["id"],
        "name": screen.get("name", ""),
        "board": screen.get("board_title", ""),
        "connected": screen.get("connected") == "1",
        "last_heartbeat_age": round(now - float(screen.get("last_seen", now)), 1),
        "seq": seq,
        "seq_lag": board_seq - seq if board_seq is not None and seq is not None else None,
        "app_version": screen.get("app_version", ""),
        "uptime": round(now - started) if started else None,
        "heap": int(screen["heap"]) if screen.get("heap") else None,
        "nodes": int(screen["nodes"]) if screen.get("nodes") else None,
        "viewport": screen.get("viewport", ""),
    }


@supervisor
@require_POST
def screen_command(request: HttpRequest, screen_id: str, command: str) -> JsonResponse:
    """Send "identify" (flash the screen) or "reload" to one connected screen."""
    if command not in COMMANDS or not screen_registry.SCREEN_ID.match(screen_id):
        raise Http404("No such command.")
    found = store.client().hgetall(screen_registry.screen_key(screen_id))
    if not _visible_screens(request, [found]):  # type: ignore[list-item]
        raise Http404("No such screen on a link you may see.")
    broadcast.screen_command(screen_id, command)
    return JsonResponse({"ok": True})


@supervisor
@require_POST
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a display link: its screens close and say so, and it never works again."""
    link = get_object_or_404(KioskLink.objects.visible_to(request.user), pk=pk)
    if not link.revoked:
        link.revoke(request.user)
        broadcast.link_revoked(link)
    return redirect("screens")


@supervisor
def rotation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rotations = Rotation.objects.visible_to(request.user)
    rotation = get_object_or_404(rotations, pk=pk) if pk is not None else None
    boards = Board.objects.visible_to(request.user)
    initial = RotationForm.initial_for(rotation) if rotation else None
    form = RotationForm(request.POST or None, initial=initial, boards=boards, rotation=rotation)
    if request.method == "POST" and form.is_valid():
        broadcast.rotation_changed(form.save())
        return redirect("screens")
    return render(request, "screens/rotation_form.html", {"form": form, "rotation": rotation})


@supervisor
@require_POST
def rotation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(Rotation.objects.visible_to(request.user), pk=pk)
    links = list(rotation.kiosk_links.all())
    rotation.delete()  # and its links: their screens reload and say the link is gone
    broadcast.reload_links(links)
    return redirect("screens")
