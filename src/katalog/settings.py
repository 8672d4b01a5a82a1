"""Settings, read from environment variables with safe defaults.

Local use needs no configuration: a SQLite database and a generated secret
key live under `var/`. Production (`KATALOG_PRODUCTION=1`) requires
`SECRET_KEY`, `ALLOWED_HOSTS` and usually a PostgreSQL `DATABASE_URL`, and
turns on HTTPS-only cookies and HSTS so that `katalog check --deploy` is clean.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _default_var_dir() -> Path:
    # In a source checkout `var/` sits beside pyproject.toml; installed
    # elsewhere it is created in the working directory.
    checkout = PACKAGE_DIR.parents[1]
    if (checkout / "pyproject.toml").exists():
        return checkout / "var"
    return Path.cwd() / "var"


VAR_DIR = Path(os.environ.get("KATALOG_VAR_DIR") or _default_var_dir())
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = _env_bool("KATALOG_PRODUCTION", False)
DEBUG = _env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when KATALOG_PRODUCTION=1.")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# The kabupaten/kota this installation serves (Kemendagri code).
KATALOG_REGION = os.environ.get("KATALOG_REGION", "18.03")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "katalog.core",
    "katalog.regions",
    "katalog.agencies",
    "katalog.suppliers",
    "katalog.catalogue",
    "katalog.purchasing",
    "katalog.monitoring",
    "katalog.demo",
    # Open data and API (issue #7). "ninja" only so that its bundled Swagger UI files are served locally.
    "ninja",
    "katalog.opendata",
    # Background jobs (issue #14): Django's task framework (django-tasks) with its database backend.
    "django_tasks",
    "django_tasks_db",
    "katalog.jobs",
    "katalog.notices",
    # The site's shared pages (home, each role's own page): above every domain app, nothing imports it.
    "katalog.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "katalog.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "katalog.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "katalog.core.middleware.DomainErrorMiddleware",
    # Account security (agencies app): idle sessions end; required two-factor enrolment comes first.
    "katalog.agencies.middleware.SessionIdleTimeoutMiddleware",
    "katalog.agencies.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "katalog.urls"
WSGI_APPLICATION = "katalog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "katalog.home.context_processors.site",
                "katalog.purchasing.context_processors.cart",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'katalog.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue on busy_timeout instead of failing
    # with "database is locked" halfway through a transaction. Connections are kept (DATABASE_CONN_MAX_AGE, 60 s
    # as on PostgreSQL): a new SQLite connection reads the whole schema again on its first query, about 5 ms per
    # request: with it kept, cached pages went from 657 to 1,912 requests/s and the 20-row view from 198 to 310
    # in benchmarks/pages.py (one machine, back to back).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("KATALOG_TEST_SQLITE") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"

# --- Accounts ---------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Sessions live in the database (Django's default), so several app servers share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Account security (issue #8; agencies app) -----------------------------
# Two-factor authentication (TOTP, RFC 6238) is required for these roles when the switch is on:
# on by default in production, off for local demos (`make demo`) so the demo logins work.
KATALOG_REQUIRE_2FA = _env_bool("KATALOG_REQUIRE_2FA", PRODUCTION and not DEBUG)
# In production the roles that see other people's identity data (core.permissions.identity_roles: pendamping,
# auditor, catalogue manager, admin) need it whatever this list and switch say (agencies.selectors).
KATALOG_2FA_REQUIRED_ROLES = ("catalogue_manager", "ppk", "treasurer", "admin", "umkm_officer", "auditor")
# The name an authenticator app shows beside the code.
KATALOG_2FA_ISSUER = os.environ.get("KATALOG_2FA_ISSUER", "Katalog Lokal")
# Login throttling: backoff, not a hard lock (agencies.services.login_failure_record). Failures within the
# window are counted per address and account, per address, and per account from anywhere; past the free
# failures the next attempt waits `base_delay_seconds`, doubling at each failure up to `max_delay_minutes`
# (per account from anywhere: up to `account_max_delay_seconds`, and never at a browser the owner has
# logged in from). Wrong second-factor codes count as failures too.
KATALOG_LOGIN_THROTTLE = {
    "username_failures": int(os.environ.get("KATALOG_LOGIN_USERNAME_FAILURES", "5")),
    "ip_failures": int(os.environ.get("KATALOG_LOGIN_IP_FAILURES", "20")),
    "account_failures": int(os.environ.get("KATALOG_LOGIN_ACCOUNT_FAILURES", "10")),
    "window_minutes": int(os.environ.get("KATALOG_LOGIN_WINDOW_MINUTES", "15")),
    "base_delay_seconds": int(os.environ.get("KATALOG_LOGIN_BASE_DELAY_SECONDS", "2")),
    "max_delay_minutes": int(os.environ.get("KATALOG_LOGIN_MAX_DELAY_MINUTES", "15")),
    "account_max_delay_seconds": int(os.environ.get("KATALOG_LOGIN_ACCOUNT_MAX_DELAY_SECONDS", "60")),
}
# A password-reset link (e-mailed, or made by an officer) works for this long, and only once.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("KATALOG_PASSWORD_RESET_HOURS", "24")) * 3600
# Requests for a reset link (the "Lupa kata sandi" form), counted per visitor's address and per e-mail address in
# a fixed window (core/ratelimit.py): enough for a person who mistyped or lost the mail, too few to mail-bomb
# someone's inbox or to probe many addresses from one place.
KATALOG_PASSWORD_RESET_LIMITS = {
    "per_ip": int(os.environ.get("KATALOG_PASSWORD_RESET_PER_IP", "10")),
    "per_email": int(os.environ.get("KATALOG_PASSWORD_RESET_PER_EMAIL", "3")),
    "window_minutes": int(os.environ.get("KATALOG_PASSWORD_RESET_WINDOW_MINUTES", "60")),
}
# A browser where someone logged in carries a signed cookie for this many days: the account-wide wait
# above does not apply there.
KATALOG_KNOWN_DEVICE_DAYS = int(os.environ.get("KATALOG_KNOWN_DEVICE_DAYS", "90"))
# A session ends after this many minutes without a request (and after SESSION_COOKIE_AGE in any case).
KATALOG_SESSION_IDLE_MINUTES = int(os.environ.get("KATALOG_SESSION_IDLE_MINUTES", "30"))
# Behind a reverse proxy, the request header that carries the visitor's address as the proxy saw it
# (nginx: `proxy_set_header X-Real-IP $remote_addr;` → "HTTP_X_REAL_IP"). Empty: REMOTE_ADDR.
KATALOG_CLIENT_IP_HEADER = os.environ.get("KATALOG_CLIENT_IP_HEADER", "")

# --- Operations (issue #8; core/health.py, core/backup.py) -------------------
# `katalog healthcheck` and /healthz fail when less than this much disk is free under VAR_DIR or MEDIA_ROOT.
KATALOG_HEALTH_MIN_FREE_MB = int(os.environ.get("KATALOG_HEALTH_MIN_FREE_MB", "1024"))
# The load balancer's probe may use plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# `katalog reindex` builds the search documents in this many worker processes while it reads the catalogue
# and writes the index (catalogue/search/workers.py); 0 = one per CPU core, at most 4. 1 = in the process itself.
KATALOG_REINDEX_WORKERS = int(os.environ.get("KATALOG_REINDEX_WORKERS", "0"))
# The cache (search facets, the API rate limit) is per process unless KATALOG_CACHE=database: then one table
# in the shared database serves every app server (run `katalog createcachetable` once). docs/operations.md.
# It holds up to KATALOG_CACHE_ENTRIES items. Django's default of 300 is less than one round of the search
# pages people ask for (a search page is one page, one facet panel and 24 card faces): the cache then evicted
# each entry before it was asked for again. A card face is ~0.5 kB, a search page ~40 kB.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("KATALOG_CACHE_ENTRIES", "5000"))}}}
if os.environ.get("KATALOG_CACHE", "").strip().lower() == "database":
    CACHES["default"].update(BACKEND="django.core.cache.backends.db.DatabaseCache", LOCATION="katalog_cache")
# Cached public pages and fragments (core/pagecache.py): whole pages for anonymous visitors, card fragments for
# everyone. Their keys carry the content version, which any save or delete of a model in these apps raises
# (after the commit); `seconds` bounds what nothing else would expire (e.g. the daily rotation of featured
# products). `quiet_models` change often and show on no public page.
KATALOG_PAGE_CACHE = {
    "enabled": _env_bool("KATALOG_PAGE_CACHE", True),
    "seconds": int(os.environ.get("KATALOG_PAGE_CACHE_SECONDS", "300")),
    "watched_apps": ("catalogue", "suppliers", "purchasing", "monitoring", "regions", "agencies"),
    "quiet_models": ("agencies.user", "agencies.loginfailure", "agencies.loginlock", "agencies.usersession",
                     "agencies.twofactordevice", "agencies.recoverycode", "purchasing.cart", "purchasing.cartline",
                     "purchasing.counter", "suppliers.notification", "suppliers.registrationdraft"),
}

# --- Language, time ---------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# Django's own validation messages in better Indonesian come first, then the project's catalogue.
LOCALE_PATHS = [PACKAGE_DIR / "locale_overrides", PACKAGE_DIR / "locale"]
# Indonesian number formats in English too (katalog/formats/en/formats.py).
FORMAT_MODULE_PATH = ["katalog.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
# Uploads hold identity documents: readable by the service's own user and group only (never 0644), and the
# folders they land in closed to others. The SQLite database file is made 0600 (core/files.py).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security headers -------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
KATALOG_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Background jobs (issue #14; katalog/jobs) -------------------------------
# The queue lives in the database (django-tasks-db), so a SQLite or PostgreSQL install needs nothing else;
# `katalog worker` runs it. docs/operations.md: moving the same tasks to a broker-based backend.
TASKS = {"default": {"BACKEND": os.environ.get("KATALOG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
KATALOG_JOBS = {
    # A job running longer than this stops with a message (a 50,000-row import takes a few minutes).
    "time_limit_seconds": int(os.environ.get("KATALOG_JOB_TIME_LIMIT_SECONDS", "1800")),
    # A running job's worker marks it alive this often; a job silent for `stale_after_seconds` is taken
    # for abandoned (its worker was killed) and fails with a message saying it can be resumed.
    "heartbeat_seconds": float(os.environ.get("KATALOG_JOB_HEARTBEAT_SECONDS", "10")),
    "stale_after_seconds": int(os.environ.get("KATALOG_JOB_STALE_AFTER_SECONDS", "90")),
    # Rows an import writes per transaction; after each it pauses `import_pause_ratio` times as long as the
    # transaction held the database (on SQLite at least 0.1 s), so checkouts, session saves and the search
    # index's catch-up get the SQLite write lock between batches (catalogue/importing_background.py, _Pace).
    "import_batch_rows": int(os.environ.get("KATALOG_IMPORT_BATCH_ROWS", "500")),
    "import_pause_ratio": float(os.environ.get("KATALOG_IMPORT_PAUSE_RATIO", "1.0")),
    # The address-space ceiling of each `katalog worker` process (RLIMIT_AS, katalog/jobs/limits.py); 0 = none.
    # 1,536 MB leaves room on a 2-core, 4-GB server for the web workers, the database and the page cache;
    # a 50,000-row import needs well under it.
    "memory_limit_mb": int(os.environ.get("KATALOG_JOB_MEMORY_LIMIT_MB", "1536")),
    # The files export jobs produce, with their job records, and the records of scheduled jobs and of the
    # queue's finished tasks are deleted this many days after the job finished (`katalog tick`,
    # katalog/jobs/periodic.py). Imports' job records stay: their page lists the rejected rows.
    "export_retention_days": int(os.environ.get("KATALOG_EXPORT_RETENTION_DAYS", "7")),
    # A failed job keeps its uploaded file this many days after it failed, so "Ulangi" can resume it; then
    # `katalog tick` deletes the file (the job's page asks for it again). A job that succeeds deletes it at once.
    "upload_retention_days": int(os.environ.get("KATALOG_UPLOAD_RETENTION_DAYS",
                                                os.environ.get("KATALOG_EXPORT_RETENTION_DAYS", "7"))),
}
# Periodic work the worker asks for (katalog/jobs/schedule.py): a management command and either
# `every_minutes` or a daily `at` (HH:MM, WIB). `katalog tick` from cron keeps working beside it.
KATALOG_SCHEDULE = {
    "tick": {"command": ["tick", "--quiet"], "every_minutes": int(os.environ.get("KATALOG_TICK_MINUTES", "5"))},
    "notices": {"command": ["send_notices"], "every_minutes": 1},
}
# The OCDS publication, nightly, through the storage API (katalog.opendata.ocds.publication). Opt-in: on the
# first start of a worker after KATALOG_OCDS_AT the day's run is due at once, and with one worker it holds the
# queue (imports wait) for as long as a year of orders takes to build and validate.
if _env_bool("KATALOG_OCDS_PUBLISH", False):
    KATALOG_SCHEDULE["ocds"] = {"command": ["publish_ocds"], "at": os.environ.get("KATALOG_OCDS_AT", "01:30")}
if os.environ.get("KATALOG_OCDS_DIR"):  # also a copy in a folder of this machine (a mirror)
    KATALOG_SCHEDULE["ocds_dir"] = {"command": ["export_ocds", os.environ["KATALOG_OCDS_DIR"]],
                                    "at": os.environ.get("KATALOG_OCDS_AT", "01:30")}
if os.environ.get("KATALOG_BACKUP_DIR"):
    KATALOG_SCHEDULE["backup"] = {"command": ["backup", os.environ["KATALOG_BACKUP_DIR"], "--timestamp"],
                                  "at": os.environ.get("KATALOG_BACKUP_AT", "02:00")}

# --- Mail -------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "katalog@localhost")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): the server and its account.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# Links in notices read outside the site (e-mail, WhatsApp) start with this address.
KATALOG_SITE_URL = os.environ.get("KATALOG_SITE_URL", "http://127.0.0.1:8000")
# The outbox (katalog/notices): pause before each retry of a failed delivery, in minutes; after the last,
# the delivery is shown as failed. A row being sent is leased for `lease_minutes`.
KATALOG_NOTICES = {"backoff_minutes": (1, 5, 30, 120, 720), "lease_minutes": 5}
# WhatsApp Business Cloud API (optional): off unless KATALOG_WHATSAPP_ENABLED=1 and the account is set up.
KATALOG_WHATSAPP = {
    "enabled": _env_bool("KATALOG_WHATSAPP_ENABLED", False),
    "api_url": os.environ.get("KATALOG_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0"),
    "phone_number_id": os.environ.get("KATALOG_WHATSAPP_PHONE_NUMBER_ID", ""),
    "token": os.environ.get("KATALOG_WHATSAPP_TOKEN", ""),
    # An approved message template with one body parameter ({{1}}) that carries the notice's text.
    "template": os.environ.get("KATALOG_WHATSAPP_TEMPLATE", "pemberitahuan_katalog"),
    "language": os.environ.get("KATALOG_WHATSAPP_LANGUAGE", "id"),
    "timeout_seconds": 10,
}

# --- Logging: one line per event, no personal data -------------------------
# core/logging.py: every handler first masks NIK, NPWP, bank-account-like numbers and
# secrets in the record (message, arguments, traceback, extras). LOG_FORMAT=json writes
# JSON lines for a log collector; the default is one readable line per event.

LOG_FORMAT = os.environ.get("LOG_FORMAT", "line").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "katalog.core.logging.PersonalDataFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "katalog.core.logging.JsonLinesFormatter"},
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "line",
            "filters": ["personal_data"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "django.server",
            "filters": ["personal_data"],
        },
        # Error e-mails to ADMINS (when set), masked; the masking filter comes first.
        "mail_admins": {
            "level": "ERROR",
            "class": "katalog.core.logging.MaskingAdminEmailHandler",
            "filters": ["personal_data", "require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
# Error reports (e-mails, the DEBUG page) hide POST fields, settings and variables named like
# personal data or secrets (nik, npwp, bank_account_number, password, otp, ...).
DEFAULT_EXCEPTION_REPORTER_FILTER = "katalog.core.logging.KatalogExceptionReporterFilter"
ADMINS = [("Admin", a.strip()) for a in os.environ.get("KATALOG_ADMIN_EMAILS", "").split(",") if a.strip()]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Procurement rules (one place; see docs/architecture.md) ---------------
# Each is a setting so a kabupaten can follow a new regulation without a code change.

KATALOG_RULES = {
    # Perpres 46/2025: a PP may check out e-purchasing orders up to this amount; above it, the PPK.
    "pp_checkout_limit": int(os.environ.get("KATALOG_PP_CHECKOUT_LIMIT", "200000000")),
    # e-Katalog v6: unanswered orders and negotiations lapse after this many working days.
    "supplier_response_working_days": 3,
    "ppk_negotiation_working_days": 3,
    # Perpres 12/2021 Pasal 65: at least 40% of goods/services spend to micro/small business and koperasi.
    "umk_share_target_percent": 40,
    # From this month an order may be charged to next year's RUP line (core.rules.budget_years): December.
    "next_budget_year_from_month": 12,
    # Perpres 46/2025 Pasal 66: TKDN thresholds for the domestic-product priority.
    "tkdn_minimum_percent": 25,
    "tkdn_bmp_minimum_percent": 40,
    # Price preference (Perpres 16/2018 Pasal 67 as amended by Perpres 12/2021): for goods with TKDN >= 25%,
    # at most 25% (ayat 3 huruf b; purchasing.rules refuses a higher value), only for packages above this value
    # (ayat 2: "nilai HPS paling sedikit di atas Rp1.000.000.000,00").
    "domestic_price_preference_percent": 25,
    "price_preference_min_package": 1_000_000_000,
    # PPN as dated entries (valid_from, rate %, DPP numerator, DPP denominator), read by core.money.line_tax.
    # PMK 131/2024 Pasal 3: from 1 January 2025, 12% of a DPP "nilai lain" of 11/12 of the price (PPnBM goods,
    # Pasal 2: 12% of the full price, i.e. the factor is 1/1). Before that (UU HPP), 11% of the price.
    # A change of law is a new entry; every order line keeps the rate and factor it was computed with.
    "ppn_schedule": (
        (datetime.date(2022, 4, 1), 11, 1, 1),
        (datetime.date(2025, 1, 1), 12, 11, 12),
    ),
    # Purchasing (purchasing app). Perpres 12/2021 Pasal 65: choosing a non-UMK supplier while UMK
    # offers exist in the same category needs a written reason when this is on.
    "require_umk_justification": _env_bool("KATALOG_REQUIRE_UMK_JUSTIFICATION", True),
    # Perpres 12/2021 Pasal 65 ayat (4): packages with a pagu up to Rp15 miliar are reserved for usaha kecil
    # (micro and small) and koperasi; at checkout an order up to this value with any other supplier needs a
    # recorded reason when a UMK or koperasi offer exists in the same category (ayat 5: capability exception).
    "umk_reserved_package_limit": 15_000_000_000,
    # Perpres 16/2018 Pasal 54 ayat (2) huruf a: added work at most 10% of the original contract value, in total.
    "amendment_max_added_percent": 10,
    # Mini-kompetisi: at least this many suppliers of the category are invited to quote.
    "mini_competition_min_suppliers": 3,
    # Numbering schemes (str.format): {seq} per OPD and year, {opd} OPD short name, {agency_code},
    # {month}, {month_roman}, {year}. Permendagri 83/2022 Pasal 3 ayat (5)-(6): a letter number opens with the
    # numeric Kode Klasifikasi Arsip. "027" (pengadaan) is the code of the earlier list (Permendagri 78/2012);
    # set the code of the kabupaten's current list (Lampiran of 83/2022 or its Perbup tata naskah dinas) here.
    # The year stays in the number because {seq} restarts every year. See docs/operations.md, "Letter numbers".
    "order_number_format": "EP-{year}-{seq:06d}",
    "sp_number_format": "027/{seq:03d}/SP/{opd}/{month_roman}/{year}",
    "bast_number_format": "027/{seq:03d}/BAST/{opd}/{month_roman}/{year}",
    "competition_number_format": "MK-{year}-{seq:05d}",
    # Where letters are signed ("Kotabumi, 17 Maret 2026"): the seat of the kabupaten.
    "letter_city": os.environ.get("KATALOG_LETTER_CITY", "Kotabumi"),
    # Suppliers (suppliers app, issue #3).
    # Largest document a supplier may upload (PDF/JPEG/PNG), in bytes.
    "supplier_document_max_bytes": int(os.environ.get("KATALOG_SUPPLIER_DOCUMENT_MAX_BYTES", str(5 * 1024 * 1024))),
    # Days an officer's invitation link (assisted onboarding) stays valid.
    "supplier_invitation_valid_days": 7,
    # Days the link in the e-mail-address check stays valid.
    "supplier_email_link_valid_days": 7,
    # Days before a certificate expires that its supplier is reminded (again on the day after expiry).
    "document_expiry_reminder_days": 30,
    # Unfinished registration drafts are deleted after this many days without change (UU 27/2022).
    "registration_draft_days": 30,
    # A rejected registration that never traded has its personal data erased after this many days.
    "rejected_registration_days": 30,
    # A data subject's request (copy or erasure of a business's personal data) is answered within this many
    # hours: UU 27/2022 Pasal 32 ayat (2) gives 3 × 24 hours for access; Pasal 43 ayat (1) huruf c requires
    # erasure on request without a number of hours, and docs/privacy-processing-record.md promises the same 72.
    "data_request_hours": 72,
    # Readiness score (0-100) from which a business counts as "siap" in the funnel.
    "supplier_ready_score": 80,
    # Catalogue (catalogue app, issue #4).
    # A price rise above this percentage sends a listed product back to verification (KPK 2024 abuse pattern).
    "product_price_rise_reverify_percent": int(os.environ.get("KATALOG_PRICE_RISE_REVERIFY_PERCENT", "10")),
    # Search ranking: text relevance (0..1, relative to the best match) × "text", plus a bonus for each
    # preferred trait (catalogue/search/ranking.py). After changing a weight run `katalog reindex`.
    "search_ranking": {"text": 1.0, "local_supplier": 0.15, "umk": 0.10, "tkdn": 0.10, "tkdn_bmp": 0.05},
    # The preference above raises a product's text score by at most this fraction (every trait at once): it
    # orders matches of about equal quality, never a weak match above a clearly better one.
    "search_preference_cap": 0.10,
    # Price facet bands (rupiah): upper bounds of each band but the last.
    "search_price_bands": (10_000, 50_000, 100_000, 500_000, 1_000_000, 10_000_000),
    # Product photos: largest upload, longest side kept, thumbnail side (pixels). e-Katalog v6: 1-5 photos.
    "product_photo_max_bytes": 8 * 1024 * 1024,
    "product_photo_max_side": 1600,
    "product_thumbnail_side": 400,
    "product_photo_max_count": 5,
    # Spreadsheet imports: largest file and most rows one import may carry.
    "import_max_bytes": 20 * 1024 * 1024,
    "import_max_rows": 50_000,
    # An .xlsx is a zip archive: most bytes one member may unpack to, and the highest compression ratio
    # accepted (Apache POI's ZipSecureFile default, 1:100). Checked before parsing (core/spreadsheets.py).
    "import_max_unpacked_bytes": 100 * 1024 * 1024,
    "import_max_ratio": 100,
    # Rows in one SSH (price reference) file: a kabupaten's whole list is a few thousand items.
    "price_reference_max_rows": 20_000,
    # Monitoring and integrity (monitoring app, issue #6). Targets are defaults for a fiscal year without its
    # own monitoring.Target row. Inpres 2/2022: imports down to at most 5%, so domestic products >= 95%.
    "domestic_share_target_percent": 95,
    # Share of spend going to suppliers located in the kabupaten: the kabupaten's own goal (no national rule).
    "local_share_target_percent": 50,
    # Red/amber/green: green at or above the target, amber up to this many percentage points below, red beneath.
    "monitoring_amber_margin_percent": 10,
    # Toko Daring / Bela Pengadaan ceiling (Rp50 juta): a second threshold that split orders try to stay under.
    "toko_daring_limit": int(os.environ.get("KATALOG_TOKO_DARING_LIMIT", "50000000")),
    # Integrity flags (KPK 2024 abuse patterns); `katalog detect-flags` reads these.
    # A price rise of at least this percent within this many days before an order.
    "flag_price_rise_days": 14,
    "flag_price_rise_min_percent": 5,
    # One supplier's share of an OPD's yearly spend, and the HHI (0-10000) of the OPD's suppliers,
    # from which concentration is flagged; OPDs below the minimum spend or order count are left alone.
    "flag_concentration_share_percent": 50,
    "flag_concentration_hhi": 5000,
    "flag_concentration_min_spend": 100_000_000,
    "flag_concentration_min_orders": 5,
    # "Repeatedly": the top supplier must hold at least this many of those orders.
    "flag_concentration_min_supplier_orders": 2,
    # Split orders: 2+ orders of one OPD in one category (any suppliers) within this many days, each below a
    # threshold (pp_checkout_limit, toko_daring_limit) but at least this percent of it, together above it.
    "flag_split_days": 30,
    "flag_split_floor_percent": 40,
    # Offers priced above this percent of their category's median (same unit; at least N offers to compare).
    "flag_median_multiple_percent": 300,
    "flag_median_min_offers": 5,
    # The same OPD justifying a purchase past a UMK/domestic alternative from the same supplier this many
    # times within this many days.
    "flag_justification_count": 3,
    "flag_justification_days": 90,
    # How far back `katalog detect-flags` looks at orders and price changes.
    "flag_lookback_days": 400,
    # `katalog tick` runs the flag detectors again once this many minutes have passed since the last run.
    "flag_detection_interval_minutes": 60,
    # Open data and API (opendata app, issue #7).
    # OCDS ocid prefix: the prefix registered with the Open Contracting Partnership plus this installation's
    # part; each order's ocid is "<prefix>-<order number>", the catalogue's "<prefix>-katalog".
    "ocds_ocid_prefix": os.environ.get("KATALOG_OCDS_OCID_PREFIX", "ocds-xxxxxx-katalog-1803"),
    # Licence of the published data (OCDS package `license`).
    "opendata_license": "https://creativecommons.org/licenses/by/4.0/",
    # API v1 rate limits (fixed window in the cache): requests per window without a token / per token.
    "api_rate_limit_anonymous": int(os.environ.get("KATALOG_API_RATE_LIMIT_ANONYMOUS", "60")),
    "api_rate_limit_token": int(os.environ.get("KATALOG_API_RATE_LIMIT_TOKEN", "600")),
    "api_rate_window_seconds": 60,
    # API v1 pagination: default and largest page size.
    "api_page_size": 20,
    "api_page_size_max": 100,
}
