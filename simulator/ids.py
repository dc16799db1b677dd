"""Identifiers drawn from the seed, so that runs with the same seed repeat exactly."""

from __future__ import annotations

import random
import uuid


class Ids:
    """Make GUIDs and tokens from a private random stream."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"ids-{seed}")

    def guid(self) -> str:
        """Return a GUID in BPCC's upper-case form."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4)).upper()

    def token(self) -> str:
        """Return a 64-hex-digit access token, as BPCC issues them."""
        return f"{self._rng.getrandbits(256):064X}"
