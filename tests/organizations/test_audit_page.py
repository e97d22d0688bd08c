"""The audit log page names what changed as its readers speak: field labels, choices by label, moments in the
reader's zone and amounts in the reader's language, never the stored keys and ISO values."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from marketplace import services
from tests.marketplace.factories import buyer_with_officer, published_tender
from tests.organizations.factories import UserFactory, with_platform_role

pytestmark = pytest.mark.django_db

NEW_DEADLINE = datetime(2027, 1, 15, 11, 30, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def amended(cpv):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    services.tender_update(
        tender=tender,
        by=officer,
        reason="More room needed",
        estimated_value=Decimal("950000"),
        submission_deadline=NEW_DEADLINE,
        opening_at=NEW_DEADLINE + timedelta(hours=1),
    )
    return tender


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "de",
            [
                "Geschätzter Auftragswert",
                "900.000,00\xa0€",
                "950.000,00\xa0€",
                "Angebotsfrist bis",
                "15.01.2027, 12:30",
                "Status",
                "Entwurf",
            ],
            ["estimated_value", "2027-01-15T", "950000.00"],
        ),
        (
            "en",
            ["Estimated value", "€950,000.00", "Bids until", "15 Jan 2027, 12:30", "State", "Draft"],
            ["estimated_value", "2027-01-15T", "submission_deadline"],
        ),
    ],
)
def test_the_changes_column_shows_labels_and_formatted_values(client, amended, language, expected, absent):
    admin = with_platform_role(UserFactory(language=language, time_zone="Europe/Berlin"), "platform_admin")
    client.force_login(admin)
    page = client.get(reverse("audit-log")).content.decode()
    changes = "".join(cell.split("</td>")[0] for cell in page.split('<td class="small">')[1:])
    for text in expected:
        assert text in changes, text
    for text in absent:
        assert text not in changes, text
