"""The consortium builder: every lot covered by an eligible member, fewest members first (provably better than
the greedy baseline), then the best fit; the options; clear reasons when nothing fits; one-step draft alliance."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from alliances.builder import BuilderOptions, greedy_consortium, suggest_consortia, suggestion_to_alliance
from alliances.models import AllianceInvitation, AllianceKind, AllianceMember, AllianceState, InvitationState
from compliance.models import Licence
from core.errors import ApplicationError
from marketplace import services as marketplace
from marketplace.eligibility import eligibility_problems
from organizations.models import MembershipRole
from tests.compliance.factories import badge
from tests.marketplace.factories import buyer_with_officer, tender_data
from tests.organizations.factories import OrganizationFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db
LARGE = {"headcount": 900, "annual_turnover_eur": Decimal("900000000"), "balance_sheet_total_eur": Decimal("9e8")}
LOTS = [("Road transport", "60100000"), ("Storage", "63120000"), ("Air transport", "60400000")]


def company(name, codes, country="DE", **fields):
    organization = OrganizationFactory(legal_name=name, country=country, **fields)
    organization.capability_codes.set(codes)
    return organization


def make_tender(lots=LOTS, buyer=None, officer=None, **overrides):
    if buyer is None:
        buyer, officer = buyer_with_officer()
    data = tender_data(**overrides)
    data["lots"] = [
        {"title": title, "cpv": code, "quantity": 10, "unit": "units", **extra}
        for title, code, *rest in lots
        for extra in [rest[0] if rest else {}]
    ]
    return marketplace.tender_create(buyer=buyer, by=officer, **data)


@pytest.fixture
def world(cpv, compliance_data):
    """Three specialists, one per lot (the road one also flies: a code under air transport), and a large
    generalist who covers all three lots less well.

    Greedy gives each lot to its specialist and can then merge only the road specialist into the air one
    (sibling codes), leaving two members; the optimum is the generalist alone."""
    return {
        "road": company("Road Specialist", ["60100000", "60410000"]),
        "storage": company("Storage Specialist", ["63120000"]),
        "air": company("Air Specialist", ["60400000"]),
        "generalist": company("Generalist Logistics", ["60000000", "63000000"], **LARGE),
    }


def member_ids(suggestion):
    return {m.organization.pk for m in suggestion.members}


def test_fewest_members_beat_greedy_and_every_lot_is_covered(world):
    tender = make_tender()
    greedy = greedy_consortium(tender=tender)
    result = suggest_consortia(tender=tender)
    best = result[0]
    assert member_ids(best) == {world["generalist"].pk}
    assert best.member_count == 1 < greedy.member_count == 2
    assert best.optimal
    assert best.objective == best.bound
    assert sorted(a.lot.number for a in best.assignments) == [1, 2, 3]
    assert best.total_score == 3 * (63 + 4)  # broader code (0.7 × 90) + established in the country of performance
    assert "a broader CPV code 60000000" in best.assignments[0].reason


def test_three_distinct_suggestions_fewest_members_then_best_score(world):
    result = suggest_consortia(tender=make_tender())
    assert len(result) == 3
    assert len({frozenset(member_ids(s)) for s in result}) == 3
    # An alternative drops at least one member of every earlier suggestion; it never just adds a partner.
    assert all(not member_ids(earlier) <= member_ids(later) for i, later in enumerate(result) for earlier in result[:i])
    keys = [(s.member_count, -s.total_score) for s in result]
    assert keys == sorted(keys)
    second = result[1]  # two members: the road specialist also takes the air lot, storage takes lot 2
    assert member_ids(second) == {world["road"].pk, world["storage"].pk}
    assert second.total_score == 94 + 94 + 85
    reasons = {a.lot.number: a.reason for a in second.assignments}
    assert reasons[1] == "same CPV code 60100000, established in the country of performance"
    assert reasons[3].startswith("a narrower CPV code 60410000")


def test_exclude_and_include_are_respected(world):
    tender = make_tender()
    without = suggest_consortia(tender=tender, options=BuilderOptions(exclude=(world["generalist"].pk,)))
    assert all(world["generalist"].pk not in member_ids(s) for s in without)
    assert without[0].member_count == 2

    including = suggest_consortia(tender=tender, options=BuilderOptions(include=(world["air"].pk,)))
    assert all(world["air"].pk in member_ids(s) for s in including)
    assert member_ids(including[0]) == {world["air"].pk, world["storage"].pk}


def test_minimum_countries(world):
    world["storage"].country = "FR"
    world["storage"].save()
    result = suggest_consortia(tender=make_tender(), options=BuilderOptions(min_countries=2))
    assert result
    assert all(len(s.countries) >= 2 for s in result)
    assert result[0].member_count == 2


def test_sme_member_and_sme_lead(world):
    tender = make_tender()
    result = suggest_consortia(tender=tender, options=BuilderOptions(require_sme=True))
    assert all(any(m.organization.is_sme for m in s.members) for s in result)
    assert result[0].member_count == 2
    led = suggest_consortia(tender=tender, options=BuilderOptions(sme_lead=True))
    assert all(s.lead is not None and s.lead.is_sme for s in led)


def test_maximum_lots_per_member(world):
    result = suggest_consortia(tender=make_tender(), options=BuilderOptions(max_lots_per_member=1))
    assert result[0].member_count == 3
    assert all(len(m.lots) <= 1 for s in result for m in s.members)


def test_infeasible_options_give_an_empty_result_with_the_reason(world):
    tender = make_tender()
    result = suggest_consortia(tender=tender, options=BuilderOptions(min_countries=3))
    assert list(result) == []
    assert any("from 1 country (DE); 3 are asked for" in p for p in result.problems)

    two_lots = suggest_consortia(tender=make_tender(lots=LOTS[:2]), options=BuilderOptions(edf=True))
    assert list(two_lots) == []
    assert any("2 lots allow at most 2 members" in p for p in two_lots.problems)

    nobody = make_tender(lots=[*LOTS, ("Seeds", "03111000")])
    result = suggest_consortia(tender=nobody)
    assert list(result) == []
    assert any("lot 4" in p and "division 03000000" in p for p in result.problems)

    result = suggest_consortia(
        tender=tender,
        options=BuilderOptions(
            include=(world["road"].pk, world["storage"].pk, world["air"].pk),
            max_lots_per_member=1,
            require_sme=True,
            exclude=(world["air"].pk,),
        ),
    )
    assert list(result) == []
    assert any("both included and excluded" in p for p in result.problems)


def test_the_buyer_is_never_suggested(world):
    buyer = company("Buying Logistics Agency", ["60100000", "63120000", "60400000"])
    officer = with_platform_role(member_of(buyer, MembershipRole.ADMIN), "procurement_officer")
    tender = make_tender(buyer=buyer, officer=officer)
    result = suggest_consortia(tender=tender, options=BuilderOptions(include=()))
    assert result
    assert all(buyer.pk not in member_ids(s) for s in result)
    refused = suggest_consortia(tender=tender, options=BuilderOptions(include=(buyer.pk,)))
    assert list(refused) == []
    assert any("buyer" in p for p in refused.problems)


def test_an_organization_missing_a_required_badge_is_never_suggested(world):
    for name in ("road", "storage", "air"):
        badge(world[name], kind="defence_ready")
    tender = make_tender(required_badges=["defence_ready"])
    assert eligibility_problems(organization=world["generalist"], tender=tender, lot=tender.lots.first())
    result = suggest_consortia(tender=tender)
    assert result
    assert all(world["generalist"].pk not in member_ids(s) for s in result)
    assert "badges ok" in result[0].assignments[0].reason


def test_export_screening_keeps_unlicensed_suppliers_off_controlled_lots(world):
    tender = make_tender(lots=[("Road transport of fire-control kits", "60100000", {"export_classification": "ML5"})])
    nobody = suggest_consortia(tender=tender)
    assert list(nobody) == []
    assert any("Nobody eligible can deliver lot 1" in p for p in nobody.problems)

    licensed = company("Licensed Road Haulier", ["60100000"], country="FR")
    today = timezone.localdate()
    Licence.objects.create(
        organization=licensed,
        issuer="DGA",
        reference="L-1",
        classifications=["ML5"],
        destinations=[str(tender.buyer.country)],  # a licence names its destinations
        valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=90),
    )
    result = suggest_consortia(tender=tender)
    assert [member_ids(s) for s in result] == [{licensed.pk}]
    assert "export screening ok" in result[0].assignments[0].reason


def test_edf_option_needs_three_eu_countries_and_reports(world):
    world["storage"].country = "FR"
    world["storage"].save()
    company("Atlantic Air Inc.", ["60400000", "60100000", "63120000"], country="US")
    tender = make_tender()
    short = suggest_consortia(tender=tender, options=BuilderOptions(edf=True))
    assert list(short) == []  # the US company fits every lot but does not count for the EDF rule
    assert any("from 2 countries (DE, FR); 3 are asked for" in p for p in short.problems)

    world["air"].country = "PL"
    world["air"].save()
    result = suggest_consortia(tender=tender, options=BuilderOptions(edf=True))
    best = result[0]
    assert best.member_count == 3
    assert {"DE", "FR", "PL"} <= set(best.countries)
    assert best.edf is not None
    assert best.edf.ok


def test_suggestion_becomes_a_draft_consortium_with_invitations(world):
    tender = make_tender()
    suggestion = suggest_consortia(tender=tender, options=BuilderOptions(max_lots_per_member=1))[0]
    founder = world["road"]
    admin = member_of(founder, MembershipRole.ADMIN)
    alliance = suggestion_to_alliance(suggestion=suggestion, tender=tender, by=admin, founder=founder)
    assert alliance.kind == AllianceKind.CONSORTIUM
    assert alliance.target_tender_id == tender.pk
    assert alliance.state == AllianceState.INVITING
    lead = AllianceMember.objects.get(alliance=alliance, left_at__isnull=True)
    assert lead.organization_id == founder.pk
    assert lead.role == "lead"
    assert [lot.number for lot in lead.lots.all()] == [1]
    invited = AllianceInvitation.objects.filter(alliance=alliance, state=InvitationState.OPEN)
    assert {i.organization_id for i in invited} == member_ids(suggestion) - {founder.pk}
    assert all("lot" in i.message for i in invited)

    stranger = OrganizationFactory()
    with pytest.raises(ApplicationError):
        suggestion_to_alliance(
            suggestion=suggestion, tender=tender, by=member_of(stranger, MembershipRole.ADMIN), founder=stranger
        )
