"""Every role-only API endpoint answers 403 to a signed-in user without the role and 401 to anonymous callers,
never a 200 with an empty list (which reads as "nothing there" instead of "not yours to ask")."""

import pytest
from rest_framework.test import APIClient

from organizations.models import PlatformRoleKind
from tests.loghubs.factories import Network
from tests.organizations.factories import UserFactory, with_platform_role

pytestmark = pytest.mark.django_db

# path: the role it is for
ROLE_ONLY = {
    "/api/v1/loghubs/jcc/requests/": "jcc",
    "/api/v1/loghubs/jcc/conflicts/": "jcc",
    "/api/v1/loghubs/jcc/utilisation/": "jcc",
    "/api/v1/loghubs/operator/bookings/": "hub_operator",
    "/api/v1/loghubs/operator/requests/": "hub_operator",
    "/api/v1/loghubs/operator/services/": "hub_operator",
    "/api/v1/marketplace/match-runs/": "platform_admin",
}
USERS = ["sme", "nap", "jcc", "hub_operator", "platform_admin", "anonymous"]


@pytest.fixture
def people():
    net = Network()
    return {
        "sme": net.sme,
        "nap": net.de_nap,
        "jcc": net.jcc,
        "hub_operator": net.operator,
        "platform_admin": with_platform_role(UserFactory(), PlatformRoleKind.PLATFORM_ADMIN),
        "anonymous": None,
    }


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("path", list(ROLE_ONLY))
def test_role_only_endpoints_refuse_users_without_the_role(people, path, who):
    client = APIClient()
    if people[who] is not None:
        client.force_authenticate(people[who])
    response = client.get(path)
    expected = 401 if who == "anonymous" else 200 if who == ROLE_ONLY[path] else 403
    assert response.status_code == expected, (path, who, response.content[:200])
    if expected == 403:
        assert response.json()["type"]
        assert response.json()["detail"]
