"""Settings shared by every environment. Everything secret or host-specific comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# The development key is public on purpose: settings refuse it whenever DEBUG is off.
DEV_SECRET_KEY = "dev-only-insecure-key-guilin-zjtx-never-use-in-production-0123456789"
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY)
if SECRET_KEY == DEV_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "DEBUG=False 时必须通过环境变量 SECRET_KEY 提供密钥（开发默认密钥仅限调试模式）。"
        " SECRET_KEY must be set in the environment when DEBUG is off."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "ninja",  # the Swagger UI templates and assets of /api/v1/docs/, served from the portal itself
    "guilin_zjtx.apps.AxesConfig",  # django-axes, named in Chinese in the admin
    "enterprises.apps.EnterprisesConfig",
    "policy",
    "vocabulary",
    "declarations",
    "awards",
    "liaison",
    "finance",
    "talent",
    "markets",
    "innovation",
    "chains",
    "dashboards",
    "portal",
    "documents",
    "api",
    "guilin_zjtx",  # the project itself: the demo command that seeds every floor
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "guilin_zjtx.csp.AdminScriptEvalMiddleware",
    "guilin_zjtx.middleware.ConfidentialNoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guilin_zjtx.urls"
WSGI_APPLICATION = "guilin_zjtx.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "enterprises.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first so that a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (guilin_zjtx/login_throttle.py): 5 failures per username+IP lock that pair, and 20 failures
# from one IP across usernames (password spraying) lock that IP, each for 15 minutes after the last failure.
AXES_HANDLER = "guilin_zjtx.login_throttle.AccountAndAddressHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "guilin_zjtx.login_throttle.lockout_response"

# Sessions end after 30 idle minutes, and with the browser. Each request extends the session; its row is rewritten
# only once its expiry would move by a minute or more (guilin_zjtx/idle_sessions.py), not on every page.
SESSION_ENGINE = "guilin_zjtx.idle_sessions"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Project catalogue first: zh_Hans for the admin's third-party strings (unfold, axes) that ship no translation.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files live outside the web root and have no public URL: they are served by views that check the user.
MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "uploads")))
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Declaration attachments: PDF, PNG/JPEG, Word and Excel, checked by content, at most this many bytes each.
DECLARATION_UPLOAD_MAX_BYTES = env.int("DECLARATION_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The open interfaces (api/): calls per token per minute, and whether a plain-HTTP call is refused (production).
API_CALLS_PER_MINUTE = env.int("API_CALLS_PER_MINUTE", default=120)
API_HTTPS_ONLY = env.bool("API_HTTPS_ONLY", default=not DEBUG)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The admin theme sets inline styles; no asset comes from outside the portal.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Celery: tasks go to the broker. Running them in-process without one is a local and test convenience only
# (settings/local.py, test.py); production refuses to start without a broker (settings/production.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="").strip()
# A recompute run's chunks are a chord (awards.tasks), which counts its finished members in a result backend: the
# broker's Redis unless another is named. Only the chord's members store a result, for a day.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else None
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = env.int("CELERY_RESULT_EXPIRES", default=24 * 3600)
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message a dead worker held goes back to the queue after the visibility timeout, so it is sized to a task, not
# to a year: every task is chunk-sized (RECOMPUTE_CHUNK_SIZE enterprises, a few seconds) and every retry countdown
# shorter (awards.tasks), else Redis would hand a message still being worked on to a second worker. Live workers
# look for such messages every CELERY_RESTORE_INTERVAL seconds.
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=5 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
}
# The recompute: enterprises per chunk (one task, one transaction), and how long a run may go without finishing a
# chunk before it is marked 中断 (longer than a redelivery takes).
RECOMPUTE_CHUNK_SIZE = env.int("RECOMPUTE_CHUNK_SIZE", default=2000)
RECOMPUTE_HEARTBEAT_TIMEOUT = env.int("RECOMPUTE_HEARTBEAT_TIMEOUT", default=2 * BROKER_VISIBILITY_TIMEOUT)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # (三)(四) each 1 March at 02:00, recompute the year just closed once its annual figures are in.
    "recompute-eligibility-yearly": {
        "task": "awards.tasks.recompute_previous_year",
        "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year="3"),
    },
    # (八) liaison officers' yearly duty: the running year every night, the closed year settled in January.
    "liaison-duty-nightly": {
        "task": "liaison.tasks.evaluate_liaison_duty",
        "schedule": crontab(minute=30, hour=2),
    },
    # 公示 periods that ended: recognize those already given a document number, every morning.
    "conclude-public-notices-daily": {
        "task": "declarations.tasks.conclude_due_public_notices",
        "schedule": crontab(minute=15, hour=1),
    },
    # A recompute run whose heartbeat stopped is marked 中断 within a minute of RECOMPUTE_HEARTBEAT_TIMEOUT.
    "recompute-heartbeat-check": {
        "task": "awards.tasks.mark_stale_recompute_runs",
        "schedule": crontab(),
    },
    "liaison-duty-closed-year": {
        "task": "liaison.tasks.evaluate_closed_liaison_duty",
        "schedule": crontab(minute=45, hour=2, day_of_month="2,15", month_of_year="1"),
    },
}

# django-import-export: importing needs the model's "add" permission, exporting "view"; formulae are escaped.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"  # shared by every web host, random keys
# Limits every import file is checked against before it is parsed (enterprises.spreadsheets): an .xlsx is a zip whose
# sheets can inflate a thousandfold, so the sum of its declared uncompressed sizes is bounded, as are the data rows
# and the characters in any one cell.
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=1000)

# Quota dashboards: each area's figures are cached this many seconds (keyed by area, year and day); 0 = off.
QUOTA_DASHBOARD_CACHE_SECONDS = env.int("QUOTA_DASHBOARD_CACHE_SECONDS", default=60)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="桂林市工业和信息化局 <noreply@gxi.guilin.example>")
ADMINS = [tuple(a.split(":", 1)) for a in env.list("ADMINS", default=[])]
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},  # its INFO lines narrate every PDF; its one WARNING names a subsetter
        "fontTools": {"level": "WARNING"},
    },
}

# The admin wears the portal's identity (static/css/portal.css): its red as unfold's primary scale (600 is the
# portal's --red, 700 its --red-dark), its name and the 专 mark of its header.
PORTAL_RED = {
    "50": "#fef2f2", "100": "#fde3e3", "200": "#fbcccd", "300": "#f6a4a6", "400": "#ee6c70", "500": "#dc3a3f",
    "600": "#b5171d", "700": "#8c1015", "800": "#741114", "900": "#611316", "950": "#350607",
}

UNFOLD = {
    "SITE_TITLE": "专精特新业务管理",
    "SITE_HEADER": "桂林市专精特新中小企业服务平台",
    "SITE_SUBHEADER": "业务管理 · 桂林市工业和信息化局",
    "SITE_SYMBOL": "factory",
    "SITE_ICON": lambda request: static("img/brand-mark.svg"),
    "SITE_FAVICONS": [{"rel": "icon", "sizes": "any", "type": "image/svg+xml",
                       "href": lambda request: static("img/brand-mark.svg")}],
    "COLORS": {"primary": PORTAL_RED},
    "STYLES": [lambda request: static("css/admin_workplace.css")],
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    # the landing page: what waits for the signed-in official (templates/admin/index.html)
    "DASHBOARD_CALLBACK": "guilin_zjtx.workplace.dashboard_callback",
}
