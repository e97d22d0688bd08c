"""Celery tasks of the integrity layer: recompute a tender's flags after its facts changed, or all of them."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def recompute_tender_flags(tender_id: int) -> dict:
    """Flags of one tender; a tender deleted meanwhile simply has none."""
    from .compute import flags_recompute

    return flags_recompute(tender_ids=[tender_id])


@shared_task(
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def recompute_all_flags() -> dict:
    from .compute import flags_recompute

    return flags_recompute()
