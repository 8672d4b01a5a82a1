"""What every page needs to know about the buyer's cart: may this person buy, and how full is the cart."""

from katalog.core.permissions import allows

from .models import CartLine


def cart(request):
    user = request.user
    if not (allows(user, "order.create") and getattr(user, "agency_id", None)):
        return {"can_buy": False}
    return {"can_buy": True, "cart_count": CartLine.objects.filter(cart__buyer=user).count()}
