"""Fixtures of the browser tests beside the stack's (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bpcc.admin_api import AdminClient
from tests.conftest import Stack


@pytest.fixture
def api(stack: Stack) -> Iterator[AdminClient]:
    """Return a List Management and Task Routing client of the stack's simulator, as its
    demo user: the tests' own hands on the tenant, beside the product's."""
    with AdminClient(
        stack.simulator_url, timeout=10, client_id="wallboard-demo", client_secret="demo-secret"
    ) as client:
        yield client
