"""Every database constraint answers as a field error: the table in core/constraints.py covers them all."""

import pytest
from django.apps import apps

from core.constraints import CONSTRAINT_FIELDS, constraint_field_message

PROJECT_APPS = {"organizations", "compliance", "marketplace", "alliances", "loghubs"}


def _constraints():
    return [
        (model, constraint)
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for constraint in model._meta.constraints
    ]


@pytest.mark.parametrize(("model", "constraint"), _constraints(), ids=lambda item: getattr(item, "name", ""))
def test_every_constraint_has_a_field_and_a_readable_message(model, constraint):
    field, message = constraint_field_message(constraint.name)
    assert field
    assert message
    assert "is violated" not in message  # Django's generic "Constraint “x” is violated." says nothing to a user


def test_the_table_names_no_constraint_that_does_not_exist():
    declared = {constraint.name for _model, constraint in _constraints()}
    assert set(CONSTRAINT_FIELDS) <= declared
