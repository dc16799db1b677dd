"""Run the simulator: `python -m simulator --port 8100 --seed 1 --speed 1`."""

from __future__ import annotations

import argparse
from datetime import datetime

import uvicorn

from simulator.app import build_app
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
    args = parser.parse_args(argv)
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
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    app, tenant = build_app(config_from(args))
    print(
        f"BPCC simulator (seed {args.seed}, speed {args.speed:g}) on "
        f"http://{args.host}:{args.port}; client_id={tenant.config.client_id}",
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
