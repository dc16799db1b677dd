"""The web server: `python -m wallboard.web --port 8000`.

One definition of how the web processes run, for supervisord.conf, the tests and the
benchmarks: uvicorn on uvloop, with httptools for HTTP and websockets' sans-I/O
protocol for WebSockets (no task per socket), which hands a broadcast to thousands of
sockets several times faster than daphne did (README, "Benchmarks"), each message framed
once for all its sockets (wallboard/ws_protocol.py). Logging is
Django's (`WALLBOARD_LOG_LEVEL`); settings.LOGGING keeps per-request access lines out.
"""

from __future__ import annotations

import argparse
import contextlib
import resource

import uvicorn

from wallboard.ws_protocol import BroadcastProtocol

APP = "wallboard.asgi:application"
# What a client may send on a socket here is a few words ("resync", "hello"); a
# larger message is refused rather than buffered.
MAX_MESSAGE_BYTES = 64 * 1024
GRACE_SECONDS = 5


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m wallboard.web", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    allow_many_sockets()
    uvicorn.run(
        APP,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        ws=BroadcastProtocol,
        ws_per_message_deflate=False,  # CPU and memory per socket, for small JSON deltas
        ws_max_size=MAX_MESSAGE_BYTES,
        lifespan="off",  # Django's ASGI application has no lifespan events
        # On stop, sockets are closed with 1012 ("service restart") and screens reconnect
        # elsewhere; a socket or response that has not finished in time is dropped.
        timeout_graceful_shutdown=GRACE_SECONDS,
        log_config=None,  # Django's LOGGING, configured when the application loads
    )


def allow_many_sockets() -> None:
    """Raise this process's limit of open files to what the system allows it: each
    screen is a socket, and the usual soft limit (1,024) is a few hundred kiosks."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft < wanted:
        with contextlib.suppress(ValueError, OSError):  # then the soft limit stays
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


if __name__ == "__main__":
    main()
