#!/bin/sh
# Container start: wait for the database, apply migrations and the territorial reference data
# (both idempotent), then run the command (gunicorn by default).
# MIGRATE_ON_START=0 skips both.
set -eu
cd /app

python - <<'PY'
import os
import sys
import time

import django

django.setup()
from django.db import connection

deadline = time.monotonic() + int(os.environ.get("DB_WAIT_SECONDS", "60"))
while True:
    try:
        connection.ensure_connection()
        break
    except Exception as error:
        if time.monotonic() > deadline:
            sys.exit(f"database still unreachable ({type(error).__name__}); giving up")
        print(f"waiting for the database ({type(error).__name__})", flush=True)
        time.sleep(2)
PY

if [ "${MIGRATE_ON_START:-1}" = "1" ]; then
  # Web replicas start together: a PostgreSQL advisory lock lets one migrate at a time; the
  # others then find nothing to do.
  python - <<'PY'
import django

django.setup()
from django.core.management import call_command
from django.db import connection

with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_lock(4242021)")
    call_command("migrate", interactive=False)
    call_command("load_territories")
PY
fi

exec "$@"
