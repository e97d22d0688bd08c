"""The alliance lifecycle as one table: the services move alliances only along ALLIANCE_TRANSITIONS (audited), and
the state predicates the pages and the API read give the same answers."""

from decimal import Decimal

import pytest

from alliances import services
from alliances.models import ALLIANCE_TRANSITIONS, Alliance, AllianceState
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.models import AuditEntry
from tests.alliances.factories import consortium, sme

pytestmark = pytest.mark.django_db


def test_a_consortium_goes_draft_inviting_negotiating_active_and_is_dissolved_once(compliance_data):
    alliance, members = consortium(countries=("DE",))
    admin = members[0][1]
    assert alliance.state == AllianceState.DRAFT
    assert alliance.can_take_members
    assert not alliance.is_active
    partner, partner_admin = sme("PL")
    invitation = services.alliance_invite(alliance=alliance, organization=partner, by=admin)
    assert Alliance.objects.get(pk=alliance.pk).state == AllianceState.INVITING
    services.invitation_answer(invitation=invitation, accept=True, by=partner_admin)
    assert Alliance.objects.get(pk=alliance.pk).state == AllianceState.NEGOTIATING
    rows = [
        {"organization": org.pk, "work_share": Decimal(50), "cost_share": Decimal(50)}
        for org in (members[0][0], partner)
    ]
    services.members_set(alliance=alliance, by=admin, rows=rows)
    active = services.alliance_activate(alliance=alliance, by=admin)
    assert active.is_active
    assert active.can_be_dissolved
    assert not active.can_complete_dissolution
    assert AuditEntry.objects.get(action="alliance.activated").changes["state"] == ["negotiating", "active"]

    with pytest.raises(ApplicationError) as too_early:
        services.alliance_dissolve(alliance=alliance, by=admin, reason="Done", final=True)
    assert status_for(too_early.value.code) == 409
    dissolving = services.alliance_dissolve(alliance=alliance, by=admin, reason="Contract ended")
    assert dissolving.is_closed
    assert not dissolving.can_take_members
    assert dissolving.can_complete_dissolution
    dissolved = services.alliance_dissolve(alliance=alliance, by=admin, reason="Settled", final=True)
    assert dissolved.state == AllianceState.DISSOLVED
    assert not dissolved.can_be_dissolved
    # Settled: a dissolved alliance cannot be "dissolving" again (the service used to allow it through the API).
    with pytest.raises(ApplicationError) as again:
        services.alliance_dissolve(alliance=alliance, by=admin, reason="Again")
    assert status_for(again.value.code) == 409
    assert again.value.code == "invalid_state"
    assert Alliance.objects.get(pk=alliance.pk).state == AllianceState.DISSOLVED
    entry = AuditEntry.objects.get(action="alliance.dissolved")
    assert entry.changes == {"state": ["dissolving", "dissolved"], "reason": [None, "Settled"]}


@pytest.mark.parametrize("state", list(AllianceState))
def test_the_predicates_read_the_table(state):
    alliance = Alliance(state=state)
    assert alliance.can_be_dissolved is (AllianceState.DISSOLVING in ALLIANCE_TRANSITIONS[state])
    assert alliance.can_complete_dissolution is (state == AllianceState.DISSOLVING)
    assert alliance.is_closed is (state in (AllianceState.DISSOLVING, AllianceState.DISSOLVED))
    assert alliance.is_active is (state == AllianceState.ACTIVE)
