"""Page parameters are checked like any other input: a typo is a 400 naming the parameter, never ignored."""

import pytest
from django.db.models import Count

from core.api.pagination import CappedCountPaginator
from organizations.models import Organization
from tests.organizations.factories import OrganizationFactory, UserFactory

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


def test_the_capped_count_counts_the_rows_a_distinct_combined_or_annotated_queryset_pages(cpv):
    """The count drops the order and selects only the key (public queryset API, no query internals): for
    querysets of model instances that counts what the pages show, DISTINCT and UNION included."""
    both, one = OrganizationFactory(), OrganizationFactory()
    both.capability_codes.set(["60100000", "60120000"])  # two rows in the join, one organization
    one.capability_codes.set(["60100000"])
    ordered = ("legal_name", "id")
    querysets = [
        Organization.objects.filter(capability_codes__code__startswith="601").distinct().order_by(*ordered),
        Organization.objects.filter(pk=both.pk).union(Organization.objects.filter(pk__in=[both.pk, one.pk])),
        Organization.objects.filter(pk__in=[both.pk, one.pk]).annotate(codes=Count("capability_codes")),
        Organization.objects.filter(capability_codes__code__startswith="601").order_by(*ordered),  # no DISTINCT
    ]
    for queryset in querysets:
        rows = list(queryset.order_by("id"))
        assert CappedCountPaginator(queryset.order_by("id"), 10).count == len(rows)
