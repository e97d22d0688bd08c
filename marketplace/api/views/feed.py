"""The integrator change feed and the OCDS release feed: cursors that can be followed forever (marketplace.feed)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.api.viewsets import ActionViewSet

from ... import feed, ocds, selectors
from ...models import ChangeKind, ChangeSubject
from .. import list_pages
from .. import serializers as s
from ..list_pages.listings import listing_rows
from .common import viewer_org_ids


class FeedQuerySerializer(serializers.Serializer):
    cursor = serializers.CharField(required=False, help_text=_("the `cursor` of the page you read last"))
    since = serializers.DateTimeField(
        required=False, help_text=_("start with the changes made at or after this moment (ignored with a cursor)")
    )
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200, default=100)


class FeedEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the event's id; each is delivered once")
    subject = serializers.ChoiceField(
        choices=ChangeSubject.choices,
        help_text=(
            "what changed: a tender (its row, a lot or an award), a capacity listing, a tender's contract, or one of "
            "your own bids"
        ),
    )
    subject_id = serializers.IntegerField(help_text="the id of the tender, listing, bid or contract")
    kind = serializers.ChoiceField(
        choices=ChangeKind.choices,
        help_text=(
            "published: first published (tender, listing); updated: it changed (for a tender also a lot or an "
            "award); cancelled: a tender was cancelled; withdrawn: your bid was withdrawn; deleted. Contracts of a "
            "tender (subject contract), public once signed by both sides: contract_signed; contract_amended (an "
            "amendment came into force); contract_updated (activated, a delivery or a payment); contract_completed; "
            "contract_terminated. Each contract event comes with a new release in the tender's OCDS record and in "
            "/marketplace/ocds-releases/."
        ),
    )
    tender_id = serializers.IntegerField(
        allow_null=True, help_text=("the tender of a tender's, a bid's or a contract's event")
    )
    contract_id = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "the contract a contract_* event is about (/api/v1/contracting/contracts/<id>/ for its parties); null for "
            "every other event"
        ),
    )
    occurred_at = serializers.DateTimeField()
    tender = s.TenderSerializer(
        allow_null=True,
        help_text=(
            "a tender or contract event's tender as it is now; null once it was deleted, and for other subjects"
        ),
    )
    listing = s.ListingSerializer(
        allow_null=True,
        help_text=(
            "a listing event's listing as it is now, if you may see it; null once deleted, and for other subjects"
        ),
    )


@extend_schema_serializer(many=False)  # one page object, not a list of them
class FeedPageSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="where this page ends; pass it back as `cursor`")
    next = serializers.URLField(help_text="this feed from `cursor` on: always present, also on an empty page")
    results = FeedEventSerializer(many=True)


def _page_query(request) -> tuple[feed.Cursor, dict]:
    query = FeedQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    values = query.validated_data
    cursor = feed.Cursor.parse(values["cursor"]) if "cursor" in values else feed.Cursor()
    return cursor, values


def _tenders(request, viewer: set[int], ids: set[int]) -> dict[int, dict]:
    if not ids:
        return {}
    rows = list(
        list_pages.tender_rows(selectors.tender_list_visible_to(user=request.user).filter(pk__in=ids).order_by("id"))
    )
    return {item["id"]: item for item in list_pages.tender_items(rows, viewer_org_ids=viewer)}


def _listings(request, ids: set[int]) -> dict[int, dict]:
    if not ids:
        return {}
    rows = list(
        listing_rows(
            selectors.listing_list_visible_to(user=request.user).filter(pk__in=ids).order_by("id"),
            orgs=sorted(viewer_org_ids(request.user)),
        )
    )
    return {item["id"]: item for item in list_pages.listing_items(rows)}


def _next_link(request, cursor: feed.Cursor) -> str:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor.token())


@extend_schema(parameters=[FeedQuerySerializer])
class FeedViewSet(ActionViewSet):
    """The change feed for integrators: one event per change of a published tender or capacity listing
    (drafts never appear), deletions and cancellations included, of each of a tender's contracts once signed
    (draft contracts never appear), and your own bids' withdrawals and deletions. Events of a listing that is
    not public reach its provider only, and a bid's events its bidder only, before and after the opening: the
    feed never tells anyone else that a sealed bid existed. Follow `next` forever: every page, the last and an
    empty one too, carries the cursor to resume from, and no change is skipped or repeated, also when writers
    commit late."""

    @extend_schema(responses=FeedPageSerializer)
    def list(self, request, *args, **kwargs):
        cursor, values = _page_query(request)
        viewer = viewer_org_ids(request.user)
        page = feed.read_after(
            selectors.change_events_visible_to(user=request.user),
            cursor=cursor,
            limit=values["page_size"],
            since=None if "cursor" in values else values.get("since"),
            since_field="occurred_at",
        )
        with_tender = {ChangeSubject.TENDER, ChangeSubject.CONTRACT}
        tenders = _tenders(request, viewer, {e.tender_id for e in page.rows if e.subject in with_tender})
        listings = _listings(request, {e.subject_id for e in page.rows if e.subject == ChangeSubject.LISTING})
        results = [
            {
                "id": event.id,
                "subject": event.subject,
                "subject_id": event.subject_id,
                "kind": event.kind,
                "tender_id": event.tender_id,
                "contract_id": event.contract_id,
                "occurred_at": serializers.DateTimeField().to_representation(event.occurred_at),
                "tender": tenders.get(event.tender_id) if event.subject in with_tender else None,
                "listing": listings.get(event.subject_id) if event.subject == ChangeSubject.LISTING else None,
            }
            for event in page.rows
        ]
        return Response({"cursor": page.cursor.token(), "next": _next_link(request, page.cursor), "results": results})


@extend_schema_serializer(many=False)
class ReleaseFeedPageSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="where this page ends; pass it back as `cursor`")
    next = serializers.URLField(help_text="this feed from `cursor` on: always present, also on an empty page")
    package = serializers.DictField(
        allow_null=True,
        help_text=(
            "an OCDS 1.1.5 release package of this page's releases (lots and bid extensions), in the order they "
            "were published; null when the page is empty"
        ),
    )


@extend_schema(parameters=[FeedQuerySerializer])
class ReleaseFeedViewSet(ActionViewSet):
    """Every OCDS release ALX published, of every tender, in the order published: one call per page instead of
    one per change. Follow `next` like the change feed; `since` filters on the release date."""

    @extend_schema(responses=ReleaseFeedPageSerializer)
    def list(self, request, *args, **kwargs):
        cursor, values = _page_query(request)
        page = feed.read_after(
            selectors.ocds_releases_published(),
            cursor=cursor,
            limit=values["page_size"],
            since=None if "cursor" in values else values.get("since"),
            since_field="date",
        )
        releases = [row.data for row in page.rows]
        package = ocds.release_package(releases=releases, uri=request.build_absolute_uri()) if releases else None
        return Response({"cursor": page.cursor.token(), "next": _next_link(request, page.cursor), "package": package})
