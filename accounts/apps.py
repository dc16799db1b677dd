"""Accounts: the roles users hold (viewer, supervisor, campaign admin, superuser)."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"
