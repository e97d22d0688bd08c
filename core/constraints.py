"""Which field and message each named database constraint stands for: the one table the API error handler reads.

A constraint that PostgreSQL enforces (a unique pair, a range check) can still be hit by a request the
validation did not foresee, or by two concurrent requests. Its violation must answer like any other field
error, never with a 500: the handler reads the violated constraint's name from the database error and looks
it up here. The message is the constraint's own `violation_error_message` when the model gives one; this
table names the field (and a message where the model has none). A constraint missing here still answers 400:
unique constraints name their last field, checks the whole object.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import IntegrityError
from django.db.models import UniqueConstraint
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError

# constraint name → (field, message or None for the model's own violation_error_message)
CONSTRAINT_FIELDS: dict[str, tuple[str, object | None]] = {
    # organizations
    "membership_unique": ("user", None),
    "platform_role_unique": ("role", _("This person already has this role.")),
    "platform_role_nap_needs_nation": ("nation", None),
    "invitation_one_open_per_email": ("email", _("This person already has an open invitation.")),
    "organization_registration_id_unique": ("registration_id", None),
    "organization_turnover_not_negative": ("turnover_eur", _("Must not be negative.")),
    "organization_balance_sheet_not_negative": ("balance_sheet_eur", _("Must not be negative.")),
    "cluster_unique_per_org": ("clusters", _("Each cluster may be named once.")),
    # compliance
    "badge_validity_not_reversed": ("valid_until", _("The validity ends before it starts.")),
    "share_one_active_per_pair": ("recipient", _("This is already shared with this organization.")),
    "share_not_with_self": ("recipient", _("An organization cannot share with itself.")),
    "assessment_one_open_per_framework": ("framework", None),
    "answer_one_per_requirement": ("requirement", _("This requirement is already answered.")),
    "answer_not_applicable_needs_reason": ("not_applicable_reason", None),
    # marketplace
    "award_one_live_per_lot": ("lot", _("This lot already has a live award.")),
    "listing_window_not_reversed": ("available_until", None),
    "listing_quantity_positive": ("quantity", None),
    "listing_cpv_unique": ("cpv_codes", _("Each CPV code may be named once.")),
    "tender_deadlines_in_order": (
        "submission_deadline",
        _("The deadlines must follow each other: enquiries, then submission, then opening."),
    ),
    "lot_number_unique": ("lots", _("Each lot number may be used once.")),
    "bid_one_live_per_bidder": ("bidder", None),
    "bid_lot_unique": ("offers", _("Each lot may be offered once per bid.")),
    "bid_lot_price_positive": ("offers", None),
    "subcontractor_share_range": (
        "subcontractors",
        _("A subcontractor's share is more than 0 and at most 100 percent."),
    ),
    "criterion_score_unique": ("criterion", _("This criterion is already scored for this offer.")),
    "criterion_score_range": ("score", _("A score runs from 0 to 100.")),
    # alliances
    "signature_once": ("organization", None),
    "alliance_member_once": ("organization", None),
    "alliance_one_lead": ("lead", None),
    "alliance_member_shares_range": ("share_percent", _("A share is more than 0 and at most 100 percent.")),
    "alliance_invitation_one_open": ("organization", None),
    # loghubs
    "request_period_not_reversed": ("period_end", None),
    "request_quantity_positive": ("quantity", None),
    "request_priority_range": ("priority", None),
    "cargo_line_quantity_positive": ("cargo", None),
    "cargo_line_weight_not_negative": ("cargo", _("The weight must not be negative.")),
    "offer_one_open_per_request": ("request", None),
    "offer_price_not_negative": ("price", _("The price must not be negative.")),
    "offer_slot_quantity_positive": ("slots", _("The quantity must be more than zero.")),
    "booking_quantity_positive": ("quantity", _("The quantity must be more than zero.")),
    "hub_name_unique_per_nation": ("name", None),
    "hub_rail_needs_gauge": ("rail_gauges", None),
}

GENERIC_UNIQUE = _("This already exists.")
GENERIC_CHECK = _("This value is not allowed.")
GENERIC_INTEGRITY = _("The request conflicts with data that is already stored.")


@cache
def _model_constraints() -> dict[str, object]:
    return {constraint.name: constraint for model in apps.get_models() for constraint in model._meta.constraints}


def constraint_field_message(name: str) -> tuple[str, str] | None:
    """The field and message for a constraint name; None when no model declares it."""
    constraint = _model_constraints().get(name)
    field, message = CONSTRAINT_FIELDS.get(name, (None, None))
    if constraint is None and field is None:
        return None
    if message is None and constraint is not None:
        custom = constraint.violation_error_message != constraint.default_violation_error_message
        if custom:
            message = constraint.violation_error_message
    if field is None:
        unique = isinstance(constraint, UniqueConstraint) and constraint.fields
        field = constraint.fields[-1] if unique else "non_field_errors"
    if message is None:
        message = GENERIC_UNIQUE if isinstance(constraint, UniqueConstraint) else GENERIC_CHECK
    return field, str(message)


def integrity_error_as_application_error(error: IntegrityError) -> ApplicationError:
    """A violated constraint as the field error it stands for (400)."""
    diag = getattr(error.__cause__, "diag", None)
    found = constraint_field_message(getattr(diag, "constraint_name", None) or "")
    if found is None:
        return ApplicationError(
            str(GENERIC_INTEGRITY), errors={"non_field_errors": [str(GENERIC_INTEGRITY)]}, code="constraint_violated"
        )
    field, message = found
    return ApplicationError(message, errors={field: [message]}, code="constraint_violated")
