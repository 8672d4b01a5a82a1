"""Cart and checkout pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.catalogue.models import Product
from katalog.core.permissions import requires

from .. import forms, offers, selectors, services
from ..errors import JustificationRequired, PurchasingError
from ._common import form_errors


# --- cart and checkout -----------------------------------------------------------------


@require_GET
@requires("order.create")
def cart_list(request):
    carts = []
    for cart in selectors.carts_of(request.user):
        review = offers.checkout_review(cart)
        carts.append({"cart": cart, "review": review})
    return render(request, "purchasing/cart_list.html", {"carts": carts})


@require_http_methods(["GET", "POST"])
@requires("order.create")
def cart_add(request, product_id: int):
    """Add to cart from wherever the buyer looks: with htmx the page stays and a line confirms it (and the
    header's cart count changes); without JavaScript the browser goes back to the page it came from."""
    product = get_object_or_404(Product.objects.active().select_related("supplier", "category"), pk=product_id)
    form = forms.CartAddForm(request.POST or None, initial={"quantity": product.min_order})
    in_place = request.method == "POST" and request.headers.get("HX-Request") == "true"
    if request.method == "POST" and form.is_valid():
        try:
            line = services.cart_add_product(user=request.user, product=product,
                                             quantity=form.cleaned_data["quantity"])
        except PurchasingError as error:
            if in_place:
                return render(request, "purchasing/_cart_added.html", {"product": product, "error": str(error)})
            messages.error(request, str(error))
        else:
            if in_place:
                return render(request, "purchasing/_cart_added.html", {"product": product, "line": line})
            messages.success(request, _("“%(name)s” masuk keranjang.") % {"name": product.name})
            return redirect(_safe_next(request) or "purchasing:cart_list")
    elif in_place:
        return render(request, "purchasing/_cart_added.html", {"product": product, "error": form_errors(form)})
    alternatives = offers.domestic_alternatives(product)
    return render(request, "purchasing/cart_add.html", {"product": product, "form": form, "alternatives": alternatives})


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


@require_POST
@requires("order.create")
def cart_line_update(request, line_id: int):
    line = get_object_or_404(selectors.cart_lines_of(request.user), pk=line_id)
    form = forms.CartLineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.cart_set_quantity(user=request.user, line=line, quantity=form.cleaned_data["quantity"])
        except PurchasingError as error:
            messages.error(request, str(error))
    return redirect("purchasing:cart_list")


@require_http_methods(["GET", "POST"])
@requires("order.create")
def checkout(request, cart_id: int):
    cart = selectors.carts_of(request.user).filter(pk=cart_id).first()
    if cart is None:
        # A second submit of a checkout that already went through lands on the order, not on an error;
        # the same key with other fields or another cart is refused (services.order_for_key).
        key = request.POST.get("idempotency_key", "")
        try:
            order = services.order_for_key(user=request.user, key=key, request_hash=_posted_checkout_hash(
                request.POST, cart_id)) if key else None
        except PurchasingError as error:
            messages.error(request, str(error))
            return redirect("purchasing:cart_list")
        if order is not None:
            return redirect("purchasing:order_detail", order.number)
        raise Http404
    # The RUP line named in the form (when its plan is imported) decides the small-business reservation.
    package = offers.rup_line(request.POST.get("rup_code", ""), year=_int_or_none(request.POST.get("budget_year")))
    if package is not None and package.agency_id != request.user.agency_id:
        package = None  # another OPD's line: the service refuses it with a message
    review = offers.checkout_review(cart, package=package)
    form = forms.CheckoutForm(request.POST or None, user=request.user, review=review)
    missing = set()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_checkout(
                user=request.user, cart=cart, idempotency_key=data["idempotency_key"], rup_code=data["rup_code"],
                funding_source=data["funding_source"], delivery_address=data["delivery_address"],
                requested_date=data["requested_date"], ppk=data["ppk"], justifications=form.justifications(),
                umk_justification=data.get("alasan_umk", ""), budget_year=data["budget_year"],
            )
        except JustificationRequired as error:
            missing = {f"alasan_{pid}" for pid in error.lines} | ({"alasan_umk"} if error.umk else set())
            for name in missing & set(form.fields):
                form.add_error(name, _("Wajib diisi: ada pilihan produk dalam negeri/UMK yang lebih diutamakan."))
            messages.error(request, str(error))
        except PurchasingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Pesanan %(number)s dibuat.") % {"number": order.number})
            return redirect("purchasing:order_detail", order.number)
    return render(request, "purchasing/checkout.html", {"cart": cart, "review": review, "form": form})


def _posted_checkout_hash(post, cart_id: int) -> str:
    """The request hash of a checkout form sent for a cart that is gone (services.checkout_request_hash)."""
    try:
        requested_date = forms.CheckoutForm.base_fields["requested_date"].clean(post.get("requested_date", ""))
    except ValidationError:
        requested_date = None
    reasons = {name.removeprefix("alasan_"): value for name, value in post.items()
               if name.startswith("alasan_") and name != "alasan_umk"}
    return services.checkout_request_hash(
        cart_id=cart_id, rup_code=post.get("rup_code", ""), funding_source=post.get("funding_source", ""),
        delivery_address=post.get("delivery_address", ""), requested_date=requested_date,
        ppk_id=post.get("ppk", ""), justifications=reasons, umk_justification=post.get("alasan_umk", ""),
        budget_year=post.get("budget_year", ""))


def _int_or_none(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) == 4 else None
