"""Celery tasks of contracting (beat): final awards get their contract drawn up; signed contracts start."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def draft_contracts_for_final_awards() -> int:
    """Every final award without a contract gets one, drawn up by the platform for both sides to sign."""
    return services.contracts_draft_for_final_awards()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def activate_contracts() -> int:
    """Signed contracts whose period has started become active."""
    return services.contracts_activate()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def flag_overdue_deliveries() -> int:
    """Deliveries still under way after their promised date are flagged late; both sides are told."""
    return services.deliveries_flag_overdue()
