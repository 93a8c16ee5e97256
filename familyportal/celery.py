"""The Celery application. Tasks live in each app's ``tasks.py`` and are found automatically."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyportal.settings")

app = Celery("familyportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # The outbox sweeper: notices queued while the broker was down go out once it is back.
    "notices-deliver-pending": {"task": "notices.deliver_pending", "schedule": 60.0},
    "kita-catalogue-statistics-nightly": {
        "task": "kita.compute_catalogue_statistics",
        "schedule": crontab(hour=2, minute=15),
    },
}
