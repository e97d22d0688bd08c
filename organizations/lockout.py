"""Login lockout (django-axes) per account and address, and per address alone after a higher threshold.

django-axes compares one failure count with one limit: the largest count over its lockout parameter sets.
Counting per (user, IP) alone lets one address spray a password over many accounts unhindered; counting per
IP with the same limit would lock a whole office out after ten typos. So this handler counts both sets
(`AXES_LOCKOUT_PARAMETERS`: first user and address, then address) and locks when either passes its own limit:
`AXES_FAILURE_LIMIT` for an account from one address, `AXES_IP_FAILURE_LIMIT` for an address over all accounts.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class AccountAndAddressLockout(AxesDatabaseHandler):
    """axes' database handler with a second, higher limit for the failures of one address."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        per_account, per_address = counts[0], max(counts[1:], default=0)
        if per_address >= settings.AXES_IP_FAILURE_LIMIT:
            # Report the address's failures as at least the account limit, which is what axes compares with.
            return max(per_account, get_failure_limit(request, credentials))
        return per_account
