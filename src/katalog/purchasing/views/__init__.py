"""Purchasing pages. Thin: load through a selector (another OPD's or supplier's record is a 404),
read a form, call one service, turn a domain error into a message, redirect (POST/redirect/GET)."""

from .cart import cart_add, cart_line_update, cart_list, checkout
from .competition import competition_award, competition_create, competition_detail, competition_list, competition_quote
from .orders import ACTION_HANDLERS, order_action, order_detail, order_document, order_list

__all__ = [
    "ACTION_HANDLERS", "order_list", "order_detail", "order_action", "order_document",
    "cart_list", "cart_add", "cart_line_update", "checkout",
    "competition_list", "competition_create", "competition_detail", "competition_quote", "competition_award",
]
