"""Django settings for NQI Hub: one module, every value from config.env (ARCHITECTURE.md §1)."""

import sys

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

SECRET_KEY = env.secret_key()
DEBUG = env.flag("NQI_DEBUG")
TESTING = env.flag("NQI_TESTING") or "pytest" in sys.modules
ALLOWED_HOSTS = [h for h in env.text("NQI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env.text("NQI_CSRF_TRUSTED_ORIGINS").split(",") if o]

# Domain apps in dependency order: a lower app never imports a higher one (ARCHITECTURE.md §2).
NQI_APPS = [
    "nqi.core",
    "nqi.accounts",
    "nqi.audit",
    "nqi.search",
    "nqi.regions",
    "nqi.industries",
    "nqi.enterprises",
    "nqi.institutions",
    "nqi.jobs",
    "nqi.standards",
    "nqi.benchmarking",
    "nqi.servicedesk",
    "nqi.assistance",
    "nqi.supervision",
    "nqi.spotchecks",
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "ninja",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    *NQI_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nqi.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nqi.audit.middleware.RequestContextMiddleware",
    "nqi.core.middleware.DomainErrorMiddleware",
    "config.middleware.ApiFeatureLevelMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "nqi.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": dj_database_url.parse(env.database_url(), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server, the task worker and the CLI share one file safely.
    # A 64 MB page cache (grown on use; the default is 2 MB) keeps the B-trees of a million-row catalog
    # in memory while an import inserts keys in random order; reads go through a memory map.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY; "
            # A large import's WAL is cut back to 64 MB when it starts over after its checkpoint
            # (nqi.core.checkpoints); without a limit the file keeps its largest size on disk.
            "PRAGMA journal_size_limit=67108864;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Searches and lists are short queries whose plans can look expensive over a million rows: JIT
    # compiling them adds latency and saves nothing (docs/deployment.md lists the server settings).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

CACHE_URL = env.text("NQI_CACHE_URL")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # The database cache is shared by every gunicorn worker and server (no per-process state).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "nqi_cache"}}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_root"
STATICFILES_DIRS = [BASE_DIR / "static"]
# bin/copy-assets puts the npm packages' distributed files here at set-up (never committed).
VENDOR_ASSETS_DIR = BASE_DIR / "build" / "vendor"
if VENDOR_ASSETS_DIR.exists():
    STATICFILES_DIRS.append(("vendor", VENDOR_ASSETS_DIR))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if TESTING or DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Tests and DEBUG serve app static files through the finders, with no collected STATIC_ROOT to scan.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = TESTING or DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = env.flag("NQI_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling: at most this many failures per username+IP in the window (seconds).
NQI_LOGIN_MAX_FAILURES = int(env.text("NQI_LOGIN_MAX_FAILURES", "5"))
NQI_LOGIN_WINDOW_SECONDS = int(env.text("NQI_LOGIN_WINDOW_SECONDS", "900"))
# Two-factor sign-in is required for bureau administrators (ARCHITECTURE.md §4).
NQI_REQUIRE_2FA_FOR_ADMINS = env.flag("NQI_REQUIRE_2FA_FOR_ADMINS", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("NQI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "nqi.core.permissions.RulesBackend",
]
# Behind a reverse proxy that sets X-Forwarded-For, record the client's address in audit events.
NQI_TRUST_X_FORWARDED_FOR = env.flag("NQI_TRUST_X_FORWARDED_FOR")
