"""Helpers the contracting services share: refusals in the one error format, role checks, audited transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from core.errors import ApplicationError, refuse
from organizations.audit import audit_record
from organizations.models import User

from .. import roles


def forbidden(message: str, *, field: str | None = None) -> ApplicationError:
    return refuse(message, field=field, code="permission_denied")


def ensure_buyer_officer(user: User, contract, *, doing: str) -> None:
    if not roles.is_buyer_officer(user, contract):
        raise forbidden(
            _("Only procurement officers of %(buyer)s may %(doing)s.")
            % {"buyer": contract.buyer.legal_name, "doing": doing}
        )


def ensure_buyer_member(user: User, contract, *, doing: str) -> None:
    if not roles.is_buyer_member(user, contract):
        raise forbidden(
            _("Only members of the buyer, %(buyer)s, may %(doing)s.")
            % {"buyer": contract.buyer.legal_name, "doing": doing}
        )


def ensure_supplier_side(user: User, contract, *, doing: str) -> None:
    if not roles.is_supplier_side(user, contract):
        raise forbidden(
            _("Only the supplier, %(supplier)s, may %(doing)s.")
            % {"supplier": contract.supplier.legal_name, "doing": doing}
        )


def required_reason(reason: str, *, what: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Give a reason for %(what)s; it is recorded.") % {"what": what}, field=field)
    return reason


def transition(
    obj: models.Model,
    *,
    table: dict[str, set[str]],
    to: str,
    by: User | None,
    action: str,
    organization,
    reason: str = "",
    fields: tuple[str, ...] = (),
    changes: dict | None = None,
):
    """Move a (locked) contract, order or delivery to `to` if its table allows it, save the state and `fields`,
    and audit who did it and why."""
    before = obj.state
    if to not in table[before]:
        labels = dict(type(obj)._meta.get_field("state").choices)
        raise ApplicationError(
            _("This %(what)s is %(state)s; it cannot become %(to)s.")
            % {
                "what": type(obj)._meta.verbose_name,
                "state": str(labels[before]).lower(),
                "to": str(labels[to]).lower(),
            },
            code="invalid_state",
        )
    obj.state = to
    obj.save(update_fields=["state", "updated_at", *fields])
    audit = {"state": [before, to], **(changes or {})}
    if reason:
        audit["reason"] = [None, reason]
    audit_record(
        actor=by, action=f"{type(obj)._meta.model_name}.{action}", target=obj, organization=organization, changes=audit
    )
    return obj
