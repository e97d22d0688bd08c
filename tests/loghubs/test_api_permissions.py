"""Permission matrix of the LogHubs API: role (own nation's nAP, another nation's nAP, JCC, hub operator, plain SME,
anonymous) × endpoint → status. Someone else's nation answers 404; the role-only endpoints (JCC's, hub operators')
answer 403 to users without the role, never an empty 200."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from loghubs import services
from tests.loghubs.factories import Network, day, hub, link, request_data

pytestmark = pytest.mark.django_db

ROLES = ["own_nap", "other_nap", "jcc", "hub_operator", "sme", "anonymous"]

# endpoint: (method, path template, body key, {role: expected status}); unlisted roles expect `default`.
NOT_FOUND = {"other_nap": 404, "hub_operator": 404, "sme": 404, "anonymous": 401}
JCC_ONLY = {"own_nap": 403, "other_nap": 403, "hub_operator": 403, "sme": 403, "anonymous": 401}
OPERATOR_ONLY = {"own_nap": 403, "other_nap": 403, "jcc": 403, "sme": 403, "anonymous": 401}
EVERYONE = {"anonymous": 401}
ENDPOINTS = {
    "nap requests list": ("get", "/api/v1/loghubs/nap/{de}/requests/", None, {**NOT_FOUND, "own_nap": 200, "jcc": 200}),
    "nap request detail": (
        "get",
        "/api/v1/loghubs/nap/{de}/requests/{booked}/",
        None,
        {**NOT_FOUND, "own_nap": 200, "jcc": 200},
    ),
    "nap request create": (
        "post",
        "/api/v1/loghubs/nap/{de}/requests/",
        "create",
        {**NOT_FOUND, "own_nap": 201, "jcc": 403},
    ),
    # A draft is not yet filed: the JCC does not see it (404), like anyone but the nation's nAP.
    "nap request submit": (
        "post",
        "/api/v1/loghubs/nap/{de}/requests/{draft}/submit/",
        None,
        {**NOT_FOUND, "own_nap": 200, "jcc": 404},
    ),
    "nap request cancel": (
        "post",
        "/api/v1/loghubs/nap/{de}/requests/{draft}/cancel/",
        "reason",
        {**NOT_FOUND, "own_nap": 200, "jcc": 404},
    ),
    "nap offers list": ("get", "/api/v1/loghubs/nap/{de}/offers/", None, {**NOT_FOUND, "own_nap": 200, "jcc": 200}),
    "nap offer accept": (
        "post",
        "/api/v1/loghubs/nap/{de}/offers/{open_offer}/accept/",
        None,
        {**NOT_FOUND, "own_nap": 201, "jcc": 403},
    ),
    "nap offer create for own hub": (
        "post",
        "/api/v1/loghubs/nap/{lt}/offers/",
        "offer",
        {**NOT_FOUND, "own_nap": 201, "jcc": 403},
    ),
    "nap bookings list": ("get", "/api/v1/loghubs/nap/{de}/bookings/", None, {**NOT_FOUND, "own_nap": 200, "jcc": 200}),
    "nap hub calendar": (
        "get",
        "/api/v1/loghubs/nap/{lt}/hubs/{hub}/calendar/",
        None,
        {**NOT_FOUND, "own_nap": 200, "jcc": 200},
    ),
    "jcc requests": ("get", "/api/v1/loghubs/jcc/requests/", None, {**JCC_ONLY, "jcc": 200}),
    "jcc route": ("post", "/api/v1/loghubs/jcc/requests/{submitted}/route/", "reason", {**JCC_ONLY, "jcc": 200}),
    "jcc conflicts": ("get", "/api/v1/loghubs/jcc/conflicts/", None, {**JCC_ONLY, "jcc": 200}),
    "jcc utilisation": ("get", "/api/v1/loghubs/jcc/utilisation/", None, {**JCC_ONLY, "jcc": 200}),
    "hubs": ("get", "/api/v1/loghubs/hubs/", None, EVERYONE),
    "hub availability": ("get", "/api/v1/loghubs/hubs/{hub}/availability/", None, EVERYONE),
    "planner": ("post", "/api/v1/loghubs/planner/route/", "route", EVERYONE),
    "operator booking": ("get", "/api/v1/loghubs/operator/bookings/{booking}/", None, OPERATOR_ONLY),
    "operator bookings": ("get", "/api/v1/loghubs/operator/bookings/", None, OPERATOR_ONLY),
    "operator requests": ("get", "/api/v1/loghubs/operator/requests/", None, OPERATOR_ONLY),
    "operator services": ("get", "/api/v1/loghubs/operator/services/", None, OPERATOR_ONLY),
}
DEFAULT = 200
# For the lt-scoped rows "own" is Lithuania's nAP and "other" Germany's.
LT_SCOPED = {"nap offer create for own hub", "nap hub calendar"}


@pytest.fixture
def world():
    net = Network()
    booked, booked_offer = net.offered()
    services.offer_accept(offer=booked_offer, by=net.de_nap)
    _open, open_offer = net.offered(requesting_unit="Second unit", quantity=2)
    incoming = services.request_route(
        request=services.request_submit(
            request=services.request_create(
                nation=net.de, by=net.de_nap, **request_data(net.hub, quantity=1, requesting_unit="Third")
            ),
            by=net.de_nap,
        ),
        by=net.jcc,
        reason="ok",
    )
    submitted = services.request_submit(
        request=services.request_create(
            nation=net.de, by=net.de_nap, **request_data(net.hub, quantity=1, requesting_unit="Fourth")
        ),
        by=net.de_nap,
    )
    draft = services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, requesting_unit="Draft"))
    inland = hub(net.lt, name="Inland", city="Kaunas")
    link(net.hub, inland, "road", 215)
    ids = {
        "de": net.de.pk,
        "lt": net.lt.pk,
        "hub": net.hub.pk,
        "booked": booked.pk,
        "draft": draft.pk,
        "open_offer": open_offer.pk,
        "submitted": submitted.pk,
        "booking": booked_offer.bookings.first().pk,
    }
    bodies = {
        "create": {
            **{k: v for k, v in request_data(net.hub).items() if k != "target_hub"},
            "target_hub": net.hub.pk,
            "period_start": day(3, 6).isoformat(),
            "period_end": day(4, 6).isoformat(),
        },
        "reason": {"reason": "Checked."},
        "offer": {"request": incoming.pk},
        "route": {
            "origin": net.hub.pk,
            "destination": inland.pk,
            "period_start": day(3).isoformat(),
            "period_end": (day(3) + timedelta(days=2)).isoformat(),
            "quantity": 1,
        },
    }
    return net, ids, bodies


def _user(net, role, lt_scoped):
    own, other = (net.lt_nap, net.de_nap) if lt_scoped else (net.de_nap, net.pl_nap)
    return {
        "own_nap": own,
        "other_nap": other,
        "jcc": net.jcc,
        "hub_operator": net.operator,
        "sme": net.sme,
        "anonymous": None,
    }[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_loghubs_permission_matrix(world, endpoint, role):
    net, ids, bodies = world
    method, template, body_key, expected = ENDPOINTS[endpoint]
    client = APIClient()
    user = _user(net, role, endpoint in LT_SCOPED)
    if user is not None:
        client.force_authenticate(user)
    body = bodies.get(body_key) if body_key else None
    response = getattr(client, method)(template.format(**ids), body, format="json")
    wanted = expected.get(role, DEFAULT)
    assert response.status_code == wanted, (endpoint, role, response.content[:300])
