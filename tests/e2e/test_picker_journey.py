"""Browser journey: an SME shares its readiness by typing part of a partner's name and picking it, without
knowing its id or its exact legal name (the "ł" of "Wisła" typed as "l")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from compliance.models import ReadinessShare
from organizations.models import MembershipRole
from tests.e2e.pages import expect_message, log_in, top_bar
from tests.organizations.factories import OrganizationFactory, member_of


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data")
def test_sme_shares_readiness_with_a_partner_found_by_typing(live_server, page: Page):
    page.set_default_timeout(10_000)
    company = OrganizationFactory(legal_name="Havel Sensorik GmbH")
    admin = member_of(company, MembershipRole.ADMIN)
    partner = OrganizationFactory(legal_name="Wisła Precision Sp. z o.o.", country="PL")
    OrganizationFactory(kind="nation", legal_name="Wisła nation", country="PL")
    log_in(page, admin.email)
    top_bar(page, "Compliance")

    search = page.locator("#share-form input[type=search]")
    search.fill("wisla prec")
    option = page.locator("#share-form [data-picker-option]")
    expect(option).to_have_count(1)
    expect(option).to_contain_text("Wisła Precision Sp. z o.o.")
    option.click()
    expect(search).to_have_value("Wisła Precision Sp. z o.o.")
    expect(page.locator("#share-form input[name=grantee]")).to_have_value(str(partner.pk))
    page.locator("#share-form button[type=submit]").click()
    expect_message(page, "Wisła Precision Sp. z o.o. now sees your readiness scores and evidence.")
    expect(page.locator("#shares")).to_contain_text("Wisła Precision Sp. z o.o.")
    assert ReadinessShare.objects.filter(owner=company, grantee=partner, revoked_at__isnull=True).exists()
