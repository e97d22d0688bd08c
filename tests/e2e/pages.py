"""Steps every browser journey takes: logging in and out as a factory user, reading the success message."""

from __future__ import annotations

from playwright.sync_api import Page, expect

PASSWORD = "correct-horse-battery"  # UserFactory's


def log_in(page: Page, email: str, next_path: str) -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#user-menu")).to_be_visible()
    page.wait_for_load_state()  # htmx (a deferred script) is ready once the page has loaded


def log_out(page: Page) -> None:
    page.locator("#user-menu").click()
    page.locator("form[action='/accounts/logout/'] button").click()
    expect(page.locator("#user-menu")).to_have_count(0)


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("main .alert-success").filter(has_text=text).first).to_be_visible()
