#!/usr/bin/env bash
# Create .venv at the repository root and install the project with its dev tools and
# PostgreSQL's driver (the tests run on PostgreSQL too).
set -euo pipefail
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
        # Debian splits venv support out of the interpreter package.
        rm -rf .venv
        scripts/system-deps.sh --package python3-venv
        "$python" -m venv .venv
    fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --editable ".[dev,postgres]"
