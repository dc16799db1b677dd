"""The board editor and what supervisors do to boards: save, import, export,
duplicate, delete, and acknowledge alerts.

Every view here needs the supervisor role (accounts/roles.py), and acts only on boards
the user may see. A save or an import is checked whole by `clean_board` first: a bad
board changes nothing and every problem is reported at once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from boards import signals
from boards.boardconfig import board_config, placed_widgets
from boards.models import Board
from boards.widgets import WIDGET_TYPES, BoardError, clean_board
from bpcc import catalogue
from bpcc.models import Tenant
from bpcc.names import campaign_names, dispositions, services
from wallboard import strict_json
from wallboard.params import whole

supervisor = roles.role_required(roles.SUPERVISOR)
MAX_IMPORT_BYTES = 1_000_000


def _board(request: HttpRequest, slug: str) -> Board:
    return get_object_or_404(
        Board.objects.visible_to(request.user).select_related("tenant"), slug=slug
    )


def _tenants() -> list[dict[str, Any]]:
    return [{"id": t.pk, "name": t.name} for t in Tenant.objects.filter(enabled=True)]


def editor_config(board: Board | None) -> dict[str, Any]:
    """Return what the editor's script needs: the board, and every choice it offers."""
    initial: dict[str, Any] = {"title": "", "theme": "dark", "widgets": []}
    if board is not None:
        initial = {**board.export(), "widgets": placed_widgets(board)}
    return {
        "board": initial,
        "slug": board.slug if board else None,
        "tenant": board.tenant_id if board else None,
        "tenants": _tenants(),
        "themes": [{"name": value, "label": label} for value, label in Board.Theme.choices],
        "types": [
            {"name": t.name, "label": t.label, "size": t.size} for t in WIDGET_TYPES.values()
        ],
        "statistics": catalogue.describe_all(),
        "urls": {
            "save": reverse("board-edit", args=[board.slug]) if board else reverse("board-new"),
            "view": reverse("board-detail", args=[board.slug]) if board else None,
            "dispositions": reverse("board-dispositions"),
            "campaigns": reverse("board-campaigns"),
            "services": reverse("board-services"),
            # The live canvas's numbers come from the pipeline above this app.
            "preview": reverse("board-preview"),
        },
    }


@supervisor
def board_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, None)
    return render(request, "boards/editor.html", {"board": None, "config": editor_config(None)})


@supervisor
def board_edit(request: HttpRequest, slug: str) -> HttpResponse:
    board = _board(request, slug)
    if request.method == "POST":
        return _save(request, board)
    return render(request, "boards/editor.html", {"board": board, "config": editor_config(board)})


def _errors(
    errors: list[str], status: int = 400, problems: list[Any] | None = None
) -> JsonResponse:
    body = {"ok": False, "errors": errors, "problems": problems or []}
    return JsonResponse(body, status=status)


def _problems(payload: object, exc: BoardError) -> list[dict[str, Any]]:
    """Return each problem with the ids of the widgets it is about, for the editor to
    mark them on its canvas."""
    raw = payload.get("widgets") if isinstance(payload, dict) else None
    widgets = raw if isinstance(raw, list) else []

    def widget_id(i: int) -> object:
        return widgets[i].get("id") if i < len(widgets) and isinstance(widgets[i], dict) else None

    return [
        {"message": message, "widgets": [widget_id(i) for i in concerned]}
        for message, concerned in zip(exc.errors, exc.concerns, strict=True)
    ]


def _save(request: HttpRequest, board: Board | None) -> JsonResponse:
    """Save the editor's board (JSON body), or answer 400 with every problem."""
    try:
        payload = strict_json.loads(request.body)
        clean = clean_board(payload)
    except strict_json.BadJson as exc:
        return _errors([f"The editor sent something that is not JSON: {exc}; nothing was saved."])
    except BoardError as exc:
        return _errors(exc.errors, problems=_problems(payload, exc))
    if board is None:
        tenant = _tenant_for_new_board(payload.get("tenant"))
        if tenant is None:
            return _errors(["Pick the tenant whose statistics the board shows."])
        board = Board(tenant=tenant, slug=Board.objects.unique_slug(clean["title"]))
    board.apply(clean)
    board.save()
    return JsonResponse(_saved(board))


def _tenant_for_new_board(wanted: object) -> Tenant | None:
    tenants = Tenant.objects.filter(enabled=True)
    if wanted in (None, "") and tenants.count() == 1:
        return tenants.first()
    pk = whole(wanted)
    return tenants.filter(pk=pk).first() if pk is not None else None


def _saved(board: Board) -> dict[str, Any]:
    """Tell every open screen of the board to redraw; return the editor's answer."""
    version = board_config(board)["version"]
    transaction.on_commit(lambda: signals.board_saved(board, version))
    return {
        "ok": True,
        "slug": board.slug,
        "version": version,
        "view_url": reverse("board-detail", args=[board.slug]),
        "edit_url": reverse("board-edit", args=[board.slug]),
    }


@supervisor
def board_import(request: HttpRequest) -> HttpResponse:
    """Make a new board from exported JSON (pasted or uploaded); on error keep the text."""
    context: dict[str, Any] = {"tenants": _tenants(), "text": "", "errors": []}
    if request.method != "POST":
        return render(request, "boards/board_import.html", context)
    text = _import_text(request)
    context.update(text=text or "", tenant=request.POST.get("tenant", ""))
    try:
        if text is None:
            raise BoardError([f"The file is larger than {MAX_IMPORT_BYTES:,} bytes."])
        clean = clean_board(strict_json.loads(text))
    except strict_json.BadJson as exc:
        context["errors"] = [f"This is not valid JSON: {exc}."]
    except BoardError as exc:
        context["errors"] = exc.errors
    tenant = _tenant_for_new_board(request.POST.get("tenant"))
    if tenant is None and not context["errors"]:
        context["errors"] = ["Pick the tenant whose statistics the board shows."]
    if context["errors"]:
        return render(request, "boards/board_import.html", context, status=400)
    board = Board(tenant=tenant, slug=Board.objects.unique_slug(clean["title"]))
    board.apply(clean)
    board.save()
    return redirect("board-edit", board.slug)


def _import_text(request: HttpRequest) -> str | None:
    """Return the board text of an import: the file's, or else the pasted text's; None
    if the file is too large to be a board."""
    upload = request.FILES.get("file")
    if upload is not None and upload.size and upload.size > MAX_IMPORT_BYTES:
        return None
    if upload is not None and upload.size:
        return upload.read().decode("utf-8", errors="replace")
    return request.POST.get("text", "")


@supervisor
@require_GET
def board_export(request: HttpRequest, slug: str) -> HttpResponse:
    board = _board(request, slug)
    export = {**board.export(), "widgets": placed_widgets(board)}
    response = JsonResponse(export, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{board.slug}.json"'
    return response


@supervisor
@require_POST
def board_duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    copy = _board(request, slug).duplicate()
    return redirect("board-edit", copy.slug)


@supervisor
@require_POST
def board_delete(request: HttpRequest, slug: str) -> HttpResponse:
    board = _board(request, slug)
    group, board_id = board.group_name, board.pk
    board.delete()
    transaction.on_commit(lambda: signals.board_deleted(group, board_id))
    return redirect("board-list")


@supervisor
@require_GET
def tenant_dispositions(request: HttpRequest) -> JsonResponse:
    """Return a tenant's disposition names for the leaderboard's picker (cached)."""
    found = dispositions(_tenant_asked(request))
    return JsonResponse({"dispositions": found.names, "error": found.error})


@supervisor
@require_GET
def tenant_campaigns(request: HttpRequest) -> JsonResponse:
    """Return a tenant's campaign names for the campaign widget's picker (cached)."""
    found = campaign_names(_tenant_asked(request))
    return JsonResponse({"campaigns": found.names, "error": found.error})


@supervisor
@require_GET
def tenant_services(request: HttpRequest) -> JsonResponse:
    """Return the names of the services a tenant's API user supervises, for the
    services pickers (cached)."""
    found = services(_tenant_asked(request))
    return JsonResponse({"services": found.names, "error": found.error})


def _tenant_asked(request: HttpRequest) -> Tenant:
    wanted = request.GET.get("tenant", "")
    return get_object_or_404(Tenant, pk=whole(wanted) or 0)
