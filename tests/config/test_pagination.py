"""Page parameters are checked like any other input: a typo is a 400 naming the parameter, never ignored."""

import pytest

from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db
CPV = "/api/v1/organizations/cpv/"


@pytest.fixture
def api(client_for, cpv):
    return client_for(UserFactory())


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "2.5"}, "page_size"),
        ({"page_size": ["2", "3"]}, "page_size"),
        ({"page": ""}, "page"),
        ({"page": "second"}, "page"),
        ({"page": ["1", "2"]}, "page"),
    ],
)
def test_a_page_parameter_that_is_not_one_whole_number_is_refused_by_name(api, params, field):
    response = api.get(CPV, params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert list(body["errors"]) == [field]


def test_good_page_parameters_page_and_a_size_above_the_maximum_is_the_maximum(api):
    first = api.get(CPV, {"page_size": "3"}).json()
    assert len(first["results"]) == 3
    second = api.get(CPV, {"page_size": "3", "page": "2"}).json()
    assert {r["code"] for r in second["results"]}.isdisjoint(r["code"] for r in first["results"])
    everything = api.get(CPV, {"page_size": "100000"}).json()  # the 45 divisions, within the maximum of 200
    assert len(everything["results"]) == everything["count"] == 45
    assert api.get(CPV, {"page_size": "3", "page": "last"}).status_code == 200
