"""Code conventions a test can hold (STYLE.md): every model of the project's apps says what it is for."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings


def _project_app_labels() -> set[str]:
    """The apps whose code lives in this repository (not Django's, not a dependency's in the virtualenv)."""
    root = Path(settings.BASE_DIR).resolve()
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root) and "site-packages" not in Path(config.path).parts
    }


def _concrete_models():
    labels = _project_app_labels()
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels and not model._meta.abstract and not model._meta.auto_created
    ]


def _generated_docstring(model) -> str:
    # What django.db.models.base.ModelBase._prepare writes when a model has no docstring of its own.
    return f"{model.__name__}({', '.join(field.name for field in model._meta.fields)})"


def test_the_project_apps_are_found():
    assert {"organizations", "marketplace", "contracting", "invoicing"} <= _project_app_labels()


@pytest.mark.parametrize("model", _concrete_models(), ids=lambda model: model._meta.label)
def test_every_model_says_what_it_is_for(model):
    doc = (model.__doc__ or "").strip()
    assert doc, f"{model._meta.label} has no docstring"
    assert doc != _generated_docstring(model), f"{model._meta.label} has only Django's generated docstring"
