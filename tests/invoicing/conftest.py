"""Fixtures of the invoicing tests: the official rules compiled once per test session, the sample invoices."""

from __future__ import annotations

from pathlib import Path

import pytest

from invoicing.en16931 import samples, validation

EXAMPLES = Path(__file__).parent / "examples"


@pytest.fixture(scope="session")
def rules():
    """Compile the four stylesheets and the schemas once for the session (the process cache keeps them)."""
    return validation.warm_up()


@pytest.fixture(params=sorted(samples.every_kind()))
def kind(request):
    return request.param


@pytest.fixture
def invoice(kind):
    return samples.every_kind()[kind]
