"""The European Defence Fund check: three eligible entities in three EU member states or Norway, third-country
control flagged, the coordinator's SME status, and what is missing in plain words."""

from decimal import Decimal

import pytest

from alliances.edf import alliance_edf_check, edf_check
from tests.alliances.factories import consortium
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
LARGE = {"headcount": 900, "annual_turnover_eur": Decimal("900000000"), "balance_sheet_total_eur": Decimal("9e8")}


def orgs(*countries, **fields):
    return [OrganizationFactory(country=country, **fields) for country in countries]


def test_three_entities_in_three_member_states_meet_the_rule():
    members = orgs("DE", "FR", "PL")
    report = edf_check(members=members, coordinator=members[0])
    assert report.ok
    assert report.missing == []
    assert report.countries == ["DE", "FR", "PL"]
    assert {o.pk for o in report.counted} == {o.pk for o in members}
    assert report.coordinator_is_sme is True


def test_two_countries_name_what_is_missing():
    members = orgs("DE", "DE", "FR")
    report = edf_check(members=members, coordinator=members[0])
    assert not report.ok
    assert len(report.counted) == 3  # three entities, but only two countries
    assert any("1 more EU member state or Norway" in line and "DE, FR" in line for line in report.missing)


def test_too_few_entities_are_counted_and_named():
    members = orgs("DE", "FR")
    report = edf_check(members=members, coordinator=members[0])
    assert not report.ok
    assert any("1 more eligible legal entity" in line for line in report.missing)


@pytest.mark.parametrize("outsider", ["CH", "US", "IS"])
def test_a_member_outside_the_eu_and_norway_does_not_count(outsider):
    members = orgs("DE", "FR", outsider)
    report = edf_check(members=members, coordinator=members[0])
    assert not report.ok
    assert report.countries == ["DE", "FR"]
    assert members[2].pk not in {o.pk for o in report.counted}
    assert any(outsider in line and "does not count" in line for line in report.missing)


def test_norway_counts_as_an_associated_country():
    members = orgs("DE", "FR", "NO")
    assert edf_check(members=members, coordinator=members[0]).ok


def test_third_country_control_is_flagged_and_does_not_count():
    members = orgs("DE", "FR", "PL")
    report = edf_check(members=members, coordinator=members[0], third_country_controlled={members[2].pk})
    assert not report.ok
    assert report.flagged
    assert str(members[2]) in report.flagged[0]
    assert any("controlled from a third country and does not count" in line for line in report.missing)

    with_fourth = [*members, *orgs("IT")]
    report = edf_check(members=with_fourth, coordinator=members[0], third_country_controlled={members[2].pk})
    assert report.ok  # three others count; the controlled member stays flagged
    assert report.flagged


def test_coordinator_sme_status_is_reported():
    members = [*orgs("DE", **LARGE), *orgs("FR", "PL")]
    report = edf_check(members=members, coordinator=members[0])
    assert report.ok
    assert report.coordinator_is_sme is False
    assert any("is not an SME" in note for note in report.notes)
    assert edf_check(members=members, coordinator=members[1]).coordinator_is_sme is True


def test_coordinator_must_be_an_eligible_member():
    members = orgs("DE", "FR", "PL")
    outsider = OrganizationFactory(country="DE")
    assert any("must be a member" in line for line in edf_check(members=members, coordinator=outsider).missing)
    assert any("Name a coordinator" in line for line in edf_check(members=members, coordinator=None).missing)
    report = edf_check(members=members, coordinator=members[0], third_country_controlled={members[0].pk})
    assert any("must be an eligible entity" in line for line in report.missing)


def test_the_same_organization_twice_counts_once_and_independence_is_noted():
    members = orgs("DE", "FR")
    report = edf_check(members=[*members, members[0]], coordinator=members[0])
    assert not report.ok
    assert len(report.counted) == 2
    assert any("ownership links" in note for note in report.notes)


def test_alliance_check_reads_members_lead_and_declared_control():
    alliance, members = consortium(countries=("DE", "FR", "PL"))
    assert alliance_edf_check(alliance=alliance).ok
    alliance.members.filter(organization=members[2][0]).update(third_country_controlled=True)
    report = alliance_edf_check(alliance=alliance)
    assert not report.ok
    assert report.coordinator.pk == members[0][0].pk
