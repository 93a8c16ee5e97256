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
    # /healthz reports the age of the last heartbeat a worker wrote.
    "core-worker-heartbeat": {"task": "core.worker_heartbeat", "schedule": 60.0},
    "kita-catalogue-statistics-nightly": {
        "task": "kita.compute_catalogue_statistics",
        "schedule": crontab(hour=2, minute=15),
    },
    "tagespflege-remind-expiring-permits": {
        "task": "tagespflege.remind_expiring_permits",
        "schedule": crontab(hour=6, minute=30),
    },
    # Allocation: offers past their deadline expire just after midnight, reminders go out in
    # the morning, planning figures are recomputed at night (and after every round).
    "kita-allocation-expire-offers": {
        "task": "kita.allocation.expire_offers",
        "schedule": crontab(hour=0, minute=20),
    },
    "kita-allocation-remind-offers": {
        "task": "kita.allocation.remind_offers",
        "schedule": crontab(hour=8, minute=0),
    },
    "kita-allocation-statistics-nightly": {
        "task": "kita.allocation.compute_statistics",
        "schedule": crontab(hour=2, minute=30),
    },
    # Kita-Sozialarbeit: the running and the previous quarter's figures, every night.
    "beratung-quarterly-statistics-nightly": {
        "task": "beratung.compute_quarterly_statistics",
        "schedule": crontab(hour=3, minute=5),
    },
    # Kita-Sozialarbeit: anonymise closed cases whose retention period has run out.
    "beratung-retention-nightly": {
        "task": "beratung.apply_retention",
        "schedule": crontab(hour=3, minute=35),
    },
    # Familienbüro desk: figures at night, expired contact details erased, follow-up reminders
    # in the morning.
    "beratung-desk-statistics-nightly": {
        "task": "beratung.desk.compute_statistics",
        "schedule": crontab(hour=3, minute=15),
    },
    "beratung-desk-retention-nightly": {
        "task": "beratung.desk.apply_retention",
        "schedule": crontab(hour=3, minute=45),
    },
    "beratung-desk-follow-up-reminders": {
        "task": "beratung.desk.remind_follow_ups",
        "schedule": crontab(hour=7, minute=30),
    },
    # Retention of the platform's own records (docs/privacy.md).
    "audit-retention-nightly": {
        "task": "audit.apply_retention",
        "schedule": crontab(hour=4, minute=5),
    },
    "notices-retention-nightly": {
        "task": "notices.apply_retention",
        "schedule": crontab(hour=4, minute=15),
    },
    "accounts-delete-unverified-nightly": {
        "task": "accounts.delete_unverified",
        "schedule": crontab(hour=4, minute=25),
    },
    "accounts-clear-expired-sessions-nightly": {
        "task": "accounts.clear_expired_sessions",
        "schedule": crontab(hour=4, minute=35),
    },
    "kita-application-retention-nightly": {
        "task": "kita.apply_application_retention",
        "schedule": crontab(hour=4, minute=45),
    },
}
