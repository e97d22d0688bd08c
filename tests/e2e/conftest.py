"""Fixtures of the browser journeys."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Relative page.goto() paths resolve against the live server.

    This also replaces pytest-playwright's fallback `base_url` fixture, which it defines as an
    instance method of a plugin object; pytest 9.2 deprecates that (PytestRemovedIn10Warning),
    and our filterwarnings = ["error"] would turn every browser test into a setup error.
    """
    return live_server.url
