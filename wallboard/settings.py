"""Django settings for Wallboard.

Runs with no configuration at all: SQLite, a local Redis, and the bundled BPCC
simulator as the demo tenant. Everything else comes from environment variables, all
listed in `.env.example` (a test keeps the two in step).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from wallboard.database import database
from wallboard.env import env_bool, env_file, env_float, env_list, env_str
from wallboard.keys import local_key, random_fernet_key, random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("WALLBOARD_DEBUG", False)
# Unset, the keys below are made at the first start and kept in this folder, mode 0600
# (wallboard/keys.py). Deployments of several machines set the keys themselves.
KEY_DIR = Path(env_str("WALLBOARD_KEY_DIR", str(BASE_DIR / "var")))
SECRET_KEY = env_str("WALLBOARD_SECRET_KEY", "") or local_key(
    KEY_DIR / "secret_key", random_secret_key
)
# Fernet keys that encrypt tenant secrets at rest; the first encrypts, all decrypt
# (bpcc/crypto.py).
WALLBOARD_ENCRYPTION_KEYS = env_list("WALLBOARD_ENCRYPTION_KEYS", []) or [
    local_key(KEY_DIR / "encryption_key", random_fernet_key)
]
# Behind TLS (a proxy that sets X-Forwarded-Proto): Secure cookies, HSTS for a year,
# and requests the proxy says came over https count as secure.
WALLBOARD_SECURE = env_bool("WALLBOARD_SECURE", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = WALLBOARD_SECURE
SECURE_HSTS_SECONDS = 31_536_000 if WALLBOARD_SECURE else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if WALLBOARD_SECURE else None
ALLOWED_HOSTS = env_list("WALLBOARD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("WALLBOARD_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    # The apps, each depending only on those listed before it (README: Architecture).
    "accounts",
    "bpcc",
    "boards",
    "console",
    "stats",
    "screens",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "wallboard.urls"
ASGI_APPLICATION = "wallboard.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
            ],
        },
    },
]

# A SQLite file shared by every process, or a database server (wallboard/database.py).
DATABASES = {
    "default": database(
        env_str("WALLBOARD_DATABASE_URL", ""),
        env_str("WALLBOARD_DB_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after 5 failed logins with one username from one
# address, that pair is refused (HTTP 429) for 15 minutes, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; every login of every user is not
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"  # the landing page: the user's boards, live
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("WALLBOARD_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves straight from static/, so there is no collectstatic step and no
# STATIC_ROOT; the files are few and are indexed once at start-up.
WHITENOISE_USE_FINDERS = True
# Files browsers ask for at the site's root: /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

REDIS_URL = env_str("WALLBOARD_REDIS_URL", "redis://127.0.0.1:6379/0")


def channel_layer(redis_url: str) -> dict[str, object]:
    """Return the channel layer settings for a Redis at `redis_url`."""
    # redis-py 8 reads with a 5 s socket timeout by default, the same as the blocking
    # pop channels_redis waits on, so idle sockets died every 5 s
    # (django/channels_redis#422): read for longer than the pop can block.
    host = {"address": redis_url, "socket_timeout": 15}
    return {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [host]}}


CHANNEL_LAYERS = {"default": channel_layer(REDIS_URL)}

# Celery: Redis is the broker; results are not kept because no caller waits for them.
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis may restart: a worker that loses it retries for ever (Celery gives up after 100
# tries), at most a few seconds apart (stats/worker.py), and logs the first failed
# retry of each outage only (wallboard/logfilters.py).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CONSUMER = "stats.worker:Consumer"
# Cancels only tasks acknowledged late, which polls are not; set, it also keeps Celery's
# warning that the default changes in 6.0 out of the log of every outage.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat leads or stands by, and sends polls on each tenant's grid (stats/scheduler.py);
# it wakes at least every second to renew its lease and meet the next slot.
CELERY_BEAT_SCHEDULER = "stats.scheduler:PollScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 1
# One poll at a time per worker process: a prefetched poll would wait behind another.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# How often each tenant's statistics subscription is polled, in seconds.
WALLBOARD_POLL_INTERVAL = env_float("WALLBOARD_POLL_INTERVAL", 2.0, minimum=1.0)
# The bearer token a Prometheus scraper sends to /metrics; empty: localhost and staff only.
WALLBOARD_METRICS_TOKEN = env_str("WALLBOARD_METRICS_TOKEN", "")
# Seconds between heartbeats to every screen (server time and data freshness); a
# screen that hears nothing for three of them reconnects.
WALLBOARD_HEARTBEAT_SECONDS = env_float(
    "WALLBOARD_HEARTBEAT_SECONDS", 5.0, minimum=0.5, maximum=5.0
)
# Seconds between checks that each board socket's user may still watch (logged in, and
# allowed on the board): a socket is closed at most this long after a logout.
WALLBOARD_ACCESS_CHECK_SECONDS = env_float(
    "WALLBOARD_ACCESS_CHECK_SECONDS", 30.0, minimum=0.5, maximum=30.0
)
# Seconds allowed for one upstream HTTP request before it counts as a timeout.
WALLBOARD_UPSTREAM_TIMEOUT = env_float("WALLBOARD_UPSTREAM_TIMEOUT", 5.0, minimum=0.5)
# The largest body accepted from the tenant, in bytes: a larger one is a failed request,
# dropped while it streams in, so a runaway answer never fills a worker's memory.
WALLBOARD_UPSTREAM_MAX_BYTES = int(
    env_float("WALLBOARD_UPSTREAM_MAX_BYTES", 10_000_000, minimum=65_536)
)
# A file of PEM certificates trusted for tenants besides the usual roots (a tenant behind
# a private certificate authority; the simulator's --tls); verification stays on.
WALLBOARD_UPSTREAM_CA_FILE = env_file("WALLBOARD_UPSTREAM_CA_FILE")
# Seconds an idle connection to a tenant is kept for the next poll (bpcc/http_pool.py);
# 0: a new connection (over HTTPS, a new TLS handshake) for every request.
WALLBOARD_UPSTREAM_KEEPALIVE = env_float("WALLBOARD_UPSTREAM_KEEPALIVE", 30.0, minimum=0.0)

# The demo tenant that `manage.py seed_demo` points at the bundled simulator.
WALLBOARD_DEMO_TENANT_URL = env_str("WALLBOARD_DEMO_TENANT_URL", "http://127.0.0.1:8100")
WALLBOARD_DEMO_CLIENT_ID = env_str("WALLBOARD_SIM_CLIENT_ID", "wallboard-demo")
WALLBOARD_DEMO_CLIENT_SECRET = env_str("WALLBOARD_SIM_CLIENT_SECRET", "demo-secret")
WALLBOARD_DEMO_APPOINTMENT_TOKEN = env_str(
    "WALLBOARD_SIM_APPOINTMENT_TOKEN", "demo-appointment-token"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {
        "health_probe_answers": {"()": "wallboard.logfilters.HealthProbeAnswers"},
        "accepted_sockets": {"()": "wallboard.logfilters.AcceptedSockets"},
        "broker_retries": {"()": "wallboard.logfilters.BrokerRetries"},
        "kiosk_tokens": {"()": "wallboard.logfilters.KioskTokens"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["kiosk_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("WALLBOARD_LOG_LEVEL", "INFO")},
    # Per-request and per-task lines would print every poll interval; keep them out.
    "loggers": {
        "httpx": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # its lockouts, not a line per check
        "celery.app.trace": {"level": "WARNING"},
        "celery.beat": {"level": "WARNING"},
        "celery.worker.consumer.consumer": {"filters": ["broker_retries"]},
        "uvicorn.access": {"level": "WARNING"},
        "uvicorn.error": {"filters": ["accepted_sockets"]},
        "django.request": {"filters": ["health_probe_answers"]},
    },
}

# --- Boards, alerts and kiosks -----------------------------------------------------
# Minutes an acknowledged alert stays silent (no sound, no flashing) on every screen,
# unless the supervisor picks another duration.
WALLBOARD_ACK_MINUTES = env_float("WALLBOARD_ACK_MINUTES", 15, minimum=1, maximum=1440)
# The version screens compare to reload after an upgrade. Empty: the package version and
# a hash of the static files, the same in every web process of one deployment.
WALLBOARD_APP_VERSION = env_str("WALLBOARD_APP_VERSION", "")

# --- The campaign, list, DNC and task console ----------------------------------------
# Seconds allowed for one admin request upstream (an import sends up to a thousand
# records in one request, which takes longer than a statistics poll).
WALLBOARD_CONSOLE_TIMEOUT = env_float("WALLBOARD_CONSOLE_TIMEOUT", 30.0, minimum=1.0)
# Records per Add Many Records request of a CSV import. The seed documents no maximum
# for it; 1000 is the largest page its other record methods allow.
WALLBOARD_CONSOLE_IMPORT_CHUNK = int(
    env_float("WALLBOARD_CONSOLE_IMPORT_CHUNK", 1000, minimum=1, maximum=1000)
)
# The largest file an upload may be, in bytes (a CSV import, a board file). Uploads are
# written to a temporary file as they arrive and dropped once they pass it.
WALLBOARD_UPLOAD_MAX_BYTES = int(
    env_float("WALLBOARD_UPLOAD_MAX_BYTES", 50_000_000, minimum=1_000, maximum=2**40)
)
FILE_UPLOAD_HANDLERS = ["console.uploads.CappedUpload"]
