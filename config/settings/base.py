"""Settings shared by every environment; each value that differs between deployments comes from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .mail import mail_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_countries",
    "axes",
    "csp",
    "organizations",
    "compliance",
    "marketplace",
    "marketplace.integrity",
    "alliances",
    "loghubs",
    "invoicing",
    "contracting",
    "dashboard",
    "benchmarks",  # the `bench_*` commands; no models, no URLs unless ALX_BENCHMARK_VIEWS
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RejectNulInQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "organizations.middleware.CurrentOrganizationMiddleware",
    "organizations.middleware.TimeZoneMiddleware",
    "organizations.middleware.UserLanguageMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.api.idempotency.IdempotencyKeyMiddleware",
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
                "organizations.context_processors.navigation",
            ],
            "builtins": ["organizations.templatetags.formatting"],
        },
    },
]

_RUN_HINT = (
    "is not set. Start ALX with `make run` (or run a command beside the embedded services with "
    "`.venv/bin/python -m config.embedded run -- <command>`), or point it at your own service."
)
for _name in ("DATABASE_URL", "REDIS_URL"):
    if not env.str(_name, default=""):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{_name} {_RUN_HINT}")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="alx"),
        # An unreachable Redis fails a cache call within seconds instead of the OS's connect timeout.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
    }
}

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "organizations.backends.MembershipPermissionBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "DJANGO_PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock an account+IP after repeated failed logins, and an IP after more failures over any
# accounts (password spraying); switchable for API fuzzing runs. organizations/lockout.py says how.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "organizations.lockout.AccountAndAddressLockout"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# django-guardian: no anonymous user row; object grants use direct foreign-key tables.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The default time zone of users who have not chosen one (User.time_zone; TimeZoneMiddleware activates it).
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Europe/Berlin")
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files are private: never served under a public URL, only through permission-checked views.
MEDIA_ROOT = env.path("ALX_MEDIA_ROOT", default=BASE_DIR / "var" / "media")

globals().update(
    mail_settings(backend=env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"))
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="ALX <noreply@alx.example>")
ALX_BASE_URL = env("ALX_BASE_URL", default="http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): everything from the platform's own origin, no inline script, no eval
# (htmx runs with allowEval off, see templates/base.html). Style attributes stay allowed (style-src-attr): progress
# bars set their width in one; <style> elements do not. Images may be data: URIs (Bootstrap's form icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "organizations.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.AlxFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AlxAutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # JSON only, whatever Accept or ?format= ask for: the browsable HTML API is not part of the contract
    # (the schema documents JSON), and /api/docs/ is the place to explore it.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.negotiation.JsonOnlyNegotiation",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.TokenRateThrottle",
        "core.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_THROTTLE_RATE", default="1200/minute"),
        "anon": env("API_ANON_THROTTLE_RATE", default="60/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_MAX_PAGE_SIZE = 200
# Lists count at most this many rows (paging goes on past them): counting 10,000 visible listings cost more
# than the rest of the request. README "API" says what clients see.
API_COUNT_CAP = env.int("API_COUNT_CAP", default=1_000)
# Threads of the full re-match; each keeps one PostgreSQL core busy with set-based scoring.
MATCHING_WORKERS = env.int("MATCHING_WORKERS", default=2)
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", default="ocds-alx000")
# The public SME-share figures pool countries with fewer suppliers than this (no one's receipts read off a row).
SME_SHARE_MIN_SUPPLIERS = env.int("SME_SHARE_MIN_SUPPLIERS", default=3)
# The bare `.values()` views that `manage.py bench_marketplace` compares the API with; never in production.
ALX_BENCHMARK_VIEWS = env.bool("ALX_BENCHMARK_VIEWS", default=False)
IDEMPOTENCY_KEY_TTL = env.int("IDEMPOTENCY_KEY_TTL", default=24 * 3600)
# JSON request bodies: larger ones answer 413, deeper ones 400 (README "Limits").
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=1024 * 1024)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=20)

SPECTACULAR_SETTINGS = {
    "TITLE": "ALX API",
    "DESCRIPTION": (
        "The Allied Logistics Exchange API for systems integrators. Authenticate with "
        "`Authorization: Token <key>` (create keys under API tokens in the browser). Every 4xx "
        'answer has the shape `{"type": ..., "detail": ..., "errors": {"field": ["message"]}}`. '
        "POST requests honour an `Idempotency-Key` header."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ContractLanguageEnum": "contracting.models.CONTRACT_LANGUAGES",
        "OrganizationKindEnum": "organizations.models.OrganizationKind",
        "QuestionKindEnum": "compliance.models.QuestionKind",
        "BadgeKindEnum": "compliance.models.BadgeKind",
        "AssessmentStateEnum": "compliance.models.AssessmentState",
        "ListingKindEnum": "marketplace.models.ListingKind",
        "CriterionKindEnum": "marketplace.models.CriterionKind",
        "ListingStateEnum": "marketplace.models.ListingState",
        "TenderStateEnum": "marketplace.models.TenderState",
        "FeedSubjectEnum": "marketplace.models.ChangeSubject",
        "LotStateEnum": "marketplace.models.LotState",
        "BidStateEnum": "marketplace.models.BidState",
        "AwardStateEnum": "marketplace.models.AwardState",
        "MembershipRoleEnum": "organizations.models.MembershipRole",
        "HubServiceKindEnum": "loghubs.models.ServiceKind",
        "HubServiceUnitEnum": "loghubs.models.ServiceUnit",
        "TransportModeEnum": "loghubs.models.TransportMode",
        "RailGaugeEnum": "loghubs.models.RailGauge",
        "ClassificationLevelEnum": "loghubs.models.ClassificationLevel",
        "SecurityLevelEnum": "loghubs.models.SecurityLevel",
        "ServiceRequestStateEnum": "loghubs.models.RequestState",
        "HubOfferStateEnum": "loghubs.models.OfferState",
        "HubBookingStateEnum": "loghubs.models.BookingState",
        "AmmunitionGroupEnum": "loghubs.vocabulary.AMMUNITION_GROUPS",
        "AllianceMemberRoleEnum": "alliances.models.MemberRole",
        "ContractStateEnum": "contracting.models.ContractState",
        "OrderStateEnum": "contracting.models.OrderState",
        "InvoiceStateEnum": "invoicing.models.InvoiceState",
        "InvoiceSyntaxEnum": "invoicing.models.Syntax",
        "DeliveryStateEnum": "contracting.models.DeliveryState",
        "TrackingEventKindEnum": "contracting.models.EventKind",
        "TrackingEventSourceEnum": "contracting.models.EventSource",
        "AcceptanceOutcomeEnum": "contracting.models.AcceptanceOutcome",
    },
    # Swagger UI's assets come from the drf-spectacular-sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
        "core.api.schema.add_enum_varnames",
    ],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "tokenAuth": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "`Token <key>`"}
        }
    },
}


def _celery_redis_url(redis_url: str) -> str:
    """Kombu names a unix-socket Redis `redis+socket://` and its database `virtual_host`."""
    if not redis_url.startswith("unix://"):
        return redis_url
    path, _, query = redis_url.removeprefix("unix://").partition("?")
    database = dict(part.split("=", 1) for part in query.split("&") if "=" in part).get("db", "0")
    return f"redis+socket://{path}?virtual_host={database}"


CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=_celery_redis_url(REDIS_URL))
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=_celery_redis_url(REDIS_URL))
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# A task is acknowledged when it has run, and handed back to the broker when the process running it dies
# (kill -9, out of memory), so another worker runs it again; every task is written to be safe to run twice
# (core/jobs.py). A worker that vanishes as a whole leaves its task unacknowledged in Redis, which delivers it
# again after the visibility timeout: longer than the longest task, or Redis would hand a task still running
# to a second worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
REMATCH_SOFT_TIME_LIMIT = env.int("REMATCH_SOFT_TIME_LIMIT", default=1800)
REMATCH_TIME_LIMIT = env.int("REMATCH_TIME_LIMIT", default=1900)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=max(REMATCH_TIME_LIMIT, CELERY_TASK_TIME_LIMIT) + 300
    ),
}
# Jobs with a run record (the full re-match) beat a heartbeat; without one for this long the run is marked failed
# and can be started again. JOB_MAX_ATTEMPTS lost workers in a row and it is not taken up again.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=10)
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=120)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
