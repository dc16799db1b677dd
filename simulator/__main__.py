"""Run the simulator: `python -m simulator --port 8100 --seed 1 --speed 1`."""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime
from pathlib import Path

import uvicorn

from simulator import certificates
from simulator.app import build_app
from simulator.hosting import Connections, Host, build_tenants, counted
from simulator.tenant import Config


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m simulator", description="A simulated BPCC tenant over HTTP."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--seed", type=int, default=1, help="same seed, same centre")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulated seconds per wall-clock second"
    )
    parser.add_argument(
        "--manual-clock",
        action="store_true",
        help="time moves only on POST /_sim/advance (repeatable runs)",
    )
    parser.add_argument(
        "--start", help="simulated start time, ISO 8601 (default: now, or a fixed Monday 10:00)"
    )
    parser.add_argument("--timezone", default="UTC", help="the tenant's time zone")
    parser.add_argument(
        "--daily-reset", type=int, default=0, help="local hour when *_per_day counters restart"
    )
    parser.add_argument(
        "--token-ttl", type=float, default=3600, help="seconds an access token lives"
    )
    parser.add_argument("--subscription-limit", type=int, default=5)
    parser.add_argument(
        "--warmup", type=float, default=1200, help="simulated seconds lived before the start"
    )
    parser.add_argument(
        "--tenants",
        type=int,
        default=0,
        help="serve this many tenants, tenant k under /t/tenant-k/ (default: one, at the root)",
    )
    parser.add_argument(
        "--tls", action="store_true", help="serve HTTPS with a certificate made at start"
    )
    parser.add_argument(
        "--tls-dir",
        help="where --tls writes ca.pem, cert.pem and key.pem (default: a new temp dir)",
    )
    parser.add_argument(
        "--keep-alive", type=float, default=5, help="seconds an idle connection is kept open"
    )
    parser.add_argument("--certfile", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--keyfile", help="... and this private key (PEM)")
    args = parser.parse_args(argv)
    if bool(args.certfile) != bool(args.keyfile):
        parser.error("--certfile and --keyfile go together")
    if args.tls and args.certfile:
        parser.error("--tls makes its own certificate: give it or --certfile, not both")
    if args.tenants < 0 or args.warmup < 0:
        parser.error("--tenants and --warmup may not be negative")
    if args.speed <= 0:
        parser.error("--speed must be above 0")
    if not 0 <= args.daily_reset < 24:
        parser.error("--daily-reset is an hour, 0 to 23")
    return args


def config_from(args: argparse.Namespace) -> Config:
    start = datetime.fromisoformat(args.start).timestamp() if args.start else None
    return Config(
        seed=args.seed,
        speed=args.speed,
        manual_clock=args.manual_clock,
        start=start,
        timezone=args.timezone,
        daily_reset=args.daily_reset,
        token_ttl=args.token_ttl,
        subscription_limit=args.subscription_limit,
        warmup=args.warmup,
    )


def certificate(args: argparse.Namespace) -> tuple[str, str] | None:
    """Return the certificate and key files to serve HTTPS with (None: plain HTTP),
    making them for --tls and saying where the authority to trust is."""
    if args.certfile:
        return args.certfile, args.keyfile
    if not args.tls:
        return None
    directory = Path(args.tls_dir or tempfile.mkdtemp(prefix="bpcc-simulator-tls-"))
    files = certificates.make(directory, args.host)
    print(f"TLS: trust the authority in {files.ca}", flush=True)
    return str(files.cert), str(files.key)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    config = config_from(args)
    tls = certificate(args)
    connections = Connections(tls=tls is not None)
    scheme = "https" if tls else "http"
    if args.tenants:
        tenants = build_tenants(config, args.tenants)
        host = Host(connections, tenants={name: app for name, (app, _) in tenants.items()})
        where = f"{scheme}://{args.host}:{args.port}/t/tenant-1 … tenant-{args.tenants}"
        who = "client_id=wallboard-demo-<k>"
    else:
        app, tenant = build_app(config)
        host = Host(connections, root=app)
        where, who = f"{scheme}://{args.host}:{args.port}", f"client_id={tenant.config.client_id}"
    print(f"BPCC simulator (seed {args.seed}, speed {args.speed:g}) on {where}; {who}", flush=True)
    server = uvicorn.Config(
        host,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=args.keep_alive,
        # Stop within a second or two even with clients that keep their connections
        # open: over TLS each would be waited for, up to half a minute.
        timeout_graceful_shutdown=1,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
    )
    server.load()
    server.http_protocol_class = counted(server.http_protocol_class, connections)
    uvicorn.Server(server).run()


if __name__ == "__main__":
    main()
