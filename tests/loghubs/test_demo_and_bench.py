"""The demo data (idempotent, nine nations, the Kaunas gauge break) and the benchmark's data and client pieces;
the gunicorn run itself is `manage.py bench_booking` (DESIGN.md §6: figures, no timing assertions in tests)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from core.errors import ApplicationError
from loghubs import benchmark, services
from loghubs.models import Hub, HubLink, Offer, RequestState, ServiceRequest, Slot
from loghubs.planner import route_plan
from loghubs.tasks import expire_offers_and_requests, mark_no_shows
from organizations.models import Organization, User
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_spans_eight_nations(cpv, compliance_data):
    first, second = StringIO(), StringIO()
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_loghubs", stdout=first)
    counts = (Hub.objects.count(), HubLink.objects.count(), Slot.objects.count(), ServiceRequest.objects.count())
    call_command("seed_demo_loghubs", stdout=second)
    assert (
        Hub.objects.count(),
        HubLink.objects.count(),
        Slot.objects.count(),
        ServiceRequest.objects.count(),
    ) == counts
    assert "0 new slots" in second.getvalue()
    assert "0 new demo requests" in second.getvalue()
    assert Hub.objects.values("nation").distinct().count() >= 8
    assert Organization.objects.filter(registration_id__startswith="NATION-", kind="nation").count() >= 8
    states = set(ServiceRequest.objects.values_list("state", flat=True))
    assert {RequestState.SUBMITTED, RequestState.COORDINATING, RequestState.OFFERED, RequestState.ACCEPTED} <= states
    gdansk, klaipeda = Hub.objects.get(city="Gdańsk"), Hub.objects.get(city="Klaipėda")
    start = Slot.objects.order_by("start").first().start + timedelta(days=2)
    plan = route_plan(
        origin=gdansk,
        destination=klaipeda,
        start=start,
        end=start + timedelta(days=3),
        quantity=5,
        user=User.objects.get(email="jcc@alx.example"),
        modes=["rail"],
    )
    assert plan.found
    assert [step.reason for step in plan.steps] == ["gauge change 1435 → 1520 mm"]
    assert plan.steps[0].hub.city == "Kaunas"


def test_bench_data_builds_and_cleans_up_only_its_own_rows():
    other = OrganizationFactory(legal_name="Not a bench nation")
    data = benchmark.bench_data_generate(contenders=6, capacity=2, uncontended=3)
    assert len(data.contended_offers) == 6
    assert len(data.free_offers) == 3
    outcomes = []
    for pk in data.contended_offers[:3]:
        try:
            services.offer_accept(offer=Offer.objects.get(pk=pk), by=data.user)
            outcomes.append("booked")
        except ApplicationError as error:
            outcomes.append(error.code)
    assert outcomes == ["booked", "booked", "capacity_taken"]
    assert benchmark.bench_data_delete() > 0
    assert not Organization.objects.filter(registration_id__startswith=benchmark.PREFIX).exists()
    assert Organization.objects.filter(pk=other.pk).exists()


def test_tally_counts_confirmed_refused_and_server_errors():
    tally = benchmark.Tally(
        [
            benchmark.Outcome(201, "", 0.1),
            benchmark.Outcome(409, "capacity_taken", 0.2),
            benchmark.Outcome(409, "offer_expired", 0.3),
            benchmark.Outcome(502, "", 0.4),
            benchmark.Outcome(0, "timeout", 5.0),
        ]
    )
    assert (tally.confirmed, tally.refused, tally.server_errors, tally.other) == (1, 1, 2, 1)
    assert tally.latency_ms(0.5) == pytest.approx(300)


def test_beat_tasks_run_their_services():
    assert mark_no_shows() == 0
    assert expire_offers_and_requests() == {"offers": 0, "requests": 0}
