"""Wallboard: real-time contact-centre wallboard for Bright Pattern tenants."""

from __future__ import annotations

from wallboard.celery import app as celery_app

__all__ = ("celery_app",)
