"""Every action the services write to the audit log has a label in English and German, and the audit log page
shows the label, never the stored key (which the API keeps, beside the label)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from organizations.audit_actions import action_label, registered_actions
from tests.marketplace.factories import buyer_with_officer, published_tender
from tests.organizations.factories import UserFactory, with_platform_role

ROOT = Path(__file__).resolve().parents[2]
APPS = ["organizations", "compliance", "marketplace", "alliances", "loghubs", "contracting", "invoicing", "dashboard"]

# Keys a service builds at run time: the source text of the expression → every key it can give.
DYNAMIC = {
    "f'review.{decision}'": ["review.accepted", "review.needs_more", "review.rejected"],
    "f'tender.{target}'": ["tender.awarded", "tender.unsuccessful"],
    "f'booking.{state}'": ["booking.cancelled", "booking.no_show"],
    "'alliance.invitation_' + ('accepted' if accept else 'declined')": [
        "alliance.invitation_accepted",
        "alliance.invitation_declined",
    ],
    # integrity's decision: the target state is the action
    "target": ["alt_case.accepted", "alt_case.rejected"],
}
# Helpers that pass `action` on, prefix it, or take it from a table (listing_transition's _TRANSITIONS).
PASSED_ON = {"action", "audit_action", "None", "f'service_request.{action}'", "f'alt_case.{action}'"}
PASSED_ON |= {"f'{type(obj)._meta.model_name}.{action}'"}
TABLES = ["listing.published", "listing.paused"]


def _key(path: Path, call: ast.Call, value: ast.expr) -> list[str]:
    """The audit keys one `action=` argument writes, with the prefix its module's transition helper adds."""
    text = ast.unparse(value)
    if text in DYNAMIC:
        return DYNAMIC[text]
    if text in PASSED_ON:
        return []
    if isinstance(value, ast.IfExp):
        return _key(path, call, value.body) + _key(path, call, value.orelse)
    assert isinstance(value, ast.Constant), f"{path}:{call.lineno}: add {text} to DYNAMIC"
    name = str(value.value)
    func = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    first = ast.unparse(call.args[0]) if call.args else ""
    if "." in name or func == "audit_record":
        return [name]
    if path.parts[0] == "loghubs":
        return [f"service_request.{name}"]
    if path.parts[:2] == ("marketplace", "integrity"):
        return [f"alt_case.{name}"]
    if func == "_move":
        return [f"invoice.{name}"]
    if path.parts[0] == "contracting":
        return [f"{first}.{name}"]
    raise AssertionError(f"{path}:{call.lineno}: where does {name!r} get its prefix?")


def written_actions() -> set[str]:
    keys = set(TABLES)
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if {"migrations", "management", "api", "views", "demo.py", "admin.py"} & set(relative.parts):
                continue  # views and demo call listing_transition with "publish"/"pause": the table's keys above
            for call in ast.walk(ast.parse(path.read_text())):
                if not isinstance(call, ast.Call):
                    continue
                values = [kw.value for kw in call.keywords if kw.arg == "action"]
                if getattr(call.func, "id", "") == "_move":
                    values.append(call.args[3])
                for value in values:
                    keys.update(_key(relative, call, value))
    return keys


def test_every_action_the_services_write_has_a_label():
    written = written_actions()
    assert len(written) > 100  # the collector found the services
    assert sorted(written - registered_actions()) == []


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_label_reads_as_words_in_both_languages(language):
    with translation.override(language):
        labels = {key: action_label(key) for key in registered_actions()}
    for key, label in labels.items():
        assert label != key, key
        assert "_" not in label, (key, label)
        assert "." not in label, (key, label)
    if language == "de":
        with translation.override("en"):
            english = {key: action_label(key) for key in registered_actions()}
        untranslated = [key for key in labels if labels[key] == english[key]]
        assert untranslated == [], untranslated


@pytest.fixture
def published(db, cpv):
    buyer, officer = buyer_with_officer()
    return published_tender(buyer, officer)


@pytest.mark.parametrize(("language", "label"), [("de", "Ausschreibung veröffentlicht"), ("en", "Tender published")])
def test_the_audit_log_page_names_the_action_not_its_key(client, published, language, label):
    admin = with_platform_role(UserFactory(language=language), "platform_admin")
    client.force_login(admin)
    page = client.get(reverse("audit-log")).content.decode()
    shown = re.sub(r'data-action="[^"]*"', "", page)  # the key stays in the markup for scripts, not on screen
    assert label in shown
    assert "tender.published" not in shown
    assert "tender.created" not in shown


def test_the_api_keeps_the_key_and_adds_the_label(client, published):
    admin = with_platform_role(UserFactory(language="de"), "platform_admin")
    client.force_login(admin)
    entries = client.get("/api/v1/organizations/audit/", HTTP_ACCEPT_LANGUAGE="de").json()["results"]
    published_entry = next(entry for entry in entries if entry["action"] == "tender.published")
    assert published_entry["action_label"] == "Ausschreibung veröffentlicht"


def test_the_admin_list_names_the_action(client, published):
    admin = with_platform_role(UserFactory(language="de", is_staff=True, is_superuser=True), "platform_admin")
    client.force_login(admin)
    page = client.get(reverse("admin:organizations_auditentry_changelist")).content.decode()
    assert "Ausschreibung veröffentlicht" in page
