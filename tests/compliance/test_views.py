"""Compliance pages: the right people see them, answers and evidence go through the services, others get 404."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance import services
from compliance.models import Answer, Evidence, Framework
from tests.compliance.factories import answered_assessment, mini_framework
from tests.compliance.pages import answer_url, pdf_file, post_evidence, requirement_of, start_mini
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


def test_overview_lists_frameworks_assessments_badges_and_sharing(client, sme):
    organization, user = sme
    mini_framework()
    assessment = answered_assessment(organization, user)
    services.assessment_submit(assessment=assessment, by=user)
    client.force_login(user)
    page = client.get(reverse("compliance:index")).content.decode()
    assert "Mini readiness check" in page
    assert "Start assessment" in page
    assert "Submitted for review" in page
    assert "100 %" in page
    assert "Self-assessed" in page
    assert "Plausibility-checked" not in page
    assert 'id="share-form"' in page


def test_overview_without_an_organization_invites_to_register(client):
    from tests.organizations.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("compliance:index")).content.decode()
    assert "Register or join an organization" in page
    assert "Start assessment" not in page


def test_starting_opens_the_assessment_and_a_second_start_links_to_the_open_one(client, sme):
    organization, user = sme
    framework = mini_framework()
    client.force_login(user)
    response = client.post(reverse("compliance:assessment-start"), {"framework": framework.pk})
    assessment = organization.assessments.get()
    assert response.url == reverse("compliance:assessment", args=[assessment.pk])
    page = client.post(reverse("compliance:assessment-start"), {"framework": framework.pk}, follow=True)
    text = page.content.decode()
    assert "already has an open assessment" in text
    assert f'href="{reverse("compliance:assessment", args=[assessment.pk])}"' in text
    assert organization.assessments.count() == 1


def test_assessment_page_shows_sections_guidance_questions_and_dependent_note(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(user)
    page = client.get(reverse("compliance:assessment", args=[assessment.pk])).content.decode()
    assert "S1 Processes" in page
    assert "S2 Security" in page
    assert "Core processes are written down." in page
    assert "Process manual" in page
    assert 'type="radio"' in page
    assert 'type="checkbox"' in page
    assert "Applies only when “Are processes reviewed?” is answered with “Yearly”." in page
    assert "0 of 4 requirements answered" in page
    # S1.1 may not be not applicable: its status select does not offer it
    s11 = requirement_of(assessment, "S1.1")
    block = page.split(f'id="req-{s11.pk}"')[1].split("</article>")[0]
    assert 'value="not_applicable"' not in block
    assert f"r{s11.pk}-not_applicable_reason" not in block
    assert ".pdf" in page
    assert "10 MB" in page


def test_the_iso_27001_page_and_an_htmx_save_take_a_fixed_number_of_queries(client, sme, django_assert_max_num_queries):
    organization, user = sme
    iso = services.assessment_start(
        organization=organization, framework=Framework.objects.get(key="iso27001", is_current=True), by=user
    )
    for code in ("4.1", "4.2", "A.5.1"):
        services.assessment_answer(assessment=iso, requirement=code, status="partial", by=user)
    client.force_login(user)
    with django_assert_max_num_queries(25):  # over a hundred requirements, no query per requirement
        page = client.get(reverse("compliance:assessment", args=[iso.pk])).content.decode()
    assert page.count('class="card mb-3 requirement"') > 100
    requirement = requirement_of(iso, "4.3")
    with django_assert_max_num_queries(40):  # the service itself takes ~18
        client.post(answer_url(iso, "4.3"), {f"r{requirement.pk}-status": "compliant"}, headers={"HX-Request": "true"})


def test_someone_elses_assessment_and_evidence_are_not_found(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    evidence = services.evidence_upload(
        assessment=assessment, requirement="S1.1", upload=pdf_file(), effective_date=date(2026, 1, 1), by=user
    )
    client.force_login(member_of(OrganizationFactory()))
    requirement = requirement_of(assessment, "S1.1")
    assert client.get(reverse("compliance:assessment", args=[assessment.pk])).status_code == 404
    assert client.post(answer_url(assessment, "S1.1"), {f"r{requirement.pk}-status": "compliant"}).status_code == 404
    assert client.get(reverse("compliance:assessment-csv", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("compliance:assessment-submit", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("compliance:evidence-download", args=[evidence.pk])).status_code == 404
    assert not Answer.objects.exists()


def test_evidence_download_streams_the_file_to_the_owner_as_an_attachment(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    evidence = services.evidence_upload(
        assessment=assessment, requirement="S1.1", upload=pdf_file(), effective_date=date(2026, 1, 1), by=user
    )
    client.force_login(user)
    response = client.get(reverse("compliance:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "policy.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n" + b"x" * 200


def test_a_shared_partner_downloads_evidence_only_once_the_assessment_is_submitted(client, sme):
    organization, user = sme
    partner = OrganizationFactory()
    services.share_grant(owner=organization, grantee_id=partner.pk, by=user)
    assessment = answered_assessment(organization, user)
    evidence = services.evidence_upload(
        assessment=assessment, requirement="S1.1", upload=pdf_file(), effective_date=date(2026, 1, 1), by=user
    )
    client.force_login(member_of(partner))
    url = reverse("compliance:evidence-download", args=[evidence.pk])
    assert client.get(url).status_code == 404
    services.assessment_submit(assessment=assessment, by=user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # reading it to the end closes the file
    # the assessment page itself stays the owner's workspace
    assert client.get(reverse("compliance:assessment", args=[assessment.pk])).status_code == 404


def test_answering_through_the_page_saves_and_shows_progress(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(user)
    s11 = requirement_of(assessment, "S1.1")
    q1, q2 = s11.questions.order_by("position")
    prefix = f"r{s11.pk}"
    response = client.post(
        answer_url(assessment, "S1.1"),
        {
            f"{prefix}-status": "compliant",
            f"{prefix}-notes": "Manual v3",
            f"{prefix}-q{q1.pk}": "yearly",
            f"{prefix}-q{q2.pk}": ["management", "audit"],
        },
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#req-{s11.pk}")
    answer = Answer.objects.get(assessment=assessment, requirement=s11)
    assert (answer.status, answer.notes) == ("compliant", "Manual v3")
    page = client.get(response.url).content.decode()
    assert "1 of 4 requirements answered" in page
    assert 'aria-valuenow="25"' in page
    assert "100.0 %" in page  # compliant with full question points

    # With htmx the block comes back with the new overall progress out of band.
    s22 = requirement_of(assessment, "S2.2")
    fragment = client.post(
        answer_url(assessment, "S2.2"), {f"r{s22.pk}-status": "partial"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f'id="req-{s22.pk}"' in fragment
    assert "S2.2 is saved." in fragment
    assert 'id="assessment-progress" class="card mb-3" hx-swap-oob="true"' in fragment
    assert "2 of 4 requirements answered" in fragment
    assert "<html" not in fragment


def test_not_applicable_without_a_reason_re_renders_with_the_message(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(user)
    s12 = requirement_of(assessment, "S1.2")
    response = client.post(
        answer_url(assessment, "S1.2"), {f"r{s12.pk}-status": "not_applicable", f"r{s12.pk}-notes": "kept"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say why the requirement does not apply." in page
    assert "kept</textarea>" in page
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00"), "Files of type “.exe” are not accepted."),
        (SimpleUploadedFile("scan.pdf", b"%PDF" + b"x" * (10 * 1024 * 1024)), "the limit is 10 MB."),
    ],
    ids=["exe", "oversized"],
)
def test_refused_upload_re_renders_with_the_error_and_stores_nothing(client, sme, settings, upload, message):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(user)
    response = post_evidence(client, assessment, "S1.1", upload)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert '<details class="evidence-upload" open>' in page
    assert not Evidence.objects.exists()
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


def test_upload_files_the_evidence_and_lists_it_with_its_hash(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(user)
    response = post_evidence(client, assessment, "S1.1", pdf_file())
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    page = client.get(response.url).content.decode()
    assert reverse("compliance:evidence-download", args=[evidence.pk]) in page
    assert evidence.sha256[:12] in page
    assert "version 1" in page


def test_submit_refusal_is_shown_and_a_submitted_assessment_is_read_only(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(user)
    page = client.post(reverse("compliance:assessment-submit", args=[assessment.pk]), follow=True).content.decode()
    assert "Answer every requirement before submitting: 4 of 4 are still open." in page
    other = OrganizationFactory()
    other_user = member_of(other)
    assessment = answered_assessment(other, other_user)
    client.force_login(other_user)
    client.post(reverse("compliance:assessment-submit", args=[assessment.pk]))
    page = client.get(reverse("compliance:assessment", args=[assessment.pk])).content.decode()
    assert "Submitted for review on" in page
    assert "answer-form" not in page
    assert "evidence-form" not in page
    assert 'id="submit-form"' not in page


def test_csv_and_statement_of_applicability_contain_the_answers(client, sme):
    organization, user = sme
    assessment = answered_assessment(organization, user, {"S1.2": "not_applicable"})
    client.force_login(user)
    response = client.get(reverse("compliance:assessment-csv", args=[assessment.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["requirement"], row["status"]) for row in rows] == [
        ("S1.1", "compliant"),
        ("S1.2", "not_applicable"),
        ("S2.1", "compliant"),
        ("S2.2", "compliant"),
    ]
    assert rows[1]["not_applicable_reason"] == "Not relevant here"
    # the mini framework has no Statement of Applicability
    assert client.get(reverse("compliance:assessment-soa", args=[assessment.pk])).status_code == 404

    iso = services.assessment_start(
        organization=organization, framework=Framework.objects.get(key="iso27001", is_current=True), by=user
    )
    services.assessment_answer(assessment=iso, requirement="A.5.1", status="partial", notes="Draft policy", by=user)
    page = client.get(reverse("compliance:assessment", args=[iso.pk])).content.decode()
    assert reverse("compliance:assessment-soa", args=[iso.pk]) in page
    response = client.get(reverse("compliance:assessment-soa", args=[iso.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    row = next(r for r in csv.DictReader(io.StringIO(response.content.decode())) if r["control"] == "A.5.1")
    assert (row["applicable"], row["implementation"], row["justification"]) == (
        "yes",
        "partially implemented",
        "Draft policy",
    )


def test_the_submit_hint_counts_down_and_says_so_once_every_requirement_is_answered(client, sme):
    organization, user = sme
    assessment = start_mini(organization, user)
    client.force_login(user)
    page = client.get(reverse("compliance:assessment", args=[assessment.pk])).content.decode()
    assert "4 requirements still need an answer before you can submit." in page
    for index, code in enumerate(("S1.1", "S1.2", "S2.1", "S2.2")):
        requirement = requirement_of(assessment, code)
        fragment = client.post(
            answer_url(assessment, code), {f"r{requirement.pk}-status": "compliant"}, headers={"HX-Request": "true"}
        ).content.decode()
        hint = fragment.split('id="submit-form" hx-swap-oob="true"')[1].split("</form>")[0]
        left = 3 - index
        if left:
            assert f"{left} requirement{'s' if left > 1 else ''} still need{'' if left > 1 else 's'} an answer" in hint
        else:
            assert "Every requirement is answered: you can submit." in hint
            assert "still need" not in hint
    page = client.get(reverse("compliance:assessment", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert "Alle Anforderungen sind beantwortet: Sie können einreichen." in text
    assert "Answer every requirement first" not in text
    assert "still need" not in text
