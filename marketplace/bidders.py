"""Who may be a party to a public contract at all: not an organization established in a country under an EU
public-contract ban (compliance.BarredCountry), and for a lot reserved for SMEs only an SME. A consortium is
judged by its members: barred when any member is, an SME when every member is one.

Each rule exists once, twice spelled: for one organization in Python (bidding, at the opening) and for every
organization as a queryset of ids (the matching statement compiles it in, the values as parameters). The
marketplace does not know how consortia are formed; the app that forms them (alliances) registers where their
members are (`register_consortium_members`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from compliance.models import BarredCountry
from compliance.selectors import barred_countries
from core.lookups import AnyOf
from organizations.models import SME_CLASSES, Organization, OrganizationKind

# A queryset of rows with `consortium_id` (the consortium's organization) and `member_id` (a current member).
ConsortiumMembers = Callable[[], QuerySet]
_MEMBER_SOURCES: list[ConsortiumMembers] = []


def register_consortium_members(source: ConsortiumMembers) -> ConsortiumMembers:
    _MEMBER_SOURCES.append(source)
    return source


def _member_pairs() -> QuerySet | None:
    return _MEMBER_SOURCES[0]() if _MEMBER_SOURCES else None


def consortium_members(organization: Organization) -> list[Organization]:
    """The current member organizations of a consortium (none for any other kind of organization)."""
    pairs = _member_pairs()
    if organization.kind != OrganizationKind.CONSORTIUM or pairs is None:
        return []
    return list(
        Organization.objects.filter(pk__in=pairs.filter(consortium_id=organization.pk).values("member_id")).order_by(
            "legal_name", "id"
        )
    )


# --- barred countries ----------------------------------------------------------------------------


def barred_refusal(organization: Organization, bar: BarredCountry) -> str:
    """The refusal, in the language of the request (the bidder's), naming the legal basis."""
    return _("%(organization)s is established in %(country)s: EU law bars it from public contracts (%(basis)s).") % {
        "organization": organization.legal_name,
        "country": bar.country.name,
        "basis": bar.legal_basis,
    }


def bar_problems(organization: Organization, *, as_subcontractor: bool = False) -> list[str]:
    """Why `organization` (or, for a consortium, one of its members) may not take part in a public contract,
    as the bidder or (`as_subcontractor`) as a named subcontractor; empty when it may."""
    barred = barred_countries()
    if not barred:
        return []
    problems = []
    for party in [organization, *consortium_members(organization)]:
        bar = barred.get(str(party.country))
        if bar is not None:
            problems.append(barred_refusal(party, bar))
    if as_subcontractor:
        problems = [_("Named subcontractor: %(why)s") % {"why": why} for why in problems]
    return problems


def barred_organizations(countries: list[str]) -> QuerySet[Organization]:
    """Every organization established in one of `countries`, and every consortium with such a member, as ids."""
    # One array parameter (AnyOf): an empty list matches nothing, and the statement's text never changes.
    established = Q(AnyOf("country", countries))
    pairs = _member_pairs()
    if pairs is not None:
        established |= Exists(
            pairs.filter(
                consortium_id=OuterRef("pk"),
                member_id__in=Organization.objects.filter(AnyOf("country", countries)).values("id"),
            )
        )
    return Organization.objects.filter(established).order_by().values("id")


def barred_bidders() -> QuerySet[Organization]:
    """`barred_organizations` for the countries barred now."""
    return barred_organizations(sorted(barred_countries()))


# --- SMEs ---------------------------------------------------------------------------------------------


def is_sme_bidder(organization: Organization) -> bool:
    """An SME by the EU definition (organizations' SME class); a consortium when every member is one."""
    if organization.kind != OrganizationKind.CONSORTIUM:
        return organization.is_sme
    members = consortium_members(organization)
    return bool(members) and all(member.is_sme for member in members)


def sme_bidders() -> QuerySet[Organization]:
    """`is_sme_bidder` for every organization at once, as ids (SME_CLASSES travel as a parameter)."""
    pairs = _member_pairs()
    sme = ~Q(kind=OrganizationKind.CONSORTIUM) & Q(AnyOf("sme_class", list(SME_CLASSES)))
    if pairs is not None:
        members = pairs.filter(consortium_id=OuterRef("pk"))
        smes = Organization.objects.filter(AnyOf("sme_class", list(SME_CLASSES))).values("id")
        sme |= Q(kind=OrganizationKind.CONSORTIUM) & Exists(members) & ~Exists(members.exclude(member_id__in=smes))
    return Organization.objects.filter(sme).order_by().values("id")
