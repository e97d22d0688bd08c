"""Contract templates and agreements: the clause library, generation, clause changes in versions, diffs,
rendering to HTML and PDF, and signing by every member's authorised signatory."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from alliances.agreements import (
    agreement_diff,
    agreement_generate,
    agreement_refresh,
    agreement_render_html,
    agreement_render_pdf,
    agreement_sign,
    background_ip_add,
    clause_library_load,
    clause_propose,
    templates_for,
)
from alliances.agreements.rendering import pdf_text, text_blocks
from alliances.models import (
    AgreementVersion,
    Alliance,
    AllianceKind,
    AllianceState,
    ClauseTemplate,
    ClauseTopic,
    MemberRole,
    Signature,
)
from alliances.services import alliance_create, alliance_invite, invitation_answer, members_set
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.models import MembershipRole, Organization, User
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db

SETTINGS = {"notice_days": 60, "liability_cap": "250000", "arbitration_seat": "Vienna", "governing_law": "Austrian law"}
SETTINGS_DE = {
    "notice_days": 60,
    "liability_cap": 250000,
    "arbitration_seat": "Wien",
    "governing_law": "österreichisches Recht",
}
CONFIDENTIALITY_V2 = (
    "(1) Confidential information is any information a party receives from another party in connection with "
    "this agreement.\n\n(2) These obligations continue for seven years after a party's participation ends."
)


@dataclass
class Team:
    alliance: Alliance
    lead: Organization
    lead_admin: User
    partner: Organization
    partner_admin: User


@pytest.fixture
def clauses(db):
    clause_library_load()


def form_alliance(
    kind: str = AllianceKind.CONSORTIUM,
    name: str = "Baltic Shield Consortium",
    purpose: str = "A joint bid for coastal surveillance radars and their maintenance.",
    shares: bool = True,
) -> Team:
    lead = OrganizationFactory(
        legal_name="Nordlicht Sensorik GmbH", country="DE", street="Hafenstraße 3", postal_code="24103", city="Kiel"
    )
    lead_admin = member_of(lead, MembershipRole.ADMIN)
    partner = OrganizationFactory(legal_name="Alpenfunk Systeme GmbH", country="AT")
    partner_admin = member_of(partner, MembershipRole.ADMIN)
    alliance = alliance_create(founder=lead, by=lead_admin, kind=kind, name=name, purpose=purpose)
    role = MemberRole.PARENT if kind == AllianceKind.JOINT_VENTURE else MemberRole.PARTNER
    invitation = alliance_invite(alliance=alliance, organization=partner, by=lead_admin, role=role)
    invitation_answer(invitation=invitation, accept=True, by=partner_admin)
    if shares:
        members_set(
            alliance=alliance,
            by=lead_admin,
            rows=[
                {
                    "organization": lead.pk,
                    "work_share": 60,
                    "cost_share": 55,
                    "contribution": "Radar sensors (WP1) and system integration (WP3)",
                },
                {
                    "organization": partner.pk,
                    "work_share": 40,
                    "cost_share": 45,
                    "contribution": "Maintenance and training (WP2)",
                },
            ],
        )
    alliance.refresh_from_db()
    return Team(alliance, lead, lead_admin, partner, partner_admin)


def full_text(version: AgreementVersion) -> str:
    return "\n".join(clause["title"] + "\n" + clause["text"] for clause in version.clauses)


def first_version(team: Team, **kwargs) -> AgreementVersion:
    settings = kwargs.pop("settings", SETTINGS)
    agreement = agreement_generate(alliance=team.alliance, by=team.lead_admin, settings=settings, **kwargs)
    return agreement.versions.get()


def sign_all(team: Team, version: AgreementVersion) -> None:
    agreement_sign(version=version, organization=team.partner, by=team.partner_admin)
    agreement_sign(version=version, organization=team.lead, by=team.lead_admin)


# --- the clause library ---------------------------------------------------------------------------------------


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


# --- signing --------------------------------------------------------------------------------------------------


def test_signing_a_superseded_version_is_refused(clauses):
    team = form_alliance()
    v1 = first_version(team)
    clause_propose(
        alliance=team.alliance, clause_key="confidentiality", text=CONFIDENTIALITY_V2, by=team.partner_admin, note=""
    )
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert (error.value.code, status_for(error.value.code)) == ("superseded_version", 409)
    assert "version 2" in error.value.errors["version"][0]
    assert not Signature.objects.exists()


def test_only_an_administrator_of_the_member_signs_for_it(clauses):
    team = form_alliance()
    v1 = first_version(team)
    employee = member_of(team.lead, MembershipRole.MEMBER)
    for organization, user in ((team.lead, employee), (team.lead, team.partner_admin)):
        with pytest.raises(ApplicationError) as error:
            agreement_sign(version=v1, organization=organization, by=user)
        assert error.value.code == "permission_denied"
    assert not Signature.objects.exists()


def test_when_every_member_signs_the_consortium_becomes_active_with_its_organization(clauses):
    team = form_alliance()
    v1 = first_version(team)
    agreement_sign(version=v1, organization=team.partner, by=team.partner_admin)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.NEGOTIATING
    signature = agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.ACTIVE
    assert team.alliance.organization.kind == "consortium"
    assert team.alliance.organization.legal_name == "Baltic Shield Consortium"
    assert signature.signed_by == team.lead_admin
    assert signature.signed_at is not None
    assert signature.pdf_sha256 == hashlib.sha256(agreement_render_pdf(version=v1)).hexdigest() == v1.pdf_sha256
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert error.value.code == "already_signed"


def test_a_change_after_signing_needs_new_signatures(clauses):
    team = form_alliance()
    v1 = first_version(team)
    v2 = clause_propose(
        alliance=team.alliance,
        clause_key="purpose-scope",
        text="(1) Radars for the coast.",
        by=team.lead_admin,
        note="Shorter",
    )
    with pytest.raises(ApplicationError):
        agreement_sign(version=v1, organization=team.partner, by=team.partner_admin)
    sign_all(team, v2)
    team.alliance.refresh_from_db()
    consortium = team.alliance.organization
    assert team.alliance.state == AllianceState.ACTIVE
    v3 = clause_propose(
        alliance=team.alliance,
        clause_key="confidentiality",
        text=CONFIDENTIALITY_V2,
        by=team.partner_admin,
        note="Seven years",
    )
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.NEGOTIATING
    assert (v3.number, v3.signatures.count(), v2.signatures.count()) == (3, 0, 2)
    sign_all(team, v3)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.ACTIVE
    assert team.alliance.organization == consortium


def test_changed_shares_bring_a_new_version_with_updated_schedules(clauses):
    team = form_alliance(shares=False)
    v1 = first_version(team)
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert error.value.code == "shares_incomplete"
    members_set(
        alliance=team.alliance,
        by=team.lead_admin,
        rows=[
            {"organization": team.lead.pk, "work_share": 70, "cost_share": 70},
            {"organization": team.partner.pk, "work_share": 30, "cost_share": 30},
        ],
    )
    # Setting the shares refreshed the schedules at once: version 1 is superseded by version 2.
    with pytest.raises(ApplicationError) as error:
        agreement_sign(version=v1, organization=team.lead, by=team.lead_admin)
    assert error.value.code == "superseded_version"
    v2 = team.alliance.agreement.versions.order_by("-number").first()
    assert v2.number == 2
    assert "| Nordlicht Sensorik GmbH | 70% | 70% |" in full_text(v2)
    assert agreement_refresh(alliance=team.alliance, by=team.partner_admin) is None
    sign_all(team, v2)
    team.alliance.refresh_from_db()
    assert team.alliance.state == AllianceState.ACTIVE


# --- rendering ------------------------------------------------------------------------------------------------


def test_the_pdf_is_stable_and_carries_the_text(clauses):
    team = form_alliance()
    v1 = first_version(team)
    pdf = agreement_render_pdf(version=v1)
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == hashlib.sha256(agreement_render_pdf(version=v1)).hexdigest()
    readable = agreement_render_pdf(version=v1, compress=False)
    assert b"Baltic Shield Consortium" in readable
    assert b"Consortium agreement" in readable
    v2 = clause_propose(
        alliance=team.alliance, clause_key="confidentiality", text=CONFIDENTIALITY_V2, by=team.partner_admin, note=""
    )
    assert v2.pdf_sha256 != v1.pdf_sha256


def test_german_pdf_renders_umlauts_and_the_euro_sign(clauses):
    team = form_alliance(name="Küstenschutz-Konsortium Süd")
    v1 = first_version(team, language="de", settings=SETTINGS_DE)
    readable = agreement_render_pdf(version=v1, compress=False)
    assert readable.startswith(b"%PDF")
    assert "Küstenschutz-Konsortium Süd".encode("cp1252") in readable
    assert b"250.000,00" in readable
    assert "€".encode("cp1252") in readable
    assert pdf_text("Łódź Optics – 5 € ≤ 6") == "Lódz Optics – 5 € <= 6"


def test_html_escapes_the_data_and_shows_tables_lists_and_signatures(clauses):
    team = form_alliance(purpose="R&D on <b>radars</b>")
    v1 = first_version(team)
    agreement_sign(version=v1, organization=team.partner, by=team.partner_admin)
    html = agreement_render_html(version=v1)
    assert html.startswith('<article class="agreement" lang="en">')
    assert "R&amp;D on &lt;b&gt;radars&lt;/b&gt;" in html
    assert "<b>radars" not in html
    assert "<h2>1. Parties and roles</h2>" in html
    assert "<th>Work share</th>" in html
    assert "<li>" in html
    assert "not signed yet" in html
    assert v1.pdf_sha256 in html
    assert agreement_render_html(version=v1, standalone=True).startswith("<!DOCTYPE html>")


def test_clause_text_blocks():
    blocks = text_blocks("(1) One\nstill one\n\n- a\n- b\n\n| H1 | H2 |\n| x | y |")
    assert blocks == [
        ("paragraph", ["(1) One", "still one"]),
        ("list", ["a", "b"]),
        ("table", [["H1", "H2"], ["x", "y"]]),
    ]
