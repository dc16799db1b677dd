"""Pages that show boards: board pages, kiosks and the screens page."""

from __future__ import annotations

from django.urls import path

from screens import kiosk_views, views

board_pages = [
    path("", views.home, name="home"),
    path("boards/", views.board_list, name="board-list"),
    path("boards/<slug:slug>/", views.board_detail, name="board-detail"),
    path("boards/<slug:slug>/history/", views.board_history, name="board-history"),
    path("boards/<slug:slug>/alerts/", views.board_alerts, name="board-alerts"),
    path("boards/<slug:slug>/ack/", views.board_acknowledge, name="board-ack"),
]
kiosk_pages = [
    path("kiosk/<str:token>/", kiosk_views.kiosk, name="kiosk"),
    path("kiosk/<str:token>/history/", kiosk_views.kiosk_history, name="kiosk-history"),
]
screens_page = [
    path("screens/", kiosk_views.screens_page, name="screens"),
    path("screens/data/", kiosk_views.screens_data, name="screens-data"),
    path(
        "screens/screen/<str:screen_id>/<str:command>/",
        kiosk_views.screen_command,
        name="screen-command",
    ),
    path("screens/links/<int:pk>/revoke/", kiosk_views.link_revoke, name="link-revoke"),
    path("screens/links/<int:pk>/hours/", kiosk_views.link_hours, name="link-hours"),
    path("screens/rotations/new/", kiosk_views.rotation_edit, name="rotation-new"),
    path("screens/rotations/<int:pk>/", kiosk_views.rotation_edit, name="rotation-edit"),
    path("screens/rotations/<int:pk>/delete/", kiosk_views.rotation_delete, name="rotation-delete"),
]
urlpatterns = board_pages + kiosk_pages + screens_page
