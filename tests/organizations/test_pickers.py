"""Search-as-you-type pickers: each object kind answers what was typed (diacritics folded), only rows the user
may see, as htmx options or JSON; the forms that named objects by id or exact name now use them."""

import pytest
from django.urls import reverse

from alliances.models import AllianceInvitation
from compliance.models import ReadinessShare
from marketplace import services as marketplace_services
from organizations.models import MembershipRole
from tests.alliances.factories import consortium
from tests.loghubs.factories import Network
from tests.marketplace.factories import buyer_with_officer, published_tender, tender_data
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def _pick(client, url_name, **params):
    return client.get(reverse(url_name), params)


def test_organizations_are_found_without_typing_the_polish_letters(client):
    wisla = OrganizationFactory(legal_name="Wisła Logistyka Sp. z o.o.", country="PL")
    OrganizationFactory(kind="nation", legal_name="Wisła as a nation", country="PL")
    client.force_login(UserFactory())
    page = _pick(client, "organization-pick", q="wisla log").content.decode()
    assert f'data-value="{wisla.pk}"' in page
    assert 'data-label="Wisła Logistyka Sp. z o.o."' in page
    assert "as a nation" not in page  # nations are not offered as partners
    results = _pick(client, "organization-pick", q="WISŁA", format="json").json()["results"]
    assert [row["value"] for row in results] == [wisla.pk]
    assert "Nothing found" in _pick(client, "organization-pick", q="zzz").content.decode()


def test_the_pickers_answer_only_signed_in_users(client):
    assert _pick(client, "organization-pick", q="wisla").status_code == 302


@pytest.mark.usefixtures("cpv")
def test_tenders_are_picked_by_words_or_number_and_others_drafts_stay_hidden(client):
    buyer, officer = buyer_with_officer()
    published = published_tender(buyer, officer, title="Kühlhaus-Lagerung in Gdańsk")
    draft = marketplace_services.tender_create(buyer=buyer, by=officer, **tender_data(title="Kühlhaus secret draft"))
    client.force_login(UserFactory())
    page = _pick(client, "marketplace:tender-pick", q="kuhlhaus gdansk").content.decode()
    assert f'data-value="{published.pk}"' in page
    everything = _pick(client, "marketplace:tender-pick", q="kuhlhaus").content.decode()
    assert f'data-value="{draft.pk}"' not in everything
    by_number = _pick(client, "marketplace:tender-pick", q=f"#{published.pk}").content.decode()
    assert f'data-value="{published.pk}"' in by_number
    client.force_login(officer)
    assert f'data-value="{draft.pk}"' in _pick(client, "marketplace:tender-pick", q="secret").content.decode()


@pytest.mark.usefixtures("compliance_data")
def test_hubs_are_picked_by_name_or_city(client):
    net = Network()
    client.force_login(net.de_nap)
    results = _pick(client, "loghubs:hub-pick", q="klaipeda", format="json").json()["results"]
    assert [row["value"] for row in results] == [net.hub.pk]
    form = client.get(reverse("loghubs:request-create")).content.decode()
    assert f'hx-get="{reverse("loghubs:hub-pick")}"' in form


@pytest.mark.usefixtures("cpv")
def test_founding_an_alliance_offers_the_tender_picker_not_a_number_field(client):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer, title="Bridging equipment")
    _alliance, members = consortium()
    client.force_login(members[0][1])
    page = client.get(reverse("alliances:create"), {"tender": tender.pk}).content.decode()
    assert "Target tender (number)" not in page
    assert f'hx-get="{reverse("marketplace:tender-pick")}"' in page
    assert 'value="Bridging equipment"' in page  # the chosen tender is named, not numbered
    german = client.get(reverse("alliances:create"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Wörter aus dem Titel oder die Nummer eingeben" in german


def test_inviting_a_company_takes_the_picked_one_not_a_typed_legal_name(client):
    alliance, members = consortium()
    wisla = OrganizationFactory(legal_name="Wisła Logistyka Sp. z o.o.", country="PL")
    client.force_login(members[0][1])
    page = client.get(reverse("alliances:detail", args=[alliance.pk])).content.decode()
    assert "exact legal name" not in page
    assert f'hx-get="{reverse("organization-pick")}"' in page
    response = client.post(reverse("alliances:invite", args=[alliance.pk]), {"invite-organization": wisla.pk})
    assert response.status_code == 302
    assert AllianceInvitation.objects.filter(alliance=alliance, organization=wisla, state="open").exists()
    nation = OrganizationFactory(kind="nation", legal_name="Poland", country="PL")
    page = client.post(reverse("alliances:invite", args=[alliance.pk]), {"invite-organization": nation.pk})
    assert "Pick a company or authority from the list." in page.content.decode()


def test_readiness_is_shared_with_companies_and_authorities_never_with_a_nation(client):
    organization = OrganizationFactory(legal_name="Nordwerk Systems GmbH")
    admin = member_of(organization, MembershipRole.ADMIN)
    germany = OrganizationFactory(kind="nation", legal_name="Germany")
    prime = OrganizationFactory(legal_name="Rheinmetall-like Prime AG")
    client.force_login(admin)
    page = client.get(reverse("compliance:index")).content.decode()
    form = page.split('id="share-form"')[1].split("</form>")[0]
    assert "Germany" not in form
    assert f'hx-get="{reverse("organization-pick")}"' in form
    assert "company,consortium,authority" in form
    response = client.post(reverse("compliance:share-grant"), {"grantee": germany.pk}, follow=True)
    assert "Pick a company, consortium or authority from the list." in response.content.decode()
    assert not ReadinessShare.objects.filter(grantee=germany).exists()
    client.post(reverse("compliance:share-grant"), {"grantee": prime.pk})
    assert ReadinessShare.objects.filter(owner=organization, grantee=prime, revoked_at__isnull=True).exists()
