"""`make test`: the whole suite on SQLite, and the PostgreSQL pass alongside it.

    .venv/bin/python -m tests            # both; extra arguments go to the SQLite pass

The PostgreSQL pass (tests/postgres.py) runs database tests, none of them timed, and is
over within the first minutes of the SQLite pass, which starts with the unit tests: run
side by side, the two take little more than the SQLite pass alone. Its output is printed
when it ends, whole, so the two do not interleave. The exit code is non-zero if either
failed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile

from tests.support import PYTHON, ROOT


def main(args: list[str]) -> int:
    with tempfile.TemporaryFile() as output:
        postgres = subprocess.Popen(
            [PYTHON, "-m", "tests.postgres"], cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            sqlite = subprocess.call([PYTHON, "-m", "pytest", *args], cwd=ROOT)
        except BaseException:  # Ctrl-C: stop the other pass too
            postgres.terminate()
            raise
        finally:
            postgres.wait()
        output.seek(0)
        print("\n===== the database tests again, on PostgreSQL (tests/postgres.py) =====")
        sys.stdout.flush()
        sys.stdout.buffer.write(output.read())
    print(f"SQLite pass: exit {sqlite}; PostgreSQL pass: exit {postgres.returncode}")
    return sqlite or postgres.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
