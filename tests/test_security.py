"""Security headers, Content-Security-Policy, and `check --deploy` under production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from afn_directory.settings import _tiles_source

BASE_DIR = Path(settings.BASE_DIR)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_allowing_only_the_apps_own_code(client):
    directives = csp_directives(client.get("/workshops/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_images_come_from_the_app_and_the_configured_tile_server_only(client):
    # The tests serve tiles from the app itself (MAP_TILES_URL is a path), so 'self' is enough;
    # data: is Leaflet's blank for unloaded tiles.
    assert csp_directives(client.get("/workshops/"))["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.fr"),
        ("https://tiles.example.fr/{z}/{x}/{y}.png", "https://tiles.example.fr"),
        ("https://tiles.example.fr:8443/{z}/{x}/{y}.png", "https://tiles.example.fr:8443"),
        ("/static/img/offline-tile.png", None),
    ],
)
def test_the_tile_servers_csp_source_is_derived_from_map_tiles_url(url, source):
    assert _tiles_source(url) == source


@pytest.mark.django_db
def test_it_sends_hsts_nosniff_referrer_policy_and_frame_options_over_https(client):
    response = client.get("/workshops/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # "Autour de moi" may ask the position; nothing may ask the camera, the microphone or payments.
    policy = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    assert policy["geolocation"] == "(self)"
    assert policy["camera"] == policy["microphone"] == policy["payment"] == "()"


@pytest.mark.django_db
def test_the_permissions_policy_names_no_feature_chromium_does_not_recognise(client):
    # Chromium warns on every page ("Unrecognized feature: 'bluetooth'"): it has no Web Bluetooth policy.
    policy = dict(item.split("=", 1) for item in client.get("/workshops/")["Permissions-Policy"].split(", "))
    assert "bluetooth" not in policy
    assert set(policy) == {"geolocation", "camera", "microphone", "payment", "usb", "serial", "browsing-topics"}


def test_cookies_are_secure_and_http_only_in_production():
    assert settings.SESSION_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_SECURE


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_when_configured(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/workshops/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def production_environment(**extra) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DEBUG", "SECURE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="afn_directory.settings",
        DEBUG="0",
        SECRET_KEY="k3Jq9-production-like-secret-7vXw2LmP0aZ8rT5yB4nC6dE1fG3hJ9kQ",
        ALLOWED_HOSTS="annuaire.example.fr",
        DATABASE_URL=f"sqlite:///{BASE_DIR / 'var' / 'check-deploy.sqlite3'}",
        CACHE_URL="locmemcache://",
        **extra,
    )
    return env


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_csp_allows_the_configured_tile_server():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"],
        cwd=BASE_DIR,
        env=production_environment(MAP_TILES_URL="https://tiles.region.example.fr/{z}/{x}/{y}.png"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "'img-src': [\"'self'\", 'data:', 'https://tiles.region.example.fr']" in result.stdout


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


def project_templates():
    for folder in [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]:
        if ".venv" in folder.parts or "node_modules" in folder.parts:
            continue
        yield from folder.rglob("*.html")


@pytest.mark.parametrize("template", sorted(project_templates()), ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_no_template_holds_inline_scripts_or_style_attributes(template):
    source = template.read_text()
    assert not INLINE_SCRIPT.search(source), "inline <script>: move the code to static/js/ (the CSP blocks it)"
    assert not STYLE_ATTRIBUTE.search(source), 'style="" attribute: use a class in a stylesheet (the CSP blocks it)'
