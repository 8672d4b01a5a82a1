"""Order pages: list, detail with each role's action forms, the POST endpoint for actions, the letters."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from katalog.core.permissions import requires

from .. import documents, forms, order_page, rules, selectors, services
from ..errors import PurchasingError
from ..models import Amendment, Delivery, NegotiationRound, OrderDocument
from ..states import OrderStatus
from ._common import form_errors


# --- orders --------------------------------------------------------------------------------


@require_GET
@requires("order.view")
def order_list(request):
    orders = selectors.orders_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    return render(request, "purchasing/order_list.html",
                  {"page": page, "status": status, "statuses": OrderStatus.choices})


@require_GET
@requires("order.view")
def order_detail(request, number: str):
    # Another OPD's or another supplier's order is a 404, never a 403: its existence is not disclosed.
    order = get_object_or_404(selectors.orders_visible_to(request.user).select_related("buyer", "ppk"), number=number)
    return render(request, "purchasing/order_detail.html", _detail_context(request, order))


def _detail_context(request, order) -> dict:
    """The order page: what it shows, and the forms of what this person may do (order_page.order_choices)."""
    progress = order_page.order_lines_with_progress(order)
    choices = order_page.order_choices(order, request.user)
    actions, shown = choices.actions, choices.forms
    context = {
        "order": order, "lines": order.lines.all(), "progress": progress,
        "deadline": order_page.deadline_of(order), "timeline": order_page.order_timeline(order),
        "rounds": order.negotiation_rounds.select_related("proposed_by", "responded_by"),
        "amendments": order.amendments.select_related("proposed_by", "decided_by"),
        "deliveries": order.deliveries.prefetch_related("lines__order_line")
                            .select_related("shipped_by", "received_by"),
        "justifications": order.justifications.select_related("order_line", "written_by"),
        "documents": {d.kind: d for d in order.documents.all()}, "payment": getattr(order, "payment", None),
        "rating": getattr(order, "rating", None), "open_offer": choices.open_offer,
        "open_amendment": choices.open_amendment, "side": choices.side, "actions": set(actions),
        "party_problem": choices.party_problem,
        "pp_limit": rules.rule("pp_checkout_limit"), "can_place": choices.can_place, "can_sign": choices.can_sign,
        "can_rate": choices.can_rate,
    }
    if "offer" in shown:
        context["offer_form"] = forms.OfferForm(order=order, initial={"version": order.version})
    if "respond" in shown:
        context["respond_form"] = forms.RespondForm(initial={"version": order.version,
                                                             "offer": choices.open_offer.pk})
    if "ship" in shown:
        context["ship_form"] = forms.ShipForm(progress=progress, initial={"version": order.version})
    if "receive" in shown:
        context["receive_forms"] = [
            (d, forms.ReceiveForm(initial={"version": order.version, "delivery": d.pk}))
            for d in order.deliveries.filter(received_on__isnull=True)
        ]
    if "check" in shown:
        context["check_form"] = forms.RequiredNoteForm(initial={"version": order.version})
    if "payment" in shown:
        context["payment_form"] = forms.PaymentForm(initial={"version": order.version, "amount": order.total,
                                                             "sp2d_date": timezone.localdate()})
        context["outside_form"] = forms.RequiredNoteForm(initial={"version": order.version})
    if "amendment" in shown:
        context["amendment_form"] = forms.AmendmentForm(order=order, initial={"version": order.version})
    if "decide" in shown:
        context["decide_form"] = forms.DecideAmendmentForm(initial={"version": order.version,
                                                                    "amendment": choices.open_amendment.pk})
    if "rating" in shown:
        context["rating_form"] = forms.RatingForm()
    context["version_form"] = forms.VersionForm(initial={"version": order.version})
    context["reason_form"] = forms.ReasonForm(initial={"version": order.version})
    context["note_form"] = forms.NoteForm(initial={"version": order.version})
    return context


def _bound(form_class, request, **kwargs):
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        raise PurchasingError(form_errors(form))
    return form.cleaned_data, form


def _simple(service, *, success):
    def handle(request, order):
        data, _form = _bound(forms.VersionForm, request)
        service(order=order, user=request.user, expected_version=data["version"])
        return success
    return handle


def _with_reason(service, *, success):
    def handle(request, order):
        data, _form = _bound(forms.ReasonForm, request)
        service(order=order, user=request.user, expected_version=data["version"], reason=data["reason"])
        return success
    return handle


def _with_note(service, form_class, *, success):
    def handle(request, order):
        data, _form = _bound(form_class, request)
        service(order=order, user=request.user, expected_version=data["version"], note=data["note"])
        return success
    return handle


def _propose(request, order):
    data, form = _bound(forms.OfferForm, request, order=order)
    services.negotiation_propose(order=order, user=request.user, expected_version=data["version"], lines=form.terms(),
                                 shipping_cost=data["shipping_cost"] or 0, payment_terms=data["payment_terms"],
                                 note=data["note"])
    return _("Tawaran negosiasi dikirim.")


def _respond(request, order):
    data, _form = _bound(forms.RespondForm, request)
    offer = get_object_or_404(NegotiationRound, pk=data["offer"], order=order)
    services.negotiation_respond(order=order, user=request.user, expected_version=data["version"], offer=offer,
                                 accept=data["decision"] == "accept", note=data["note"])
    return _("Tawaran diterima dan diterapkan pada pesanan.") if data["decision"] == "accept" else _("Tawaran ditolak.")


def _ship(request, order):
    data, form = _bound(forms.ShipForm, request, progress=order_page.order_lines_with_progress(order))
    services.delivery_ship(order=order, user=request.user, expected_version=data["version"],
                           quantities=form.quantities(), shipped_on=data["shipped_on"], note=data["note"])
    return _("Pengiriman dicatat.")


def _receive(request, order):
    data, _form = _bound(forms.ReceiveForm, request)
    delivery = get_object_or_404(Delivery, pk=data["delivery"], order=order)
    services.delivery_receive(order=order, user=request.user, expected_version=data["version"], delivery=delivery,
                              received_on=data["received_on"], note=data["note"])
    return _("Penerimaan barang dicatat.")


def _sign(request, order):
    data, _form = _bound(forms.VersionForm, request)
    if order_page.letter_to_sign(order) == OrderDocument.Kind.BAST:
        services.bast_sign(order=order, user=request.user, expected_version=data["version"])
        return _("BAST ditandatangani.")
    services.order_sign_surat_pesanan(order=order, user=request.user, expected_version=data["version"])
    return _("Surat Pesanan ditandatangani.")


def _payment(request, order):
    data, _form = _bound(forms.PaymentForm, request)
    services.payment_record(order=order, user=request.user, expected_version=data["version"],
                            sp2d_number=data["sp2d_number"], sp2d_date=data["sp2d_date"], amount=data["amount"])
    return _("Pembayaran (SP2D) dicatat. Pesanan lunas.")


def _rate(request, order):
    data, _form = _bound(forms.RatingForm, request)
    services.supplier_rate(order=order, user=request.user, score=data["score"], comment=data["comment"])
    return _("Terima kasih, penilaian penyedia disimpan.")


def _propose_amendment(request, order):
    data, form = _bound(forms.AmendmentForm, request, order=order)
    services.amendment_propose(order=order, user=request.user, expected_version=data["version"], lines=form.terms(),
                               requested_date=data["requested_date"], reason=data["reason"])
    return _("Usulan adendum dikirim ke pihak lain.")


def _decide_amendment(request, order):
    data, _form = _bound(forms.DecideAmendmentForm, request)
    amendment = get_object_or_404(Amendment, pk=data["amendment"], order=order)
    services.amendment_decide(order=order, user=request.user, expected_version=data["version"], amendment=amendment,
                              agree=data["decision"] == "agree", note=data["note"])
    return _("Adendum disepakati dan berlaku.") if data["decision"] == "agree" else _("Adendum ditolak.")


ACTION_HANDLERS = {
    "propose": _propose,
    "respond": _respond,
    "place": _simple(services.order_place, success=_("Pesanan dikirim ke penyedia untuk dikonfirmasi.")),
    "send_to_ppk": _with_note(services.order_send_to_ppk, forms.NoteForm,
                              success=_("Pesanan dikirim ke PPK untuk direviu.")),
    "approve": _simple(services.order_approve, success=_("Pesanan disetujui dan dikirim ke penyedia.")),
    "return": _with_note(services.order_return, forms.RequiredNoteForm,
                         success=_("Pesanan dikembalikan ke negosiasi.")),
    "cancel": _with_reason(services.order_cancel, success=_("Pesanan dibatalkan.")),
    "accept": _simple(services.order_accept,
                      success=_("Pesanan diterima; stok sudah dicadangkan. Tandatangani Surat Pesanan.")),
    "reject": _with_reason(services.order_reject, success=_("Pesanan ditolak.")),
    "sign": _sign,
    "ship": _ship,
    "receive": _receive,
    "check_goods": _with_note(services.goods_check, forms.RequiredNoteForm,
                              success=_("Hasil pemeriksaan dicatat; BAST siap ditandatangani.")),
    "record_payment": _payment,
    "record_outside_payment": _with_note(services.payment_record_outside, forms.RequiredNoteForm,
                                         success=_("Pembayaran di luar sistem dicatat.")),
    "rate": _rate,
    "propose_amendment": _propose_amendment,
    "decide_amendment": _decide_amendment,
    "halt": _with_reason(services.order_halt, success=_("Kontrak dihentikan (keadaan kahar).")),
    "terminate": _with_reason(services.order_terminate, success=_("Kontrak diputus.")),
}


@require_POST
@requires("order.act")
def order_action(request, number: str, action: str):
    order = get_object_or_404(selectors.orders_visible_to(request.user), number=number)
    handler = ACTION_HANDLERS.get(action)
    if handler is None:
        raise Http404
    try:
        messages.success(request, handler(request, order))
    except PurchasingError as error:
        messages.error(request, str(error))
        if action in ACTION_FORMS:
            # The page again, as it stands now, with what the person typed still in the form: a redirect
            # would give them an empty form to fill again.
            order = get_object_or_404(selectors.orders_visible_to(request.user).select_related("buyer", "ppk"),
                                      pk=order.pk)
            context = _detail_context(request, order)
            _keep_what_was_typed(context, ACTION_FORMS[action], request.POST, order)
            return render(request, "purchasing/order_detail.html", context)
    return redirect("purchasing:order_detail", order.number)


# Which form of the order page each action posts, so a refused action can show it again as typed.
ACTION_FORMS = {
    "propose": "offer_form", "ship": "ship_form", "receive": "receive_forms", "check_goods": "check_form",
    "record_payment": "payment_form", "record_outside_payment": "outside_form", "rate": "rating_form",
    "propose_amendment": "amendment_form", "send_to_ppk": "note_form", "return": "note_form",
    "cancel": "reason_form", "reject": "reason_form", "halt": "reason_form", "terminate": "reason_form",
}


def _keep_what_was_typed(context: dict, key: str, posted, order) -> None:
    data = posted.copy()
    if "version" in data:
        data["version"] = str(order.version)  # the page now shows this version; a resubmit applies to it
    if key == "receive_forms":
        context[key] = [(d, _rebound(form, data) if str(d.pk) == data.get("delivery") else form)
                        for d, form in context.get(key, [])]
    elif key in context:
        context[key] = _rebound(context[key], data)


def _rebound(form, data):
    """The same form (built with its page's arguments) bound to the posted values, so it shows them and
    their field errors."""
    form.data, form.files, form.is_bound, form._errors = data, {}, True, None
    return form


@require_GET
@requires("order.view")
def order_document(request, number: str, kind: str):
    order = get_object_or_404(selectors.orders_visible_to(request.user), number=number)
    document = get_object_or_404(OrderDocument, order=order, kind=kind)
    rendered = documents.render(document)
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{rendered.filename}"'
    return response
