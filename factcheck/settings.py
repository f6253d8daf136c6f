"""Django settings for Claimdesk, read from environment variables.

A fresh clone runs with no services: SQLite under var/ and Celery tasks run
in-process. Set DATABASE_URL and REDIS_URL to use PostgreSQL and a real worker.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: str) -> bool:
    """Return an environment flag, refusing anything but the usual spellings."""
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    """Return an integer environment variable, failing loudly on junk."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    """Return a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def dev_secret_key() -> str:
    """Return the development secret key kept in var/, creating it on first use."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", "1")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = dev_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "claims",
    "claims.collaboration.apps.CollaborationConfig",
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
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # ?q=%00 and the like: a 400 with a message, never a database error (factcheck/request_input.py).
    "factcheck.request_input.RefuseControlCharactersMiddleware",
    # A form value of only zero-width characters is submitted as empty (a required field says so).
    "factcheck.request_input.EmptyInvisibleFormValuesMiddleware",
    # Django's LoginRequiredMiddleware, answering htmx requests with HX-Redirect instead of a login page.
    "factcheck.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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
                "claims.collaboration.context.header_counts",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]
# Django's model backend with each user's permissions cached per reference generation (claims/reference.py).
AUTHENTICATION_BACKENDS = ["claims.reference.CachedPermissionsBackend"]
# Widgets through Jinja2 where Django ships its templates for it (factcheck/form_rendering.py).
FORM_RENDERER = "factcheck.form_rendering.WidgetRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'claimdesk.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection is checked before each request reuses it: after a database restart
        # (or a dropped connection) the first request of every web process would otherwise be a 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the app's queries are index look-ups, and on the few long ones (the CSV
    # export of every claim) compiling took 4.9 of 5 s at 100k claims (benchmarks/RESULTS.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "queue"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
# Uploads live outside the static root and are only served through a view
# that sets Content-Disposition: attachment.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Content-Security-Policy (django-csp) ------------------------------------
# Scripts and stylesheets only from our own origin: no inline <script>, <style> or style
# attributes, no eval. The JSON-LD on public pages is a data block (type="application/ld+json"),
# which browsers never run, so it needs no nonce. The admin-edited rating colours are classes
# in a generated stylesheet (/checks/ratings.css, claims/publishing/rating_styles.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Celery -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host, or kombu warns on every eager send
# Nothing reads task results (progress is stored on the rows), so there is no result
# backend: with one, every send also subscribed to Redis for the result, unbounded.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Without a broker, tasks run in-process so a fresh clone needs no services.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process that has grown past this (KiB) is replaced after its current task: the soak saw a
# worker creep from 412 to 696 MB over three minutes of ingest (benchmarks/SOAK.md), cause not yet found.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 500_000)
# Worker processes run at this nice level (factcheck/celery.py): ingest then takes the CPU the web
# processes leave, instead of sharing it equally (the 20-minute soak's pages were 6.5-27x their idle
# p95 while ingest saturated both cores). 0 keeps the worker at the web's priority.
WORKER_NICE = env_int("CLAIMDESK_WORKER_NICE", 10)
# A run is cut off well before Redis would hand its message to another worker
# (visibility timeout), so a slow run is never executed twice at once. Fetches are
# bounded at CLAIMDESK_FETCH_TOTAL_TIMEOUT (30 s); extraction takes well under a second.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 50)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died is redelivered after this many seconds (plus one restore scan).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 75),
    # How often a worker scans for messages whose worker died: every interval * throttle seconds.
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 1),
    # When Redis is unreachable a send gives up quickly; see the publish retry policy below.
    "socket_connect_timeout": 0.5,
    # A Redis that accepts but never answers cannot hold a web request forever. More than
    # the worker's 1 s BRPOP so an idle consumer is not mistaken for a dead connection.
    "socket_timeout": 5,
}
# The periodic sweep re-enqueues articles and sources whose message never reached
# Redis (it was down) or was lost; run by `celery beat` (compose) or `worker -B`.
CELERY_BEAT_SCHEDULE = {
    "sweep-queue": {
        "task": "claims.tasks.sweep_queue",
        "schedule": float(env_int("CLAIMDESK_SWEEP_INTERVAL", 60)),
        "options": {"expires": float(env_int("CLAIMDESK_SWEEP_INTERVAL", 60))},
    },
    # Notifications for readers who chose the daily digest (claims/collaboration/notifications.py).
    "send-digests": {
        "task": "claims.collaboration.tasks.send_digests",
        "schedule": float(env_int("CLAIMDESK_DIGEST_INTERVAL", 86400)),
    },
    "sweep-notifications": {
        "task": "claims.collaboration.tasks.sweep_notifications",
        "schedule": float(env_int("CLAIMDESK_SWEEP_INTERVAL", 60)) * 5,
        "options": {"expires": float(env_int("CLAIMDESK_SWEEP_INTERVAL", 60)) * 5},
    },
}
# The sweep's task is defined on top of the others (claims/sweep.py); autodiscovery finds only claims.tasks.
CELERY_IMPORTS = ["claims.sweep"]
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME", str(VAR_DIR / "celerybeat-schedule"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# When Redis is down, a web request gives up sending in about a second (the row stays
# queued, the page says processing is delayed, and the sweep sends it later) instead of
# hanging on the default retries: two connection attempts of 0.5 s, 0.2 s apart.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.2, "interval_step": 0, "interval_max": 0.2}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# --- Claimdesk ---------------------------------------------------------------
# Largest article accepted from a paste, an upload or a fetch, in bytes.
CLAIMDESK_MAX_ARTICLE_BYTES = env_int("CLAIMDESK_MAX_ARTICLE_BYTES", 2_000_000)
# Largest evidence file (PDF, HTML, text) a user may upload to the source library, in bytes.
CLAIMDESK_MAX_SOURCE_BYTES = env_int("CLAIMDESK_MAX_SOURCE_BYTES", 10_000_000)
CLAIMDESK_FETCH_TIMEOUT = env_int("CLAIMDESK_FETCH_TIMEOUT", 10)
CLAIMDESK_FETCH_MAX_REDIRECTS = env_int("CLAIMDESK_FETCH_MAX_REDIRECTS", 5)
# Test-only: let the fetcher reach loopback test servers. Never set in production.
CLAIMDESK_FETCH_ALLOW_LOOPBACK = env_bool("CLAIMDESK_FETCH_ALLOW_LOOPBACK", "0")
# CA bundle for verifying fetched https sites; empty: the system's trust store.
CLAIMDESK_FETCH_CA_BUNDLE = os.environ.get("CLAIMDESK_FETCH_CA_BUNDLE", "")
# Overall time budget for one fetch, redirects included (a slow drip cannot hold a worker).
CLAIMDESK_FETCH_TOTAL_TIMEOUT = env_int("CLAIMDESK_FETCH_TOTAL_TIMEOUT", 30)
# Runs of one article or source (retries, redeliveries after a dead worker, sweeps) before it is failed.
CLAIMDESK_MAX_ATTEMPTS = env_int("CLAIMDESK_MAX_ATTEMPTS", 5)
# Queued rows whose message was sent this long ago, or runs started this long ago, count as lost.
CLAIMDESK_SWEEP_STALE_AFTER = env_int(
    "CLAIMDESK_SWEEP_STALE_AFTER",
    max(CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"], CELERY_TASK_TIME_LIMIT) + 30,
)
# Log-in throttle: failures allowed per user name and address within the window, then locked.
CLAIMDESK_LOGIN_MAX_FAILURES = env_int("CLAIMDESK_LOGIN_MAX_FAILURES", 5)
CLAIMDESK_LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("CLAIMDESK_LOGIN_MAX_FAILURES_PER_ADDRESS", 30)
CLAIMDESK_LOGIN_LOCKOUT_SECONDS = env_int("CLAIMDESK_LOGIN_LOCKOUT_SECONDS", 900)
# Reverse proxies in front of the app whose X-Forwarded-For (and X-Forwarded-Proto) may be
# trusted (0: use REMOTE_ADDR, and no proxy header is believed).
CLAIMDESK_TRUSTED_PROXIES = env_int("CLAIMDESK_TRUSTED_PROXIES", 0)
# Form fields (a pasted article) may be this large before Django refuses the request,
# so an over-limit paste gets the form's clear message rather than a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = CLAIMDESK_MAX_ARTICLE_BYTES * 4 + 100_000
# The hard ceiling for any uploaded file; bigger uploads are cut off while streaming in.
CLAIMDESK_MAX_UPLOAD_BYTES = env_int("CLAIMDESK_MAX_UPLOAD_BYTES", 25_000_000)
FILE_UPLOAD_HANDLERS = [
    "claims.intake.uploads.SizeCappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The default cache stays in-process. The log-in throttle counters have their own
# cache: shared by all web processes through Redis when it is configured.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "login_throttle": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "claimdesk-login",
        # An unreachable or hung Redis costs a log-in at most a second or two (then it is not throttled).
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "login-throttle"},
}

# E-mail notifications: SMTP when EMAIL_HOST is set (production), else printed to the console (`make run`).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", "1")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claimdesk@localhost")

# Optional Slack-compatible incoming webhook told about assignments, verdicts and comments (empty: off).
CLAIMDESK_WEBHOOK_URL = os.environ.get("CLAIMDESK_WEBHOOK_URL", "")

CLAIMDESK_CLAIM_THRESHOLD = float(os.environ.get("CLAIMDESK_CLAIM_THRESHOLD", "0.5"))
# Matching reads the newest this-many stored claims of each band key (claims.matching.candidates.KEY_CAP):
# the bound that keeps a new claim's candidate query from growing with the store. Larger finds more
# of the older claims sharing common wordings, at more rows read per claim (docs/performance.md, session 28).
CLAIMDESK_MATCH_KEY_CAP = env_int("CLAIMDESK_MATCH_KEY_CAP", 200)
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Claimdesk Newsroom")
# The public origin of every fact-check URL (pages, JSON-LD, feeds). Unset: the host each request came to.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# --- Production hardening (on whenever DEBUG is off) ------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# htmx sends the token from the page (hx-headers on <body>), so scripts never need the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", "1")
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", "1")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", "1")
# X-Forwarded-Proto is believed only when a proxy of ours sits in front and sets it: with
# gunicorn published directly (docker-compose), anyone could send "https" and pass as secure.
if CLAIMDESK_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint (ledger PDFs) logs every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}
