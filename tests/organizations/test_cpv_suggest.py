"""CPV suggestions: German and English texts, back-off on vague text, the API, the htmx box, the honest floor."""

import pytest
from django.urls import reverse

from organizations import selectors
from organizations.cpv_suggest import evaluation as ev
from organizations.cpv_suggest import store
from organizations.cpv_suggest.engine import CpvSuggester
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_suggester(cpv):
    store.reset()
    yield
    store.reset()


@pytest.mark.parametrize(
    ("title", "text", "group", "within"),
    [
        ("Lieferung von Lastkraftwagen", "20 Lkw mit Ladebordwand und Plane für den Depotverkehr", "341", 1),
        ("Schutzwesten", "Ballistische Westen für Feldjäger", "358", 1),
        ("Gebäudereinigung", "Unterhaltsreinigung von Büros und Fluren in der Kaserne", "909", 1),
        ("Armoured vehicles", "Protected mobility vehicles with mine protection", "354", 1),
        ("IT help desk", "First-line support for 2,000 workstations", "726", 1),
        # A known miss: "Racking" (furniture) comes first; storage appears only as division 63 among the five.
        ("Warehouse space", "Heated storage with pallet racking near the port", "63", 5),
    ],
)
def test_german_and_english_texts_get_a_fitting_code(title, text, group, within):
    suggestions = selectors.cpv_suggestions(title=title, text=text)
    assert len(suggestions) == 5
    hit = next(s for s in suggestions[:within] if s["code"].startswith(group))
    top = hit["path"][0]["code"] if hit["path"] else hit["code"]
    assert top == group[:2] + "000000"  # the tree path starts at the division


def test_german_label_is_given_where_the_synonym_file_has_one():
    first = selectors.cpv_suggestions(title="Schutzwesten")[0]
    assert first["code"] == "35810000"
    assert first["title"] == "Individual equipment"  # the official English title stays
    assert first["title_de"] == "Persönliche Ausrüstung"


def test_vague_text_backs_off_to_a_group_or_division():
    suggestions = selectors.cpv_suggestions(title="Equipment", text="")
    assert suggestions[0]["broader"] is True
    assert suggestions[0]["level"] <= 2
    # a specific text is not backed off
    assert selectors.cpv_suggestions(title="Schutzwesten")[0]["broader"] is False


def test_too_little_text_gives_no_suggestions():
    assert selectors.cpv_suggestions(title="", text="a") == []


def test_api_answers_five_codes_with_their_path(client_for):
    client = client_for(UserFactory())
    response = client.get("/api/v1/organizations/cpv/suggest/", {"text": "Übersetzung technischer Handbücher"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 5
    assert results[0]["code"] == "79530000"
    assert set(results[0]) == {"code", "title", "title_de", "level", "confidence", "broader", "path"}
    assert 0 < results[0]["confidence"] <= 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": "Lkw\x00"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "Lkw", "limit": "0"}, "limit"),
    ],
)
def test_api_refuses_bad_input_in_the_documented_shape(client_for, params, field):
    response = client_for(UserFactory()).get("/api/v1/organizations/cpv/suggest/", params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"type", "detail", "errors"}
    assert field in body["errors"]


def test_api_needs_a_login(api_client):
    assert api_client.get("/api/v1/organizations/cpv/suggest/", {"text": "Lkw"}).status_code in (401, 403)


def test_htmx_box_lists_suggestions_as_an_accessible_listbox(client):
    client.force_login(UserFactory())
    response = client.get(
        reverse("cpv-suggest-text"), {"title": "Schutzwesten", "text": "SK4"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="listbox"' in html
    assert 'aria-label="Suggested CPV codes"' in html
    assert 'data-code="35810000"' in html
    assert 'role="option"' in html
    assert 'lang="de"' in html
    assert "Persönliche Ausrüstung" in html
    assert "<script" not in html


def test_htmx_box_in_german_and_nul_refused(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get(
        reverse("cpv-suggest-text"), {"title": "Schutzwesten"}, headers={"Accept-Language": "de"}
    ).content.decode()
    assert 'aria-label="Vorgeschlagene CPV-Codes"' in html
    # NUL bytes are refused before any view runs (config/middleware.py), for the API in its error shape.
    assert client.get(reverse("cpv-suggest-text"), {"title": "Lkw\x00"}).status_code == 400


def test_listing_and_tender_forms_load_the_suggestion_script(client, compliance_data):
    from tests.marketplace.factories import buyer_with_officer, sme_with_member

    _, member = sme_with_member()
    client.force_login(member)
    assert "js/cpv-suggest" in client.get(reverse("marketplace:listing-create")).content.decode()
    _, officer = buyer_with_officer()
    client.force_login(officer)
    assert "js/cpv-suggest" in client.get(reverse("marketplace:tender-create")).content.decode()


def test_evaluation_holds_the_floor_and_beats_the_baseline():
    """The figures README reports (retrieval alone, on the labelled set's test half); floors a little below."""
    items = ev.load_items()
    assert len(items) >= 200
    assert sum(item.lang == "de" for item in items) >= 80
    _, test = ev.split(items)
    scores = ev.accuracy(ev.suggester_predictions(CpvSuggester(store.build_index()), test), test)
    baseline = ev.baseline_accuracy(items)
    assert scores["top1_division"] >= 85
    assert scores["top5_division"] >= 95
    assert scores["top1_group"] >= 80
    assert scores["top1_class"] >= 70
    assert scores["top5_class"] >= 80
    for key in scores:
        assert scores[key] > baseline[key]
