"""Steps every browser journey takes: logging in and out as a factory user, moving through the top bar, reading
the success message.

A journey that calls `log_in(page, email)` (without a path) walks as a newcomer does: it opens the home page once,
clicks **Log in**, lands on the Dashboard and from then on reaches every page by clicking; a later `page.goto`
fails the journey, so no step depends on a typed address."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PASSWORD = "correct-horse-battery"  # UserFactory's


def _refuse_typed_addresses(page: Page) -> None:
    def refuse(url: str, **_kwargs):
        raise AssertionError(f"this journey must reach {url} by clicking, not by a typed address")

    page.goto = refuse  # type: ignore[method-assign]


def log_in(page: Page, email: str, next_path: str | None = None) -> None:
    """Log in; without `next_path`, from the home page's top bar (the only typed address) to the Dashboard."""
    if next_path is not None:  # journeys that still open their first page by address
        page.goto(f"/accounts/login/?next={next_path}")
    else:
        if not page.url.startswith("http"):
            page.goto("/")
            _refuse_typed_addresses(page)
        page.locator("nav.navbar").get_by_role("link", name=re.compile(r"^(Log in|Anmelden)$")).click()
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#user-menu")).to_be_visible()
    if next_path is None:
        expect(page.locator("#work")).to_be_visible()  # the Dashboard, where every journey starts
    page.wait_for_load_state()  # htmx (a deferred script) is ready once the page has loaded


def top_bar(page: Page, name: str) -> None:
    """Click a link of the top bar ("Marketplace", "Compliance", "LogHubs", "Audit log", ...)."""
    page.locator("nav.navbar").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def sub_nav(page: Page, name: str) -> None:
    """Click a link of an app's own navigation under the top bar (LogHubs: "New request", "Offers", "My hubs")."""
    page.locator("main nav").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def user_menu(page: Page, name: str) -> None:
    """Open the user menu and click one of its entries ("Your settings", ...)."""
    page.locator("#user-menu").click()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def open_tender(page: Page, title: str, section: str = "main") -> None:
    """Marketplace → the tender's link (in `section`: "#procurement" for a buyer, "#recent-bids" for a bidder)."""
    top_bar(page, "Marketplace")
    page.locator(section).get_by_role("link", name=title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title, timeout=20_000)  # a busy machine is slow


def to_german(page: Page) -> None:
    """Switch to German with the language menu of the top bar (which also becomes the user's setting)."""
    with page.expect_navigation():
        page.locator("#language-select").select_option("de")
    expect(page.locator("html")).to_have_attribute("lang", "de")


def log_out(page: Page) -> None:
    page.locator("#user-menu").click()
    page.locator("form[action='/accounts/logout/'] button").click()
    expect(page.locator("#user-menu")).to_have_count(0)


# Short English words that no German sentence uses; two of them in one line of a German page mean an untranslated
# sentence ("Waiting for you", "Save the answer"). German homographs ("was", "will", "an", "in", "so") stay out.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "your",
        "you",
        "and",
        "of",
        "to",
        "with",
        "for",
        "from",
        "is",
        "are",
        "has",
        "have",
        "this",
        "which",
        "be",
        "by",
        "on",
        "at",
        "it",
        "or",
        "not",
        "been",
        "their",
        "our",
        "there",
        "here",
        "when",
        "what",
        "who",
        "how",
        "can",
        "must",
        "should",
        "would",
    ]
)


def english_lines(page: Page, *, data: tuple[str, ...] = ()) -> list[str]:
    """The lines of the visible page (top bar, content, footer) that read as English; `data` names text the
    journey's own records hold (a tender title typed in English), which is left out."""
    lines = []
    for line in page.locator("body").inner_text().splitlines():
        for text in data:
            line = line.replace(text, " ")
        words = set(re.findall(r"[a-z]+", line.lower()))
        if len(words & ENGLISH_WORDS) >= 2:
            lines.append(line.strip())
    return lines


def expect_german(page: Page, *, data: tuple[str, ...] = ()) -> None:
    """The page is in German: `lang` says so and no line reads as an English sentence."""
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.wait_for_load_state()
    found = english_lines(page, data=data)
    assert not found, f"English on the German page {page.url}: {found}"


def notifications_so_far(user) -> tuple[str, ...]:
    """The subjects of the user's notifications until now. Each is written (and mailed) in the language the user
    read when it was sent, so one from before the switch to German stays English: data, not the page's words."""
    from organizations.models import Notification

    return tuple(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("main .alert-success").filter(has_text=text).first).to_be_visible()
