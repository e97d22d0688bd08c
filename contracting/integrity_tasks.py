"""Celery task of contracting's red flags: recompute a contract's amendment flags once an amendment is signed."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def recompute_contract_flags(contract_id: int) -> dict:
    """The amendment flags of the contract's tender; a contract gone meanwhile has none."""
    from .integrity import contract_flags_recompute  # the service imports this module to queue the task

    return contract_flags_recompute(contract_id=contract_id)
