"""Browser journey, in German: the compliance reviewer starts from the dashboard, opens the waiting
self-assessment from its work item, comments, accepts it, and the SME's readiness page shows the checked badge.

Every step is a click (no typed address); the pages show labels, not internal keys, and no English sentence.
Drives Debian's chromium through pytest-playwright against pytest-django's live server; axe-core checks every
page (tests/e2e/conftest.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from compliance import services
from compliance.models import AssessmentState, Badge
from organizations.models import MembershipRole
from tests.compliance.factories import answered_assessment, reviewer
from tests.e2e.pages import expect_german, log_in, log_out, to_german
from tests.organizations.factories import OrganizationFactory, member_of

COMMENT = "Bitte den Wiederherstellungstest belegen."
# What the SME wrote and the test framework's own requirement text: data, not the platform's words.
ANSWERS = ("Not relevant here", "Access is granted by need.")
RAW_KEY = re.compile(r"\b(not_applicable|needs_more|defence_ready|compliant|partial)\b")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data")
def test_reviewer_in_german_reviews_from_the_dashboard_and_grants_the_badge(
    live_server, page: Page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    company = OrganizationFactory(legal_name="Havel Sensorik GmbH")
    sme = member_of(company, MembershipRole.ADMIN)
    assessment = answered_assessment(company, sme, statuses={"S1.2": "not_applicable", "S2.2": "partial"})
    services.assessment_submit(assessment=assessment, by=sme)
    checker = reviewer()

    # The reviewer switches to German, and the dashboard names the waiting check; its link opens it.
    log_in(page, checker.email)
    to_german(page)
    expect_german(page)
    page.get_by_role("link", name="1 Selbsteinschätzung wartet auf Ihre Plausibilitätsprüfung.").click()
    expect(page.locator(".review-item[data-code='S2.2']")).to_be_visible()
    assert not RAW_KEY.search(page.locator("main").inner_text())
    expect_german(page, data=ANSWERS)

    # A comment on the partial answer, then the decision.
    item = page.locator(".review-item[data-code='S2.2']")
    item.locator("textarea").fill(COMMENT)
    item.get_by_role("button", name="Kommentar hinzufügen").click()
    expect(page.locator(".review-item[data-code='S2.2'] .review-comments")).to_contain_text(COMMENT)
    form = page.locator("#decision-form")
    form.get_by_label("Angenommen", exact=True).check()
    form.get_by_role("button", name="Entscheidung erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prüfwarteschlange")
    expect(page.locator("#review-queue")).not_to_contain_text("Havel Sensorik GmbH")
    expect_german(page)
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.ACCEPTED
    assert Badge.objects.filter(organization=company, level="checked").exists()
    log_out(page)

    # The SME (the browser stays in German) sees the plausibility-checked badge on its readiness page.
    log_in(page, sme.email)
    page.locator("#nav").get_by_role("link", name="Compliance").click()
    page.get_by_role("link", name="Ihre Reifegrad-Seite").click()
    checked = page.locator("#readiness-badges li", has=page.locator(".badge-level-checked"))
    expect(checked.locator(".badge-level-checked")).to_contain_text("Plausibilitätsgeprüft")
    expect_german(page)
