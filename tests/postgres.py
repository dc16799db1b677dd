"""Run the database tests again on a PostgreSQL server of their own.

`make test` runs the whole suite on SQLite, then `python -m tests.postgres`: it makes a
fresh cluster with `initdb` in a temporary folder, starts it on a free port, points
`WALLBOARD_DATABASE_URL` at it (pytest-django creates its test database there), runs
pytest on the files of `BOTH` (or on the arguments given) and removes the cluster.

    .venv/bin/python -m tests.postgres                                  # the PostgreSQL pass
    .venv/bin/python -m tests.postgres tests/console/test_audit_log.py  # one file on it

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
user (Debian's package makes it), or to `nobody`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.support import PYTHON, ROOT, Process, free_port, wait_until

# The tests whose behaviour depends on the database: its migrations, transactions and
# conditional updates, unique constraints, text filters, ordering and what text it can
# store. The others only read and write rows as any database would, and run on SQLite
# alone: this pass must stay short (about 2 minutes on two cores).
BOTH = [
    "tests/test_migrations.py",
    "tests/test_roles.py",
    "tests/test_tenant_admin.py",
    "tests/test_changed_credentials.py",
    "tests/test_logs_and_logins.py",
    "tests/test_board_changes.py",
    "tests/console/test_audit_log.py",
    "tests/console/test_exactly_once.py",
    "tests/console/test_import_resume.py",
    "tests/console/test_csv_bounds.py",
    "tests/console/test_hostile_input.py",
    "tests/boards/test_alert_history.py",
    "tests/boards/test_kiosk_pages.py",
    "tests/boards/test_editor_views.py",
    "tests/boards/test_hostile_board_json.py",
]
USER = "wallboard"


def server_program(name: str) -> str:
    """Return the path of one of PostgreSQL's server programs, all from the folder of
    `initdb`: Debian keeps them off PATH, under /usr/lib/postgresql/<version>/bin."""
    initdb = shutil.which("initdb")
    if initdb is None:
        found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if not found:
            raise FileNotFoundError("PostgreSQL's initdb is missing: `make setup` installs it")
        initdb = max(found, key=lambda path: int(Path(path).parent.parent.name.split(".")[0]))
    return str(Path(initdb).resolve().parent / name)  # a link on PATH: its real folder


def as_owner(folder: Path) -> list[str]:
    """Give `folder` to the user the server will run as; return the command prefix that
    runs a program as that user (none unless we are root)."""
    if os.geteuid() != 0:
        return []
    try:
        owner = pwd.getpwnam("postgres")
    except KeyError:
        owner = pwd.getpwnam("nobody")
    os.chown(folder, owner.pw_uid, owner.pw_gid)
    return ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups"]


@contextmanager
def postgres_server(
    env: dict[str, str], host: str = "127.0.0.1", inside: Sequence[str] = ()
) -> Iterator[str]:
    """Make and start a throwaway PostgreSQL cluster listening on `host`; yield the URL
    of its database. `inside` prefixes the server's commands (another machine's network:
    `ip netns exec <name>`, tests/netns.py)."""
    # Not under pytest's temporary folders: those are root's alone, closed to the owner.
    folder = Path(tempfile.mkdtemp(prefix="wallboard-postgres-"))
    try:
        prefix = as_owner(folder)
        data = folder / "data"
        initdb = [server_program("initdb"), "--pgdata", str(data), "--username", USER]
        initdb += ["--auth", "trust", "--encoding", "UTF8", "--locale", "C", "--no-sync"]
        done = subprocess.run([*prefix, *initdb], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}{done.stderr}")
        if host != "127.0.0.1":  # clients on other machines of the same network
            with (data / "pg_hba.conf").open("a") as hba:
                hba.write("host all all samenet trust\n")
        port = free_port()
        # Durability is not under test: without fsync the test database is made faster.
        server = [server_program("postgres"), "-D", str(data), "-p", str(port)]
        server += ["-c", f"listen_addresses={host}", "-c", f"unix_socket_directories={folder}"]
        server += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
        server += ["-c", "full_page_writes=off"]
        process = Process("postgres", [*inside, *prefix, *server], folder, env)
        try:
            wait_until(
                lambda: _accepts(host, port, inside),
                timeout=30,
                what="PostgreSQL",
                processes=[process],
            )
            yield f"postgres://{USER}@{host}:{port}/wallboard"
        finally:
            process.stop(signal.SIGINT)  # "fast" shutdown: no waiting for clients
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_database(url: str, inside: Sequence[str] = ()) -> None:
    """Create the database of `url` (pytest-django makes its own test database; a
    deployment needs the real one)."""
    parts = urlsplit(url)
    createdb = [server_program("createdb"), "-h", str(parts.hostname), "-p", str(parts.port)]
    createdb += ["-U", str(parts.username), parts.path.lstrip("/")]
    subprocess.run([*inside, *createdb], check=True, capture_output=True)


def _accepts(host: str, port: int, inside: Sequence[str]) -> bool:
    """Return True once the server answers a connection (pg_isready without the PATH)."""
    ready = [server_program("pg_isready"), "-q", "-h", host, "-p", str(port)]
    done = subprocess.run([*inside, *ready], check=False)
    return done.returncode == 0


def main(args: list[str]) -> int:
    """Run pytest with `args` on a fresh PostgreSQL, on the files of BOTH unless `args`
    name tests; return its exit code."""
    env = dict(os.environ)
    with postgres_server(env) as url:
        env["WALLBOARD_DATABASE_URL"] = url
        paths = [arg for arg in args if (ROOT / arg.split("::")[0]).exists()]
        command = [PYTHON, "-m", "pytest", *args, *([] if paths else BOTH)]
        return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
