# Boligportalen in production: gunicorn (web), Celery worker and beat all run this image (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF agendas, minutes, agreements) needs Pango and HarfBuzz; DejaVu is the font the PDFs fall back to.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them (the project itself is not a package: packages = []).
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Static files are collected into the image and served by WhiteNoise. The key exists only for this build step.
RUN SECRET_KEY=collectstatic-build-step-only python manage.py collectstatic --noinput \
    && groupadd --system --gid 1000 boligportalen \
    && useradd --system --uid 1000 --gid boligportalen --home-dir /app --shell /usr/sbin/nologin boligportalen \
    && mkdir -p /app/var /data/media \
    && chown -R boligportalen:boligportalen /app/var /data/media

USER boligportalen
ENV MEDIA_ROOT=/data/media
EXPOSE 8000

CMD ["gunicorn", "albertslund_bolig.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-"]
