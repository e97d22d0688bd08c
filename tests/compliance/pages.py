"""Steps of the compliance page tests: start the mini assessment, find requirements, post answers and files."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance import services
from tests.compliance.factories import mini_framework


def start_mini(organization, user):
    return services.assessment_start(organization=organization, framework=mini_framework(), by=user)


def requirement_of(assessment, code):
    return assessment.framework.requirements.get(code=code)


def answer_url(assessment, code):
    return reverse("compliance:answer", args=[assessment.pk, requirement_of(assessment, code).pk])


def pdf_file(name="policy.pdf", size=200):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * size, content_type="application/pdf")


def post_evidence(client, assessment, code, upload):
    requirement = requirement_of(assessment, code)
    url = reverse("compliance:evidence-upload", args=[assessment.pk, requirement.pk])
    prefix = f"e{requirement.pk}"
    return client.post(
        url,
        {
            f"{prefix}-file": upload,
            f"{prefix}-effective_date": "2026-01-01",
            f"{prefix}-expires_on": "",
            f"{prefix}-replaces": "",
        },
    )
