"""The test suite's settings: production settings (DEBUG off) with a throw-away secret key."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
# Whatever the shell or .env says (`make run` uses DEBUG=1), the suite tests production behaviour.
os.environ["DEBUG"] = "0"

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user fixtures
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The manifest storage needs `collectstatic`; tests serve static files from the finders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# No browser request leaves the machine: map tiles come from the app itself.
MAP_TILES_URL = "/static/img/offline-tile.png"
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": [("Offline", MAP_TILES_URL, {"attribution": "", "maxZoom": 19})]}  # noqa: F405
GEOCODER = "none"
# The test client and the live server speak plain HTTP; production redirects to HTTPS.
SECURE_SSL_REDIRECT = False
# Tiles come from the app (above), so the Content-Security-Policy allows images from the app only.
CONTENT_SECURITY_POLICY = {  # noqa: F405
    **CONTENT_SECURITY_POLICY,  # noqa: F405
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'", "data:"]},  # noqa: F405
}

# A second database plays the read replica in tests/test_replicas.py (on the same server, its own
# name; tables created without migrations). The router is off unless a test turns it on: nothing
# copies the primary's writes to this stand-in.
_replica = {**DATABASES["default"], "TEST": {"MIGRATE": False}}  # noqa: F405
if "postgresql" in _replica["ENGINE"]:
    _replica["TEST"]["NAME"] = f"test_{_replica['NAME']}_replica"
DATABASES["replica"] = _replica  # noqa: F405
DATABASE_ROUTERS = []
