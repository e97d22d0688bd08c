"""Filing requests: who may, what the period, quantity and cargo must be, export screening for the hub's nation,
and cancellation before and after the cut-off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.models import DestinationRule, Licence
from core.api.errors import status_for
from core.errors import ApplicationError
from loghubs import services
from loghubs.models import BookingState, CargoLine, RequestState, ServiceRequest, Slot
from organizations.models import AuditEntry
from tests.loghubs.factories import PARTS, Network, day, request_data, submitted

pytestmark = pytest.mark.django_db

AMMUNITION = {
    "description": "Artillery shells 155 mm",
    "quantity": 4,
    "weight_kg": "12000",
    "hazardous_class": "1.1",
    "ammunition_group": "D",
    "export_classification": "ML3",
}


@pytest.fixture
def net():
    return Network()


def _refusal(call) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


def test_nap_files_and_submits_a_request_with_audit(net):
    request = submitted(net.de, net.de_nap, net.hub)
    assert request.state == RequestState.SUBMITTED
    assert request.submitted_at is not None
    line = CargoLine.objects.get(request=request)
    assert line.screening_outcome == "allowed"
    actions = list(AuditEntry.objects.filter(object_id=str(request.pk)).values_list("action", flat=True))
    assert {"service_request.created", "service_request.submitted"} <= set(actions)
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="service_request.submitted")
    assert entry.actor == net.de_nap
    assert entry.changes["state"] == ["draft", "submitted"]


def test_nap_cannot_act_for_another_nation(net):
    error = _refusal(lambda: services.request_create(nation=net.de, by=net.pl_nap, **request_data(net.hub)))
    assert status_for(error.code) == 403
    assert "Germany" in error.message
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_start": timezone.now() - timedelta(hours=2)}, "period_start"),
        ({"period_end": day(2)}, "period_end"),  # ends before it starts
        ({"quantity": 0}, "quantity"),
        ({"priority": 6}, "priority"),
    ],
)
def test_bad_periods_and_numbers_are_refused_with_the_field_named(net, overrides, field):
    if "period_start" in overrides:
        overrides["period_end"] = overrides["period_start"] + timedelta(days=1)
    error = _refusal(
        lambda: services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, **overrides))
    )
    assert field in error.errors, error.errors


def test_quantity_beyond_a_slots_capacity_is_refused(net):
    error = _refusal(
        lambda: services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, quantity=21))
    )
    assert error.code == "beyond_capacity"
    assert "at most 20" in error.message


def test_cargo_classes_the_hub_does_not_accept_are_named(net):
    Licence.objects.create(
        organization=net.de,
        issuer="BAFA",
        reference="GTL",
        classifications=["ML3"],
        destinations=["LT"],
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=90),
    )
    error = _refusal(
        lambda: services.request_create(
            nation=net.de, by=net.de_nap, **request_data(net.hub, cargo=[PARTS, AMMUNITION])
        )
    )
    assert error.code == "cargo_not_accepted"
    assert "1.1" in error.message
    assert "Artillery shells" in error.message
    assert any("compatibility group D" in message for message in error.errors["cargo"])


def test_classification_above_the_services_level_is_refused(net):
    secret = {**PARTS, "classification_level": "secret"}
    error = _refusal(
        lambda: services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, cargo=[secret]))
    )
    assert error.code == "cargo_not_accepted"
    assert "Secret" in error.message


def test_malformed_cargo_lines_name_their_field(net):
    bad = {**PARTS, "nsn": "12-34", "hazardous_class": "1.9"}
    error = _refusal(lambda: services.request_create(nation=net.de, by=net.de_nap, **request_data(None, cargo=[bad])))
    assert "cargo.0.nsn" in error.errors


def test_export_screening_names_the_refused_cargo(net):
    DestinationRule.objects.update_or_create(country="LT", defaults={"category": "embargoed"})
    listed = {**PARTS, "description": "Encryption units", "export_classification": "5A002"}
    error = _refusal(
        lambda: services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, cargo=[PARTS, listed]))
    )
    assert error.code == "cargo_refused"
    assert "Encryption units" in error.message
    assert "embargo" in error.errors["cargo.1.export_classification"][0]
    # Unlisted goods to an embargoed destination fall under the catch-all clause: named too, with their reason.
    assert "catch-all" in error.errors["cargo.0.export_classification"][0]


def test_military_cargo_needs_a_licence_for_the_hubs_nation(net):
    cargo = [{**PARTS, "description": "Rifle spare parts", "export_classification": "ML1"}]
    error = _refusal(
        lambda: services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, cargo=cargo))
    )
    assert error.code == "cargo_refused"
    assert "Rifle spare parts" in error.message
    Licence.objects.create(
        organization=net.de,
        issuer="BAFA",
        reference="GTL-AF",
        classifications=["ML1"],
        destinations=["LT"],
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=90),
    )
    request = services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, cargo=cargo))
    assert request.cargo_lines.get().screening_outcome == "allowed"


def test_movements_inside_the_own_country_are_not_export_screened(net):
    cargo = [{**PARTS, "export_classification": "ML1"}]
    request = services.request_create(nation=net.lt, by=net.lt_nap, **request_data(net.hub, cargo=cargo))
    assert "not an export" in request.cargo_lines.get().screening_reasons[0]


def test_submit_checks_the_period_again(net):
    request = services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub))
    ServiceRequest.objects.filter(pk=request.pk).update(period_start=timezone.now() - timedelta(minutes=1))
    error = _refusal(lambda: services.request_submit(request=request, by=net.de_nap))
    assert "period_start" in error.errors
    assert ServiceRequest.objects.get(pk=request.pk).state == RequestState.DRAFT


def test_only_drafts_change(net):
    request = submitted(net.de, net.de_nap, net.hub)
    error = _refusal(lambda: services.request_update(request=request, by=net.de_nap, quantity=3))
    assert status_for(error.code) == 409


def test_cancelling_before_the_cut_off_frees_the_slots(net):
    request, offer = net.offered()
    services.offer_accept(offer=offer, by=net.de_nap)
    assert sum(Slot.objects.filter(service=net.storage).values_list("booked", flat=True)) == 15
    cancelled = services.request_cancel(request=request, by=net.de_nap, reason="Exercise moved.")
    assert cancelled.state == RequestState.CANCELLED
    assert sum(Slot.objects.filter(service=net.storage).values_list("booked", flat=True)) == 0
    assert set(offer.bookings.values_list("state", flat=True)) == {BookingState.CANCELLED}


def test_cancelling_after_the_cut_off_needs_the_hubs_agreement(net):
    request, offer = net.offered()
    services.offer_accept(offer=offer, by=net.de_nap)
    net.storage.cancellation_cutoff_hours = 24 * 5  # the cut-off has passed
    net.storage.save()
    pending = services.request_cancel(request=request, by=net.de_nap, reason="Unit redeployed.")
    assert pending.state == RequestState.ACCEPTED
    assert pending.cancellation_requested_at is not None
    error = _refusal(lambda: services.request_cancellation_decide(request=request, by=net.de_nap, agree=True))
    assert status_for(error.code) == 403  # the requester cannot agree for the hub
    refused = _refusal(lambda: services.request_cancellation_decide(request=request, by=net.lt_nap, agree=False))
    assert "reason" in refused.errors
    services.request_cancellation_decide(request=request, by=net.operator, agree=False, reason="Handling planned.")
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert request.cancellation_requested_at is None
    services.request_cancel(request=request, by=net.de_nap, reason="Unit redeployed.")
    agreed = services.request_cancellation_decide(request=request, by=net.lt_nap, agree=True)
    assert agreed.state == RequestState.CANCELLED
    assert sum(Slot.objects.filter(service=net.storage).values_list("booked", flat=True)) == 0


def test_hub_nation_declines_with_a_reason_and_the_jcc_routes_again(net):
    request = services.request_route(request=submitted(net.de, net.de_nap, net.hub), by=net.jcc, reason="ok")
    assert (
        status_for(_refusal(lambda: services.request_decline(request=request, by=net.pl_nap, reason="no")).code) == 403
    )
    declined = services.request_decline(request=request, by=net.lt_nap, reason="Quay works that week.")
    assert declined.state == RequestState.DECLINED
    assert declined.decline_reason == "Quay works that week."
    again = services.request_route(request=declined, by=net.jcc, reason="Second try after the works.")
    assert again.state == RequestState.COORDINATING
