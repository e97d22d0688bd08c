"""Queue a Celery task once the current transaction commits, without turning a saved write into a 500.

A service's follow-up work (matching, mail, flags) is queued on commit. If the broker (Redis) is unreachable at
that moment, the write itself has already committed: answering 500 would make the client retry a write that
succeeded. So the failed hand-over is logged as a warning and the request goes on; the follow-ups are derived
work that the next change, the periodic jobs or a re-match bring up to date.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Send `task` with these arguments after the commit; a broker that cannot be reached is logged, not raised."""

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except (BrokerUnreachable, RedisError, OSError) as error:
            logger.warning("Broker unreachable: %s%r was not queued (%s)", task.name, args, error)

    transaction.on_commit(send)
