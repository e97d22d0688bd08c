"""Browser journey: a founder signs up, registers a company, invites a colleague, and the colleague joins.

Drives Debian's chromium through pytest-playwright against pytest-django's live server
(tests/e2e/conftest.py points base_url at it, so page.goto() takes paths).
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.pages import log_out

FOUNDER = {"full_name": "Erika Mustermann", "email": "erika@kraft-logistik.example", "password": "Feldpost-2025!x"}
COLLEAGUE = {"full_name": "Jonas Becker", "email": "jonas@kraft-logistik.example", "password": "Nachschub-2025!y"}
COMPANY = {
    "legal_name": "Kraft Logistik GmbH",
    "country": "DE",
    "registration_id": "DE123456789",
    "headcount": "42",
    "annual_turnover_eur": "8500000",
    "balance_sheet_total_eur": "4100000",
}
ROAD_TRANSPORT = "60100000"
UNKNOWN_CPV = "99999999"


# --- helpers -------------------------------------------------------------------------------------
# Form fields are found by their Django ids, so the helpers also work once the UI speaks German.


def submit_main_form(page: Page, form_selector: str = "main form") -> None:
    page.locator(form_selector).locator("button[type=submit]").click()


def fill_sign_up_form(page: Page, *, full_name: str, email: str, password: str) -> None:
    page.locator("#id_full_name").fill(full_name)
    page.locator("#id_email").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password_confirm").fill(password)
    submit_main_form(page)


def fill_organization_form(page: Page, company: dict, *, capability_codes: str) -> None:
    page.locator("#id_legal_name").fill(company["legal_name"])
    page.locator("#id_country").select_option(company["country"])
    page.locator("#id_registration_id").fill(company["registration_id"])
    page.locator("#id_headcount").fill(company["headcount"])
    page.locator("#id_annual_turnover_eur").fill(company["annual_turnover_eur"])
    page.locator("#id_balance_sheet_total_eur").fill(company["balance_sheet_total_eur"])
    page.locator("#id_capability_codes").fill(capability_codes)


def pick_cpv_suggestion(page: Page, *, typed: str, code: str) -> None:
    """Type words into the CPV field and click the suggestion the autocomplete offers for `code`."""
    field = page.locator("#id_capability_codes")
    field.fill("")
    field.press_sequentially(typed)
    suggestion = page.locator(f".cpv-suggestions [data-code='{code}']")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(field).to_have_value(f"{code}, ")
    expect(page.locator(".cpv-suggestions")).to_be_empty()


def expect_organization_form_kept(page: Page, company: dict) -> None:
    for field in ("legal_name", "registration_id", "headcount", "annual_turnover_eur", "balance_sheet_total_eur"):
        expect(page.locator(f"#id_{field}")).to_have_value(company[field])
    expect(page.locator("#id_country")).to_have_value(company["country"])


def invite_colleague(page: Page, *, email: str, role: str) -> None:
    form = page.locator("#invite-form")
    form.get_by_label("E-mail address").fill(email)
    form.get_by_label("Role").select_option(role)
    submit_main_form(page, "#invite-form")


def invitation_path_from_outbox(email: str) -> str:
    """The path of the accept link in the invitation e-mail sent to `email` (the mail names the configured host)."""
    messages = [message for message in mail.outbox if email in message.to]
    assert len(messages) == 1, f"expected one invitation e-mail to {email}, got {len(messages)}"
    match = re.search(r"https?://\S+?(/invitations/accept/[\w-]+/)", messages[0].body)
    assert match, f"no accept link in the invitation e-mail:\n{messages[0].body}"
    return match.group(1)


def switch_language(page: Page, language: str) -> None:
    page.locator("#language-select").select_option(language)  # auto-submits on change
    expect(page.locator("html")).to_have_attribute("lang", language)


# --- the journey ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("cpv")
def test_founder_registers_company_invites_colleague_who_joins(live_server, page: Page):
    page.set_default_timeout(10_000)

    # 1. Sign up: the new user is sent straight on to register an organization.
    page.goto("/")  # the only typed address; the invitation link below comes from the e-mail
    page.locator("main").get_by_role("link", name="Sign up").click()
    fill_sign_up_form(page, **FOUNDER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Register an organization")

    # 3. (before 2) An unknown CPV code is refused on its field, and everything typed is kept.
    fill_organization_form(page, COMPANY, capability_codes=UNKNOWN_CPV)
    submit_main_form(page)
    expect(page.locator("#id_capability_codes ~ .invalid-feedback")).to_have_text(f"Unknown CPV code: {UNKNOWN_CPV}.")
    expect_organization_form_kept(page, COMPANY)
    expect(page.locator("#id_capability_codes")).to_have_value(UNKNOWN_CPV)

    # 2. The autocomplete finds road transport by words; the registered company is a small enterprise.
    pick_cpv_suggestion(page, typed="road transp", code=ROAD_TRANSPORT)
    submit_main_form(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(COMPANY["legal_name"])
    expect(page.locator("#sme-class")).to_have_text("Small enterprise")
    expect(page.locator("dl").get_by_text(ROAD_TRANSPORT)).to_be_visible()

    # 4. Invite a colleague: the invitation is listed as open and its e-mail carries the accept link.
    invite_colleague(page, email=COLLEAGUE["email"], role="member")
    expect(page.locator("#open-invitations")).to_contain_text(f"{COLLEAGUE['email']} · Member")
    accept_path = invitation_path_from_outbox(COLLEAGUE["email"])

    # 5. Switch to German and open the dashboard from the navbar.
    switch_language(page, "de")
    nav = page.locator("nav.navbar")
    nav.get_by_role("link", name="Übersicht", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Willkommen, {FOUNDER['full_name']}")
    expect(nav.get_by_role("link", name="Organisationen", exact=True)).to_be_visible()

    # 6. Log out; the colleague opens the link, signs up with the invited address and accepts.
    log_out(page)
    page.goto(accept_path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(COMPANY["legal_name"])
    page.locator("main a[href^='/accounts/signup/']").click()
    expect(page.locator("#id_email")).to_have_value(COLLEAGUE["email"])
    fill_sign_up_form(page, **COLLEAGUE)
    expect(page).to_have_url(f"{live_server.url}{accept_path}")
    submit_main_form(page)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Willkommen, {COLLEAGUE['full_name']}")
    expect(page.locator("#current-organization")).to_contain_text(COMPANY["legal_name"])
