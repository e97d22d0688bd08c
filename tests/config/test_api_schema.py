"""The published schema names what a generated client needs: error types, enum member names, array sub-lists."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer


@pytest.fixture(scope="module")
def schema():
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def test_error_type_is_an_enum_of_what_the_code_raises(schema):
    types = schema["components"]["schemas"]["Error"]["properties"]["type"]
    assert {
        "deadline_passed",
        "last_admin",
        "assessment_locked",
        "throttled",
        "invalid_state",
        "capacity_taken",
        "validation_error",
        "idempotency_key_reused",
    } <= set(types["enum"])
    assert "`invalid_state`: 409" in types["description"]
    too_many = schema["paths"]["/api/v1/marketplace/tenders/"]["get"]["responses"]["429"]
    assert "Retry-After" in too_many["headers"]


def test_enum_members_have_names_a_generator_can_use(schema):
    components = schema["components"]["schemas"]
    assert components["LegalBasisEnum"]["x-enum-varnames"] == ["DEFENCE_DIRECTIVE", "PUBLIC_DIRECTIVE", "NATIONAL"]
    assert components["RailGaugeEnum"]["x-enum-varnames"] == ["STANDARD", "BROAD", "IBERIAN"]
    assert components["BlankEnum"]["x-enum-varnames"] == ["BLANK"]
    assert all(name.isidentifier() for name in components["HazardousClassEnum"]["x-enum-varnames"])


def test_sub_lists_are_arrays_and_list_filters_stay_on_lists(schema):
    paths = schema["paths"]
    questions = paths["/api/v1/marketplace/tenders/{id}/questions/"]["get"]
    assert questions["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    cancel = paths["/api/v1/marketplace/tenders/{id}/cancel/"]["post"]
    assert not {p["name"] for p in cancel.get("parameters", [])} & {"q", "cpv", "state", "country", "open"}
    state = next(p for p in paths["/api/v1/marketplace/tenders/"]["get"]["parameters"] if p["name"] == "state")
    assert "draft" in state["schema"]["enum"]
    assert "post" not in paths["/api/v1/marketplace/lots/"]
    assert "post" not in paths["/api/v1/marketplace/awards/"]
    assert "count_capped" in schema["components"]["schemas"]["PaginatedTenderList"]["properties"]
    assert "FeedPage" in schema["components"]["schemas"]
