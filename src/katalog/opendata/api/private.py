"""Operations for a token's owner: the main flow of each role, through the owning app's selectors and
services (the same ones the pages call), never around them.

- suppliers: their own products and orders; accept, reject, sign;
- buyers (PP): carts (add, change) and orders; place, send to the PPK, cancel;
- PPK: approve, return, sign, check goods, end a contract; treasurer: record payment outside the system;
- catalogue managers: the supplier and product verification queues, and their decisions;
- oversight roles: orders (read).
"""

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.security import HttpBearer

from katalog.catalogue import selectors as catalogue_selectors
from katalog.catalogue import services as catalogue_services
from katalog.catalogue.errors import CatalogueError
from katalog.catalogue.errors import ChangedBySomeoneElse as CatalogueChanged
from katalog.catalogue.errors import NotAllowed as CatalogueNotAllowed
from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.purchasing import offers as purchasing_offers
from katalog.purchasing import order_page as purchasing_order_page
from katalog.purchasing import selectors as purchasing_selectors
from katalog.purchasing import services as purchasing_services
from katalog.purchasing.errors import ChangedBySomeoneElse, NotAllowed, PurchasingError
from katalog.purchasing.models import CartLine
from katalog.purchasing.states import IllegalTransition, OrderStatus
from katalog.suppliers import selectors as supplier_selectors
from katalog.suppliers import services as supplier_services
from katalog.suppliers.documents import missing_required
from katalog.suppliers.forms import RejectForm, RevisionForm
from katalog.suppliers.states import REVISABLE_FIELDS

from .access import PAGE_MAX, PAGE_SIZE_MAX, operation, paginate
from .errors import ApiError
from .public import ERRORS as PUBLIC_ERRORS
from .schemas import (
    CartLineIn, CartOut, CartQuantityIn, ErrorOut, MeOut, MyProductOut, MyProductPage, MyProductUpdateIn, OrderActionIn,
    OrderOut, OrderPage, ProductReviewIn, QueueProductPage, QueueSupplierPage, StatusOut, SupplierDecisionIn,
)


class TokenBearer(HttpBearer):
    """Documents the bearer scheme in OpenAPI; the token itself was already checked by gateway.py."""

    openapi_description = "Personal API token (Token API page): “Authorization: Bearer kl_…”."

    def authenticate(self, request, token):
        return request.api_user if getattr(request, "api_token", None) else None


router = Router(tags=["Dengan token"], auth=TokenBearer())
ERRORS = {**PUBLIC_ERRORS, 403: ErrorOut}
ACT_ERRORS = {**ERRORS, 409: ErrorOut}


def _domain(call):
    """Run a service; its domain errors become the API's error shape with the page's message."""
    try:
        return call()
    except (NotAllowed, CatalogueNotAllowed) as error:
        raise ApiError(403, str(error)) from None
    except (ChangedBySomeoneElse, CatalogueChanged, IllegalTransition) as error:
        raise ApiError(409, str(error)) from None
    except (PurchasingError, CatalogueError) as error:
        raise ApiError(422, str(error)) from None
    except supplier_services.SupplierError as error:
        raise ApiError(409, str(error)) from None


# --- the token's owner ------------------------------------------------------------------------------


@operation(router.get, "/me", permission="account.dashboard", scope="read", summary="Pemilik token",
           response={200: MeOut, **ERRORS})
def me(request):
    """Who the token acts for: role, OPD or business, and the token's own scopes."""
    user, token = request.api_user, request.api_token
    return {
        "username": user.get_username(), "full_name": user.full_name, "role": user.role,
        "role_label": str(user.role_label),
        "agency": {"id": user.agency_id, "name": user.agency.name} if user.agency_id else None,
        "supplier": {"id": user.supplier_id, "name": user.supplier.name} if user.supplier_id else None,
        "token": {"name": token.name, "prefix": token.prefix, "scopes": token.scopes, "expires_at": token.expires_at},
    }


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX)


@operation(router.get, "/my/products", permission="supplier.manage_own", scope="read",
           summary="Produk usaha saya", response={200: MyProductPage, **ERRORS})
def my_products(request, params: Query[PageQuery]):
    """Every product of the token owner's business, in every status (the “Produk saya” page)."""
    qs = catalogue_selectors.products_of_supplier(request.api_user)
    return paginate(request, qs, page=params.page, page_size=params.page_size, serialize=my_product_dict)


def my_product_dict(p) -> dict:
    return {
        "id": p.pk, "name": p.name, "status": p.status, "status_label": str(p.get_status_display()),
        "price": p.price, "stock": p.stock, "unit": p.unit,
        "category": {"id": p.category_id, "name": p.category.name, "slug": p.category.slug},
        "updated_at": p.updated_at, "review_note": p.review_note, "version": catalogue_services.product_version(p),
        "siinas_registered": p.siinas_registered,
    }


@operation(router.patch, "/my/products/{product_id}", permission="supplier.manage_own", scope="write",
           summary="Ubah harga dan stok produk saya", response={200: MyProductOut, **ACT_ERRORS})
def my_product_update(request, product_id: int, data: MyProductUpdateIn):
    """Change the price, minimum order or delivery time of one of your products, and adjust its stock, as the
    product form does (a price rise above the limit sends it back to verification). `version` is the one
    GET /my/products gave: a product changed since then is refused with 409 and nothing is saved. Stock moves
    by `stock_change`, never to an absolute figure, so stock reserved by orders meanwhile is never given back."""
    product = catalogue_selectors.products_of_supplier(request.api_user).filter(pk=product_id).first()
    if product is None:
        raise ApiError(404)
    fields = {name: value for name, value in (("price", data.price), ("min_order", data.min_order),
                                               ("lead_time_days", data.lead_time_days),
                                               ("siinas_registered", data.siinas_registered)) if value is not None}
    _domain(lambda: catalogue_services.product_update(actor=request.api_user, product=product, data=fields,
                                                      version=data.version, stock_change=data.stock_change))
    return my_product_dict(catalogue_selectors.products_of_supplier(request.api_user).get(pk=product_id))


# --- orders ---------------------------------------------------------------------------------------


def _may_act(order, user) -> bool:
    return user.role in (Role.PP, Role.PPK, Role.SUPPLIER, Role.TREASURER) and not purchasing_selectors.party_problem(
        order, user)


def order_dict(order, user) -> dict:
    actions = purchasing_order_page.available_actions(order, user) if _may_act(order, user) else []
    return {
        "number": order.number, "status": order.status, "status_label": str(order.get_status_display()),
        "method": order.method, "fiscal_year": order.fiscal_year,
        "agency": {"id": order.agency_id, "name": order.agency.name},
        "supplier": {"id": order.supplier_id, "name": order.supplier.name},
        "rup_code": order.rup_code, "requested_date": order.requested_date, "subtotal": order.subtotal,
        "ppn": order.ppn, "shipping_cost": order.shipping_cost, "total": order.total,
        "created_at": order.created_at, "status_changed_at": order.status_changed_at, "version": order.version,
        "actions": sorted(actions),
        "lines": [{"id": l.pk, "product_id": l.product_id, "name": l.name, "unit": l.unit, "quantity": l.quantity,
                   "unit_price": l.unit_price, "subtotal": l.subtotal, "ppn_percent": l.ppn_percent,
                   "dpp": l.dpp, "ppn": l.ppn, "tkdn": None if l.tkdn is None else f"{l.tkdn:.2f}", "origin": l.origin} for l in order.lines.all()],
        "url": reverse("purchasing:order_detail", args=[order.number]),
    }


class OrderQuery(Schema):
    status: str = Field("", description="One order status (as on the order list page).")
    tahun: int | None = Field(None, ge=2000, le=2100, description="Fiscal year.")
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX)


@operation(router.get, "/orders", permission="order.view", scope="read", summary="Pesanan yang boleh saya lihat",
           response={200: OrderPage, **ERRORS})
def orders(request, params: Query[OrderQuery]):
    """The order list page: OPD staff see their OPD's orders, a supplier those placed with it, oversight all."""
    user = request.api_user
    qs = purchasing_selectors.orders_visible_to(user).prefetch_related("lines")
    if params.status in OrderStatus.values:
        qs = qs.filter(status=params.status)
    if params.tahun:
        qs = qs.filter(fiscal_year=params.tahun)
    return paginate(request, qs.order_by("-created_at", "-id"), page=params.page, page_size=params.page_size,
                    serialize=lambda o: order_dict(o, user))


def _visible_order(request, number: str):
    order = purchasing_selectors.orders_visible_to(request.api_user).filter(number=number[:40]).first()
    if order is None:
        raise ApiError(404)  # another OPD's or supplier's order: its existence is not disclosed
    return order


@operation(router.get, "/orders/{number}", permission="order.view", scope="read", summary="Satu pesanan",
           response={200: OrderOut, **ERRORS})
def order_detail(request, number: str):
    return order_dict(_visible_order(request, number), request.api_user)


def _sign(order, user, data):
    if order.status == OrderStatus.BAST_CONFIRMATION:
        return purchasing_services.bast_sign(order=order, user=user, expected_version=data.version)
    return purchasing_services.order_sign_surat_pesanan(order=order, user=user, expected_version=data.version)


s = purchasing_services
ORDER_ACTIONS = {
    "place": lambda o, u, d: s.order_place(order=o, user=u, expected_version=d.version),
    "send_to_ppk": lambda o, u, d: s.order_send_to_ppk(order=o, user=u, expected_version=d.version, note=d.note),
    "approve": lambda o, u, d: s.order_approve(order=o, user=u, expected_version=d.version),
    "return": lambda o, u, d: s.order_return(order=o, user=u, expected_version=d.version, note=d.note),
    "cancel": lambda o, u, d: s.order_cancel(order=o, user=u, expected_version=d.version, reason=d.reason),
    "accept": lambda o, u, d: s.order_accept(order=o, user=u, expected_version=d.version),
    "reject": lambda o, u, d: s.order_reject(order=o, user=u, expected_version=d.version, reason=d.reason),
    "sign": _sign,
    "check_goods": lambda o, u, d: s.goods_check(order=o, user=u, expected_version=d.version, note=d.note),
    "record_outside_payment": lambda o, u, d: s.payment_record_outside(order=o, user=u, expected_version=d.version,
                                                                       note=d.note),
    "halt": lambda o, u, d: s.order_halt(order=o, user=u, expected_version=d.version, reason=d.reason),
    "terminate": lambda o, u, d: s.order_terminate(order=o, user=u, expected_version=d.version, reason=d.reason),
}


@operation(router.post, "/orders/{number}/actions/{action}", permission="order.act", scope="write",
           summary="Tindakan atas pesanan", response={200: OrderOut, **ACT_ERRORS})
def order_action(request, number: str, action: str, data: OrderActionIn):
    """The order page's buttons: place, send_to_ppk, approve, return, cancel, accept, reject, sign,
    check_goods, record_outside_payment, halt, terminate. The purchasing services check the role, the
    party (own OPD / own business / the chosen PPK), the separation of duties and `version`."""
    order = _visible_order(request, number)
    handler = ORDER_ACTIONS.get(action)
    if handler is None:
        raise ApiError(404)
    _domain(lambda: handler(order, request.api_user, data))
    return order_dict(_visible_order(request, number), request.api_user)


# --- carts ----------------------------------------------------------------------------------------


def cart_dict(cart) -> dict:
    review = purchasing_offers.checkout_review(cart)
    return {
        "id": cart.pk, "supplier": {"id": cart.supplier_id, "name": cart.supplier.name},
        "lines": [{"id": line.line.pk, "product_id": line.line.product_id, "name": line.line.product.name,
                   "unit": line.line.product.unit, "quantity": line.line.quantity,
                   "unit_price": line.line.product.price, "subtotal": line.subtotal} for line in review.lines],
        "subtotal": review.subtotal, "ppn": review.ppn, "total": review.total,
        "within_pp_limit": review.within_pp_limit,
    }


@operation(router.get, "/carts", permission="order.create", scope="read", summary="Keranjang saya",
           response={200: list[CartOut], **ERRORS})
def carts(request):
    """The buyer's carts, one per supplier, with totals as the cart page computes them."""
    return [cart_dict(cart) for cart in purchasing_selectors.carts_of(request.api_user)]


@operation(router.post, "/carts/lines", permission="order.create", scope="write",
           summary="Tambah produk ke keranjang", response={201: CartOut, **ACT_ERRORS})
def cart_add(request, data: CartLineIn):
    """Put an active product in the cart for its supplier (the product page's “Masukkan keranjang”)."""
    product = Product.objects.active().select_related("supplier").filter(pk=data.product_id).first()
    if product is None:
        raise ApiError(404)
    line = _domain(lambda: purchasing_services.cart_add_product(user=request.api_user, product=product,
                                                                quantity=data.quantity))
    cart = purchasing_selectors.carts_of(request.api_user).get(pk=line.cart_id)
    return Status(201, cart_dict(cart))


@operation(router.patch, "/carts/lines/{line_id}", permission="order.create", scope="write",
           summary="Ubah jumlah di keranjang", response={200: list[CartOut], **ACT_ERRORS})
def cart_line_update(request, line_id: int, data: CartQuantityIn):
    """Change a line's quantity; 0 removes it. Returns all the buyer's carts."""
    line = CartLine.objects.filter(pk=line_id, cart__buyer=request.api_user).first()
    if line is None:
        raise ApiError(404)
    _domain(lambda: purchasing_services.cart_set_quantity(user=request.api_user, line=line, quantity=data.quantity))
    return [cart_dict(cart) for cart in purchasing_selectors.carts_of(request.api_user)]


# --- verification (catalogue managers) ------------------------------------------------------------------


@operation(router.get, "/verification/suppliers", permission="catalogue.verify", scope="read",
           summary="Antrean verifikasi penyedia", response={200: QueueSupplierPage, **ERRORS})
def supplier_queue(request, params: Query[PageQuery]):
    """Applications waiting for a catalogue manager, oldest first; those you are connected to are marked."""
    user, now = request.api_user, timezone.now()

    def row(supplier):
        since = supplier_selectors.waiting_since(supplier)
        return {"id": supplier.pk, "name": supplier.name, "status": supplier.status,
                "status_label": str(supplier.get_status_display()), "scale": supplier.scale,
                "district": supplier.district.name, "waiting_since": since, "waiting_days": (now - since).days,
                "reviewer_is_me": supplier.reviewer_id == user.pk,
                "connected": supplier_selectors.is_connected(user, supplier),
                "missing_documents": missing_required(supplier, today=timezone.localdate())}

    return paginate(request, supplier_selectors.verification_queue().prefetch_related("documents"),
                    page=params.page, page_size=params.page_size, serialize=row)


def _form_errors(form, field_of) -> ApiError:
    """The page form's messages as the API's validation error, each located in the body (`field_of` maps the
    form's field to the body's path; a form-wide error belongs to `reasons`)."""
    details = [{"location": ["body", *field_of(name)], "message": str(message), "type": "value_error"}
               for name, messages in form.errors.items() for message in messages]
    return ApiError(422, details[0]["message"], details=details)


def _rejection_reason(data: SupplierDecisionIn) -> str:
    form = RejectForm(data={"reason": data.reason})
    if not form.is_valid():
        raise _form_errors(form, lambda name: ["reason"])
    return form.cleaned_data["reason"]


def _revision_reasons(data: SupplierDecisionIn) -> dict[str, str]:
    unknown = sorted(set(data.reasons) - set(REVISABLE_FIELDS))
    if unknown:
        raise ApiError(422, details=[{"location": ["body", "reasons", part], "type": "enum",
                                      "message": ", ".join(REVISABLE_FIELDS)} for part in unknown])
    form = RevisionForm(data={f"reason_{part}": text for part, text in data.reasons.items()})
    if not form.is_valid():
        raise _form_errors(form, lambda name: ["reasons"] if name == "__all__" else ["reasons", name[len("reason_"):]])
    return form.cleaned_data["reasons"]


SUPPLIER_ACTIONS = {
    "start_review": lambda s, u, d: supplier_services.supplier_start_review(supplier=s, actor=u),
    "release": lambda s, u, d: supplier_services.supplier_release(supplier=s, actor=u),
    "verify": lambda s, u, d: supplier_services.supplier_verify(supplier=s, actor=u, reason=d.reason),
    "request_revision": lambda s, u, d: supplier_services.supplier_request_revision(
        supplier=s, actor=u, reasons=_revision_reasons(d)),
    "reject": lambda s, u, d: supplier_services.supplier_reject(supplier=s, actor=u, reason=_rejection_reason(d)),
}


@operation(router.post, "/verification/suppliers/{supplier_id}/{action}", permission="catalogue.verify",
           scope="write", summary="Keputusan verifikasi penyedia", response={200: StatusOut, **ACT_ERRORS})
def supplier_verification_action(request, supplier_id: int, action: str, data: SupplierDecisionIn = None):
    """start_review, release (back to the queue), verify, request_revision or reject, as the review page's
    buttons and forms: verify takes a `reason` when a required document is missing, reject a `reason`,
    request_revision `reasons` per part, checked by the page's own forms and stored, audited and sent to the
    business as the page does. The body may be left out for the others. Separation of duties: nobody
    verifies a business they are connected to."""
    data = data or SupplierDecisionIn()
    supplier = supplier_selectors.suppliers_visible_to(request.api_user).filter(pk=supplier_id).first()
    handler = SUPPLIER_ACTIONS.get(action)
    if supplier is None or handler is None:
        raise ApiError(404)

    def decide():
        try:
            return handler(supplier, request.api_user, data)
        except supplier_services.ReasonRequired as error:  # an incomplete request, not a conflict (409)
            where = "reasons" if action == "request_revision" else "reason"
            raise ApiError(422, str(error), details=[{"location": ["body", where], "message": str(error),
                                                      "type": "missing"}]) from None

    supplier = _domain(decide)
    return {"id": supplier.pk, "status": supplier.status, "status_label": str(supplier.get_status_display())}


@operation(router.get, "/verification/products", permission="catalogue.verify", scope="read",
           summary="Antrean verifikasi produk", response={200: QueueProductPage, **ERRORS})
def product_queue(request, params: Query[PageQuery]):
    """Products waiting for a catalogue manager, the longest-waiting first."""
    return paginate(request, catalogue_selectors.verification_queue(), page=params.page, page_size=params.page_size,
                    serialize=lambda p: {
                        "id": p.pk, "name": p.name, "supplier": {"id": p.supplier_id, "name": p.supplier.name},
                        "category": {"id": p.category_id, "name": p.category.name, "slug": p.category.slug},
                        "price": p.price, "unit": p.unit, "submitted_at": p.submitted_at})


PRODUCT_REVIEW_ACTIONS = ("verify", "verify_publish", "request_revision", "reject")


@operation(router.post, "/verification/products/{product_id}", permission="catalogue.verify", scope="write",
           summary="Keputusan verifikasi produk", response={200: StatusOut, **ACT_ERRORS})
def product_review(request, product_id: int, data: ProductReviewIn):
    """The product review page's decision: verify, verify_publish, request_revision or reject (with a note)."""
    product = catalogue_selectors.products_visible_to(request.api_user).filter(pk=product_id).first()
    if product is None:
        raise ApiError(404)
    if data.action not in PRODUCT_REVIEW_ACTIONS:
        raise ApiError(422, details=[{"location": ["body", "action"], "message": ", ".join(PRODUCT_REVIEW_ACTIONS),
                                      "type": "enum"}])
    product = _domain(lambda: catalogue_services.product_transition(actor=request.api_user, product=product,
                                                                    action=data.action, note=data.note))
    return {"id": product.pk, "status": product.status, "status_label": str(product.get_status_display())}

