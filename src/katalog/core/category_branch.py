"""A category "or one below it", as a filter every app can use.

The catalogue's category tree has three levels (catalogue.Category, constraint category_level_1_to_3), so a
branch is the category, its children and its grandchildren. This is the ground floor: it imports no app, so
the business queue (suppliers, a floor below the catalogue) filters by it as the product queue does."""

from __future__ import annotations

from django.db.models import Q

TREE_LEVELS = 3


def in_branch_q(category, path: str = "category") -> Q:
    """Rows whose `path` (a foreign key to catalogue.Category: "category", "products__category"; "" for the
    categories themselves) is `category` (a Category or its id) or a category below it."""
    pk = getattr(category, "pk", category)
    keys = [path or "pk"]
    for depth in range(1, TREE_LEVELS):
        keys.append("__".join(([path] if path else []) + ["parent"] * depth))
    q = Q()
    for key in keys:
        q |= Q(**{key: pk})
    return q
