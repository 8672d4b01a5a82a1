"""Purchasing services: every write of the e-purchasing flow (HackSoft style: keyword-only, one
transaction, audited). Order transitions all pass through `_engine.transition`, which checks
the table in states.py, the role, the separation of duties and the version, then writes the
audit event."""

from .cart import cart_add_product, cart_set_quantity, checkout_request_hash, order_checkout, order_for_key
from .changes import amendment_decide, amendment_propose, order_halt, order_terminate
from .competition import competition_award, competition_create, competition_submit_quote
from .fulfilment import (
    bast_sign, delivery_receive, delivery_ship, goods_check, payment_record, payment_record_outside, supplier_rate,
)
from .negotiation import negotiation_propose, negotiation_respond
from .orders import (
    expire_overdue_orders, order_accept, order_approve, order_cancel, order_expire, order_place, order_reject,
    order_return, order_send_to_ppk, order_sign_surat_pesanan,
)

__all__ = [
    "cart_add_product", "cart_set_quantity", "order_checkout", "order_for_key", "checkout_request_hash",
    "negotiation_propose", "negotiation_respond",
    "order_place", "order_send_to_ppk", "order_approve", "order_return", "order_cancel",
    "order_accept", "order_reject", "order_sign_surat_pesanan", "order_expire", "expire_overdue_orders",
    "delivery_ship", "delivery_receive", "goods_check", "bast_sign", "payment_record", "payment_record_outside",
    "supplier_rate",
    "amendment_propose", "amendment_decide", "order_halt", "order_terminate",
    "competition_create", "competition_submit_quote", "competition_award",
]
