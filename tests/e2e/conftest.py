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


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Every journey fails if the browser refused anything under the Content-Security-Policy (an inline script
    or style, a foreign origin): the policy would otherwise break a page silently. What axe-core itself tries
    while it measures (an inline style on the Django admin's forms) is the checker's, not the page's."""
    if "page" not in request.fixturenames:
        yield
        return
    from tests.e2e.axe import AXE

    page = request.getfixturevalue("page")
    refused: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text and message.location.get("url") != str(AXE):
            refused.append(message.text)

    page.on("console", on_console)
    yield
    assert not refused, refused


@pytest.fixture(autouse=True)
def accessibility(request, monkeypatch):
    """Every journey that uses `page` runs axe-core on every page it visits (tests/e2e/axe.py); a critical or
    serious violation fails the journey."""
    if "page" not in request.fixturenames:
        yield None
        return
    from tests.e2e.axe import install

    page = request.getfixturevalue("page")
    recorder = install(page, monkeypatch)
    yield recorder
    if not page.is_closed():
        recorder.wait(page)
    assert recorder.checked, "axe-core checked no page"
    assert not recorder.violations, "axe-core found critical or serious violations:\n" + recorder.summary()
