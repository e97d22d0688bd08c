"""One badge per kind on the pages: the strongest valid one, with the others a click away in the history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.selectors import badges_strongest
from organizations.models import CpvCode
from tests.alliances.factories import sme as alliance_sme
from tests.compliance.factories import badge

pytestmark = pytest.mark.django_db


def _both_levels(organization):
    self_assessed = badge(organization, level="self_assessed", days_left=300)
    checked = badge(organization, level="checked", days_left=200)
    return self_assessed, checked


def test_the_checked_badge_outranks_the_self_assessed_one_and_an_expired_one_counts_for_nothing(sme):
    organization, _user = sme
    self_assessed, checked = _both_levels(organization)
    badge(organization, kind="iso9001", level="checked", days_left=-5)  # expired
    lonely = badge(organization, kind="export_icp", level="self_assessed")
    assert set(badges_strongest().filter(organization=organization)) == {checked, lonely}
    checked.suspended_at = timezone.now()
    checked.save()
    assert set(badges_strongest().filter(organization=organization)) == {self_assessed, lonely}


def test_the_compliance_page_lists_defence_ready_once_with_the_history_behind_a_click(client, sme):
    organization, user = sme
    _both_levels(organization)
    client.force_login(user)
    page = client.get(reverse("compliance:index")).content.decode()
    current = page.split('id="badges"')[1].split("</table>")[0]
    assert current.count("<td>Defence Ready</td>") == 1
    assert "Plausibility-checked" in current
    history = page.split('id="badge-history"')[1].split("</details>")[0]
    assert "History: 1 earlier or weaker badge" in history
    assert "Self-assessed" in history
    assert "outranked by the plausibility-checked badge" in history
    german = client.get(reverse("compliance:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Verlauf: 1 früheres oder schwächeres Siegel" in german


def test_the_readiness_page_shows_the_strongest_badge_and_the_history(client, sme):
    organization, _user = sme
    _both_levels(organization)
    _other, viewer = alliance_sme(legal_name="Viewer GmbH")
    client.force_login(viewer)
    page = client.get(reverse("compliance:readiness", args=[organization.pk])).content.decode()
    listed = page.split('id="readiness-badges"')[1].split("</ul>")[0]
    assert listed.count("Defence Ready") == 1
    assert "Plausibility-checked" in listed
    assert 'id="badge-history"' in page


@pytest.mark.usefixtures("cpv")
def test_partner_search_shows_one_badge_per_kind_and_links_to_the_history(client):
    carrier, _admin = alliance_sme(legal_name="Nordlicht Spedition GmbH")
    carrier.capability_codes.add(CpvCode.objects.get(code="60100000"))
    _both_levels(carrier)
    _me, me_admin = alliance_sme()
    client.force_login(me_admin)
    page = client.get(reverse("alliances:partners"), {"cpv": "60000000"}).content.decode()
    row = page.split("Nordlicht Spedition GmbH")[1].split("</tr>")[0]
    assert row.count('data-kind="defence_ready"') == 1
    assert "Plausibility-checked" in row
    assert "Self-assessed" not in row
    assert reverse("compliance:readiness", args=[carrier.pk]) in row
