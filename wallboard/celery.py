"""The Celery app, wired as in Celery's "First steps with Django"."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wallboard.settings")

app = Celery("wallboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Every beat schedule of the project, in this one block. The tenants' polls are not
# here: the beat scheduler itself (stats/scheduler.py, CELERY_BEAT_SCHEDULER) sends
# them on a fixed grid of each tenant's poll interval (2 s by default; the freshness
# a supervisor sees; BPCC's own wallboard polls every 3-5 s).
app.conf.beat_schedule = {}
