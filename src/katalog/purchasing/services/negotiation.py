"""Negotiation rounds on price, quantity, shipping and payment terms, with the full history kept."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils.translation import gettext as _

from katalog.core.conflicts import retry_on_conflict
from katalog.core.money import format_rupiah

from ..errors import Busy, InvalidInput, NotAllowed
from ..models import NegotiationRound, Order
from ._engine import parse_line_terms, recompute_totals, set_line_terms, side_of, transition


@retry_on_conflict(Busy)
def negotiation_propose(
    *, order: Order, user, expected_version: int, lines: dict[int, tuple[int, int]], shipping_cost: int = 0,
    payment_terms: str = "", note: str = "", now: datetime | None = None,
) -> NegotiationRound:
    """Make an offer: a quantity and unit price for every line, shipping and payment terms.

    The buyer side (PP or PPK) and the supplier take turns; a new offer replaces the open one
    (a counter-offer). A negotiated price may not exceed the catalogue price at checkout (or the
    quoted price of a mini-kompetisi), so negotiation can only lower what the OPD pays.
    """
    with transition(order=order, user=user, action="propose", expected_version=expected_version, now=now) as step:
        o = step.order
        terms = parse_line_terms(o, lines, what=_("Tawaran"))
        for line, quantity, unit_price in terms:
            if line.list_price is not None and unit_price > line.list_price:
                raise InvalidInput(
                    _("Harga “%(name)s” tidak boleh melebihi harga katalog %(price)s.")
                    % {"name": line.name, "price": format_rupiah(line.list_price)})
            if quantity > line.quantity and quantity - line.quantity > line.product.stock:
                raise InvalidInput(_("Stok “%(name)s” tidak cukup untuk jumlah itu.") % {"name": line.name})
        if isinstance(shipping_cost, bool) or not isinstance(shipping_cost, int) or shipping_cost < 0:
            raise InvalidInput(_("Ongkos kirim harus rupiah bulat, nol atau lebih."))
        payment_terms = (payment_terms or "").strip()
        if len(payment_terms) > 300:
            raise InvalidInput(_("Syarat pembayaran paling panjang 300 karakter."))
        side = side_of(step.role)
        open_round = o.negotiation_rounds.filter(status=NegotiationRound.Status.OPEN).first()
        if open_round is not None:
            open_round.status = NegotiationRound.Status.SUPERSEDED
            if open_round.side != side:
                open_round.responded_by, open_round.responded_at = user, step.now
                open_round.response_note = _("Dijawab dengan tawaran balik.")
            open_round.save()
        number = (o.negotiation_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
        offer = NegotiationRound.objects.create(
            order=o, number=number, side=side, proposed_by=user, proposed_at=step.now,
            lines=[{"line": l.pk, "name": l.name, "unit": l.unit, "quantity": q, "unit_price": p}
                   for l, q, p in terms],
            shipping_cost=shipping_cost, payment_terms=payment_terms or o.payment_terms, note=(note or "").strip(),
        )
        step.detail.update({"round": number, "side": side})
    return offer


@retry_on_conflict(Busy)
def negotiation_respond(
    *, order: Order, user, expected_version: int, offer: NegotiationRound, accept: bool, note: str = "",
    now: datetime | None = None,
) -> NegotiationRound:
    """Accept or reject the other side's open offer. Accepting applies it to the order's lines and
    totals (integer rupiah, PPN per line); the offer stays in the history either way."""
    with transition(order=order, user=user, action="respond", expected_version=expected_version, now=now) as step:
        o = step.order
        offer = NegotiationRound.objects.select_for_update().get(pk=offer.pk, order=o)
        if offer.status != NegotiationRound.Status.OPEN:
            raise InvalidInput(_("Tawaran ini sudah tidak berlaku."))
        if offer.side == side_of(step.role):
            raise NotAllowed(_("Tawaran dari pihak Anda sendiri tidak dapat Anda jawab; tunggu jawaban pihak lain."))
        offer.responded_by, offer.responded_at, offer.response_note = user, step.now, (note or "").strip()
        if accept:
            offer.status = NegotiationRound.Status.ACCEPTED
            by_line = {row["line"]: row for row in offer.lines}
            for line in o.lines.all():
                row = by_line[line.pk]
                set_line_terms(line, row["quantity"], row["unit_price"])
            o.shipping_cost = offer.shipping_cost
            o.payment_terms = offer.payment_terms
            recompute_totals(o)
        else:
            offer.status = NegotiationRound.Status.REJECTED
        offer.save()
        step.detail.update({"round": offer.number, "accepted": bool(accept), "total": o.total})
    return offer
