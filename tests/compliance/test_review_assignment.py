"""A reviewer takes an assessment (a django-guardian grant on it): colleagues cannot cross their review until
it is released, the queue says who has what, and every take and release is audited."""

import pytest
from django.urls import reverse

from compliance import selectors, services
from compliance.models import AssessmentState
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.models import AuditEntry, MembershipRole
from tests.compliance.factories import answered_assessment, reviewer
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    organization = OrganizationFactory()
    user = member_of(organization, MembershipRole.ADMIN)
    assessment = answered_assessment(organization, user, {"S2.2": "partial"})
    services.assessment_submit(assessment=assessment, by=user)
    return assessment


def test_a_taken_review_is_the_takers_alone_until_released(submitted):
    first, second = reviewer(), reviewer()
    services.review_take(assessment=submitted, reviewer=first)
    assert selectors.assessment_reviewer(assessment=submitted) == first
    assert first.has_perm("compliance.review_assessment", submitted)
    assert not second.has_perm("compliance.review_assessment", submitted)
    for attempt in (
        lambda: services.review_comment_add(assessment=submitted, requirement="S2.2", text="x", reviewer=second),
        lambda: services.review_decide(assessment=submitted, decision="accepted", reviewer=second),
        lambda: services.review_take(assessment=submitted, reviewer=second),
        lambda: services.review_release(assessment=submitted, reviewer=second),
    ):
        with pytest.raises(ApplicationError) as refused:
            attempt()
        assert status_for(refused.value.code) == 403
        assert first.email in refused.value.message
    services.review_release(assessment=submitted, reviewer=first)
    assert selectors.assessment_reviewer(assessment=submitted) is None
    services.review_decide(assessment=submitted, decision="accepted", reviewer=second)
    submitted.refresh_from_db()
    assert submitted.state == AssessmentState.ACCEPTED
    actions = AuditEntry.objects.filter(object_id=str(submitted.pk), action__startswith="review.").order_by("id")
    assert list(actions.values_list("action", "actor__email")) == [
        ("review.taken", first.email),
        ("review.released", first.email),
        ("review.taken", second.email),
        ("review.accepted", second.email),
    ]


def test_the_first_comment_takes_the_review_and_it_stays_with_that_reviewer_after_needs_more(submitted):
    checker, colleague = reviewer(), reviewer()
    services.review_comment_add(assessment=submitted, requirement="S2.2", text="Show a restore test.", reviewer=checker)
    services.review_decide(assessment=submitted, decision="needs_more", reviewer=checker)
    owner = submitted.organization.memberships.get().user
    services.assessment_answer(assessment=submitted, requirement="S2.2", status="compliant", by=owner)
    services.assessment_submit(assessment=submitted, by=owner)
    assert selectors.assessment_reviewer(assessment=submitted) == checker
    with pytest.raises(ApplicationError):
        services.review_decide(assessment=submitted, decision="accepted", reviewer=colleague)
    services.review_decide(assessment=submitted, decision="accepted", reviewer=checker)


def test_a_platform_administrator_releases_the_review_of_an_absent_reviewer(submitted):
    away = reviewer()
    services.review_take(assessment=submitted, reviewer=away)
    admin = with_platform_role(UserFactory(), "platform_admin")
    services.review_release(assessment=submitted, reviewer=admin)
    assert selectors.assessment_reviewer(assessment=submitted) is None
    assert AuditEntry.objects.filter(action="review.released", actor=admin).count() == 1


def test_the_queue_lists_mine_first_then_free_ones_then_colleagues_and_says_who(client, submitted):
    me, colleague = reviewer(), reviewer()
    other = OrganizationFactory()
    other_user = member_of(other, MembershipRole.ADMIN)
    colleagues = answered_assessment(other, other_user)
    services.assessment_submit(assessment=colleagues, by=other_user)
    third = OrganizationFactory()
    third_user = member_of(third, MembershipRole.ADMIN)
    mine = answered_assessment(third, third_user)
    services.assessment_submit(assessment=mine, by=third_user)
    services.review_take(assessment=colleagues, reviewer=colleague)
    services.review_take(assessment=mine, reviewer=me)
    queue = list(selectors.review_queue(user=me))
    assert [a.pk for a in queue] == [mine.pk, submitted.pk, colleagues.pk]
    client.force_login(me)
    page = client.get(reverse("compliance:review-queue")).content.decode()
    assert page.index("Taken by you") < page.index("Nobody yet") < page.index(colleague.email)


def test_the_review_page_offers_take_and_hides_the_forms_from_a_colleague(client, submitted):
    first, second = reviewer(), reviewer()
    url = reverse("compliance:review", args=[submitted.pk])
    client.force_login(first)
    page = client.get(url).content.decode()
    assert "Take this review" in page
    response = client.post(reverse("compliance:review-take", args=[submitted.pk]), follow=True)
    assert "You took this review" in response.content.decode()
    assert "Release the review" in response.content.decode()
    client.force_login(second)
    page = client.get(url).content.decode()
    assert f"{first.full_name or first.email} is reviewing this assessment" in page
    assert 'id="decision-form"' not in page
    assert "comment-form" not in page
    assert "Take this review" not in page
    refused = client.post(reverse("compliance:review-take", args=[submitted.pk]), follow=True).content.decode()
    assert "ask them to release it first" in refused
    assert selectors.assessment_reviewer(assessment=submitted) == first
