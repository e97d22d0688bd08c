"""A newcomer never reads an internal key: every page the demo users open after the `make run` set-up shows
labels ("Defence Ready", "not listed", "Storage"), never the keys behind them (defence_ready, not_listed) or a
section heading prefixed with its key ("processes Documented processes")."""

from __future__ import annotations

import html
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from compliance.models import Assessment
from config.setup import database_prepare
from loghubs.models import ServiceRequest
from marketplace.models import CapacityListing, Tender
from organizations.models import User

pytestmark = pytest.mark.django_db(transaction=True)
HIDDEN = re.compile(r"<(script|style|code|textarea|select)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)
KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def visible_text(page: str) -> str:
    return html.unescape(HIDDEN.sub(" ", page))


def pages_of() -> dict[str, list[str]]:
    tender, listing = Tender.objects.first(), CapacityListing.objects.first()
    sme = User.objects.get(email="sme@alx.example").memberships.get().organization
    assessment = Assessment.objects.filter(organization=sme).first()
    request = ServiceRequest.objects.filter(nation__registration_id="NATION-DE").first()
    common = [
        reverse("dashboard"),
        reverse("marketplace:tender-search"),
        reverse("marketplace:listing-search"),
        reverse("marketplace:tender-detail", args=[tender.pk]),
        reverse("marketplace:listing-detail", args=[listing.pk]),
        reverse("compliance:index"),
        reverse("alliances:partners"),
        reverse("alliances:index"),
    ]
    return {
        "sme@alx.example": [
            *common,
            reverse("compliance:assessment", args=[assessment.pk]),
            reverse("compliance:readiness", args=[sme.pk]),
            reverse("marketplace:fits-mine"),
        ],
        "officer@alx.example": [*common, reverse("marketplace:tender-mine")],
        "reviewer@alx.example": [reverse("compliance:review-queue")],
        "nap.de@alx.example": [reverse("loghubs:index"), reverse("loghubs:request-detail", args=[request.pk])],
        "jcc@alx.example": [reverse("loghubs:jcc-dashboard"), reverse("loghubs:request-detail", args=[request.pk])],
        "hub@alx.example": [reverse("loghubs:hub")],
    }


def test_no_page_of_the_demo_shows_an_internal_key():
    call_command("flush", interactive=False, verbosity=0)
    database_prepare(lambda *args: call_command(*args, verbosity=0), demo=True)
    Tender.objects.update(required_badges=["defence_ready", "export_icp"])
    found, texts = {}, []
    for email, urls in pages_of().items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (email, url)
            texts.append(visible_text(response.content.decode()))
            keys = sorted(set(KEY.findall(texts[-1])))
            if keys:
                found[f"{email} {url}"] = keys
    assert found == {}
    everything = " ".join(" ".join(text.split()) for text in texts)
    assert "Required badges Defence Ready Export-control ICP" in everything
    assert "Documented processes" in everything
    assert "processes Documented processes" not in everything
