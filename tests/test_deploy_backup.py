"""The documented backup and restore, for real: deploy/backup.sh, then pg_restore into a new database.

PostgreSQL only (the CI's second pass); the dump holds what the test database committed (the territories).
"""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
TABLES = ("territories_region", "territories_department", "territories_commune", "django_migrations")

pytestmark = pytest.mark.django_db


def url(database: str) -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return (
        f"postgresql://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{database}"
    )


def counts(database: str) -> dict[str, int]:
    query = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM {table}" for table in TABLES)
    out = subprocess.run(["psql", url(database), "-tAc", query], capture_output=True, text=True, check=True).stdout
    return {table: int(count) for table, count in (line.split("|") for line in out.split())}


@pytest.fixture
def restore_database():
    name = f"afn_restore_check_{os.getpid()}"
    admin = url("postgres")
    subprocess.run(["psql", admin, "-c", f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run(["psql", admin, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    yield name
    subprocess.run(["psql", admin, "-c", f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)


@pytest.fixture
def postgres_tools():
    if connection.vendor != "postgresql":
        pytest.skip("the backup is PostgreSQL's pg_dump: run with DATABASE_URL=postgres://…")
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"postgresql-client is not installed ({', '.join(missing)})")


def test_a_backup_restores_into_an_identical_database(postgres_tools, restore_database, tmp_path):
    source = connection.settings_dict["NAME"]
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "a-photo.jpg").write_bytes(b"\xff\xd8 a workshop's photo")
    backups = tmp_path / "backups"
    backup = subprocess.run(
        [str(BASE_DIR / "deploy" / "backup.sh")],
        env={**os.environ, "DATABASE_URL": url(source), "BACKUP_DIR": str(backups), "MEDIA_ROOT": str(media)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert backup.returncode == 0, backup.stderr
    [dump] = backups.glob("afn_directory-*.dump")
    [photos] = backups.glob("afn_directory-media-*.tar.gz")
    with tarfile.open(photos) as archive:
        assert archive.extractfile("./photos/a-photo.jpg").read() == b"\xff\xd8 a workshop's photo"

    restore = subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={url(restore_database)}", str(dump)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restore.returncode == 0, restore.stderr
    original = counts(source)
    assert original["territories_commune"] > 30000
    assert counts(restore_database) == original
