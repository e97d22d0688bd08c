"""The Celery application: JSON-only payloads, time limits and periodic tasks, configured from Django settings."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("alx")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic tasks are declared here, in code, so every deployment runs the same schedule.
app.conf.beat_schedule = {
    # Deadlines move tender states; a minute's resolution is what bidders see on their countdowns.
    "marketplace-advance-tenders": {"task": "marketplace.tasks.advance_tenders", "schedule": 60.0},
    "marketplace-finalise-awards": {"task": "marketplace.tasks.finalise_awards", "schedule": 300.0},
    "marketplace-expire-listings": {"task": "marketplace.tasks.expire_listings", "schedule": crontab(hour=0, minute=5)},
    "loghubs-mark-no-shows": {"task": "loghubs.tasks.mark_no_shows", "schedule": 300.0},
    "loghubs-expire-offers-and-requests": {"task": "loghubs.tasks.expire_offers_and_requests", "schedule": 300.0},
    "marketplace-rematch-all": {"task": "marketplace.tasks.rematch_all", "schedule": crontab(hour=2, minute=0)},
    # A re-match whose worker was killed shows as failed (and can be restarted) within a minute of going stale.
    "marketplace-mark-stale-runs": {"task": "marketplace.tasks.mark_stale_runs", "schedule": 60.0},
    "marketplace-saved-search-digests": {
        "task": "marketplace.tasks.send_saved_search_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # The CPV suggester learns from confirmed codes: a run after every 50 new ones, and one each night.
    "organizations-retrain-cpv-suggester-if-due": {
        "task": "organizations.tasks.retrain_cpv_suggester_if_due",
        "schedule": 600.0,
    },
    "organizations-retrain-cpv-suggester": {
        "task": "organizations.tasks.retrain_cpv_suggester",
        "schedule": crontab(hour=3, minute=30),
    },
    "compliance-expire-badges": {"task": "compliance.tasks.expire_badges", "schedule": crontab(hour=0, minute=15)},
    "compliance-expiry-reminders": {
        "task": "compliance.tasks.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Final awards become contracts within minutes of their standstill ending (awards finalise every 5 minutes).
    "contracting-draft-contracts": {"task": "contracting.tasks.draft_contracts_for_final_awards", "schedule": 300.0},
    "contracting-activate-contracts": {
        "task": "contracting.tasks.activate_contracts",
        "schedule": crontab(hour=0, minute=10),
    },
    "contracting-flag-overdue-deliveries": {
        "task": "contracting.tasks.flag_overdue_deliveries",
        "schedule": crontab(hour=0, minute=20),
    },
}
