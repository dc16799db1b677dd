"""/metrics: what every process recorded in Redis, in Prometheus' text format."""

from __future__ import annotations

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from stats import store
from wallboard import metrics

pytestmark = pytest.mark.usefixtures("use_redis")


def samples(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_figures_from_every_process_are_exposed(client: Client) -> None:
    r = store.client()
    metrics.observe(r, "poll", 0.03, "7")
    metrics.observe_many(r, "poll", [0.2, 7.5], "7")
    metrics.count(r, "upstream_errors", metrics.labels(7, 503), by=2)
    metrics.count(r, "polls_skipped", "7")
    metrics.count(r, "gaps_healed", by=3)
    metrics.observe(r, "broadcast", 0.004)
    metrics.set_clients(r, "web-a", 120)
    metrics.set_clients(r, "web-b", 80)

    found = samples(client)

    assert found[("wallboard_poll_seconds_count", (("tenant", "7"),))] == 3
    assert found[("wallboard_poll_seconds_bucket", (("le", "0.05"), ("tenant", "7")))] == 1
    assert found[("wallboard_poll_seconds_bucket", (("le", "+Inf"), ("tenant", "7")))] == 3
    assert found[("wallboard_poll_seconds_sum", (("tenant", "7"),))] == pytest.approx(7.73)
    assert found[("wallboard_upstream_errors_total", (("status", "503"), ("tenant", "7")))] == 2
    assert found[("wallboard_polls_skipped_total", (("tenant", "7"),))] == 1
    assert found[("wallboard_gaps_healed_total", ())] == 3
    assert found[("wallboard_broadcast_seconds_count", ())] == 1
    assert found[("wallboard_connected_clients", (("process", "web-a"),))] == 120
    assert found[("wallboard_connected_clients", (("process", "web-b"),))] == 80


def test_with_a_token_set_only_the_scraper_reads_the_metrics(client: Client, settings) -> None:
    settings.WALLBOARD_METRICS_TOKEN = "scrape-me"

    refused = client.get("/metrics")
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    allowed = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})

    assert (refused.status_code, wrong.status_code, allowed.status_code) == (403, 403, 200)


def test_without_a_token_remote_visitors_are_refused(client: Client) -> None:
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
