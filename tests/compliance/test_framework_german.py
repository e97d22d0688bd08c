"""The four shipped frameworks speak German and English in step, and pages, exports and the API show the user's."""

import csv
import io

import pytest
import yaml
from django.urls import reverse
from rest_framework.test import APIClient

from compliance import services
from compliance.library import FRAMEWORK_DIR, framework_untranslated
from compliance.models import Framework

FILES = sorted(FRAMEWORK_DIR.glob("*.yaml"))


def test_all_four_frameworks_are_shipped():
    assert {path.stem for path in FILES} == {"defence-ready", "export-control-icp", "iso27001-2022", "iso9001-2015"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_text_of_the_framework_has_its_german_twin(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert framework_untranslated(data) == []


def test_a_missing_or_shorter_german_text_is_reported_with_its_place():
    data = {
        "id": "x",
        "title": "X",
        "title_de": "X",
        "description": "About",
        "sections": [
            {
                "id": "S",
                "title": "S",
                "title_de": "S",
                "requirements": [
                    {
                        "id": "R",
                        "title": "R",
                        "title_de": "R",
                        "guidance": "Do it",
                        "typical_evidence": ["A", "B"],
                        "typical_evidence_de": ["A"],
                        "questions": [
                            {
                                "id": "q",
                                "text": "Why?",
                                "text_de": "Warum?",
                                "choices": [{"value": "y", "label": "Yes"}],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    assert framework_untranslated(data) == [
        "x: description_de missing",
        "R: guidance_de missing",
        "R: typical_evidence_de has 1 items, typical_evidence 2",
        "q=y: label_de missing",
    ]


@pytest.fixture
def defence_ready(sme):
    organization, user = sme
    framework = Framework.objects.get(key="defence_ready", is_current=True)
    return services.assessment_start(organization=organization, framework=framework, by=user), user


@pytest.mark.django_db
def test_the_assessment_page_reads_german_with_the_language_cookie(client, defence_ready, settings):
    assessment, user = defence_ready
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    page = client.get(reverse("compliance:assessment", args=[assessment.pk])).content.decode()
    assert "Defence Ready – Verteidigungsreife" in page
    assert "Ein kompakter Check dessen, worauf Hauptauftragnehmer" in page  # description
    assert "Auftragseingang, Entwicklung, Einkauf, Fertigung und Lieferung" in page  # guidance
    assert "Prozesslandkarte; Prozessbeschreibungen" in page  # typical evidence
    assert "Könnten Sie einen Auditor anhand Ihrer Unterlagen" in page  # question
    assert "Ja, aber mit Lücken" in page  # answer option
    assert "Order intake" not in page
    assert "Yes, but with gaps" not in page


@pytest.mark.django_db
def test_the_same_page_reads_english_by_default(client, defence_ready):
    assessment, user = defence_ready
    client.force_login(user)
    page = client.get(reverse("compliance:assessment", args=[assessment.pk])).content.decode()
    assert "Order intake, engineering, purchasing" in page
    assert "Yes, but with gaps" in page
    assert "Auftragseingang" not in page


@pytest.mark.django_db
def test_the_csv_export_and_the_overview_follow_accept_language(client, defence_ready):
    assessment, user = defence_ready
    client.force_login(user)
    export = client.get(reverse("compliance:assessment-csv", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="de")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[1][:3] == ["processes Dokumentierte Prozesse", "DR-PRO-1", "Kernprozesse beschrieben"]
    overview = client.get(reverse("compliance:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Selbsteinschätzung entlang der Abschnitte 4 bis 10 der ISO 9001:2015" in overview


@pytest.mark.django_db
def test_the_api_answers_in_the_language_asked_for(sme):
    _organization, user = sme
    api = APIClient()
    api.force_authenticate(user)
    framework = Framework.objects.get(key="defence_ready", is_current=True)
    url = f"/api/v1/compliance/frameworks/{framework.pk}/"
    german = api.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert german["Content-Language"] == "de"
    body = german.json()
    requirement = next(item for item in body["requirements"] if item["code"] == "DR-PRO-1")
    assert body["title"] == "Defence Ready – Verteidigungsreife"
    assert requirement["title"] == "Kernprozesse beschrieben"
    assert requirement["typical_evidence"] == ["Prozesslandkarte", "Prozessbeschreibungen"]
    assert requirement["questions"][0]["choices"][1]["label"] == "Ja, aber mit Lücken"
    english = api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    requirement = next(item for item in english["requirements"] if item["code"] == "DR-PRO-1")
    assert requirement["title"] == "Core processes written down"
    assert requirement["title_de"] == "Kernprozesse beschrieben"
