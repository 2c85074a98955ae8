# syntax=docker/dockerfile:1
# AFN Directory: gunicorn + whitenoise, as a non-root user. Migrations run on start (deploy/entrypoint.sh).
# Build: docker build -t afn-directory .   Run: see docker-compose.yml and docs/deploy.md.

# 1. Front-end libraries and the territorial reference data, from package-lock.json.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# 2. Python dependencies in a virtual environment, then the collected static files.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /venv
WORKDIR /app
COPY pyproject.toml README.md ./
RUN /venv/bin/pip install .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
# collectstatic only reads files: a throw-away key, no database.
RUN DEBUG=0 SECRET_KEY=build-only-not-a-secret /venv/bin/python manage.py collectstatic --noinput \
    && rm -rf db.sqlite3 var staticfiles/.gitkeep

# 3. The runtime image: no compiler, no npm, a non-root user.
FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=afn_directory.settings \
    PORT=8000
RUN groupadd --system --gid 10001 afn \
    && useradd --system --uid 10001 --gid afn --home-dir /app --shell /usr/sbin/nologin afn
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /app/var /app/media && chown afn:afn /app/var /app/media
WORKDIR /app
USER afn
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz', timeout=4)"
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "/app/deploy/gunicorn.conf.py", "afn_directory.wsgi"]
