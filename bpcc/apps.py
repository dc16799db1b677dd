"""The BPCC client: tenants, their credentials, and the one HTTP client of the upstream APIs."""

from __future__ import annotations

from django.apps import AppConfig


class BpccConfig(AppConfig):
    name = "bpcc"
    verbose_name = "Tenants (BPCC)"
