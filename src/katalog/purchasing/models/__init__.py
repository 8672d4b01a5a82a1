"""Purchasing records, split by concept; import them from here."""

from .competition import Competition, CompetitionItem, Invitation, Quote, QuoteLine
from .contract import (
    Amendment, Counter, Delivery, DeliveryLine, OrderDocument, Payment, StockReservation, SupplierRating,
)
from .orders import Cart, CartLine, Justification, Method, NegotiationRound, Order, OrderLine, Side

__all__ = [
    "Order", "OrderLine", "Method", "Side", "Cart", "CartLine", "Justification", "NegotiationRound",
    "StockReservation", "Delivery", "DeliveryLine", "OrderDocument", "Amendment", "Payment", "SupplierRating",
    "Counter", "Competition", "CompetitionItem", "Invitation", "Quote", "QuoteLine",
]
