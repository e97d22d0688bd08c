"""The demo data (idempotent, nine nations, the Kaunas gauge break) and the beat tasks; the benchmark's data and
client pieces are tested in tests/benchmarks/test_bench_booking.py."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from loghubs.models import Hub, HubLink, RequestState, ServiceRequest, Slot
from loghubs.planner import route_plan
from loghubs.tasks import expire_offers_and_requests, mark_no_shows
from organizations.models import Organization, User

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


def test_beat_tasks_run_their_services():
    assert mark_no_shows() == 0
    assert expire_offers_and_requests() == {"offers": 0, "requests": 0}
