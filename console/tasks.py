"""Celery tasks of the console: thin wrappers around plain functions."""

from __future__ import annotations

from celery import shared_task

from console import import_runner
from console.models import ImportJob


@shared_task
def run_import(job_id: str, run: str | None = None) -> str:
    """Send a queued CSV import to its tenant, as its run `run` (see import_runner)."""
    job = ImportJob.objects.select_related("tenant", "user").filter(pk=job_id).first()
    if job is None or job.state not in (ImportJob.State.QUEUED, ImportJob.State.RUNNING):
        return "nothing to do"
    if run is not None and str(job.run) != run:
        return "superseded"
    import_runner.send(job)
    return job.state
