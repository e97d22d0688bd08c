"""Demo readiness data for `make run`: an assessment waiting for review, checked badges, a licence, a share."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from organizations.models import Organization, User

from . import services
from .models import Assessment, Framework, Licence


def _answer_all(assessment: Assessment, by: User, partial_every: int = 4) -> None:
    requirements = assessment.framework.requirements.filter(is_section=False).order_by("position")
    for index, requirement in enumerate(requirements):
        status = "partial" if index % partial_every == partial_every - 1 else "compliant"
        services.assessment_answer(
            assessment=assessment,
            requirement=requirement,
            status=status,
            by=by,
            notes="Beispielantwort (Demo) / demo answer",
        )


@transaction.atomic
def compliance_demo_load() -> list[str]:
    """Create the demo readiness story once; a second run finds it and changes nothing."""
    if Assessment.objects.exists():
        return ["Compliance demo data already present."]
    frameworks = {f.key: f for f in Framework.objects.filter(is_current=True)}
    sme = Organization.objects.get(registration_id="HRB123456B")
    manufacturer = Organization.objects.get(registration_id="PL5260001246")
    cyber = Organization.objects.get(registration_id="EE14567890")
    sme_admin = User.objects.get(email="sme@alx.example")
    pl_admin = User.objects.get(email="sme.pl@alx.example")
    reviewer = User.objects.get(email="reviewer@alx.example")

    waiting = services.assessment_start(organization=sme, framework=frameworks["defence_ready"], by=sme_admin)
    _answer_all(waiting, sme_admin)
    services.assessment_submit(assessment=waiting, by=sme_admin)

    for key in ("defence_ready", "iso9001"):
        accepted = services.assessment_start(organization=manufacturer, framework=frameworks[key], by=pl_admin)
        _answer_all(accepted, pl_admin, partial_every=6)
        services.assessment_submit(assessment=accepted, by=pl_admin)
        services.review_decide(assessment=accepted, decision="accepted", reviewer=reviewer)

    services.assessment_start(
        organization=cyber, framework=frameworks["iso27001"], by=User.objects.get(email="admin@alx.example")
    )
    today = timezone.localdate()
    if not Licence.objects.filter(organization=manufacturer).exists():
        services.licence_add(
            organization=manufacturer,
            issuer="BAFA",
            reference="DE-AG-2026-0815",
            classifications=["ML4", "ML6"],
            destinations=["NO", "GB", "US"],
            valid_from=today - timedelta(days=30),
            valid_until=today + timedelta(days=335),
            by=pl_admin,
        )
    services.share_grant(owner=manufacturer, grantee_id=sme.pk, by=pl_admin)
    return [
        "Compliance demo: a Defence Ready assessment of Nordlicht waits for review; Wisła holds checked "
        "Defence Ready and ISO 9001 badges and shares its readiness with Nordlicht."
    ]
