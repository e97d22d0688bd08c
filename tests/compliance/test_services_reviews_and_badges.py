"""The plausibility review, the badges it issues, and how suspension and expiry change eligibility at once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from compliance import selectors, services
from compliance.models import Badge
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.models import AuditEntry, MembershipRole
from tests.compliance.factories import answered_assessment, badge, reviewer
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    organization = OrganizationFactory()
    user = member_of(organization, MembershipRole.ADMIN)
    assessment = answered_assessment(organization, user, {"S2.2": "partial"})
    services.assessment_submit(assessment=assessment, by=user)
    return assessment


def test_accepting_issues_a_checked_badge_valid_for_24_months(submitted):
    services.review_decide(assessment=submitted, decision="accepted", reviewer=reviewer())
    submitted.refresh_from_db()
    assert submitted.state == "accepted"
    checked = Badge.objects.get(assessment=submitted, level="checked")
    assert checked.valid_until.year * 12 + checked.valid_until.month == (
        checked.issued_on.year * 12 + checked.issued_on.month + 24
    )
    assert checked.score == 90  # (2 + 1 + 1 + 0.5) / 5
    assert selectors.organization_has_badge(organization=submitted.organization, kind="defence_ready")


def test_needs_more_sends_comments_back_to_the_sme(submitted):
    checker = reviewer()
    services.review_comment_add(assessment=submitted, requirement="S2.2", text="Show a restore test.", reviewer=checker)
    services.review_decide(assessment=submitted, decision="needs_more", reviewer=checker)
    submitted.refresh_from_db()
    assert submitted.state == "needs_more"
    assert [c.text for c in submitted.comments.all()] == ["Show a restore test."]
    owner = submitted.organization.memberships.get().user
    services.assessment_answer(assessment=submitted, requirement="S2.2", status="compliant", by=owner)
    services.assessment_submit(assessment=submitted, by=owner)
    actions = AuditEntry.objects.filter(object_id=str(submitted.pk), action__startswith="review.")
    assert list(actions.values_list("action", flat=True)) == ["review.needs_more", "review.commented", "review.taken"]
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_rejection_needs_a_reason(submitted):
    with pytest.raises(ApplicationError) as refused:
        services.review_decide(assessment=submitted, decision="rejected", reviewer=reviewer())
    assert "remarks" in refused.value.errors


def test_reviewer_cannot_review_their_own_organization(submitted):
    checker = reviewer()
    member_of(submitted.organization)
    from organizations.models import Membership

    Membership.objects.create(user=checker, organization=submitted.organization)
    with pytest.raises(ApplicationError) as refused:
        services.review_decide(assessment=submitted, decision="accepted", reviewer=checker)
    assert refused.value.code == "conflict_of_interest"
    assert submitted not in selectors.review_queue(user=checker)


def test_only_reviewers_review(submitted):
    with pytest.raises(ApplicationError) as refused:
        services.review_decide(assessment=submitted, decision="accepted", reviewer=member_of(OrganizationFactory()))
    assert status_for(refused.value.code) == 403


def test_suspension_removes_eligibility_at_once():
    organization = OrganizationFactory()
    held = badge(organization)
    assert list(selectors.organizations_with_badges(kinds=["defence_ready"])) == [organization]
    services.badge_suspend(badge=held, reason="Evidence found forged", by=reviewer())
    assert not selectors.organization_has_badge(organization=organization, kind="defence_ready")
    assert list(selectors.organizations_with_badges(kinds=["defence_ready"])) == []


def test_expiry_changes_eligibility_on_the_day_and_is_recorded_once():
    organization = OrganizationFactory()
    held = badge(organization, days_left=0)
    today = timezone.localdate()
    assert selectors.organization_has_badge(organization=organization, kind="defence_ready", at=today)
    assert not selectors.organization_has_badge(
        organization=organization, kind="defence_ready", at=today + timedelta(days=1)
    )
    Badge.objects.filter(pk=held.pk).update(valid_until=today - timedelta(days=1))
    assert services.badges_expire() == 1
    assert services.badges_expire() == 0
    assert AuditEntry.objects.filter(action="badge.expired").count() == 1


def test_organizations_with_badges_requires_every_kind():
    both, one = OrganizationFactory(), OrganizationFactory()
    badge(both, "defence_ready")
    badge(both, "iso27001")
    badge(one, "defence_ready")
    assert list(selectors.organizations_with_badges(kinds=["defence_ready", "iso27001"])) == [both]


def test_expiry_reminders_go_to_admins_once():
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    member_of(organization)
    badge(organization, days_left=20)
    assert services.expiry_reminders_send() == 1
    assert mail.outbox[-1].to == [admin.email]
    assert "Defence Ready" in mail.outbox[-1].body
    assert services.expiry_reminders_send() == 0


def test_evidence_reminder_skips_superseded_versions(settings, tmp_path):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    from compliance.services import assessment_start, evidence_upload
    from tests.compliance.factories import mini_framework

    assessment = assessment_start(organization=organization, framework=mini_framework(), by=admin)
    soon = timezone.localdate() + timedelta(days=10)
    old = evidence_upload(
        assessment=assessment,
        requirement="S1.1",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 1"),
        effective_date=date(2025, 1, 1),
        expires_on=soon,
        by=admin,
    )
    evidence_upload(
        assessment=assessment,
        requirement="S1.1",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 2"),
        effective_date=date(2025, 1, 1),
        expires_on=soon + timedelta(days=400),
        replaces=old,
        by=admin,
    )
    assert services.expiry_reminders_send() == 0  # the expiring version was replaced


def test_each_needs_more_round_needs_its_own_explanation(submitted):
    checker = reviewer()
    services.review_comment_add(assessment=submitted, requirement="S2.2", text="Show a restore test.", reviewer=checker)
    services.review_decide(assessment=submitted, decision="needs_more", reviewer=checker)
    owner = submitted.organization.memberships.get().user
    services.assessment_submit(assessment=submitted, by=owner)
    with pytest.raises(ApplicationError) as silent:
        services.review_decide(assessment=submitted, decision="needs_more", reviewer=checker)
    assert "remarks" in silent.value.errors


def test_a_resubmission_replaces_the_self_assessed_badge_without_showing_it_revoked(submitted):
    checker = reviewer()
    services.review_decide(assessment=submitted, decision="needs_more", remarks="More please", reviewer=checker)
    owner = submitted.organization.memberships.get().user
    services.assessment_submit(assessment=submitted, by=owner)
    badges = selectors.badge_list_visible_to(user=owner)
    assert [(b.level, b.revoked_at) for b in badges] == [("self_assessed", None)]


def test_only_admins_share_readiness(submitted):
    owner_member = member_of(submitted.organization)
    with pytest.raises(ApplicationError) as refused:
        services.share_grant(owner=submitted.organization, grantee_id=OrganizationFactory().pk, by=owner_member)
    assert status_for(refused.value.code) == 403


def test_expiry_reminders_speak_german_to_a_german_organization_and_english_to_others():
    german = OrganizationFactory(country="DE")
    member_of(german, MembershipRole.ADMIN)
    badge(german, days_left=20)
    polish = OrganizationFactory(country="PL")
    polish_admin = member_of(polish, MembershipRole.ADMIN)
    badge(polish, days_left=20)
    assert services.expiry_reminders_send() == 2
    by_recipient = {message.to[0]: message for message in mail.outbox[-2:]}
    english = by_recipient.pop(polish_admin.email)
    (deutsch,) = by_recipient.values()
    assert "expire soon" in english.subject
    assert "expires on" in english.body
    assert deutsch.subject == "ALX: Siegel oder Nachweise laufen bald ab"
    assert "expires on" not in deutsch.body
