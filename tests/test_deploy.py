"""The deployment files: docker-compose.yml, the Dockerfile, the entrypoint, and the documented variables."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

BASE_DIR = Path(settings.BASE_DIR)
COMPOSE_ENV = {"POSTGRES_PASSWORD": "pw", "SECRET_KEY": "key", "ALLOWED_HOSTS": "annuaire.example.fr"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_it_runs_postgresql_16_redis_the_web_service_nginx_and_backups(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "nginx", "jobs", "backup"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"].startswith("redis:")
    assert services["web"]["build"] == "."


def test_every_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        assert service["healthcheck"]["test"], name


def test_the_web_service_waits_for_healthy_dependencies_and_asks_readyz(compose):
    web = compose["services"]["web"]
    assert web["depends_on"] == {"db": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}
    assert "/readyz" in " ".join(web["healthcheck"]["test"])


def test_data_lives_in_named_volumes(compose):
    assert set(compose["volumes"]) == {"pgdata", "backups", "media"}
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    assert "backups:/backups" in compose["services"]["backup"]["volumes"]
    # The photos: written by the web replicas (and the jobs), served by nginx, archived by the backup.
    assert compose["services"]["web"]["environment"]["MEDIA_ROOT"] == "/app/media"
    for service, mount in [("web", "media:/app/media"), ("jobs", "media:/app/media")]:
        assert mount in compose["services"][service]["volumes"], service
    for service, mount in [("nginx", "media:/srv/media:ro"), ("backup", "media:/media:ro")]:
        assert mount in compose["services"][service]["volumes"], service
    assert "tar -C /media" in compose["services"]["backup"]["command"][0]


def test_the_web_service_uses_postgresql_and_redis_and_requires_its_secrets(compose):
    environment = compose["services"]["web"]["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
    assert environment["CACHE_URL"] == "redis://redis:6379/0"
    assert environment["DEBUG"] == "0"
    for required in ("SECRET_KEY", "ALLOWED_HOSTS"):
        assert ":?" in environment[required], required


DAILY_JOBS = ["purge_survey_data", "remind_managers", "invite_managers"]


def test_the_daily_jobs_run_in_compose_and_on_debian(compose):
    jobs = compose["services"]["jobs"]
    assert jobs["image"] == compose["services"]["web"]["image"]
    assert jobs["environment"] == {**compose["services"]["web"]["environment"], "MIGRATE_ON_START": "0"}
    loop = " ".join(jobs["command"])
    assert all(job in loop for job in [*DAILY_JOBS, "sync_sources"]) and "sleep 86400" in loop
    unit = (BASE_DIR / "deploy" / "afn-directory-daily.service").read_text()
    assert [line.split()[-1] for line in unit.splitlines() if line.startswith("ExecStart=")] == DAILY_JOBS
    assert "OnCalendar=*-*-* 08:15:00" in (BASE_DIR / "deploy" / "afn-directory-daily.timer").read_text()


def test_every_command_the_deployment_runs_exists():
    named = set()
    for path in [*(BASE_DIR / "deploy").glob("*.service"), BASE_DIR / "docker-compose.yml"]:
        text = path.read_text()
        named |= set(re.findall(r"manage\.py (\w+)", text))  # systemd units
        for jobs in re.findall(r"for job in ([\w ]+);", text):  # the compose loop
            named |= set(jobs.split())
    assert {*DAILY_JOBS, "sync_sources", "resolve_wikidata"} <= named
    assert named <= set(get_commands()), sorted(named - set(get_commands()))


def test_the_backup_service_dumps_with_pg_dump_and_prunes_old_dumps(compose):
    command = " ".join(compose["services"]["backup"]["command"])
    assert "pg_dump --format=custom" in command
    assert "-mtime +$$BACKUP_KEEP_DAYS -delete" in command


def compose_command():
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return None


def run_compose_config(environment):
    command = compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed; the YAML checks above still ran")
    env = {key: value for key, value in os.environ.items() if key not in COMPOSE_ENV}
    return subprocess.run(
        [*command, "-f", "docker-compose.yml", "config", "-q"],
        cwd=BASE_DIR,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_docker_compose_accepts_the_file():
    result = run_compose_config(COMPOSE_ENV)
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_start_without_the_secret_key():
    result = run_compose_config({key: value for key, value in COMPOSE_ENV.items() if key != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_image_is_multi_stage_non_root_and_builds_its_assets():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, re.M)) == 3
    assert "npm ci" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in dockerfile
    assert "gunicorn" in dockerfile


def test_the_entrypoint_migrates_before_starting_and_is_valid_shell():
    entrypoint = BASE_DIR / "deploy" / "entrypoint.sh"
    assert os.access(entrypoint, os.X_OK)
    assert subprocess.run(["sh", "-n", str(entrypoint)]).returncode == 0
    text = entrypoint.read_text()
    assert text.index('call_command("migrate", interactive=False)') < text.index('exec "$@"')
    assert text.index("pg_advisory_lock") < text.index('call_command("migrate"'), "replicas migrate one at a time"


def test_the_backup_script_is_valid_shell():
    assert subprocess.run(["sh", "-n", str(BASE_DIR / "deploy" / "backup.sh")]).returncode == 0


def settings_variables() -> set[str]:
    source = (BASE_DIR / "afn_directory" / "settings.py").read_text()
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))


def test_every_environment_variable_is_documented_in_the_deploy_guide():
    guide = (BASE_DIR / "docs" / "deploy.md").read_text()
    undocumented = {name for name in settings_variables() if f"`{name}`" not in guide}
    assert not undocumented, f"add to docs/deploy.md, “Environment variables”: {sorted(undocumented)}"


def test_the_compose_file_only_sets_variables_something_reads(compose):
    process_level = {"FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY"}
    unknown = set(compose["services"]["web"]["environment"]) - settings_variables() - process_level
    assert not unknown


def test_gunicorn_freezes_the_preloaded_application_before_forking_and_workers_collect():
    # In a child process: loading the configuration turns collection off for the whole interpreter.
    probe = (
        "import gc, runpy\n"
        "config = runpy.run_path('deploy/gunicorn.conf.py')\n"
        "print(config['preload_app'], gc.isenabled())\n"
        "config['pre_fork'](None, None)\n"
        "print(gc.get_freeze_count() > 1000)\n"
        "config['post_fork'](None, None)\n"
        "print(gc.isenabled())\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["True", "False", "True", "True"], result.stderr


def test_web_replicas_run_behind_nginx_which_alone_is_published(compose):
    services = compose["services"]
    assert "ports" not in services["web"], "replicas are reached through nginx"
    assert services["web"]["deploy"]["replicas"] == "${WEB_REPLICAS:-2}"
    nginx = services["nginx"]
    assert all(port.startswith("127.0.0.1:") for port in nginx["ports"])
    assert "./deploy/nginx-compose.conf:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]
    assert "./deploy/nginx-cache.conf:/etc/nginx/afn-cache.conf:ro" in nginx["volumes"]


def test_the_web_tier_keeps_no_state_of_its_own(compose):
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.cached_db",
        "django.contrib.sessions.backends.db",
    )
    assert compose["services"]["web"]["environment"]["CACHE_URL"].startswith("redis://")


def test_both_nginx_files_cache_the_public_reads_with_the_same_rules():
    snippet = (BASE_DIR / "deploy" / "nginx-cache.conf").read_text()
    assert 'proxy_cache_key "$request_method|$host|$request_uri";' in snippet
    for personal in ("$cookie_sessionid", "$cookie_django_language", "$cookie_messages", "$http_authorization"):
        assert re.search(rf"proxy_cache_bypass [^;]*\{personal}", snippet), personal
        assert re.search(rf"proxy_no_cache [^;]*\{personal}", snippet), personal
    assert "proxy_cache_lock on;" in snippet and "proxy_cache_revalidate on;" in snippet
    assert "proxy_ignore_headers" not in snippet, "the application's Cache-Control decides"
    for name, include in (("nginx.conf", "afn-directory-cache.conf"), ("nginx-compose.conf", "afn-cache.conf")):
        text = (BASE_DIR / "deploy" / name).read_text()
        assert "keys_zone=afn_public:" in text and include in text, name


def test_the_settings_name_the_session_and_language_cookies_nginx_bypasses():
    assert settings.SESSION_COOKIE_NAME == "sessionid" and settings.LANGUAGE_COOKIE_NAME == "django_language"


def test_nginx_accepts_the_configuration_the_benchmark_serves(tmp_path):
    from bench import nginx

    if nginx.executable() is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light); the checks above still ran")
    config = nginx.render(["127.0.0.1:8001", "127.0.0.1:8002"], 8080, tmp_path)
    result = nginx.check(config)
    assert result.returncode == 0, result.stderr


def test_nginx_serves_the_photos_itself_kept_for_good_and_nothing_outside_them(tmp_path):
    import socket
    import tempfile
    import time
    import urllib.error
    import urllib.request

    from bench import nginx

    if nginx.executable() is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light); .ci/run installs it")
    # Outside pytest's own folder (root's only): nginx's workers may run as another user.
    shared = Path(tempfile.mkdtemp())
    media = shared / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "abc.jpg").write_bytes(b"\xff\xd8 a photo")
    (shared / "secret.txt").write_text("not a photo")
    for path in (shared, media, media / "photos"):
        path.chmod(0o755)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = nginx.render(["127.0.0.1:9"], port, tmp_path / "nginx")  # no application behind it
    config.write_text(config.read_text().replace("/srv/media/", f"{media}/"))
    server = nginx.start(config)
    try:
        for _ in range(50):
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/media/photos/abc.jpg", timeout=2)
                break
            except urllib.error.HTTPError:
                raise
            except (ConnectionError, urllib.error.URLError):  # not listening yet
                time.sleep(0.1)
        assert answer.read() == b"\xff\xd8 a photo"
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/media/photos/none.jpg", timeout=2)
        assert refused.value.code == 404
        # nginx resolves "..": such a path is no longer under /media/ (it goes to the application).
        for outside in ("/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/..%2fsecret.txt"):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}{outside}", timeout=2).read()
            except urllib.error.HTTPError as error:
                body = error.read()
            assert b"not a photo" not in body, outside
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(shared)
