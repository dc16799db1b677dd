"""The Celery app, wired as in Celery's "First steps with Django"."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wallboard.settings")

app = Celery("wallboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def setup_periodic_tasks(sender: Celery, **kwargs: object) -> None:
    """Declare every beat schedule of the project, in this one block."""
    from django.conf import settings

    from stats.tasks import poll_tenants

    # Poll every tenant's statistics subscription. The interval is the freshness a
    # supervisor sees; BPCC's own wallboard polls every 3-5 s.
    sender.add_periodic_task(
        settings.WALLBOARD_POLL_INTERVAL,
        poll_tenants.s(),
        name="poll-tenants",
        # A poll that waited longer than one interval is out of date; drop it.
        expires=settings.WALLBOARD_POLL_INTERVAL,
    )
