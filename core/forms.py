"""Form helpers every app shares: a domain error shown on the fields it names."""

from __future__ import annotations

from django import forms

from core.errors import ApplicationError


def add_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a domain error on the form: on its fields where it names them, else at the top."""
    placed = False
    for field, messages in error.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
        placed = placed or target is not None
    if (not error.errors or not placed) and error.message not in form.non_field_errors():
        form.add_error(None, error.message)
