"""Fixtures of the alliances tests."""

import pytest

from alliances.agreements import clause_library_load


@pytest.fixture
def clauses(db):
    """The clause library, loaded as `make run` loads it."""
    clause_library_load()
