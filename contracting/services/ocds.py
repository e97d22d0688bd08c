"""Publishing contracts as open data: each change of a public contract stores an OCDS release among its tender's
releases (same ocid) and writes a change-feed event, through marketplace's services, in the change's transaction.

What is public when: a contract becomes public when both sides have signed it (OCDS publishes signed contracts);
a draft, its signatures in progress and a pending amendment are not, and a draft terminated before signing never
is. From then on every change of what the release shows is published: activation, an amendment in force,
deliveries (milestones), payments (transactions, from invoicing), completion and termination.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.models import ChangeKind, OcdsRelease
from marketplace.services.ocds import contract_release_last, contract_release_publish

from ..models import Contract
from ..ocds import contract_public_release

# What changed → (release tag, change-feed kind). "implementation" is tagged implementationUpdate after the first.
CHANGES = {
    "signed": (["contract"], ChangeKind.CONTRACT_SIGNED),
    "activated": (["contractUpdate"], ChangeKind.CONTRACT_UPDATED),
    "amended": (["contractAmendment"], ChangeKind.CONTRACT_AMENDED),
    "implementation": (["implementation"], ChangeKind.CONTRACT_UPDATED),
    "completed": (["contractTermination"], ChangeKind.CONTRACT_COMPLETED),
    "terminated": (["contractTermination"], ChangeKind.CONTRACT_TERMINATED),
}


@transaction.atomic
def contract_publish(*, contract: Contract | int, change: str) -> OcdsRelease | None:
    """Store the public contract's release after `change` (a key of CHANGES) unless it shows nothing new; None for
    a contract that is not public (not signed by both sides). Called by the services that make the change, in
    their transaction, so a follower of the feed sees it exactly when it is committed."""
    pk = contract if isinstance(contract, int) else contract.pk
    row = Contract.objects.filter(pk=pk, signed_at__isnull=False).only("pk", "tender_id").first()
    if row is None:
        return None
    tag, kind = CHANGES[change]
    last = contract_release_last(tender_id=row.tender_id, contract_id=pk)
    if last is None:
        tag = ["contract"]
    elif change == "implementation" and last["contracts"][0].get("implementation"):
        tag = ["implementationUpdate"]
    release = contract_public_release(contract=row, tag=tag, date=timezone.now())
    return contract_release_publish(tender_id=row.tender_id, contract_id=pk, release=release, kind=kind)
