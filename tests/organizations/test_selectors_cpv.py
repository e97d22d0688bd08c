"""CPV search by code prefix and words, the code tree, and codes typed with a check digit."""

import pytest

from core.errors import ApplicationError
from organizations import selectors
from organizations.cpv import parse_cpv_codes
from organizations.models import CpvCode
from organizations.vocabulary import cpv_parent_code, cpv_vocabulary_load

pytestmark = pytest.mark.django_db


def test_the_whole_vocabulary_is_loaded_and_loading_again_adds_nothing(cpv):
    assert CpvCode.objects.count() == 9454
    assert cpv_vocabulary_load() == 0


def test_search_by_code_prefix(cpv):
    codes = [c.code for c in selectors.cpv_search(query="601", limit=50)]
    assert codes[0] == "60100000"
    assert all(code.startswith("601") for code in codes)
    assert {"60112000", "60161000"} <= set(codes)


def test_search_by_code_with_check_digit(cpv):
    assert [c.code for c in selectors.cpv_search(query="34110000-1")] == ["34110000"]


def test_search_by_words_matches_word_prefixes_and_ranks_general_codes_first(cpv):
    results = list(selectors.cpv_search(query="road transp", limit=20))
    assert results, "typing 'road transp' must find road transport"
    assert results[0].code == "60100000"  # Road transport services: the most general match
    assert all("road" in code.title.lower() for code in results)


def test_search_uses_english_stemming(cpv):
    # 'repairs' is not a prefix of 'repair'; only stemming makes the plural find the singular.
    codes = [c.code for c in selectors.cpv_search(query="repairs", limit=20)]
    assert codes[0] == "50000000"  # Repair and maintenance services


def test_search_with_nothing_searchable_returns_nothing(cpv):
    assert list(selectors.cpv_search(query="  -- ")) == []


def test_tree_parent_children_and_descendants(cpv):
    node = selectors.cpv_get(code="60161000-4")
    assert node.code == "60161000"
    assert node.parent_id == "60160000"
    assert [a.code for a in selectors.cpv_ancestors(code=node)] == ["60000000", "60100000", "60160000"]
    children = [c.code for c in selectors.cpv_children(code="60100000")]
    # 60110000 is not in the vocabulary, so 60112000 hangs directly under 60100000.
    assert {"60112000", "60160000"} <= set(children)
    assert "60161000" not in children
    descendants = [c.code for c in selectors.cpv_descendants(code="60100000")]
    assert {"60112000", "60160000", "60161000"} <= set(descendants)
    assert "60100000" not in descendants
    assert "60200000" not in descendants


def test_parent_skips_levels_missing_from_the_vocabulary():
    # 03111000's own parent 03110000 exists; a code whose direct parent is missing climbs further.
    assert cpv_parent_code("03111000", {"03110000", "03100000", "03000000"}) == "03110000"
    assert cpv_parent_code("03111000", {"03100000", "03000000"}) == "03100000"
    assert cpv_parent_code("03000000", {"03000000"}) is None


def test_parse_accepts_check_digits_and_names_unknown_and_malformed_codes(cpv):
    assert parse_cpv_codes("60100000-9, 63120000") == ["60100000", "63120000"]
    with pytest.raises(ApplicationError) as unknown:
        parse_cpv_codes(["60100000", "99999999"])
    assert "99999999" in unknown.value.message
    with pytest.raises(ApplicationError) as malformed:
        parse_cpv_codes("6010")
    assert "6010" in malformed.value.errors["capability_codes"][0]


def test_cpv_api_search_detail_and_descendants(cpv, client_for):
    from tests.organizations.factories import UserFactory

    client = client_for(UserFactory())
    assert client.get("/api/v1/organizations/cpv/", {"q": "storage"}).status_code == 200
    detail = client.get("/api/v1/organizations/cpv/63120000-6/").json()
    assert detail["code"] == "63120000"
    assert [a["code"] for a in detail["ancestors"]] == ["63000000", "63100000"]
    assert {c["code"] for c in detail["children"]} >= {"63121000", "63122000"}
    descendants = client.get("/api/v1/organizations/cpv/63100000/descendants/").json()
    assert descendants["count"] >= 5
    missing = client.get("/api/v1/organizations/cpv/99999999/")
    assert missing.status_code == 404
    assert missing.json()["type"] == "not_found"
