"""Saved searches: SMEs hear of fitting new tenders once, at once or in a daily digest."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from core.errors import ApplicationError
from core.formatting import format_datetime, format_number
from organizations.audit import audit_record
from organizations.cpv import parse_cpv_codes
from organizations.models import Organization, User
from organizations.notifications import notify_users
from organizations.permissions import is_member

from ..models import DigestFrequency, ListingKind, Match, SavedSearch, SavedSearchHit, Tender


@transaction.atomic
def saved_search_create(
    *,
    user: User,
    organization: Organization,
    name: str,
    cpv_codes: list[str] | str = (),
    country_codes: list[str] = (),
    kinds: list[str] = (),
    min_score: int = 50,
    frequency: str = DigestFrequency.IMMEDIATE,
) -> SavedSearch:
    if not is_member(user, organization.pk):
        raise ApplicationError(_("Save searches for an organization you belong to."), code="permission_denied")
    codes = parse_cpv_codes(cpv_codes, field="cpv_codes") if cpv_codes else []
    wanted_countries = sorted({c.upper() for c in country_codes})
    wrong = [c for c in wanted_countries if c not in dict(countries)]
    if wrong:
        message = _("Unknown country code: %(codes)s.") % {"codes": ", ".join(wrong)}
        raise ApplicationError(message, errors={"countries": [message]})
    wrong_kinds = [k for k in kinds if k not in ListingKind.values]
    if wrong_kinds:
        message = _("Unknown kind: %(k)s.") % {"k": ", ".join(wrong_kinds)}
        raise ApplicationError(message, errors={"kinds": [message]})
    if not (codes or wanted_countries or kinds):
        message = _("Choose at least one CPV code, country or kind; an empty search would match everything.")
        raise ApplicationError(message, errors={"cpv_codes": [message]})
    if not 0 <= int(min_score) <= 100:
        raise ApplicationError(_("The minimum score runs from 0 to 100."), errors={"min_score": [_("0 to 100.")]})
    if not (name or "").strip():
        raise ApplicationError(_("Name the search."), errors={"name": [_("Required.")]})
    search = SavedSearch.objects.create(
        user=user,
        organization=organization,
        name=name.strip(),
        cpv_codes=codes,
        countries=wanted_countries,
        kinds=list(kinds),
        min_score=int(min_score),
        frequency=frequency,
    )
    audit_record(actor=user, action="saved_search.created", target=search, organization=organization)
    return search


@transaction.atomic
def saved_search_delete(*, search: SavedSearch, by: User) -> None:
    if search.user_id != by.pk:
        raise ApplicationError(_("Only its owner deletes a saved search."), code="permission_denied")
    audit_record(
        actor=by,
        action="saved_search.deleted",
        target=search,
        organization=search.organization,
        changes={"name": [search.name, None]},
    )
    search.delete()


def _fits(search: SavedSearch, tender: Tender, lot_codes: list[str]) -> bool:
    if search.countries and str(tender.performance_country) not in search.countries:
        return False
    if search.cpv_codes:
        from organizations.cpv import cpv_subtree_prefix

        prefixes = [cpv_subtree_prefix(code) for code in search.cpv_codes]
        if not any(code.startswith(prefix) for code in lot_codes for prefix in prefixes if prefix):
            return False
    return True


def saved_searches_notify(*, tender: Tender) -> int:
    """Record a hit for every saved search the tender fits with a good enough score for its organization;
    the unique hit row makes sure nobody is told twice. Immediate searches notify now."""
    lot_codes = list(tender.lots.values_list("cpv_id", flat=True))
    best = dict(
        Match.objects.filter(tender=tender)
        .values("organization_id")
        .annotate(best=Max("score"))
        .values_list("organization_id", "best")
    )
    created = 0
    for search in SavedSearch.objects.filter(organization_id__in=best.keys()).select_related("user"):
        score = best[search.organization_id]
        if score < search.min_score or not _fits(search, tender, lot_codes):
            continue
        if (
            search.kinds
            and not Match.objects.filter(
                tender=tender, organization_id=search.organization_id, listing__kind__in=search.kinds
            ).exists()
        ):
            continue
        try:
            with transaction.atomic():
                SavedSearchHit.objects.create(saved_search=search, tender=tender, score=score)
        except IntegrityError:
            continue  # already told
        created += 1
        if search.frequency == DigestFrequency.IMMEDIATE:
            notify_users(
                users=[search.user],
                link=reverse("marketplace:tender-detail", args=[tender.pk]),
                subject=lambda search=search, tender=tender: (
                    _("New tender for “%(search)s”: %(title)s") % {"search": search.name, "title": tender.title}
                ),
                body=lambda score=score, tender=tender: (
                    _("Score %(score)s. Bids are due %(deadline)s.")
                    % {"score": score, "deadline": format_datetime(tender.submission_deadline)}
                ),
            )
            SavedSearchHit.objects.filter(saved_search=search, tender=tender).update(mailed_at=timezone.now())
    return created


def _digest_line(hit: SavedSearchHit) -> str:
    """One tender of a digest, in the recipient's language and time zone (called per recipient)."""
    return _("%(title)s — score %(score)s, bids due %(deadline)s") % {
        "title": hit.tender.title,
        "score": format_number(hit.score),
        "deadline": format_datetime(hit.tender.submission_deadline),
    }


def saved_search_digests_send() -> int:
    """The daily digest: one notification per daily search with its hits not mailed yet."""
    sent = 0
    for search in SavedSearch.objects.filter(frequency=DigestFrequency.DAILY).select_related("user"):
        with transaction.atomic():
            hits = list(
                SavedSearchHit.objects.select_for_update(skip_locked=True)
                .filter(saved_search=search, mailed_at__isnull=True)
                .select_related("tender")
            )
            if not hits:
                continue
            notify_users(
                users=[search.user],
                link=reverse("marketplace:index"),
                body=lambda hits=hits: "\n".join(_digest_line(hit) for hit in hits),
                subject=lambda search=search, hits=hits: (
                    ngettext("%(n)d new tender for “%(search)s”", "%(n)d new tenders for “%(search)s”", len(hits))
                    % {"n": len(hits), "search": search.name}
                ),
            )
            SavedSearchHit.objects.filter(pk__in=[h.pk for h in hits]).update(mailed_at=timezone.now())
            sent += 1
    return sent
