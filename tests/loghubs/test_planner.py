"""The movement planner: shortest feasible route, transshipment at the gauge break, full hubs with civilian
capacity from the marketplace suggested."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from loghubs.models import Slot
from loghubs.planner import distance_km, route_plan
from marketplace.models import CapacityListing
from tests.loghubs.factories import day, hub, link, nation, service
from tests.organizations.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corridor():
    """Poznań (1435) — Šeštokai border hub (1435 and 1520, changes gauge) — Vilnius (1520); a road bypass."""
    de, pl, lt = nation("DE"), nation("PL"), nation("LT")
    west = hub(pl, name="Poznań", city="Poznań", lat="52.40600", lon="16.92500", gauges=(1435,))
    border = hub(
        lt, name="Šeštokai", city="Šeštokai", lat="54.36000", lon="23.45200", gauges=(1435, 1520), changes_gauge=True
    )
    east = hub(lt, name="Vilnius", city="Vilnius", lat="54.68700", lon="25.28000", gauges=(1520,))
    transship = service(border, kind="transshipment", capacity=30, slot_hours=8, days=4, start=day(1))
    service(east, kind="storage", capacity=50, days=6, start=day(1))
    link(west, border, "rail", 420, 1435)
    link(border, east, "rail", 190, 1520)
    return {"west": west, "border": border, "east": east, "transship": transship, "de": de}


def _plan(corridor, **overrides):
    start = day(1, 2)
    arguments = dict(
        origin=corridor["west"],
        destination=corridor["east"],
        start=start,
        end=start + timedelta(days=3),
        quantity=10,
        user=UserFactory(),
    )
    arguments.update(overrides)
    return route_plan(**arguments)


def test_route_changes_gauge_with_a_transshipment_at_the_border_hub(corridor):
    plan = _plan(corridor, destination_service="storage")
    assert plan.found
    assert [(leg.from_hub.name, leg.to_hub.name, leg.gauge) for leg in plan.legs] == [
        ("Poznań", "Šeštokai", 1435),
        ("Šeštokai", "Vilnius", 1520),
    ]
    transshipment = plan.steps[0]
    assert transshipment.hub == corridor["border"]
    assert transshipment.reason == "gauge change 1435 → 1520 mm"
    assert transshipment.slot.start >= plan.legs[0].arrive - timedelta(hours=8)
    assert plan.legs[1].depart >= plan.legs[0].arrive
    assert {step.service.kind for step in plan.steps[1:]} == {"storage"}
    assert plan.distance_km == 610


def test_a_hub_that_cannot_change_gauge_is_not_a_gauge_break(corridor):
    corridor["border"].changes_gauge = False
    corridor["border"].save()
    plan = _plan(corridor)
    assert not plan.found
    assert plan.legs == []


def test_the_planner_goes_around_a_full_transshipment_by_road(corridor):
    link(corridor["west"], corridor["east"], "road", 700)
    Slot.objects.filter(service=corridor["transship"]).update(booked=25)  # 5 free, 10 needed
    plan = _plan(corridor)
    assert plan.found
    assert [leg.mode for leg in plan.legs] == ["road"]
    assert [(item.hub, item.service_kind) for item in plan.full] == [(corridor["border"], "transshipment")]


def test_full_hubs_come_with_civilian_capacity_nearby(corridor):
    Slot.objects.filter(service=corridor["transship"]).update(booked=30)
    provider = OrganizationFactory(country="LT", legal_name="Suvalkija Terminal UAB")
    today = timezone.localdate()
    near = CapacityListing.objects.create(
        provider=provider,
        kind="transshipment",
        title="Cross-dock with broad-gauge siding",
        country="LT",
        latitude=Decimal("54.40000"),
        longitude=Decimal("23.50000"),
        available_from=today,
        available_until=today + timedelta(days=30),
        quantity=Decimal("40"),
        unit="teu",
        state="published",
    )
    CapacityListing.objects.create(  # too far away
        provider=provider,
        kind="transshipment",
        title="Terminal in Klaipėda",
        country="LT",
        latitude=Decimal("55.70000"),
        longitude=Decimal("21.14000"),
        available_from=today,
        available_until=today + timedelta(days=30),
        quantity=Decimal("40"),
        unit="teu",
        state="published",
    )
    plan = _plan(corridor)
    assert not plan.found
    suggestions = plan.full[0].suggestions
    assert [s["listing"] for s in suggestions] == [near.pk]
    assert suggestions[0]["distance_km"] < 10
    assert suggestions[0]["provider_name"] == "Suvalkija Terminal UAB"


def test_no_route_when_the_period_is_too_short(corridor):
    plan = _plan(corridor, end=day(1, 6))
    assert not plan.found


def test_cargo_the_transshipment_does_not_take_blocks_the_route(corridor):
    from loghubs.services.cargo import cargo_lines_build

    cargo = cargo_lines_build(
        [
            {
                "description": "Explosives",
                "quantity": 1,
                "weight_kg": "500",
                "hazardous_class": "1.1",
                "ammunition_group": "D",
            }
        ]
    )
    assert not _plan(corridor, cargo=cargo).found


def test_haversine_distance():
    assert round(distance_km(53.5396, 8.5809, 54.3520, 18.6466)) == pytest.approx(667, abs=5)
