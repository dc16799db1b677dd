"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging
import re


class HealthProbeAnswers(logging.Filter):
    """Drop django.request's "Service Unavailable: /healthz" lines.

    A 503 from /healthz is the probe's answer (a tenant is not ok), not a fault of the
    server; logged as an error it would repeat at every probe of every outage. What is
    wrong is logged once by the poller when the tenant's state changes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        probe = getattr(request, "path", None) == "/healthz"
        return not (probe and getattr(record, "status_code", None) == 503)


class AcceptedSockets(logging.Filter):
    """Drop the lines uvicorn and websockets log for every socket that opens and closes
    normally: thousands come at once when every screen reconnects after a restart.
    Refused sockets are still logged: they say something is wrong (an origin, a proxy)."""

    EVERY_SOCKET = frozenset({"connection open", "connection closed"})

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str):
            return True
        accepted = record.msg.endswith('"WebSocket %s" [accepted]')
        return not (accepted or record.msg in self.EVERY_SOCKET)


class BrokerRetries(logging.Filter):
    """Keep the first of a Celery worker's "Cannot connect to redis://… Trying again"
    lines per outage and drop the others: retried every few seconds (stats/worker.py),
    an outage of some minutes would log a hundred. "Connection to broker lost", logged
    when an outage begins, is kept and lets the next outage's first retry through."""

    LOST = "consumer: Connection to broker lost"
    RETRY = "consumer: Cannot connect to"

    def __init__(self) -> None:
        super().__init__()
        self.retrying = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        if message.startswith(self.LOST):
            self.retrying = False
        elif message.startswith(self.RETRY):
            first, self.retrying = not self.retrying, True
            return first
        return True


class KioskTokens(logging.Filter):
    """Mask display-link tokens in every line: a token in a URL is the key to a board,
    and "Not Found: /kiosk/<token>/…" or a refused socket's line would hand it to anyone
    who reads the logs. The path stays readable: /kiosk/…/history/."""

    TOKEN = re.compile(r"(/kiosk/)[^/\s\"'?#]+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/kiosk/" in message:
            record.msg, record.args = self.TOKEN.sub(r"\1…", message), None
        return True
