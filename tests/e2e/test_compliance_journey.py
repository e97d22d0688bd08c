"""Browser journey: an SME runs the mini readiness check, a reviewer returns it, the SME fixes it and earns the badge,
then reads its readiness, the compliance overview and the assessment in German.

Drives Debian's chromium through pytest-playwright against pytest-django's live server. The mini
framework (tests/compliance/mini-framework.yaml) keeps the journey to four requirements.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from organizations.models import MembershipRole
from tests.compliance.factories import mini_framework, reviewer
from tests.e2e.pages import expect_german, log_in, log_out, to_german, top_bar
from tests.organizations.factories import OrganizationFactory, member_of

COMMENT = "Show a restore test record, not only the backup schedule."
# What the SME and the reviewer wrote, and the test framework's text: data, not the platform's words.
WRITTEN = (
    COMMENT,
    "Process manual v3, reviewed by management.",
    "We keep no paper quality records; all are in the ERP.",
    "Restore tested on 3 March; record attached to the ISMS file.",
    "Backups need a tested restore.",
    "Access is granted by need.",  # the mini framework's own guidance, which it gives in English only
)
PDF = {"name": "backup-policy.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% ALX test evidence\n"}


# --- helpers -------------------------------------------------------------------------------------


def requirement(page: Page, code: str) -> Locator:
    return page.locator(f"article.requirement[data-code='{code}']")


def answer(
    page: Page, code: str, status: str, *, reason: str = "", notes: str = "", choices: tuple[str, ...] = ()
) -> None:
    """Fill one requirement's form and save it; htmx swaps the block in place and says it is saved."""
    block = requirement(page, code)
    block.get_by_label("Status").select_option(status)
    if reason:
        block.get_by_label("Why it does not apply").fill(reason)
    if notes:
        block.get_by_label("Notes").fill(notes)
    for label in choices:
        block.get_by_label(label, exact=True).check()
    block.get_by_role("button", name="Save answer").click()
    expect(block.locator(".answer-saved")).to_have_text(f"{code} is saved.")


def open_review_queue(page: Page) -> None:
    top_bar(page, "Compliance")
    page.get_by_role("link", name="Open the review queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")


def decide(page: Page, organization: str, decision: str, remarks: str = "") -> None:
    open_review_queue(page)
    page.locator("#review-queue tr", has_text=organization).get_by_role("link", name="Review").click()
    form = page.locator("#decision-form")
    form.get_by_label(decision, exact=True).check()
    if remarks:
        form.get_by_label("Remarks to the organization").fill(remarks)
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.locator("#review-queue")).not_to_contain_text(organization)


# --- the journey ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data")
def test_sme_assessment_is_returned_fixed_accepted_and_earns_the_checked_badge(
    live_server, page: Page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_default_timeout(10_000)
    mini_framework()
    company = OrganizationFactory(legal_name="Havel Sensorik GmbH")
    sme = member_of(company, MembershipRole.ADMIN)
    checker = reviewer()

    # 1. The SME starts the mini assessment from the compliance overview.
    log_in(page, sme.email)
    top_bar(page, "Compliance")
    page.locator(".framework[data-framework='mini']").get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mini readiness check")
    page.wait_for_load_state()
    expect(page.locator("#assessment-answered")).to_have_text("0 of 4 requirements answered")

    # 2. Four answers, one not applicable with its reason; progress and score follow each save.
    answer(
        page, "S1.1", "compliant", notes="Process manual v3, reviewed by management.", choices=("Yearly", "Management")
    )
    answer(page, "S1.2", "not_applicable", reason="We keep no paper quality records; all are in the ERP.")
    answer(page, "S2.1", "compliant")
    answer(page, "S2.2", "partial", notes="Nightly backups; restores are not tested yet.")
    expect(page.locator("#assessment-answered")).to_have_text("4 of 4 requirements answered")
    expect(page.locator("#assessment-progress .progress-bar")).to_have_text("100 %")

    # 3. A PDF evidence file for the processes requirement.
    block = requirement(page, "S1.1")
    block.locator("summary", has_text="Upload evidence").click()
    block.locator("input[type=file]").set_input_files(PDF)
    block.get_by_role("button", name="Upload").click()
    expect(requirement(page, "S1.1").locator(".evidence-list")).to_contain_text("backup-policy.pdf")
    expect(requirement(page, "S1.1").locator(".evidence-list")).to_contain_text("version 1")

    # 4. Submit: the answers lock while the review runs.
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".assessment-state")).to_have_text("Submitted for review")
    expect(page.locator("form.answer-form")).to_have_count(0)
    log_out(page)

    # 5. The reviewer finds it in the queue, comments on the backups and returns it.
    log_in(page, checker.email)
    open_review_queue(page)
    page.locator("#review-queue tr", has_text=company.legal_name).get_by_role("link", name="Review").click()
    item = page.locator(".review-item[data-code='S2.2']")
    expect(item).to_contain_text("Nightly backups; restores are not tested yet.")
    expect(page.locator(".review-item[data-code='S1.1']")).to_contain_text("backup-policy.pdf")
    item.get_by_label("Comment").fill(COMMENT)
    item.get_by_role("button", name="Add comment").click()
    expect(page.locator(".review-item[data-code='S2.2'] .review-comments")).to_contain_text(COMMENT)
    decide(page, company.legal_name, "Needs more", remarks="Backups need a tested restore.")
    log_out(page)

    # 6. The SME sees the comment next to the requirement, fixes the answer and submits again.
    log_in(page, sme.email)  # the Dashboard says the assessment came back and links to it
    page.locator("#work").get_by_role("link", name=re.compile("A reviewer returned your")).click()
    expect(page.locator("#came-back")).to_contain_text("Backups need a tested restore.")
    expect(requirement(page, "S2.2").locator(".review-comments")).to_contain_text(COMMENT)
    answer(page, "S2.2", "compliant", notes="Restore tested on 3 March; record attached to the ISMS file.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".assessment-state")).to_have_text("Submitted for review")
    log_out(page)

    # 7. The reviewer accepts.
    log_in(page, checker.email)
    decide(page, company.legal_name, "Accepted")
    log_out(page)

    # 8. The SME's readiness page shows the plausibility-checked Defence Ready badge.
    log_in(page, sme.email)
    top_bar(page, "Compliance")
    page.get_by_role("link", name="Your readiness page").click()
    checked = page.locator("#readiness-badges li", has=page.locator(".badge-level-checked"))
    expect(checked).to_contain_text("Defence Ready")
    expect(checked.locator(".badge-level-checked")).to_have_text("✓ Plausibility-checked")
    expect(page.locator(".readiness-chart")).to_contain_text("S2 Security")

    # 9. In German (the language menu) the readiness page, the compliance overview and the assessment read in
    #    German; only the SME's own notes stay as it wrote them.
    to_german(page)
    expect(page.locator("#readiness-badges .badge-level-checked")).to_be_visible()
    expect_german(page, data=WRITTEN)
    top_bar(page, "Compliance")
    expect_german(page, data=WRITTEN)
    page.locator("#assessments").get_by_role("link", name="Öffnen").first.click()
    expect(page.locator(".assessment-state")).to_be_visible()
    expect_german(page, data=WRITTEN)
