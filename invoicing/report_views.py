"""Pages of the invoicing reports: the buyer's spend per contract and the platform's SME share."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .forms import PeriodForm
from .reports.sme_share import sme_share as sme_share_of
from .reports.spend import spend_by_contract, spend_totals

CHARTED = ("committed", "delivered", "invoiced", "paid")


def _bars(row, figures=CHARTED) -> list[tuple[str, Decimal, int]]:
    """(figure, amount, width in % of the row's largest figure) for the CSS bars of one row."""
    values = [(name, row[name] if isinstance(row, dict) else getattr(row, name)) for name in figures]
    top = max((value for _name, value in values), default=Decimal(0)) or Decimal(1)
    return [(name, value, max(0, min(100, round(value * 100 / top)))) for name, value in values]


@login_required
def spend(request):
    """Committed, delivered, invoiced and paid per contract of the user's organizations as buyer, with a chart."""
    form = PeriodForm(request.GET or None)
    contracts = spend_by_contract(user=request.user, period=form.period())
    page = Paginator(contracts, 50).get_page(request.GET.get("page"))
    totals = spend_totals(contracts)
    return render(
        request,
        "invoicing/spend.html",
        {
            "form": form,
            "page": page,
            "rows": [(contract, _bars(contract)) for contract in page],
            "totals": [(total, _bars(total)) for total in totals],
        },
    )


def sme_share(request):
    """The platform's SME share of awarded and paid value, by class and country: public, aggregates only."""
    form = PeriodForm(request.GET or None)
    shares = sme_share_of(period=form.period())
    return render(
        request,
        "invoicing/sme_share.html",
        {
            "form": form,
            "shares": [(share, _sme_bars(share)) for share in shares],
            "min_suppliers": settings.SME_SHARE_MIN_SUPPLIERS,
        },
    )


def _sme_bars(share) -> dict:
    """Widths (in %) of the SME share bars of the class and country rows: the row's share of the total."""
    return {"awarded": round(share.sme_awarded_share or 0), "paid": round(share.sme_paid_share or 0)}
