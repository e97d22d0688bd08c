"""The readiness page others see, sharing, and the reviewer's pages."""

import pytest
from django.urls import reverse

from compliance import services
from compliance.models import ReadinessShare, ReviewComment
from organizations.models import MembershipRole
from tests.compliance.factories import answered_assessment, badge, reviewer
from tests.compliance.pages import requirement_of, start_mini
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


def test_shared_partner_sees_the_section_chart_of_a_submitted_assessment_but_not_drafts(client, sme):
    organization, user = sme
    partner = OrganizationFactory()
    services.share_grant(owner=organization, grantee_id=partner.pk, by=user)
    assessment = answered_assessment(organization, user, {"S2.2": "partial"})
    client.force_login(member_of(partner))
    url = reverse("compliance:readiness", args=[organization.pk])
    page = client.get(url).content.decode()
    assert "S1 Processes" not in page
    assert "No assessment has been submitted" in page
    services.assessment_submit(assessment=assessment, by=user)
    page = client.get(url).content.decode()
    assert "S1 Processes" in page
    assert "S2 Security" in page
    assert 'style="width: 75.0%"' in page
    assert "75.0 %" in page
    assert '<table class="visually-hidden">' in page


def test_bar_widths_stay_css_numbers_when_the_page_speaks_german(client, sme):
    organization, user = sme
    services.assessment_submit(assessment=answered_assessment(organization, user, {"S2.2": "partial"}), by=user)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    page = client.get(reverse("compliance:readiness", args=[organization.pk])).content.decode()
    assert 'lang="de"' in page
    assert 'style="width: 75.0%"' in page
    assert "75,0 %" in page
    page = client.get(reverse("compliance:assessment", args=[organization.assessments.get().pk])).content.decode()
    assert 'style="width: 75.0%"' in page


def test_readiness_details_are_hidden_from_organizations_without_a_share(client, sme):
    organization, user = sme
    services.assessment_submit(assessment=answered_assessment(organization, user), by=user)
    badge(organization, level="checked")
    client.force_login(member_of(OrganizationFactory()))
    page = client.get(reverse("compliance:readiness", args=[organization.pk])).content.decode()
    assert "has not shared its readiness details" in page
    assert "S1 Processes" not in page
    assert "Plausibility-checked" in page
    assert "Self-assessed" in page
    assert page.count("badge-level-checked") == 1
    assert page.count("badge-level-self") == 1


def test_only_admins_share_and_revoke(client, sme):
    organization, admin = sme
    partner = OrganizationFactory(legal_name="Partner Optics AG")
    colleague = member_of(organization)
    client.force_login(colleague)
    assert 'id="share-form"' not in client.get(reverse("compliance:index")).content.decode()
    assert client.post(reverse("compliance:share-grant"), {"grantee": partner.pk}).status_code == 403
    client.force_login(admin)
    page = client.post(reverse("compliance:share-grant"), {"grantee": partner.pk}, follow=True).content.decode()
    assert "Partner Optics AG now sees your readiness scores and evidence." in page
    share = ReadinessShare.objects.get()
    client.force_login(colleague)
    assert client.post(reverse("compliance:share-revoke", args=[share.pk])).status_code == 403
    client.force_login(member_of(partner, MembershipRole.ADMIN))
    assert client.post(reverse("compliance:share-revoke", args=[share.pk])).status_code == 404
    client.force_login(admin)
    client.post(reverse("compliance:share-revoke", args=[share.pk]))
    share.refresh_from_db()
    assert share.revoked_at is not None


def test_non_reviewers_get_403_on_the_review_pages(client, sme):
    organization, user = sme
    assessment = answered_assessment(organization, user)
    services.assessment_submit(assessment=assessment, by=user)
    requirement = requirement_of(assessment, "S1.1")
    client.force_login(member_of(OrganizationFactory()))
    assert client.get(reverse("compliance:review-queue")).status_code == 403
    assert client.get(reverse("compliance:review", args=[assessment.pk])).status_code == 403
    assert (
        client.post(
            reverse("compliance:review-comment", args=[assessment.pk, requirement.pk]), {f"c{requirement.pk}-text": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("compliance:review-decide", args=[assessment.pk]), {"decision": "accepted"}).status_code
        == 403
    )


def test_reviewer_comments_returns_it_and_the_sme_sees_the_comment(client, sme):
    organization, user = sme
    assessment = answered_assessment(organization, user)
    services.assessment_submit(assessment=assessment, by=user)
    checker = reviewer()
    client.force_login(checker)
    queue = client.get(reverse("compliance:review-queue")).content.decode()
    assert reverse("compliance:review", args=[assessment.pk]) in queue
    assert organization.legal_name in queue
    requirement = requirement_of(assessment, "S2.2")
    client.post(
        reverse("compliance:review-comment", args=[assessment.pk, requirement.pk]),
        {f"c{requirement.pk}-text": "Show a restore test record."},
    )
    assert ReviewComment.objects.filter(assessment=assessment, requirement=requirement).exists()
    response = client.post(reverse("compliance:review-decide", args=[assessment.pk]), {"decision": "needs_more"})
    assert response.url == reverse("compliance:review-queue")
    assert reverse("compliance:review", args=[assessment.pk]) not in client.get(response.url).content.decode()
    client.force_login(user)
    page = client.get(reverse("compliance:assessment", args=[assessment.pk])).content.decode()
    assert "A reviewer returned this assessment." in page
    assert "Show a restore test record." in page
    assert "answer-form" in page


def test_decision_without_remarks_re_renders_with_the_error(client, sme):
    organization, user = sme
    assessment = answered_assessment(organization, user)
    services.assessment_submit(assessment=assessment, by=user)
    client.force_login(reviewer())
    response = client.post(reverse("compliance:review-decide", args=[assessment.pk]), {"decision": "rejected"})
    assert response.status_code == 200
    assert "Tell the organization what is missing" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == "submitted"


def test_reviewer_of_the_same_organization_gets_the_clear_refusal(client, sme):
    organization, user = sme
    assessment = answered_assessment(organization, user)
    services.assessment_submit(assessment=assessment, by=user)
    colleague = reviewer()
    from organizations.models import Membership

    Membership.objects.create(user=colleague, organization=organization, role=MembershipRole.MEMBER)
    client.force_login(colleague)
    assert (
        reverse("compliance:review", args=[assessment.pk])
        not in client.get(reverse("compliance:review-queue")).content.decode()
    )
    page = client.post(
        reverse("compliance:review-decide", args=[assessment.pk]), {"decision": "accepted"}
    ).content.decode()
    assert "You cannot review an assessment of your own organization." in page
    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    assert not assessment.reviews.exists()


def test_reviewers_do_not_see_drafts(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(reviewer())
    assert client.get(reverse("compliance:review", args=[assessment.pk])).status_code == 404
