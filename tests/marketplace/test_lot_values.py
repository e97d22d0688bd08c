"""Each lot has its own estimated value: entered on the tender form, shown on the tender page, exported as OCDS
`lots[].value`, and never adding up to more than the tender's estimated value (said on the lot that tips it)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import ApplicationError
from core.formatting import format_datetime
from marketplace import ocds, services
from marketplace.models import Tender
from tests.marketplace.factories import buyer_with_officer, tender_data
from tests.marketplace.test_views import wizard_post

pytestmark = pytest.mark.django_db


def format_datetime_de(moment) -> str:
    with translation.override("de"), timezone.override("Europe/Berlin"):
        return format_datetime(moment)


@pytest.fixture
def buyer(compliance_data, cpv):
    return buyer_with_officer()


def with_lots(*values, **overrides) -> dict:
    data = tender_data(**overrides)
    data["lots"] = [
        {"title": f"Lot {n}", "cpv": "63120000", "estimated_value": value} for n, value in enumerate(values, 1)
    ]
    return data


def test_lot_values_may_not_add_up_to_more_than_the_tenders(buyer):
    org, officer = buyer
    with pytest.raises(ApplicationError) as refused:
        services.tender_create(
            buyer=org, by=officer, **with_lots(Decimal("600000"), Decimal("400000"), estimated_value=Decimal("900000"))
        )
    assert list(refused.value.errors) == ["lots.1.estimated_value"]
    assert "exceed the tender's estimated value (€900,000.00)" in refused.value.errors["lots.1.estimated_value"][0]
    tender = services.tender_create(
        buyer=org, by=officer, **with_lots(Decimal("600000"), Decimal("300000"), estimated_value=Decimal("900000"))
    )
    with pytest.raises(ApplicationError) as lowered:
        services.tender_update(tender=tender, by=officer, estimated_value=Decimal("800000"))
    assert list(lowered.value.errors) == ["estimated_value"]


def test_lot_values_are_shown_and_exported_as_ocds(client, buyer):
    org, officer = buyer
    tender = services.tender_publish(
        tender=services.tender_create(
            buyer=org, by=officer, **with_lots(Decimal("450000"), None, estimated_value=Decimal("900000"))
        ),
        by=officer,
    )
    release = ocds.tender_release(tender=tender)
    values = [lot.get("value") for lot in release["tender"]["lots"]]
    assert values == [{"amount": 450000, "currency": "EUR"}, None]
    client.force_login(officer)
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    assert "€450,000.00" in page
    assert reverse("marketplace-api:tender-ocds", args=[tender.pk]) in page
    assert client.get(reverse("marketplace-api:tender-ocds", args=[tender.pk])).status_code == 200
    german = client.get(reverse("marketplace:tender-detail", args=[tender.pk]), HTTP_ACCEPT_LANGUAGE="de")
    text = german.content.decode()
    assert "450.000,00\xa0€" in text
    assert "900.000,00\xa0€" in text
    assert format_datetime_de(tender.submission_deadline) in text


def test_the_tender_form_puts_the_lot_value_message_on_the_lot(client, buyer):
    client.force_login(buyer[1])
    response = client.post(
        reverse("marketplace:tender-create"),
        wizard_post(**{"lots-0-estimated_value": "200000", "lots-1-estimated_value": "100000"}),
    )
    assert "exceed the tender&#x27;s estimated value" in response.content.decode()
    assert not Tender.objects.exists()
    created = client.post(reverse("marketplace:tender-create"), wizard_post(**{"lots-0-estimated_value": "200000"}))
    assert created.status_code == 302
    assert Tender.objects.get().lots.get(number=1).estimated_value == Decimal("200000")
