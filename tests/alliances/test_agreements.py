"""Contract templates and agreements: the clause library, generation, clause changes in versions, diffs
and the schedules that follow the alliance's data."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from alliances.agreements import (
    agreement_diff,
    agreement_generate,
    background_ip_add,
    clause_propose,
    templates_for,
)
from alliances.models import (
    AllianceKind,
    ClauseTemplate,
    ClauseTopic,
)
from core.errors import ApplicationError
from organizations.models import MembershipRole
from tests.alliances.agreement_team import (
    CONFIDENTIALITY_V2,
    SETTINGS,
    SETTINGS_DE,
    first_version,
    form_alliance,
    full_text,
)
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


def test_load_clauses_is_idempotent_and_gives_every_kind_every_topic(capsys):
    call_command("load_clauses")
    count = ClauseTemplate.objects.count()
    call_command("load_clauses")
    assert ClauseTemplate.objects.count() == count
    assert "0 created, 0 updated" in capsys.readouterr().out
    options = {"liability": "several", "foreground-ip-ownership": "creator", "foreground-ip-access": "royalty_free"}
    for kind in AllianceKind.values:
        templates = templates_for(kind=kind, options=options)
        assert {t.topic for t in templates} == set(ClauseTopic.values), kind
        assert all(t.text_en.strip() and t.text_de.strip() for t in templates)


# --- generation -----------------------------------------------------------------------------------------------


def test_generated_agreement_fills_the_alliance_data_in_english(clauses):
    team = form_alliance()
    version = first_version(team)
    text = full_text(version)
    assert version.number == 1
    assert version.agreement.language == "en"
    assert (version.created_by, version.created_by_organization) == (team.lead_admin, team.lead)
    assert "{" not in text
    assert "}" not in text
    for expected in (
        "Baltic Shield Consortium",
        "Nordlicht Sensorik GmbH",
        "Alpenfunk Systeme GmbH",
        "Germany",
        "Austria",
        "Hafenstraße 3, 24103 Kiel",
        "— lead",
        "— partner",
        "The lead of the consortium is Nordlicht Sensorik GmbH",
        "| Nordlicht Sensorik GmbH | 60% | 55% |",
        "| Alpenfunk Systeme GmbH | 40% | 45% |",
        "| Total | 100% | 100% |",
        "Maintenance and training (WP2)",
        "coastal surveillance radars",
        "€250,000.00",
        "at least 60 days",
        "The seat of arbitration is Vienna",
        "governed by Austrian law",
        "No party has listed background IP.",
        "For Alpenfunk Systeme GmbH: ",
    ):
        assert expected in text, expected
    assert {clause["topic"] for clause in version.clauses} == set(ClauseTopic.values)
    keys = [clause["key"] for clause in version.clauses]
    assert "parties-consortium" in keys
    assert "parties-arge" not in keys
    assert "liability" in keys
    assert len(version.pdf_sha256) == 64


def test_generated_agreement_in_german(clauses):
    team = form_alliance()
    version = first_version(team, language="de", settings=SETTINGS_DE)
    text = full_text(version)
    assert "{" not in text
    for expected in (
        "Parteien und Rollen",
        "Konsortialführer ist Nordlicht Sensorik GmbH",
        "Deutschland",
        "Österreich",
        "| Nordlicht Sensorik GmbH | 60 % | 55 % |",
        "250.000,00\xa0€",
        "Schiedsort ist Wien",
        "Anwendbar ist österreichisches Recht",
        "Lenkungsausschuss",
        "Für Alpenfunk Systeme GmbH",
    ):
        assert expected in text, expected


def test_each_kind_and_option_gets_its_own_clauses(clauses):
    arge = form_alliance(kind=AllianceKind.ARGE, name="ARGE Küstenradar")
    text = full_text(first_version(arge))
    assert "working group (ARGE)" in text
    assert "supervisory board" in text
    assert "jointly and severally liable for the performance" in text  # an ARGE answers jointly by default
    joint_venture = form_alliance(kind=AllianceKind.JOINT_VENTURE, name="Nordalpen Radar JV")
    version = first_version(joint_venture)
    keys = {clause["key"] for clause in version.clauses}
    assert {"parties-joint-venture", "governance-joint-venture", "exit-joint-venture"} <= keys
    assert "liability" not in keys
    assert "— parent" in full_text(version)
    consortium = form_alliance(name="Shared IP Consortium")
    text = full_text(
        first_version(
            consortium,
            settings={**SETTINGS, "foreground_ip": "joint", "ip_licensing": "royalty_free", "liability": "joint"},
        )
    )
    assert "belongs to all parties jointly" in text
    assert "royalty-free licence" in text
    assert "jointly and severally liable for the performance" in text


def test_generation_refuses_bad_settings_outsiders_and_a_second_agreement(clauses):
    team = form_alliance()
    with pytest.raises(ApplicationError) as error:
        agreement_generate(
            alliance=team.alliance,
            by=team.lead_admin,
            settings={"notice_days": 0, "liability_cap": "-5", "liability": "unlimited"},
        )
    assert set(error.value.errors) == {"notice_days", "liability_cap", "arbitration_seat", "governing_law", "liability"}
    outsider = member_of(OrganizationFactory(), MembershipRole.ADMIN)
    with pytest.raises(ApplicationError) as error:
        agreement_generate(alliance=team.alliance, by=outsider, settings=SETTINGS)
    assert error.value.code == "permission_denied"
    first_version(team)
    with pytest.raises(ApplicationError) as error:
        agreement_generate(alliance=team.alliance, by=team.partner_admin, settings=SETTINGS)
    assert error.value.code == "agreement_exists"


# --- versions and diffs ---------------------------------------------------------------------------------------


def test_proposing_a_clause_creates_version_2_and_keeps_version_1(clauses):
    team = form_alliance()
    v1 = first_version(team)
    v2 = clause_propose(
        alliance=team.alliance,
        clause_key="confidentiality",
        text=CONFIDENTIALITY_V2,
        by=team.partner_admin,
        note="Bid prices stay secret for seven years.",
    )
    v1.refresh_from_db()
    assert v2.number == 2
    assert v2.agreement.versions.count() == 2
    assert (v2.created_by, v2.created_by_organization) == (team.partner_admin, team.partner)
    assert (v2.changed_clause, v2.change_note) == ("confidentiality", "Bid prices stay secret for seven years.")
    old = {clause["key"]: clause["text"] for clause in v1.clauses}
    new = {clause["key"]: clause["text"] for clause in v2.clauses}
    assert new["confidentiality"] == CONFIDENTIALITY_V2
    assert "five years" in old["confidentiality"]
    assert {key for key in new if new[key] != old[key]} == {"confidentiality"}


def test_diff_shows_exactly_the_changed_clause(clauses):
    team = form_alliance()
    v1 = first_version(team)
    v2 = clause_propose(
        alliance=team.alliance, clause_key="confidentiality", text=CONFIDENTIALITY_V2, by=team.partner_admin, note=""
    )
    changes = agreement_diff(version_a=v1, version_b=v2)
    assert [(c["key"], c["status"]) for c in changes] == [("confidentiality", "changed")]
    segments = changes[0]["segments"]
    assert "".join(s["text"] for s in segments if s["op"] != "added") == changes[0]["before"]
    assert "".join(s["text"] for s in segments if s["op"] != "removed") == CONFIDENTIALITY_V2
    assert any(s["op"] == "added" and "seven" in s["text"] for s in segments)
    assert any(s["op"] == "removed" and "five" in s["text"] for s in segments)
    assert [c["key"] for c in agreement_diff(version_a=v1, version_b=v2, level="line")] == ["confidentiality"]
    assert agreement_diff(version_a=v2, version_b=v2) == []


def test_schedule_clauses_follow_the_data_and_are_not_proposed_as_text(clauses):
    team = form_alliance()
    first_version(team)
    with pytest.raises(ApplicationError) as error:
        clause_propose(
            alliance=team.alliance, clause_key="parties-consortium", text="Someone else.", by=team.lead_admin, note=""
        )
    assert error.value.code == "schedule_clause"
    with pytest.raises(ApplicationError) as error:
        clause_propose(alliance=team.alliance, clause_key="no-such-clause", text="x", by=team.lead_admin, note="")
    assert "clause_key" in error.value.errors


def test_background_ip_entries_fill_the_schedule_in_a_new_version(clauses):
    team = form_alliance()
    v1 = first_version(team)
    background_ip_add(
        alliance=team.alliance,
        organization=team.partner,
        by=team.partner_admin,
        description="Ka-band antenna design library",
        terms="Royalty-free for the project only.",
    )
    v2 = v1.agreement.versions.order_by("-number").first()
    assert v2.number == 2
    assert v2.changed_clause == "background-ip-schedule"
    assert "| Alpenfunk Systeme GmbH | Ka-band antenna design library | Royalty-free for the project only. |" in (
        full_text(v2)
    )
    with pytest.raises(ApplicationError) as error:
        background_ip_add(
            alliance=team.alliance,
            organization=team.lead,
            by=team.partner_admin,
            description="Someone else's patent",
            terms="Free.",
        )
    assert error.value.code == "permission_denied"
    with pytest.raises(ApplicationError) as error:
        background_ip_add(alliance=team.alliance, organization=team.lead, by=team.lead_admin, description=" ", terms="")
    assert {"description", "terms"} <= set(error.value.errors)
