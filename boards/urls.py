"""The board editor's URLs. Included before screens/urls.py, whose `boards/<slug>/`
would otherwise take `boards/new/` and the pickers' paths."""

from __future__ import annotations

from django.urls import path

from boards import views

urlpatterns = [
    path("boards/new/", views.board_new, name="board-new"),
    path("boards/import/", views.board_import, name="board-import"),
    path("boards/dispositions/", views.tenant_dispositions, name="board-dispositions"),
    path("boards/services/", views.tenant_services, name="board-services"),
    path("boards/campaigns/", views.tenant_campaigns, name="board-campaigns"),
    path("boards/<slug:slug>/edit/", views.board_edit, name="board-edit"),
    path("boards/<slug:slug>/export.json", views.board_export, name="board-export"),
    path("boards/<slug:slug>/duplicate/", views.board_duplicate, name="board-duplicate"),
    path("boards/<slug:slug>/delete/", views.board_delete, name="board-delete"),
]
