#!/bin/sh
# Container start: wait for the database, apply migrations and the territorial reference data
# (both idempotent), then run the command (gunicorn by default).
# MIGRATE_ON_START=0 skips both, e.g. on every replica but one.
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
  python manage.py migrate --noinput
  python manage.py load_territories
fi

exec "$@"
