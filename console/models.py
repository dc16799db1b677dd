"""What the console keeps: the audit log, idempotency keys, each user's tenant, imports,
deletion jobs and the tasks it queued."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from bpcc.models import Tenant


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def filtered(self, params: Any) -> AuditQuerySet:
        """Return the entries matching the audit page's filters (a QueryDict or dict)."""
        entries = self
        for param, lookup in (
            ("user", "username__icontains"),
            ("action", "action__icontains"),
            ("target", "target__icontains"),
            ("tenant", "tenant_name__icontains"),
        ):
            if not params.get(param):
                continue
            if "\x00" in params[param]:
                # No stored text holds a NUL (PostgreSQL's cannot): nothing matches, where
                # PostgreSQL's driver would refuse the query.
                return self.none()
            entries = entries.filter(**{lookup: params[param].strip()})
        if params.get("outcome") in ("ok", "failed"):
            entries = entries.filter(ok=params["outcome"] == "ok")
        if params.get("since"):
            entries = entries.filter(at__date__gte=params["since"])
        if params.get("until"):
            entries = entries.filter(at__date__lte=params["until"])
        return entries


class AuditEntry(models.Model):
    """One change an admin asked of a tenant: who, when, what, and what the tenant said."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150)  # kept when the user is deleted
    tenant = models.ForeignKey(Tenant, null=True, on_delete=models.SET_NULL)
    tenant_name = models.CharField(max_length=100)
    action = models.CharField(max_length=100)
    target = models.CharField(max_length=300)
    request_summary = models.JSONField(default=dict)
    # The HTTP status the tenant answered with; None when it did not answer at all.
    upstream_status = models.IntegerField(null=True)
    ok = models.BooleanField()
    result = models.TextField()
    details = models.JSONField(default=dict)  # e.g. per-record results of a bulk change
    idempotency_key = models.CharField(max_length=64, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.target}"

    @property
    def status_text(self) -> str:
        return str(self.upstream_status) if self.upstream_status else "no answer"


class Mutation(models.Model):
    """A submitted form's idempotency key and, once carried out, what to answer again.

    The key is generated when the form is shown; the first submission claims it (a
    unique row), any repeat is answered with the stored outcome instead of a new call.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True, db_index=True)  # for forgetting
    done = models.BooleanField(default=False)
    redirect_to = models.CharField(max_length=1000, blank=True)
    message = models.TextField(blank=True)
    level = models.CharField(max_length=10, default="success")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_use_per_key")]

    def __str__(self) -> str:
        return f"{self.key} ({'done' if self.done else 'pending'})"


class TenantChoice(models.Model):
    """The tenant a user last picked in the console: kept across sessions and logins,
    forgotten with the tenant (the console then works on the first enabled one)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE
    )
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)

    def __str__(self) -> str:
        return f"{self.user} works on {self.tenant}"


class ImportJob(models.Model):
    """A CSV import into a calling list: the file, the column mapping and the progress."""

    class State(models.TextChoices):
        MAPPING = "mapping", "waiting for the column mapping"
        QUEUED = "queued", "queued"
        RUNNING = "running", "sending"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    list_id = models.CharField(max_length=200)  # the list's name on OneCloud CX tenants
    list_name = models.CharField(max_length=300)
    filename = models.CharField(max_length=300)
    # Kept in the database, not on disk: the worker that sends it may be another machine.
    source = models.TextField()
    delimiter = models.CharField(max_length=1, default=",")
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # CSV column -> list field
    state = models.CharField(max_length=10, choices=State.choices, default=State.MAPPING)
    total_rows = models.IntegerField(default=0)
    sent_rows = models.IntegerField(default=0)
    added = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    blank_lines = models.IntegerField(default=0)
    chunk_size = models.IntegerField(default=1000)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True)
    # The sending run that owns the job (a new one when it is queued or resumed), and
    # when it last showed it was alive: a run that stops hearing it owns the job stops.
    run = models.UUIDField(null=True)
    heartbeat = models.DateTimeField(null=True)
    # The rows (from `sent_rows` on) of the request sent and not yet answered, and their
    # lines: if the worker dies meanwhile, the tenant may or may not have added them.
    in_flight = models.IntegerField(default=0)
    in_flight_lines = models.CharField(max_length=40, blank=True)
    # Rows at the start of the next run that are sent again after an unanswered request:
    # a duplicateKey among them means the first request added the record.
    resending = models.IntegerField(default=0)
    already = models.IntegerField(default=0)  # rows found already in the list, so

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} into {self.list_name}"

    @staticmethod
    def stall_cutoff() -> datetime:
        """Return the time before which a queued or sending job's last sign of life
        means that nothing is sending it any more (its worker died, or its task was
        lost): three upstream timeouts and a margin."""
        seconds = 3 * settings.WALLBOARD_CONSOLE_TIMEOUT + 30
        return timezone.now() - timedelta(seconds=seconds)

    @property
    def stalled(self) -> bool:
        if self.state not in (self.State.QUEUED, self.State.RUNNING):
            return False
        return self.heartbeat is None or self.heartbeat < self.stall_cutoff()

    @property
    def percentage(self) -> int:
        return 100 if not self.total_rows else self.sent_rows * 100 // self.total_rows

    def progress(self) -> dict[str, Any]:
        """Return what the import page's progress bar shows."""
        return {
            "state": self.state,
            "state_text": self.get_state_display(),
            "total": self.total_rows,
            "sent": self.sent_rows,
            "added": self.added,
            "rejected": self.rejected,
            "percentage": self.percentage,
            "error": self.error,
            "finished": self.state in (self.State.DONE, self.State.FAILED),
            "stalled": self.stalled,
            "already": self.already,
        }


class Rejection(models.Model):
    """A CSV row that did not become a record, and why."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejections")
    line = models.IntegerField(null=True)  # the row's line in the file; None if unknown
    kind = models.CharField(max_length=40)  # the documented error kind, or the console's
    reason = models.TextField()
    values = models.JSONField(default=dict)

    class Meta:
        ordering = ["line", "pk"]
        # The report counts by kind and shows the first rows of each, in line order.
        indexes = [models.Index(fields=["job", "kind", "line"], name="rejection_report")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind}"


class DeleteJob(models.Model):
    """A record deletion job (Delete Many / Delete All Records) the console started."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    list_id = models.CharField(max_length=200)
    list_name = models.CharField(max_length=300)
    job_id = models.CharField(max_length=200)
    criteria = models.JSONField(default=dict)  # {} for Delete All Records
    estimated_time = models.IntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, default="processing")
    percentage = models.IntegerField(default=0)
    deleted = models.IntegerField(null=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"job {self.job_id} on {self.list_name}"

    @property
    def finished(self) -> bool:
        return self.state in ("complete", "failed")


class QueuedTask(models.Model):
    """A task queued from the console, so "cancel all" can say how many are waiting."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)
    task_id = models.CharField(max_length=100)
    ext_task_id = models.CharField(max_length=200, blank=True)
    service = models.CharField(max_length=200)
    status = models.CharField(max_length=20, default="QUEUED")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.task_id


class KnownFormat(models.Model):
    """The fields of a list format, as created here or read from a record of a list.

    List Management v3 has no method that returns a format's fields, and formats cannot
    be changed, so what is learnt once stays true.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)
    format_id = models.CharField(max_length=200)
    fields = models.JSONField(default=list)  # [{"name", "type"?, "key"?, ...}]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "format_id"], name="one_format_per_id")
        ]

    def __str__(self) -> str:
        return self.format_id


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def of_day(self, tenant: Tenant, day_start: datetime) -> AppointmentQuerySet:
        """Return the tenant's appointments whose room time falls on the day that
        starts at `day_start` (an aware datetime, local midnight)."""
        return self.filter(
            tenant=tenant, starts__gte=day_start, starts__lt=day_start + timedelta(days=1)
        )

    def board_rows(self, tenant: Tenant, now: datetime) -> list[list[Any]]:
        """Return today's appointments (the tenant's day) as board rows, by time:
        `[task number, room time (epoch seconds), moderator, phase]`."""
        local = now.astimezone(ZoneInfo(tenant.time_zone))
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return [
            [a.task_num, a.starts.timestamp(), a.moderator, a.phase(now)]
            for a in self.of_day(tenant, start).order_by("starts", "pk")
        ]


class Appointment(models.Model):
    """A video appointment scheduled from the console, with each change made to it.

    The appointment API cannot list appointments (docs/upstream/appointments.md), so
    this record is all the console and the boards know: what was scheduled here.
    """

    class Status(models.TextChoices):
        OPEN = "open", "open"
        FINISHED = "finished", "finished"
        CANCELED = "canceled", "canceled"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)
    task_num = models.CharField(max_length=50)
    # The console's idempotency key of "Schedule", sent as out_task_num.
    out_task_num = models.CharField(max_length=100)
    room_type = models.CharField(max_length=20)
    starts = models.DateTimeField()
    branch_code = models.CharField(max_length=100)
    remarks = models.CharField(max_length=500, blank=True)
    moderator = models.CharField(max_length=200, blank=True)
    customers = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # Every change, oldest first: {"at": ISO time, "by": username, "what": text}.
    history = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "out_task_num"], name="one_appointment_per_out_task_num"
            )
        ]

    def __str__(self) -> str:
        return self.task_num

    def note(self, by: str, what: str) -> None:
        """Add a change to the history (the caller saves)."""
        self.history.append({"at": timezone.now().isoformat(), "by": by, "what": what})

    def phase(self, now: datetime) -> str:
        """Return "upcoming", "in progress", "finished" or "canceled" at `now`."""
        if self.status != self.Status.OPEN:
            return str(self.status)
        return "upcoming" if self.starts > now else "in progress"
