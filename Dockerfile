# syntax=docker/dockerfile:1
# The web app for docker-compose.yml: gunicorn behind whatever TLS proxy you run; static files from whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=backend.settings.production

WORKDIR /app
# Every dependency ships as a wheel (psycopg[binary], Pillow, nh3): no compiler in the image.
COPY . .
RUN pip install . \
 && DJANGO_SETTINGS_MODULE=backend.settings.base python manage.py collectstatic --noinput \
 && useradd --system --uid 10001 --home-dir /app app \
 && mkdir -p /app/media /app/private_media \
 && chown app:app /app/media /app/private_media

# Start: migrations, the demo data when DEMO_DATA=1, the search index when Elasticsearch is configured, then gunicorn.
COPY --chmod=755 <<'SH' /usr/local/bin/daw-start
#!/bin/sh
set -e
python manage.py migrate --noinput
if [ "${DEMO_DATA:-0}" = 1 ]; then
  python manage.py load_demo_data
fi
if [ -n "${ELASTICSEARCH_URL:-}" ] && [ "${SEARCH_REBUILD_ON_START:-1}" = 1 ]; then
  python manage.py rebuild_search_index
fi
# --preload: the app is imported once and the workers fork from it (shared memory, seconds instead of a
# cold start per worker); workers: 2 per core + 1 unless WEB_CONCURRENCY says otherwise.
exec gunicorn backend.wsgi --bind 0.0.0.0:8000 --preload \
  --workers "${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}" \
  --max-requests 5000 --max-requests-jitter 500 --worker-tmp-dir /dev/shm --access-logfile -
SH

USER app
EXPOSE 8000
CMD ["daw-start"]
