"""The platform-wide share of awarded and of paid value that went to SMEs, by SME class and by country.

Awarded value is the price of every final award's offer (proposed and declined awards never count), paid value
each recorded payment's net share (`reports.common`). Who is an SME is marketplace's rule, reused as its SQL
form (`bidders.sme_bidders`): an organization of class micro, small or medium (`organizations.SME_CLASSES`), a
consortium when every current member is one. The class of a company is its own EU class; a consortium has no
class of its own, so it is shown as "consortium of SMEs" or "consortium with a larger or unknown member". The
country is the supplier's (a consortium's is the country it is registered in).

Aggregates only, so the page and API may be public: countries with fewer than `SME_SHARE_MIN_SUPPLIERS`
suppliers are pooled into "other countries", so no single supplier's receipts can be read off a country row.
Two queries (one per measure), grouped by currency, class, country and SME; the rest is adding up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import BooleanField, Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from marketplace.bidders import sme_bidders
from marketplace.models import Award, AwardState
from organizations.models import OrganizationKind, SmeClass

from ..models import Payment
from .common import ALL_TIME, AMOUNT, Period, paid_net, payments_counted

CONSORTIUM_SME = "consortium_sme"
CONSORTIUM_OTHER = "consortium_other"
OTHER_COUNTRIES = "other"
CLASS_LABELS: dict[str, Promise] = {
    **{value: label for value, label in SmeClass.choices},
    CONSORTIUM_SME: _("Consortium of SMEs"),
    CONSORTIUM_OTHER: _("Consortium with a larger or unknown member"),
}
CLASS_ORDER = [
    SmeClass.MICRO,
    SmeClass.SMALL,
    SmeClass.MEDIUM,
    CONSORTIUM_SME,
    SmeClass.LARGE,
    CONSORTIUM_OTHER,
    SmeClass.UNKNOWN,
]
MEASURES = ("awarded", "paid")
ZERO = Decimal("0")


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else None


@dataclass
class ShareRow:
    """One class or country: value and number of suppliers per measure, and its share of the platform total."""

    key: str
    label: str
    is_sme: bool | None
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    awarded_suppliers: int = 0
    paid_suppliers: int = 0
    awarded_share: Decimal | None = None
    paid_share: Decimal | None = None


@dataclass
class CurrencyShare:
    """The figures of one currency (ALX never converts between currencies)."""

    currency: str
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    sme_awarded: Decimal = ZERO
    sme_paid: Decimal = ZERO
    sme_awarded_share: Decimal | None = None
    sme_paid_share: Decimal | None = None
    by_class: list[ShareRow] = field(default_factory=list)
    by_country: list[ShareRow] = field(default_factory=list)


def _grouped(rows: QuerySet, prefix: str, value) -> QuerySet:
    """Rows summed by currency, class, country and SME, with the number of distinct suppliers each."""
    kind, supplier = f"{prefix}kind", f"{prefix}id"
    consortium = Q(**{kind: OrganizationKind.CONSORTIUM})
    sme = Q(**{f"{supplier}__in": sme_bidders()})
    return (
        rows.annotate(
            supplier=F(supplier),
            country=F(f"{prefix}country"),
            sme=Case(When(sme, then=Value(True)), default=Value(False), output_field=BooleanField()),
            group=Case(
                When(consortium & sme, then=Value(CONSORTIUM_SME)),
                When(consortium, then=Value(CONSORTIUM_OTHER)),
                default=F(f"{prefix}sme_class"),
                output_field=CharField(),
            ),
        )
        .order_by()
        .values("currency", "group", "country", "sme")
        .annotate(total=Sum(value, output_field=AMOUNT), suppliers=Count("supplier", distinct=True))
    )


def awarded_rows(period: Period) -> QuerySet:
    awards = (
        Award.objects.filter(state=AwardState.FINAL)
        .filter(period.q("finalised_at__date"))
        .annotate(currency=F("lot__tender__currency"))
    )
    return _grouped(awards, "offer__bid__bidder__", F("offer__price"))


def paid_rows(period: Period) -> QuerySet:
    payments = Payment.objects.filter(payments_counted(), period.q("paid_on")).annotate(currency=F("invoice__currency"))
    return _grouped(payments, "invoice__seller__", paid_net())


def sme_share(*, period: Period = ALL_TIME) -> list[CurrencyShare]:
    """The platform's SME share per currency (EUR first), with its rows by class and by country."""
    cells: dict[str, dict[tuple, dict[str, list]]] = defaultdict(
        lambda: defaultdict(lambda: {m: [ZERO, 0] for m in MEASURES})
    )
    for measure, rows in (("awarded", awarded_rows(period)), ("paid", paid_rows(period))):
        for row in rows:
            cell = cells[row["currency"]][(row["group"], str(row["country"]), row["sme"])][measure]
            cell[0] += row["total"] or ZERO
            cell[1] += row["suppliers"]
    return [_compose(currency, cells[currency]) for currency in sorted(cells, key=lambda c: (c != "EUR", c))]


def _compose(currency: str, cells: dict[tuple, dict[str, list]]) -> CurrencyShare:
    result = CurrencyShare(currency=currency)
    classes: dict[str, ShareRow] = {}
    nations: dict[str, ShareRow] = {}
    for (group, country, sme), measures in cells.items():
        by_class = classes.setdefault(group, ShareRow(group, str(CLASS_LABELS.get(group, group)), sme))
        by_country = nations.setdefault(country, ShareRow(country, str(countries.name(country) or country), None))
        for measure, (total, suppliers) in measures.items():
            for row in (by_class, by_country):
                setattr(row, measure, getattr(row, measure) + total)
                setattr(row, f"{measure}_suppliers", getattr(row, f"{measure}_suppliers") + suppliers)
            setattr(result, measure, getattr(result, measure) + total)
            if sme:
                setattr(result, f"sme_{measure}", getattr(result, f"sme_{measure}") + total)
    result.by_class = sorted(
        classes.values(), key=lambda r: CLASS_ORDER.index(r.key) if r.key in CLASS_ORDER else len(CLASS_ORDER)
    )
    result.by_country = _pool_small_countries(sorted(nations.values(), key=lambda r: (-r.awarded, -r.paid, r.label)))
    for row in [*result.by_class, *result.by_country]:
        row.awarded_share, row.paid_share = _share(row.awarded, result.awarded), _share(row.paid, result.paid)
    result.sme_awarded_share = _share(result.sme_awarded, result.awarded)
    result.sme_paid_share = _share(result.sme_paid, result.paid)
    return result


def _pool_small_countries(rows: list[ShareRow]) -> list[ShareRow]:
    """Countries with fewer than the minimum of suppliers (in either measure that has any) go into one row."""
    least = settings.SME_SHARE_MIN_SUPPLIERS
    kept, pooled = (
        [],
        ShareRow(OTHER_COUNTRIES, str(_("Other countries (fewer than %(n)d suppliers each)") % {"n": least}), None),
    )
    for row in rows:
        small = any(0 < suppliers < least for suppliers in (row.awarded_suppliers, row.paid_suppliers))
        if not small:
            kept.append(row)
            continue
        for measure in MEASURES:
            setattr(pooled, measure, getattr(pooled, measure) + getattr(row, measure))
            setattr(
                pooled,
                f"{measure}_suppliers",
                getattr(pooled, f"{measure}_suppliers") + getattr(row, f"{measure}_suppliers"),
            )
    return kept + ([pooled] if pooled.awarded_suppliers or pooled.paid_suppliers else [])
