"""Exactly once, on record: idempotency keys, typed confirmations and the audit log.

Every console form that changes something upstream carries a fresh idempotency key
(`{% mutation_key %}`); `perform` claims it before calling the tenant, so a double
click or a resubmitted form makes one upstream call and is answered with the first
outcome. Destructive forms also ask for the target's name (`{% confirm_name %}`),
checked against a value the server signed when it showed the form.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from bpcc.admin_api import (
    AdminClient,
    BadId,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    TaskRoutingError,
    Unauthorized,
    Unreachable,
    UpstreamError,
)
from bpcc.client import BadResponse
from bpcc.models import Tenant
from bpcc.tokens import client_for
from console.models import AuditEntry, Mutation

KEY_FIELD = "idempotency_key"
CONFIRM_SALT = "console.confirm"
# How long a repeat waits for the first submission of its key to finish.
REPLAY_WAIT = 15.0
# How long a used key is remembered. A form resubmitted later than this (a tab left
# open for a month, then "resend") is carried out again; the audit log keeps both.
KEY_RETENTION = timedelta(days=30)


def admin(request: HttpRequest) -> User:
    """Return the logged-in user of a console request (every view requires one)."""
    return cast(User, request.user)


def new_key() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Outcome:
    """What a successful change says, keeps in the audit log, and where it leads."""

    message: str
    details: dict[str, Any] = field(default_factory=dict)
    redirect_to: str = ""
    show_entry: bool = False  # lead to the audit entry, which shows the details
    ok: bool = True  # False: the call succeeded but the change did not happen


@dataclass
class Change:
    """A change to ask of the tenant, described for the audit log."""

    action: str
    target: str
    summary: dict[str, Any]
    call: Callable[[AdminClient], Outcome]
    done_url: str
    failed_url: str = ""
    conflict: str = ""  # the documented 409 of this action, in plain words


def perform(request: HttpRequest, tenant: Tenant, change: Change) -> HttpResponse:
    """Carry out `change` once per idempotency key, record it, and redirect."""
    key = request.POST.get(KEY_FIELD, "")
    if not key:
        messages.error(request, "This form is out of date: reload the page and submit it again.")
        return HttpResponseRedirect(change.failed_url or change.done_url)
    mutation = _claim(request, key)
    if mutation is None:
        return _replay(request, key)
    with client_for(tenant) as api:
        try:
            outcome = change.call(api)
            ok, text = outcome.ok, outcome.message
        except UpstreamError as exc:
            outcome, ok, text = Outcome(""), False, explain(exc, change.conflict)
        except BadId:
            mutation.delete()  # nothing reached the tenant: the form may be sent again
            raise
        entry = AuditEntry.objects.create(
            user=admin(request),
            username=request.user.get_username(),
            tenant=tenant,
            tenant_name=tenant.name,
            action=change.action,
            target=change.target,
            request_summary={"request": api.last_request, **change.summary},
            upstream_status=api.last_status,
            ok=ok,
            result=text,
            details=outcome.details,
            idempotency_key=key,
        )
    url = outcome.redirect_to or (change.done_url if ok else change.failed_url or change.done_url)
    if outcome.show_entry:
        url = reverse("console:audit-entry", args=[entry.pk])
    mutation.done, mutation.redirect_to, mutation.message = True, url, text
    mutation.level = "success" if ok else "error"
    mutation.save()
    return _answer(request, mutation, entry.pk)


def _claim(request: HttpRequest, key: str) -> Mutation | None:
    """Return a new claim on `key`, or None when it was claimed before.

    Keys older than `KEY_RETENTION` are forgotten on the way, so the table holds about
    a month of changes rather than every change ever made.
    """
    Mutation.objects.filter(created__lt=timezone.now() - KEY_RETENTION).delete()
    try:
        with transaction.atomic():
            return Mutation.objects.create(user=admin(request), key=key)
    except IntegrityError:
        return None


def _replay(request: HttpRequest, key: str) -> HttpResponse:
    """Answer a repeated submission with the first one's outcome, once it has one."""
    deadline = time.monotonic() + REPLAY_WAIT
    mutation = Mutation.objects.get(user=admin(request), key=key)
    while not mutation.done and time.monotonic() < deadline:
        time.sleep(0.1)  # the first submission is still talking to the tenant
        mutation.refresh_from_db()
    if not mutation.done:
        messages.warning(
            request,
            "This form was already submitted and is still being carried out. "
            "Its outcome will be in the audit log.",
        )
        return HttpResponseRedirect(reverse("console:audit"))
    entry = AuditEntry.objects.filter(idempotency_key=key, user=admin(request)).first()
    return _answer(request, mutation, entry.pk if entry else None, repeat=True)


def _answer(
    request: HttpRequest, mutation: Mutation, entry_id: int | None, repeat: bool = False
) -> HttpResponse:
    text = mutation.message
    if repeat:
        text = f"{text} (This form had been submitted already; it was not sent again.)"
    tags = f"audit:{entry_id}" if entry_id else ""
    messages.add_message(
        request, messages.constants.DEFAULT_LEVELS[mutation.level.upper()], text, extra_tags=tags
    )
    return HttpResponseRedirect(mutation.redirect_to)


def explain(exc: UpstreamError, conflict: str = "") -> str:
    """Return an upstream failure in plain words, with the tenant's own."""
    said = f" The tenant said: “{exc.message}”" if exc.message else ""
    if isinstance(exc, TaskRoutingError):
        return f"{exc.explanation} (Task Routing error {exc.code}.){said}"
    if isinstance(exc, BadResponse):
        return f"The tenant's answer could not be read: {exc.message}."
    if isinstance(exc, Unreachable):
        return (
            f"The tenant did not answer ({exc.message}). The change may or may not have "
            "been made: check before trying again."
        )
    if isinstance(exc, Conflict) and conflict:
        return f"{conflict}{said}"
    if isinstance(exc, Forbidden):
        return f"The tenant's API user is not allowed to do this: it lacks a privilege.{said}"
    if isinstance(exc, Unauthorized):
        return (
            "The tenant refused the console's credentials: check the tenant's client ID "
            f"and secret in the admin.{said}"
        )
    if isinstance(exc, NotFound):
        return f"The tenant could not find what this refers to.{said}"
    if isinstance(exc, BadRequest):
        return f"The tenant refused the request as incomplete or invalid.{said}"
    return f"The tenant answered with an error ({exc.status or 'no status'}).{said}"


# --- typed confirmation ----------------------------------------------------------------


def sign_name(name: str) -> str:
    """Return the value the confirmation form carries: the expected name, signed."""
    return signing.dumps(name, salt=CONFIRM_SALT)


def confirmation_error(request: HttpRequest, expected: str) -> str:
    """Return why the typed confirmation fails ("" when the admin typed `expected`)."""
    try:
        signed = signing.loads(request.POST.get("confirm_expected", ""), salt=CONFIRM_SALT)
    except signing.BadSignature:
        return "The confirmation could not be checked: reload the page and try again."
    typed = request.POST.get("confirm_name", "").strip()
    if signed != expected:
        return "The confirmation belongs to another item: reload the page."
    if typed != expected:
        return f"Type “{expected}” exactly to confirm; nothing was changed."
    return ""
