"""A consortium as supplier: its members' people see the contract (listed as members) but only the consortium's
administrators sign; a member that left sees nothing. The beat task draws up contracts for final awards."""

import pytest
from django.utils import timezone

from alliances.models import Alliance, AllianceMember
from contracting import services, tasks
from contracting.models import Contract, ContractState
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.models import MembershipRole
from tests.contracting.factories import final_award
from tests.marketplace.factories import buyer_with_officer
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium_deal(cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    consortium = OrganizationFactory(kind="consortium", legal_name="North Sea Logistics ARGE")
    lead_admin = member_of(consortium, MembershipRole.ADMIN)
    alliance = Alliance.objects.create(
        kind="consortium", name="North Sea Logistics ARGE", purpose="Storage", organization=consortium, state="active"
    )
    partner, former = OrganizationFactory(legal_name="Partner GmbH"), OrganizationFactory(legal_name="Former BV")
    AllianceMember.objects.create(alliance=alliance, organization=partner, role="partner")
    AllianceMember.objects.create(alliance=alliance, organization=former, role="partner", left_at=timezone.now())
    tender = final_award(buyer, officer, consortium, lead_admin)
    return officer, tender, consortium, lead_admin, member_of(partner, MembershipRole.ADMIN), member_of(former)


def test_consortium_members_see_the_contract_but_only_its_admins_sign(consortium_deal, client_for):
    officer, tender, consortium, lead_admin, partner_admin, former_member = consortium_deal
    contract = services.contract_draft(tender=tender, supplier=consortium, by=officer)
    body = client_for(partner_admin).get(f"/api/v1/contracting/contracts/{contract.pk}/").json()
    assert [m["name"] for m in body["supplier_members"]] == ["Partner GmbH"]
    assert client_for(former_member).get(f"/api/v1/contracting/contracts/{contract.pk}/").status_code == 404
    with pytest.raises(ApplicationError) as error:
        services.contract_sign(revision=contract.revisions.get(), by=partner_admin)
    assert status_for(error.value.code) == 403
    services.contract_sign(revision=contract.revisions.get(), by=lead_admin)
    services.contract_sign(revision=contract.revisions.get(), by=officer)
    assert Contract.objects.get(pk=contract.pk).state == ContractState.ACTIVE


def test_the_beat_task_draws_up_contracts_for_final_awards_once(consortium_deal):
    _officer, _tender, consortium, *_rest = consortium_deal
    assert tasks.draft_contracts_for_final_awards() == 1
    assert tasks.draft_contracts_for_final_awards() == 0
    assert Contract.objects.get().supplier == consortium
