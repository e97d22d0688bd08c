"""The data and the load pieces of `manage.py bench_booking`; the gunicorn run itself is the command's
(DESIGN.md §6: figures, no timing assertions in tests)."""

import pytest

from benchmarks import loghubs_data
from benchmarks.load import Outcome, Tally
from benchmarks.stats import percentile
from core.errors import ApplicationError
from loghubs import services
from loghubs.models import Offer
from organizations.models import Organization
from tests.organizations.factories import OrganizationFactory


@pytest.mark.django_db
def test_bench_data_builds_and_cleans_up_only_its_own_rows():
    other = OrganizationFactory(legal_name="Not a bench nation")
    data = loghubs_data.bench_data_generate(contenders=6, capacity=2, uncontended=3)
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
    assert loghubs_data.bench_data_delete() > 0
    assert not Organization.objects.filter(registration_id__startswith=loghubs_data.PREFIX).exists()
    assert Organization.objects.filter(pk=other.pk).exists()


def test_tally_counts_by_status_and_kind_and_server_errors():
    tally = Tally(
        [
            Outcome(201, "", 0.1),
            Outcome(409, "capacity_taken", 0.2),
            Outcome(409, "offer_expired", 0.3),
            Outcome(502, "", 0.4),
            Outcome(0, "timeout", 5.0),
        ]
    )
    assert (tally.count(201), tally.count(409, "capacity_taken"), tally.count(409), tally.server_errors) == (1, 1, 2, 2)
    assert tally.latency_ms(0.5) == pytest.approx(300)


def test_percentile_is_nearest_rank():
    assert percentile([], 0.95) == 0.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([float(n) for n in range(1, 21)], 0.95) == 19.0
    assert percentile([float(n) for n in range(1, 21)], 1.0) == 20.0
