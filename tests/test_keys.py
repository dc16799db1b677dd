"""With no configuration the first start makes its own random keys in var/ (mode 0600)
and uses them from then on; secrets stored under the old derived keys still open, and
`migrate` writes them again under the new key; WALLBOARD_SECURE turns on TLS settings."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command

from bpcc import crypto
from bpcc.models import Tenant
from tests.support import ROOT

PYTHON = str(ROOT / ".venv" / "bin" / "python")
READ_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({k: getattr(settings, k) for k in %r}, default=str))"
)


def settings_of(env: dict[str, str], *names: str) -> dict[str, Any]:
    """Start a process as `make run` does, with `env` and no key set; return settings."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("WALLBOARD_SECRET_KEY", "WALLBOARD_ENCRYPTION_KEYS")
    }
    done = subprocess.run(
        [PYTHON, "-c", READ_SETTINGS % (names,)],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "wallboard.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_first_start_makes_random_keys_mode_0600_and_later_starts_use_them(
    tmp_path: Path,
) -> None:
    names = ("SECRET_KEY", "WALLBOARD_ENCRYPTION_KEYS")
    first = settings_of({"WALLBOARD_KEY_DIR": str(tmp_path / "a")}, *names)
    again = settings_of({"WALLBOARD_KEY_DIR": str(tmp_path / "a")}, *names)
    elsewhere = settings_of({"WALLBOARD_KEY_DIR": str(tmp_path / "b")}, *names)

    assert first == again
    assert first["SECRET_KEY"] != elsewhere["SECRET_KEY"]
    assert first["WALLBOARD_ENCRYPTION_KEYS"] != elsewhere["WALLBOARD_ENCRYPTION_KEYS"]
    assert first["SECRET_KEY"] != crypto.OLD_DEFAULT_SECRET_KEY and len(first["SECRET_KEY"]) >= 50
    Fernet(first["WALLBOARD_ENCRYPTION_KEYS"][0])  # a Fernet key
    for name, value in [
        ("secret_key", first["SECRET_KEY"]),
        ("encryption_key", first["WALLBOARD_ENCRYPTION_KEYS"][0]),
    ]:
        path = tmp_path / "a" / name
        assert path.read_text().strip() == value
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_configured_keys_are_used_and_nothing_is_written(tmp_path: Path) -> None:
    fernet = Fernet.generate_key().decode()
    env = {
        "WALLBOARD_KEY_DIR": str(tmp_path),
        "WALLBOARD_SECRET_KEY": "s" * 50,
        "WALLBOARD_ENCRYPTION_KEYS": fernet,
    }

    found = settings_of(env, "SECRET_KEY", "WALLBOARD_ENCRYPTION_KEYS")

    assert found == {"SECRET_KEY": "s" * 50, "WALLBOARD_ENCRYPTION_KEYS": [fernet]}
    assert list(tmp_path.iterdir()) == []


def test_processes_starting_at_once_agree_on_one_key(tmp_path: Path) -> None:
    env = {"WALLBOARD_KEY_DIR": str(tmp_path)}
    with ThreadPoolExecutor(6) as pool:
        found = list(pool.map(lambda _: settings_of(env, "SECRET_KEY"), range(6)))

    assert len({f["SECRET_KEY"] for f in found}) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encryption_key", "secret_key"]


@pytest.mark.parametrize("old_secret_key", ["settings", crypto.OLD_DEFAULT_SECRET_KEY])
@pytest.mark.django_db
def test_a_secret_under_an_old_derived_key_still_opens_and_is_written_again_under_the_new(
    old_secret_key: str, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    old_secret_key = settings.SECRET_KEY if old_secret_key == "settings" else old_secret_key
    old = Fernet(crypto.derived_key(old_secret_key))
    tenant = Tenant.objects.create(
        name="Old", base_url="http://x", client_id="c", secret_encrypted=old.encrypt(b"s3").decode()
    )

    assert tenant.client_secret == "s3"
    assert "reencrypt_secrets" in caplog.text
    assert crypto.reencrypt_all(Tenant.objects.all()) == []

    stored = Tenant.objects.get(pk=tenant.pk).secret_encrypted
    assert Fernet(settings.WALLBOARD_ENCRYPTION_KEYS[0]).decrypt(stored.encode()) == b"s3"
    with pytest.raises(InvalidToken):
        old.decrypt(stored.encode())


def test_wallboard_secure_turns_on_secure_cookies_hsts_and_the_proxy_header() -> None:
    names = (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
    )

    off = settings_of({}, *names)
    on = settings_of({"WALLBOARD_SECURE": "true"}, *names)

    assert off == dict.fromkeys(names[:2], False) | {names[2]: 0, names[3]: None}
    assert on["SESSION_COOKIE_SECURE"] and on["CSRF_COOKIE_SECURE"]
    assert on["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert on["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_reencrypt_secrets_names_the_tenants_no_key_opens(settings: Any) -> None:
    old = Fernet(crypto.derived_key(crypto.OLD_DEFAULT_SECRET_KEY)).encrypt(b"s3").decode()
    lost = Fernet(Fernet.generate_key()).encrypt(b"gone").decode()
    for name, stored in [("Old", old), ("Lost", lost)]:
        Tenant.objects.create(
            name=name, base_url="http://x", client_id="c", secret_encrypted=stored
        )

    with pytest.raises(CommandError, match="no key opens the secret of Lost"):
        call_command("reencrypt_secrets")

    assert Tenant.objects.get(name="Old").secret_encrypted != old
    assert Tenant.objects.get(name="Lost").secret_encrypted == lost
