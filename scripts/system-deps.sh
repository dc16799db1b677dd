#!/usr/bin/env bash
# Install the system programs the project runs against, when they are missing:
#   redis-server  the real Redis server (Debian's maintained 7.x build) for the channel
#                 layer, the Celery broker and the snapshot store;
#   chromium      Debian's Chromium, driven by Playwright for the browser tests
#                 (Playwright cannot download its own browser on closed networks);
#   faketime      libfaketime, which runs a test's worker with its clock off by 30 s
#                 (tests/e2e/test_clock_skew.py);
#   initdb        Debian's PostgreSQL server, of which the tests make a cluster of their
#                 own (tests/postgres.py);
#   ip            iproute2, which makes the network namespaces of the several-machines
#                 test (tests/netns.py).
# Usage: scripts/system-deps.sh redis-server [chromium] [faketime] [initdb] [ip]
#        scripts/system-deps.sh --package python3-venv
set -euo pipefail

declare -A package=([redis-server]=redis-server [chromium]=chromium [faketime]=faketime
                    [initdb]=postgresql [ip]=iproute2)
# Debian keeps PostgreSQL's server programs off PATH, under /usr/lib/postgresql/<version>/bin.
found() {
    command -v "$1" >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/$1" >/dev/null
}
missing=()
if [ "${1:-}" = "--package" ]; then
    missing=("$2")
else
    for program in "$@"; do
        found "$program" || missing+=("${package[$program]}")
    done
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing ${missing[*]} and no apt-get here: install them with your package manager." >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${missing[*]} from Debian's packages..."
# policy-rc.d exit 101 stops the packages from starting a system-wide redis on 6379 or
# PostgreSQL on 5432: the project starts its own servers on the ports it chooses.
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    created_policy=1
fi
trap '[ -n "$created_policy" ] && $sudo rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
