"""Every console URL, GET or POST, is refused to anyone below campaign admin.

The URL patterns are walked, not listed: a view added without the role check fails.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from accounts import roles
from console import urls as console_urls
from tests.console.conftest import user

SAMPLE_ARGS = {"string": "x", "int": 1, "uuid": uuid.UUID(int=1), "path": "x", "slug": "x"}


def patterns() -> list[URLPattern]:
    found: list[URLPattern] = []
    for item in console_urls.urlpatterns:
        assert not isinstance(item, URLResolver), "walk nested includes too"
        found.append(item)
    return found


def url_of(pattern: URLPattern) -> str:
    """Return a URL that resolves to `pattern`, with sample values for its arguments."""
    converters = pattern.pattern.converters
    kwargs = {}
    for name, converter in converters.items():
        kind = type(converter).__name__.removesuffix("Converter").lower()
        kwargs[name] = SAMPLE_ARGS[kind]
    return reverse(f"console:{pattern.name}", kwargs=kwargs)


def test_the_console_has_its_views_registered() -> None:
    assert len(patterns()) >= 40


@pytest.mark.parametrize("pattern", patterns(), ids=lambda p: p.name)
def test_each_view_declares_the_campaign_admin_role(pattern: URLPattern) -> None:
    # The tenants page asks for more: superusers only (tests/console/test_tenants_page.py).
    wanted = roles.SUPERUSER if (pattern.name or "").startswith("tenant") else roles.CAMPAIGN_ADMIN
    assert getattr(pattern.callback, "required_role", None) == wanted


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.VIEWER, roles.SUPERVISOR])
def test_every_console_url_and_post_is_forbidden_below_campaign_admin(role: str) -> None:
    client = Client()
    client.force_login(user(f"below-{role}", role))
    refused = []
    for pattern in patterns():
        url = url_of(pattern)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"idempotency_key": "k", "confirm_name": "x"})
            refused.append((method.upper(), url, response.status_code))
    assert {status for _, _, status in refused} == {403}, [r for r in refused if r[2] != 403]
    assert len(refused) == 2 * len(patterns())


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in() -> None:
    for pattern in patterns():
        url = url_of(pattern)
        for response in (Client().get(url), Client().post(url)):
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/?next=")
