"""A campaign admin's session on a test stack's console, through its web process."""

from __future__ import annotations

import itertools
import re
from typing import Any

import httpx

from tests.conftest import Stack

PASSWORD = "importer-password-123"
_names = itertools.count(1)


class Console:
    """A campaign admin's browser session on the stack's web process."""

    def __init__(self, stack: Stack) -> None:
        stack.create_user("importer", PASSWORD, role="campaign_admin")
        self.http = httpx.Client(base_url=stack.web_url, timeout=30)
        self.http.get("/accounts/login/")
        answer = self.post("/accounts/login/", {"username": "importer", "password": PASSWORD})
        assert answer.status_code == 302, answer.text

    def post(self, path: str, data: dict[str, Any], **extra: Any) -> httpx.Response:
        token = self.http.cookies["csrftoken"]
        return self.http.post(path, data={"csrfmiddlewaretoken": token, **data}, **extra)

    def page(self, path: str) -> str:
        return self.http.get(path, follow_redirects=True).text

    def create_list(self, keyed: bool) -> str:
        """Create a list and its format (code, tel) through the console; return its id."""
        name = f"Killed worker {next(_names)} {'keyed' if keyed else 'keyless'}.csv"
        form = self.page("/console/lists/new/")
        key = re.findall(r'name="idempotency_key" value="([^"]+)"', form)[1]
        data = {
            "idempotency_key": key,
            "mode": "new",
            "name": name,
            "format_name": f"{name} format",
            "field_name": ["code", "tel"],
            "field_type": ["OTHER", "PHONE"],
            "field_required": ["0", "1"],
        }
        if keyed:
            data["field_key"] = ["0"]
        created = self.post("/console/lists/new/", data, follow_redirects=True)
        assert "are created" in created.text, created.text
        return str(created.url).rstrip("/").rsplit("/", 1)[-1]
