"""Signing an agreement: by every member's authorised signatory, only the current version, and again after
a change."""

from __future__ import annotations

import hashlib

import pytest

from alliances.agreements import (
    agreement_refresh,
    agreement_render_pdf,
    agreement_sign,
    clause_propose,
)
from alliances.models import (
    AllianceState,
    Signature,
)
from alliances.services import members_set
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.models import MembershipRole
from tests.alliances.agreement_team import (
    CONFIDENTIALITY_V2,
    first_version,
    form_alliance,
    full_text,
    sign_all,
)
from tests.organizations.factories import member_of

pytestmark = pytest.mark.django_db


def test_signing_a_superseded_version_is_refused(clauses):
    team = form_alliance()
    v1 = first_version(team)
    clause_propose(
        alliance=team.alliance, clause_key="confidentiality", text=CONFIDENTIALITY_V2, by=team.partner_admin, note=""
    )
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert (error.value.code, status_for(error.value.code)) == ("superseded_version", 409)
    assert "version 2" in error.value.errors["version"][0]
    assert not Signature.objects.exists()


def test_only_an_administrator_of_the_member_signs_for_it(clauses):
    team = form_alliance()
    v1 = first_version(team)
    employee = member_of(team.lead, MembershipRole.MEMBER)
    for organization, user in ((team.lead, employee), (team.lead, team.partner_admin)):
        with pytest.raises(ApplicationError) as error:
            agreement_sign(version=v1, organization=organization, by=user)
        assert error.value.code == "permission_denied"
    assert not Signature.objects.exists()


def test_when_every_member_signs_the_consortium_becomes_active_with_its_organization(clauses):
    team = form_alliance()
    v1 = first_version(team)
    agreement_sign(version=v1, organization=team.partner, by=team.partner_admin)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.NEGOTIATING
    signature = agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.ACTIVE
    assert team.alliance.organization.kind == "consortium"
    assert team.alliance.organization.legal_name == "Baltic Shield Consortium"
    assert signature.signed_by == team.lead_admin
    assert signature.signed_at is not None
    assert signature.pdf_sha256 == hashlib.sha256(agreement_render_pdf(version=v1)).hexdigest() == v1.pdf_sha256
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert error.value.code == "already_signed"


def test_a_change_after_signing_needs_new_signatures(clauses):
    team = form_alliance()
    v1 = first_version(team)
    v2 = clause_propose(
        alliance=team.alliance,
        clause_key="purpose-scope",
        text="(1) Radars for the coast.",
        by=team.lead_admin,
        note="Shorter",
    )
    with pytest.raises(ApplicationError):
        agreement_sign(version=v1, organization=team.partner, by=team.partner_admin)
    sign_all(team, v2)
    team.alliance.refresh_from_db()
    consortium = team.alliance.organization
    assert team.alliance.state == AllianceState.ACTIVE
    v3 = clause_propose(
        alliance=team.alliance,
        clause_key="confidentiality",
        text=CONFIDENTIALITY_V2,
        by=team.partner_admin,
        note="Seven years",
    )
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.NEGOTIATING
    assert (v3.number, v3.signatures.count(), v2.signatures.count()) == (3, 0, 2)
    sign_all(team, v3)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.ACTIVE
    assert team.alliance.organization == consortium


def test_changed_shares_bring_a_new_version_with_updated_schedules(clauses):
    team = form_alliance(shares=False)
    v1 = first_version(team)
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert error.value.code == "shares_incomplete"
    members_set(
        alliance=team.alliance,
        by=team.lead_admin,
        rows=[
            {"organization": team.lead.pk, "work_share": 70, "cost_share": 70},
            {"organization": team.partner.pk, "work_share": 30, "cost_share": 30},
        ],
    )
    # Setting the shares refreshed the schedules at once: version 1 is superseded by version 2.
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert error.value.code == "superseded_version"
    v2 = team.alliance.agreement.versions.order_by("-number").first()
    assert v2.number == 2
    assert "| Nordlicht Sensorik GmbH | 70% | 70% |" in full_text(v2)
    assert agreement_refresh(alliance=team.alliance, by=team.partner_admin) is None
    sign_all(team, v2)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.ACTIVE
