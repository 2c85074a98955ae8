"""Settings, driven by environment variables (see README, "Configuration").

SQLite is the default so that a fresh checkout runs at once; DATABASE_URL=postgres://…
switches to PostgreSQL through psycopg 3.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Development conveniences (a default secret key, permissive hosts) only with DEBUG on.
_DEV_SECRET = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="")
# Development without SITE_URL: links follow the address the server is reached at (afn_directory.links).
SITE_URL_FROM_REQUEST = DEBUG and not SITE_URL
SITE_URL = SITE_URL or "http://127.0.0.1:8000"

INSTALLED_APPS = [
    # SimpleAdminConfig: the default AdminConfig autodiscovers leaflet.admin, which imports
    # GeoDjango and needs GDAL. afn_directory.apps.AdminConfig discovers only what is safe.
    "afn_directory.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # the widgets' own templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "csp",
    "django_otp",
    "afn_directory.apps.OTPTOTPConfig",  # django_otp.plugins.otp_totp, with a translated name
    "leaflet",
    "territories",
    "accounts",
    "workshops",
    "surveys",
    "pages",
    "moderation",
    "officials",
]

MIDDLEWARE = [
    # First: probes answer before host checks, HTTPS redirects and sessions.
    "afn_directory.health.HealthProbeMiddleware",
    # Then an API answer kept whole for the very same anonymous request, with its final headers:
    # served before the rest of the chain (workshops/http_cache.py).
    "workshops.http_cache.KeptAnswerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "afn_directory.errors.DatabaseUnavailableMiddleware",
    "afn_directory.input_guard.RejectNulMiddleware",
    "afn_directory.private_pages.PrivatePagesMiddleware",
    # Above the session middleware: it has the last word on Vary and Cache-Control (the private
    # pages' no-store above it comes last).
    "afn_directory.http_cache.CachePolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "afn_directory.links.RequestSiteURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Below the session, the language and the user: its page is the site's.
    "afn_directory.errors.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "afn_directory.urls"
WSGI_APPLICATION = "afn_directory.wsgi.application"
# What the WSGI application answers before Django's handler: an API answer kept whole for the
# very same anonymous request (afn_directory/wsgi.py).
KEPT_ANSWERS = "workshops.http_cache.kept_answer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "afn_directory.context_processors.site",
            ],
        },
    },
    {
        # The plain-text e-mails (accounts.emails): "L'Atelier & co" as typed, not HTML-escaped.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Form fields in the site's layout (spacing, required marks); afn_directory/forms.py.
FORM_RENDERER = "afn_directory.forms.FormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails fast (503 page, /readyz) instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )
    # The directory's working set lives in memory (or on SSD): a random page costs about what a
    # sequential one does, and with PostgreSQL's default (4, for spinning disks) the planner gives
    # up the nearby index walk for a bitmap scan and a sort of every workshop within the radius as
    # soon as a filter looks selective ("open now", a machine: 1 → 25–30 ms at 100,000;
    # docs/performance.md). Options of DATABASE_URL (?options=…) come after, and win.
    _options = DATABASES["default"]["OPTIONS"]
    _options["options"] = " ".join(["-c random_page_cost=1.1", _options.get("options", "")]).strip()
    # The same queries come back all day (a page of a search, a workshop, its machines): bound on
    # the server and prepared once a connection has run one of them DB_PREPARE_THRESHOLD times,
    # PostgreSQL may plan it once per connection rather than at every request (a workshop's row
    # 0.9 → 0.5 ms; docs/performance.md). 0 turns it off, as PgBouncer in transaction mode before
    # 1.21 needs (it loses them).
    _prepare_threshold = env.int("DB_PREPARE_THRESHOLD", default=5)
    if _prepare_threshold > 0:
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", _prepare_threshold)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
    # The territory indexes carry extra columns (INCLUDE) for PostgreSQL's index-only counts;
    # SQLite builds them without, as intended: no warning on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Read replicas (PostgreSQL streaming replicas): reads go to them, writes and migrations to the
# primary (afn_directory/db_router.py). Several replicas: DATABASE_REPLICA_URL, DATABASE_REPLICA_2_URL…
for _index, _variable in enumerate(["DATABASE_REPLICA_URL", *(f"DATABASE_REPLICA_{n}_URL" for n in range(2, 10))]):
    if env.str(_variable, default=""):
        _replica = env.db(_variable)
        _replica.update({key: DATABASES["default"][key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")})
        _replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {})}
        DATABASES["replica" if _index == 0 else f"replica_{_index + 1}"] = _replica
DATABASE_ROUTERS = ["afn_directory.db_router.PrimaryReplicaRouter"] if len(DATABASES) > 1 else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Sessions are read from the cache (Redis in production) and written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, …
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Annuaire des AFN <no-reply@afn-directory.fr>")

AUTH_PASSWORD_VALIDATORS = [
    {
        # People sign up with their e-mail (accounts.forms.SignupForm): the username is a copy of it
        # that nobody sees, so an error naming it would point at a field the form does not have.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["afn_directory.formats"]  # British dates in English (afn_directory/formats/en)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
# Workshop photos (workshops/photos.py). In production nginx serves MEDIA_ROOT at MEDIA_URL
# (deploy/nginx.conf); SERVE_MEDIA lets the application serve them itself (development, or a
# single server without nginx in front). Back MEDIA_ROOT up with the database (docs/deploy.md).
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Where @etalab/decoupage-administratif is installed (npm ci); load_territories reads it.
TERRITORIES_DATA_DIR = env.path(
    "TERRITORIES_DATA_DIR", default=BASE_DIR / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
)

# Geocoder: "ban" (the national address API) or "none" (communes only).
GEOCODER = env.str("GEOCODER", default="ban")
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=3.0)
# Open-data sources `sync_sources` re-imports daily: FORMAT=URL entries, comma-separated.
SYNC_SOURCES = env.list("SYNC_SOURCES", default=[])
SYNC_TIMEOUT = env.float("SYNC_TIMEOUT", default=60.0)
# Suggest a workshop's SIRET from the public companies directory: "recherche-entreprises" or "none".
COMPANY_LOOKUP = env.str("COMPANY_LOOKUP", default="none")
COMPANY_LOOKUP_TIMEOUT = env.float("COMPANY_LOOKUP_TIMEOUT", default=3.0)

MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png")
# Empty: the default attribution of OpenStreetMap France's tiles, in the reader's language
# (workshops/maps.py); an attribution set here is shown as it is.
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default="")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (46.6, 2.4),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "TILES": [
        (
            "OpenStreetMap France",
            MAP_TILES_URL,
            {
                "attribution": MAP_TILES_ATTRIBUTION or "&copy; OpenStreetMap contributors, tiles OpenStreetMap France",
                "maxZoom": 19,
            },
        )
    ],
    "RESET_VIEW": False,
    # Leaflet finds its marker images from the URL in its stylesheet, which the manifest storage
    # rewrites with a hash (marker-icon.2273e3d8ad92.png): without this, markers showed their
    # alternative text instead of a pin in production. The unhashed copies are collected too.
    "FORCE_IMAGE_PATH": STATIC_URL + "leaflet/images/",
}

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "afn_directory.api_exceptions.exception_handler",  # in the request's language
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON with a NUL character or absurd nesting is a 400 (afn_directory/input_guard.py).
    "DEFAULT_PARSER_CLASSES": [
        "afn_directory.input_guard.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "workshops.api.pagination.Pagination",
    # DRF's JSON, written by orjson (afn_directory/renderers.py); the browsable API as DRF's.
    "DEFAULT_RENDERER_CLASSES": [
        "afn_directory.renderers.JSONRenderer",
        "afn_directory.renderers.BrowsableAPIRenderer",  # accessible (afn_directory/renderers.py)
    ],
    "DEFAULT_SCHEMA_CLASS": "afn_directory.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "afn_directory.limits.ApiAnonReadThrottle",
        "afn_directory.limits.ApiUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="600/hour"),
        "user": env.str("API_USER_RATE", default="5000/hour"),
    },
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AFN Directory API",
    "DESCRIPTION": "Public data of France's digital fabrication workshops (ateliers de fabrication numérique).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links, an operation's summary button holds no link of its own (a control inside a
    # control: WCAG 4.1.2); without highlighting, no red on grey in the JSON shown (1.4.3);
    # templates/api/swagger_ui.html gives its badges and buttons readable contrasts.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
}

# Behind nginx or another proxy that sets X-Forwarded-For, count abuse limits per real client.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)

# Surveys: who is responsible for the answers (shown before consent), and how long free-text
# answers are kept before `purge_survey_data` removes them.
# Who publishes the site (legal notice, data controller, contact page): set them in production.
PUBLISHER_NAME = env.str("PUBLISHER_NAME", default="")
PUBLISHER_ADDRESS = env.str("PUBLISHER_ADDRESS", default="")
PUBLICATION_DIRECTOR = env.str("PUBLICATION_DIRECTOR", default="")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="")
HOSTING_PROVIDER = env.str("HOSTING_PROVIDER", default="")
SURVEY_DATA_CONTROLLER = env.str("SURVEY_DATA_CONTROLLER", default="")  # empty: the publisher above
SURVEY_TEXT_RETENTION_DAYS = env.int("SURVEY_TEXT_RETENTION_DAYS", default=730)

CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/manage/"
LOGOUT_REDIRECT_URL = "/"

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy: the browser features a page may ask for. "Autour de moi" asks this site's
# position; nothing asks the camera, the microphone, payments or devices, nor may a framed page.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "browsing-topics": [],
}


def _tiles_source(url: str) -> str | None:
    """The CSP source for the tile server: "https://{s}.tile.example.fr/…" gives "https://*.tile.example.fr"."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None  # a path on this site: 'self' covers it
    labels = parts.netloc.split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label]
    host = ".".join(["*", *labels[templated[-1] + 1 :]]) if templated else parts.netloc
    return f"{parts.scheme}://{host}"


# Content-Security-Policy: only the app's own scripts and styles (no inline code), images from
# the app and the tile server. Views that need more say so with csp.decorators (e.g. the API docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for Leaflet, which blanks unloaded tiles with an inline empty GIF (images cannot run code).
        "img-src": [SELF, "data:", *filter(None, [_tiles_source(MAP_TILES_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Second factor for the admin (django-otp, TOTP): see afn_directory/admin_site.py and docs/deploy.md.
# Staff who set up an authenticator must give its code; with ADMIN_REQUIRE_OTP every staff member must.
ADMIN_REQUIRE_OTP = env.bool("ADMIN_REQUIRE_OTP", default=False)
OTP_TOTP_ISSUER = "AFN Directory"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
