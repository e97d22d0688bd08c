"""Matching pages: the buyer sees the suppliers that fit (explained, never a listing hidden from it) and invites
them to bid; an SME sees the tenders that fit it; saved searches refuse bad filters on their fields; only
platform admins start a full re-match and watch its progress."""

import pytest
from django.urls import reverse

from marketplace import services
from marketplace.matching.services import matches_refresh_for_tender
from marketplace.models import Match, MatchRun, SavedSearch
from marketplace.tasks import match_tender
from organizations.models import MembershipRole, Notification
from tests.compliance.factories import badge
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def matched(cpv, compliance_data):
    """A tender whose lot 1 fits a Defence-Ready SME's warehouse, beside two partners-only listings the buyer
    may not see: one never shared with it, one shared when matched and hidden from it since."""
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member(legal_name="Hafen Lager GmbH")
    badge(sme, "defence_ready")
    listing(sme, member)
    partner = OrganizationFactory()
    secret, secret_user = sme_with_member(legal_name="Geheim Logistik GmbH")
    listing(secret, secret_user, visibility="partners", visible_to_partners=[partner.pk], title="Partner-only bunker")
    former, former_user = sme_with_member(legal_name="Frueher Geteilt GmbH")
    shared = listing(
        former, former_user, visibility="partners", visible_to_partners=[buyer.pk], title="Once-shared depot"
    )
    tender = published_tender(buyer, officer)
    matches_refresh_for_tender(tender_id=tender.pk)
    services.listing_update(listing=shared, by=former_user, visible_to_partners=[partner.pk])
    assert Match.objects.filter(tender=tender, listing=shared).exists()  # stale row: the page must not show it
    return tender, officer, sme, member


def get(client, user, name, *args, htmx=False):
    client.force_login(user)
    response = client.get(reverse(f"marketplace:{name}", args=args), **(HTMX if htmx else {}))
    return response.status_code, response.content.decode()


# --- suppliers that fit the buyer's tender -------------------------------------------------------


def test_buyer_page_shows_fitting_suppliers_explained_and_never_a_hidden_listing(client, matched):
    tender, officer, _sme, _member = matched
    status, page = get(client, officer, "tender-detail", tender.pk)
    assert status == 200
    assert "Suppliers that fit" in page
    assert f'hx-get="{reverse("marketplace:tender-fits", args=[tender.pk])}"' in page

    for htmx in (True, False):  # the htmx partial, and the same list as a page without JavaScript
        status, fits = get(client, officer, "tender-fits", tender.pk, htmx=htmx)
        assert status == 200
        lot_1 = fits.split('id="fits-lot-1"')[1].split('id="fits-lot-2"')[0]
        assert "Hafen Lager GmbH" in lot_1
        assert "Heated warehouse near Bremerhaven port" in lot_1
        assert "a narrower CPV code (32/35)" in lot_1
        assert "available in the period" in lot_1
        assert "Defence Ready" in lot_1
        assert "Small enterprise" in lot_1
        assert "Invite to bid" in lot_1
        for hidden in ("Partner-only bunker", "Geheim Logistik GmbH", "Once-shared depot", "Frueher Geteilt GmbH"):
            assert hidden not in fits
        assert ("<html" in fits) is not htmx


def test_a_non_buyer_does_not_get_the_fit_list(client, matched):
    tender, _officer, sme, member = matched
    status, page = get(client, member, "tender-detail", tender.pk)
    assert status == 200
    assert "Suppliers that fit" not in page
    assert reverse("marketplace:tender-fits", args=[tender.pk]) not in page
    assert get(client, member, "tender-fits", tender.pk, htmx=True)[0] == 404
    _other_buyer, other_officer = buyer_with_officer()
    assert get(client, other_officer, "tender-fits", tender.pk)[0] == 404
    invite = reverse("marketplace:tender-invite", args=[tender.pk, sme.pk])
    assert client.post(invite).status_code == 404
    assert not Notification.objects.filter(subject__startswith="Invitation to bid").exists()


def test_invite_to_bid_notifies_the_invited_organizations_members(client, matched):
    tender, officer, sme, member = matched
    colleague = member_of(sme, MembershipRole.MEMBER)
    client.force_login(officer)
    response = client.post(reverse("marketplace:tender-invite", args=[tender.pk, sme.pk]), follow=True)
    assert "its members received a notification with the link to this tender" in response.content.decode()
    invitations = Notification.objects.filter(subject=f"Invitation to bid: {tender.title}")
    assert {n.recipient for n in invitations} == {member, colleague}
    assert {n.link for n in invitations} == {f"/marketplace/tenders/{tender.pk}/"}
    # only a supplier that fits the tender can be invited
    stranger = OrganizationFactory()
    assert client.post(reverse("marketplace:tender-invite", args=[tender.pk, stranger.pk])).status_code == 404


# --- tenders that fit the SME ------------------------------------------------------------------


def test_sme_hub_shows_the_fitting_tender_with_its_score_and_deadline(client, matched):
    tender, _officer, sme, member = matched
    best = Match.objects.filter(tender=tender, organization=sme).order_by("-score").first()
    status, hub = get(client, member, "index")
    assert status == 200
    assert "Tenders that fit you" in hub
    assert f'hx-get="{reverse("marketplace:fits-mine")}"' in hub
    status, fits = get(client, member, "fits-mine", htmx=True)
    assert status == 200
    assert tender.title in fits
    assert f"{best.score}" in fits
    assert "Bids until" in fits
    assert "a narrower CPV code" in fits
    assert "Lot 1: Lot 1" in fits
    assert fits.count('class="list-group-item tender-fit"') == 1  # one row per tender, its best lot

    _loner, loner_user = sme_with_member()
    status, empty = get(client, loner_user, "fits-mine")
    assert status == 200
    assert "when your capability codes or published listings fit" in empty


# --- saved searches ------------------------------------------------------------------------------


def search_post(**overrides) -> dict:
    return {
        "name": "Storage in Germany",
        "cpv_codes": "63100000, ",
        "countries": "de",
        "kinds": ["storage"],
        "min_score": "10",
        "frequency": "immediate",
        **overrides,
    }


def test_saved_search_with_an_unknown_cpv_code_re_renders_and_creates_nothing(client, matched):
    _tender, _officer, _sme, member = matched
    client.force_login(member)
    url = reverse("marketplace:saved-searches")
    response = client.post(url, search_post(cpv_codes="99999999"))
    page = response.content.decode()
    assert response.status_code == 200
    cpv_field = page.split('id="id_cpv_codes"')[1].split('<div class="mb-3">')[0]
    assert "Unknown CPV code: 99999999." in cpv_field
    assert 'value="Storage in Germany"' in page
    empty = client.post(url, search_post(cpv_codes="", countries="", kinds=[])).content.decode()
    assert "an empty search would match everything" in empty
    assert not SavedSearch.objects.exists()


def test_saved_search_is_created_lists_its_hits_and_is_deleted_by_its_owner_only(client, matched):
    tender, officer, sme, member = matched
    client.force_login(member)
    response = client.post(reverse("marketplace:saved-searches"), search_post())
    assert response.status_code == 302
    search = SavedSearch.objects.get()
    assert (search.cpv_codes, search.countries, search.kinds) == (["63100000"], ["DE"], ["storage"])
    new_tender = published_tender(tender.buyer, officer, title="Cold store Kiel")
    match_tender(new_tender.pk)  # matching, then the saved-search hits
    page = client.get(reverse("marketplace:saved-searches")).content.decode()
    assert "Cold store Kiel" in page
    assert "1 tender found" in page
    assert "Storage and warehousing" in page

    delete = reverse("marketplace:saved-search-delete", args=[search.pk])
    client.force_login(member_of(sme))
    assert client.post(delete).status_code == 404
    client.force_login(member)
    assert client.post(delete).status_code == 302
    assert not SavedSearch.objects.exists()


# --- the full re-match -----------------------------------------------------------------------------


def test_only_platform_admins_reach_the_rematch_page(client, matched, django_capture_on_commit_callbacks):
    _tender, officer, _sme, member = matched
    for user in (officer, member):
        client.force_login(user)
        assert client.get(reverse("marketplace:rematch")).status_code == 403
        assert client.get(reverse("marketplace:rematch-progress")).status_code == 403
        assert client.post(reverse("marketplace:rematch")).status_code == 403
    assert not MatchRun.objects.exists()

    admin = with_platform_role(UserFactory(), "platform_admin")
    _status, page = get(client, admin, "index")
    assert reverse("marketplace:rematch") in page
    assert "No re-match has run yet." in get(client, admin, "rematch")[1]
    with django_capture_on_commit_callbacks(execute=True):  # the Celery task runs eagerly in tests
        response = client.post(reverse("marketplace:rematch"), follow=True)
    assert "The re-match of 1 open tender has started." in response.content.decode()
    run = MatchRun.objects.get()
    assert (run.done, run.total) == (1, 1)
    assert run.finished_at is not None


def test_the_progress_partial_reports_done_of_total_and_polls_while_running(client, db):
    admin = with_platform_role(UserFactory(), "platform_admin")
    run = MatchRun.objects.create(total=8, done=2)
    status, partial = get(client, admin, "rematch-progress", htmx=True)
    assert status == 200
    assert "2 of 8 tenders" in partial
    assert 'aria-valuenow="25"' in partial
    assert 'hx-trigger="every 2s"' in partial
    assert "Time left" in partial
    MatchRun.objects.filter(pk=run.pk).update(done=8, finished_at=run.started_at)
    partial = get(client, admin, "rematch-progress", htmx=True)[1]
    assert "8 of 8 tenders" in partial
    assert "hx-trigger" not in partial
    assert "Finished" in partial
