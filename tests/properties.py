"""The hypothesis profiles of the property tests: "default" keeps each property to a
few seconds on a shared machine; HYPOTHESIS_PROFILE=thorough runs many more examples."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Each example is a request through Django (and some reach the simulator over HTTP),
# and the fixtures (database, client, tenant) are shared by a property's examples,
# which check their own before and after.
COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": False,
}
settings.register_profile("default", max_examples=25, **COMMON)
settings.register_profile("thorough", max_examples=500, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
