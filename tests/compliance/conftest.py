"""Fixtures of the compliance tests: uploaded files go to a temporary folder; an SME with its admin."""

import pytest

from organizations.models import MembershipRole
from tests.organizations.factories import OrganizationFactory, member_of


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sme():
    organization = OrganizationFactory(legal_name="Nordwerk Systems GmbH")
    return organization, member_of(organization, MembershipRole.ADMIN)
