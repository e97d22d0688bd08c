"""What the contracting pages share: objects through the selectors (someone else's → 404), and a service's
refusal shown on its form or as a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.api.errors import status_for
from core.errors import ApplicationError
from core.forms import add_application_error

from .. import selectors


def _contract(user, pk: int):
    contract = selectors.contract_list_visible_to(user=user).filter(pk=pk).first()
    if contract is None:
        raise Http404
    return selectors.contract_detail(contract=contract)


def _order(user, pk: int):
    order = selectors.order_list_visible_to(user=user).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def _delivery(user, pk: int):
    delivery = selectors.delivery_list_visible_to(user=user).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    return delivery


def _on_form(form, error: ApplicationError, names: dict[str, str] | None = None) -> None:
    """A refusal on the form (fields renamed from the service's names); a 403 is a 403 page."""
    if status_for(error.code) == 403:
        raise PermissionDenied(error.message) from error
    if names:
        error.errors = {names.get(key, key): value for key, value in error.errors.items()}
    add_application_error(form, error)


def _report(request, error: ApplicationError) -> None:
    if status_for(error.code) == 403:
        raise PermissionDenied(error.message) from error
    messages.error(request, error.message)
