"""Uploads stream to a temporary file and stop at WALLBOARD_UPLOAD_MAX_BYTES.

Django's upload handlers see a file a chunk at a time, so a file over the limit is cut
off when it passes it: it is never held whole, on disk or in memory, and the view sees
no file and `too_large(request)` true, and says so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest

_FLAG = "_wallboard_upload_too_large"


class CappedUpload(TemporaryFileUploadHandler):
    """Write an upload to a temporary file, and drop it once it passes the limit."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> Any:
        self.received += len(raw_data)
        if self.received > settings.WALLBOARD_UPLOAD_MAX_BYTES:
            self.file.close()
            if self.request is not None:
                setattr(self.request, _FLAG, True)
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def too_large(request: HttpRequest) -> bool:
    """Return True if a file of this request was dropped for passing the size limit."""
    return bool(getattr(request, _FLAG, False))


def limit_text() -> str:
    """Return the upload limit in words, e.g. "50 MB"."""
    return f"{settings.WALLBOARD_UPLOAD_MAX_BYTES / 1_000_000:g} MB"
