"""State machines as data: a table of allowed transitions per model, and one `transition()` that checks, saves and
audits a state change, shared by every app whose objects have a lifecycle (LogHubs requests, alliances)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from django.db import models

from core.errors import ApplicationError

from .audit import audit_record
from .models import Organization, User

Transitions = Mapping[str, set[str]]
Stateful = TypeVar("Stateful", bound=models.Model)


def allowed(table: Transitions, before: str, to: str) -> bool:
    return to in table.get(before, set())


def transition(
    obj: Stateful,
    *,
    table: Transitions,
    states: type[models.TextChoices],
    to: str,
    refusal: str,
    by: User | None,
    action: str | None,
    organization: Organization | None,
    reason: str = "",
    fields: tuple[str, ...] = (),
    changes: dict | None = None,
) -> Stateful:
    """Move a (locked) object to `to`, save the state and `fields`, and audit `action` (who, from which state, why).

    `refusal` is the translated message for a move the table forbids (409), with `%(state)s` and `%(to)s`.
    `action=None` is for a move that follows from another change the caller audits in its own entry.
    """
    before = obj.state  # type: ignore[attr-defined]
    if not allowed(table, before, to):
        raise ApplicationError(
            refusal % {"state": states(before).label.lower(), "to": states(to).label.lower()},
            code="invalid_state",
        )
    obj.state = to  # type: ignore[attr-defined]
    obj.save(update_fields=["state", *fields])
    if action is not None:
        audit = {"state": [before, to], **(changes or {})}
        if reason:
            audit["reason"] = [None, reason]
        audit_record(actor=by, action=action, target=obj, organization=organization, changes=audit)
    return obj
