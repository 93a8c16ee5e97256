# One image for web (gunicorn), worker and beat (Celery); see docker-compose.yml and
# docs/deployment.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, read from pyproject.toml: this layer is rebuilt only when they change,
# not on every code change.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY README.md manage.py ./
COPY familyportal ./familyportal
COPY kita ./kita
COPY tagespflege ./tagespflege
COPY beratung ./beratung
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# Editable, so that BASE_DIR stays /app, where templates/, static/ and locale/ live.
# The SECRET_KEY below exists only during the build; collectstatic signs nothing with it.
RUN pip install --no-deps -e . \
    && pybabel compile -d locale -D django \
    && pybabel compile -d locale/overrides -D django \
    && SECRET_KEY=build-time-only-not-a-secret DEBUG=0 python manage.py collectstatic --noinput \
    && mkdir -p /app/var \
    && chown app:app /app/var

# The code stays owned by root: the app user can run it, not change it.
USER app

EXPOSE 8000

# The portal logs each request as a JSON line itself (docs/operations.md): no gunicorn access log.
CMD ["gunicorn", "familyportal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
