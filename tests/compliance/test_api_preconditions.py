"""Assessments carry the ETag of their detail answer; an action with that If-Match passes, a stale one is 412."""

import pytest
from rest_framework.test import APIClient

from compliance import services
from compliance.models import Framework
from organizations.models import MembershipRole
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


def test_an_action_with_the_etag_of_the_detail_answer_is_not_refused_as_stale(compliance_data):
    own = OrganizationFactory()
    admin = member_of(own, MembershipRole.ADMIN)
    draft = services.assessment_start(organization=own, framework=Framework.objects.get(key="iso9001"), by=admin)
    api = APIClient()
    api.force_authenticate(admin)
    url = f"/api/v1/compliance/assessments/{draft.pk}/"
    tag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    stale = api.post(url + "submit/", HTTP_IF_MATCH='"not-the-tag"')
    assert stale.status_code == 412
    assert stale.json()["type"] == "precondition_failed"
    current = api.post(url + "submit/", HTTP_IF_MATCH=tag)
    assert current.status_code != 412  # refused for its content (unanswered requirements), not as stale
