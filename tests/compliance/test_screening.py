"""Export screening answers allowed, licence required or refused, with the reasons."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from compliance.classification import parse_classification
from compliance.models import Licence
from compliance.screening import ALLOWED, LICENCE_REQUIRED, REFUSED, screen
from compliance.services import licence_add
from core.errors import ApplicationError
from tests.organizations.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_sme(compliance_data):
    return OrganizationFactory(country="DE")


@pytest.mark.parametrize(
    ("raw", "code", "regime"),
    [
        ("5a002", "5A002", "dual_use"),
        ("ML4.A", "ML4.a", "military"),
        ("", "not_listed", "not_listed"),
        ("0B001.b", "0B001.b", "dual_use"),
        ("ML22", "ML22", "military"),
    ],
)
def test_classifications_are_normalised(raw, code, regime):
    parsed = parse_classification(raw)
    assert (parsed.code, parsed.regime) == (code, regime)


@pytest.mark.parametrize("raw", ["ML23", "5F002", "12345", "ML"])
def test_malformed_classifications_are_refused(raw):
    with pytest.raises(ApplicationError) as refused:
        parse_classification(raw)
    assert raw in refused.value.message


@pytest.mark.parametrize(
    ("classification", "destination", "outcome"),
    [
        ("not_listed", "US", ALLOWED),
        ("5A002", "FR", ALLOWED),  # dual-use inside the EU
        ("0B001", "FR", LICENCE_REQUIRED),  # category 0 even inside the EU
        ("5A002", "US", LICENCE_REQUIRED),
        ("ML4", "FR", LICENCE_REQUIRED),  # military transfers always need a licence
        ("ML4", "RU", REFUSED),
        ("5A002", "IR", REFUSED),
        ("not_listed", "KP", LICENCE_REQUIRED),  # catch-all for embargoed destinations
    ],
)
def test_screening_outcomes(german_sme, classification, destination, outcome):
    result = screen(organization=german_sme, classification=classification, destination=destination)
    assert result.outcome == outcome
    assert result.reasons


def test_a_valid_licence_for_the_entry_and_destination_allows(german_sme):
    today = timezone.localdate()
    licence_add(
        organization=german_sme,
        issuer="BAFA",
        reference="DE-2026-0042",
        classifications=["ML4"],
        destinations=["NO", "fr"],
        valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=90),
        by=UserFactory(),
    )
    allowed = screen(organization=german_sme, classification="ML4.a", destination="FR")
    assert allowed.outcome == ALLOWED
    assert "DE-2026-0042" in allowed.licence
    assert screen(organization=german_sme, classification="ML4", destination="US").outcome == LICENCE_REQUIRED
    assert screen(organization=german_sme, classification="ML5", destination="FR").outcome == LICENCE_REQUIRED
    later = today + timedelta(days=91)
    assert screen(organization=german_sme, classification="ML4", destination="FR", on=later).outcome == (
        LICENCE_REQUIRED
    )


def test_licence_with_unknown_country_or_reversed_dates_is_refused(german_sme):
    with pytest.raises(ApplicationError) as bad_country:
        licence_add(
            organization=german_sme,
            issuer="BAFA",
            reference="X",
            classifications=["ML4"],
            destinations=["XX"],
            valid_from=date(2026, 1, 1),
            valid_until=date(2027, 1, 1),
            by=UserFactory(),
        )
    assert "XX" in bad_country.value.errors["destinations"][0]
    with pytest.raises(ApplicationError) as reversed_dates:
        licence_add(
            organization=german_sme,
            issuer="BAFA",
            reference="X",
            classifications=["ML4"],
            destinations=[],
            valid_from=date(2027, 1, 1),
            valid_until=date(2026, 1, 1),
            by=UserFactory(),
        )
    assert "valid_until" in reversed_dates.value.errors


def test_a_licence_names_its_destinations_empty_is_refused_not_read_as_anywhere(german_sme, compliance_data):
    """The model said "empty = any destination" while licence_add refused []: a licence now always names its
    countries (fail closed), and one stored without any covers no destination at all."""
    with pytest.raises(ApplicationError) as empty:
        licence_add(
            organization=german_sme,
            issuer="BAFA",
            reference="X",
            classifications=["ML4"],
            destinations=[],
            valid_from=date(2026, 1, 1),
            valid_until=date(2099, 1, 1),
            by=UserFactory(),
        )
    assert "Name the destination countries" in empty.value.errors["destinations"][0]
    Licence.objects.create(
        organization=german_sme,
        issuer="BAFA",
        reference="OLD",
        classifications=["ML4"],
        destinations=[],
        valid_from=date(2026, 1, 1),
        valid_until=date(2099, 1, 1),
    )
    assert screen(organization=german_sme, classification="ML4", destination="NO").outcome == LICENCE_REQUIRED


def test_organization_in_an_embargoed_country_is_refused(compliance_data):
    result = screen(organization=OrganizationFactory(country="BY"), classification="not_listed", destination="DE")
    assert result.outcome == REFUSED
