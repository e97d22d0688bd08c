"""What each audit action is called: the stored key (`tender.amended`) stays the API's, readers see the label.

Organizations knows nothing of tenders or hubs, so every app registers the labels of the actions its services
write (`<app>/audit_actions.py`, imported in its AppConfig.ready); organizations registers its own below."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, str | Promise] = {}


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Add an app's labels; a key registered twice is a mistake that would hide one app's wording."""
    clash = sorted(set(labels) & set(_LABELS))
    if clash:
        raise ValueError(f"audit action labels registered twice: {clash}")
    _LABELS.update(labels)


def action_label(action: str) -> str:
    """The reader's-language label of `action`; an unregistered key (an old entry) reads as its words at least."""
    label = _LABELS.get(action)
    if label is not None:
        return str(label)
    return str(capfirst(action.replace(".", " ").replace("_", " ")))


def registered_actions() -> set[str]:
    return set(_LABELS)


register_action_labels(
    {
        "user.signed_up": _("Signed up"),
        "user.settings_changed": _("Settings changed"),
        "organization.created": _("Organization registered"),
        "organization.updated": _("Organization profile changed"),
        "organization.deleted": _("Organization deleted"),
        "membership.role_changed": _("Member's role changed"),
        "membership.removed": _("Member removed"),
        "invitation.created": _("Invitation sent"),
        "invitation.revoked": _("Invitation revoked"),
        "invitation.accepted": _("Invitation accepted"),
        "platform_role.granted": _("Platform role granted"),
        "api_token.created": _("API token created"),
        "api_token.revoked": _("API token revoked"),
        "cpv_suggester.train": _("CPV suggestions retrained"),
    }
)
