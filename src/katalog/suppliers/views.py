"""Supplier pages: the public profile, the masked list, the one unmasked detail screen, editing,
notifications, e-mail check and the owner's invitation. Views are thin: selectors read, services write.
Registration lives in wizard.py; verification, documents and readiness in their own view modules.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.agencies.selectors import can_assist_password_reset
from katalog.core.permissions import allows, requires
from katalog.core.roles import Role
from katalog.regions.selectors import home_districts

from . import page_sections, selectors, services
from .documents import kind_labels, missing_required
from .forms import AddressForm, BusinessForm, ContactForm, consistent_chain
from .models import Invitation, Supplier
from .states import EDITABLE_STATUSES, REVISABLE_FIELDS, REVISION_FIELD_OF, Action, actions_from

INVITATION_SESSION_KEY = "suppliers.invitation_token"
INVITATION_URL_TOKEN = "atur-sandi"


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@require_GET
@requires("supplier.view_all")
def supplier_list(request):
    """Every supplier, personal data masked (core.privacy.mask via the `masked` filter)."""
    status = request.GET.get("status", "")
    district = request.GET.get("kecamatan", "")[:8]
    query = request.GET.get("q", "").strip()[:100]
    # "belum": only businesses registered "belum ber-NIB", whom the Dinas Koperasi dan UMKM helps to get one.
    without_nib = request.GET.get("nib", "") == "belum"
    suppliers = selectors.supplier_list(status=status, district_code=district, query=query, without_nib=without_nib)
    page = Paginator(suppliers, 50).get_page(request.GET.get("page"))
    return render(request, "suppliers/supplier_list.html", {
        "page": page, "status": status, "statuses": Supplier.Status.choices, "district": district,
        "without_nib": without_nib,
        "districts": home_districts(), "query": query, "can_open": allows(request.user, "supplier.detail"),
    })


@require_GET
@requires("catalogue.browse")
def supplier_public(request, pk: int):
    """The public profile: no personal data; the last verified version while a change is being reviewed."""
    supplier = get_object_or_404(Supplier.objects.publicly_visible().select_related("district", "regency"), pk=pk)
    products = supplier.products.active().select_related("category")[:48]
    return render(request, "suppliers/supplier_public.html", {
        "supplier": supplier, "profile": selectors.public_profile(supplier), "products": products,
    })


@require_GET
@requires("supplier.manage_own")
def my_business(request):
    return redirect("suppliers:supplier_detail", request.user.supplier_id)


@never_cache
@require_GET
@requires("supplier.detail")
def supplier_detail(request, pk: int):
    """The one screen with personal data unmasked: the owner's own, or staff's. Never cached."""
    supplier = get_object_or_404(page_sections.prepared(selectors.suppliers_visible_to(request.user)), pk=pk)
    user = request.user
    is_own = user.supplier_id == supplier.pk
    if not is_own:
        services.record_personal_data_access(actor=user, supplier=supplier)
    connected = user.role == Role.CATALOGUE_MANAGER and selectors.is_connected(user, supplier)
    owner_pending = supplier.people.filter(password__startswith="!").exists()
    context = {
        "supplier": supplier, "is_own": is_own, **page_sections.sections_for(supplier),
        "documents": selectors.documents_of(supplier),
        "missing_documents": kind_labels(missing_required(supplier)),
        "today": timezone.localdate(),
        "reasons": [(REVISABLE_FIELDS.get(k, k), v) for k, v in (supplier.revision_reasons or {}).items()],
        "can_submit": allows(user, "supplier.edit") and Action.SUBMIT in actions_from(supplier.status, user.role),
        # "Verifikasi" is not offered for a business "belum ber-NIB"; the page says why (the service refuses it too).
        "review_actions": ([a for a in actions_from(supplier.status, user.role)
                            if a != Action.VERIFY or supplier.has_nib]
                           if allows(user, "catalogue.verify") and not connected else []),
        "verify_blocked": (services.nib_needed_to_verify() if allows(user, "catalogue.verify") and not connected
                           and Action.VERIFY in actions_from(supplier.status, user.role) and not supplier.has_nib
                           else ""),
        "connected": connected,
        "can_edit": allows(user, "supplier.edit") and supplier.status in EDITABLE_STATUSES,
        "whatsapp_offered": settings.KATALOG_WHATSAPP["enabled"],
        "can_invite": allows(user, "supplier.onboard") and owner_pending,
        "reset_people": ([p for p in supplier.people.filter(is_active=True).order_by("id")
                          if can_assist_password_reset(actor=user, person=p) and p.has_usable_password()]
                         if allows(user, "account.assisted_reset") else []),
        "notifications": selectors.notifications_for(supplier.pk)[:5] if is_own else [],
        "profile_gaps": selectors.profile_gaps(supplier) if supplier.personal_data_erased_at is None else [],
        "visits": supplier.visits.select_related("officer", "village").order_by("-visited_on", "-id")[:10],
        "waiting_since": selectors.waiting_since(supplier),
        "data_requests": supplier.data_requests.order_by("-requested_at", "-id")[:5],
        "can_request_data": (allows(user, "supplier.edit") and supplier.personal_data_erased_at is None
                             and selectors.suppliers_editable_by(user).filter(pk=supplier.pk).exists()),
    }
    return render(request, "suppliers/supplier_detail.html", context)


def _edit_forms(request, supplier: Supplier):
    if request.method == "POST":
        data = request.POST
        return (BusinessForm(data, prefix="usaha", supplier_pk=supplier.pk, nib_on_file=supplier.has_nib),
                AddressForm(data, prefix="alamat"),
                ContactForm(data, prefix="kontak"))
    village = supplier.village
    return (
        BusinessForm(prefix="usaha", supplier_pk=supplier.pk, nib_on_file=supplier.has_nib, initial={
            "name": supplier.name, "owner_name": supplier.owner_name, "owner_nik": supplier.owner_nik,
            "nib": supplier.nib, "no_nib": not supplier.has_nib, "npwp": supplier.npwp, "is_pkp": supplier.is_pkp,
            "scale": supplier.scale,
            "is_cooperative": supplier.is_cooperative, "kbli_codes": supplier.kbli_codes,
        }),
        AddressForm(prefix="alamat", initial={
            "province": supplier.regency.province_id, "regency": supplier.regency_id,
            "district": supplier.district_id, "village": village.pk if village else "", "address": supplier.address,
        }),
        ContactForm(prefix="kontak", initial={
            "phone": supplier.phone, "email": supplier.email, "bank_name": supplier.bank_name,
            "bank_account_number": supplier.bank_account_number, "bank_account_holder": supplier.bank_account_holder,
            "notice_channel": "whatsapp" if supplier.notify_whatsapp else "surel",
            "whatsapp_consent": supplier.notify_whatsapp,
        }),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@requires("supplier.edit")
def supplier_edit(request, pk: int):
    """Change the data; on a verified supplier some changes send it back to review (the page says which)."""
    supplier = get_object_or_404(selectors.suppliers_editable_by(request.user), pk=pk)
    if supplier.status not in EDITABLE_STATUSES:
        messages.error(request, _("Data tidak dapat diubah saat berstatus “%(status)s”.")
                       % {"status": supplier.get_status_display()})
        return redirect("suppliers:supplier_detail", supplier.pk)
    business, address, contact = _edit_forms(request, supplier)
    if request.method == "POST" and "refresh" not in request.POST:
        if all([business.is_valid(), address.is_valid(), contact.is_valid()]):
            try:
                supplier, changed = services.supplier_update(
                    supplier=supplier, actor=request.user, business=business.cleaned_data,
                    address=address.cleaned_data, contact=contact.cleaned_data, base_url=_base_url(request),
                )
            except services.Conflict as conflict:
                {"usaha": business, "alamat": address}.get(conflict.step, business).add_error(
                    conflict.field, conflict.message)
            except (services.SupplierError, IntegrityError) as error:
                messages.error(request, str(error))
            else:
                if not changed:
                    messages.info(request, _("Tidak ada data yang berubah."))
                elif supplier.status == Supplier.Status.SUBMITTED and supplier.public_snapshot:
                    messages.success(request, _("Perubahan disimpan dan diajukan untuk diperiksa ulang. Halaman publik "
                                                "menampilkan data terverifikasi terakhir sampai pemeriksaan selesai."))
                else:
                    messages.success(request, _("Perubahan disimpan."))
                return redirect("suppliers:supplier_detail", supplier.pk)
    elif request.method == "POST":
        # No-JS refresh of the region pickers: the same page with updated choices; nothing saved, nothing lost.
        raw_address = _prefixed(request.POST, "alamat")
        address = AddressForm(prefix="alamat", initial={**raw_address, **consistent_chain(raw_address)})
        business = BusinessForm(prefix="usaha", supplier_pk=supplier.pk, nib_on_file=supplier.has_nib,
                                initial=_prefixed(request.POST, "usaha"))
        contact = ContactForm(prefix="kontak", initial=_prefixed(request.POST, "kontak"))
    for name in ("province", "regency", "district", "village"):
        address.fields[name].widget.attrs.update({
            "hx-post": request.path, "hx-trigger": "change", "hx-target": "#wilayah", "hx-select": "#wilayah",
            "hx-swap": "outerHTML", "hx-vals": '{"refresh": "1"}',
        })
    return render(request, "suppliers/supplier_edit.html", {
        "supplier": supplier, "business": business, "address": address, "contact": contact,
        "reasons": [(REVISABLE_FIELDS.get(k, k), v) for k, v in (supplier.revision_reasons or {}).items()],
        "field_reasons": {REVISION_FIELD_OF[k]: v for k, v in (supplier.revision_reasons or {}).items()
                          if k in REVISION_FIELD_OF},
    })


def _prefixed(post, prefix: str) -> dict:
    start = f"{prefix}-"
    return {k.removeprefix(start): v for k, v in post.items() if k.startswith(start)}


@require_POST
@requires("supplier.edit")
def supplier_submit(request, pk: int):
    supplier = get_object_or_404(selectors.suppliers_editable_by(request.user), pk=pk)
    try:
        services.supplier_submit(supplier=supplier, actor=request.user, base_url=_base_url(request))
    except services.SupplierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Data usaha diajukan untuk verifikasi."))
    return redirect("suppliers:supplier_detail", supplier.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@requires("supplier.manage_own")
def notification_list(request):
    supplier = request.user.supplier
    if request.method == "POST":
        services.notifications_mark_read(supplier=supplier, actor=request.user)
        return redirect("suppliers:notifications")
    page = Paginator(selectors.notifications_for(supplier.pk), 30).get_page(request.GET.get("page"))
    return render(request, "suppliers/notifications.html", {"page": page, "supplier": supplier})


@require_POST
@requires("supplier.edit")
def email_verification_resend(request, pk: int):
    supplier = get_object_or_404(selectors.suppliers_editable_by(request.user), pk=pk)
    try:
        services.email_verification_send(supplier=supplier, base_url=_base_url(request))
    except services.SupplierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tautan pemeriksaan dikirim ke surel usaha. Buka surel itu dan klik tautannya."))
    return redirect("suppliers:supplier_detail", supplier.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@requires("supplier.register")
def email_verify(request, token: str):
    """GET shows a button; the POST confirms (a mail scanner opening the link confirms nothing)."""
    if request.method == "POST":
        try:
            services.email_verify(token=token)
        except services.SupplierError as error:
            return render(request, "suppliers/email_verify.html", {"error": str(error)}, status=400)
        return render(request, "suppliers/email_verify.html", {"done": True})
    return render(request, "suppliers/email_verify.html", {"token": token})


# --- Invitations (assisted onboarding) ---------------------------------------


@never_cache
@require_GET
@requires("supplier.onboard")
def invitation_issued(request, pk: int):
    """Shows the owner's link once, right after it was made; afterwards only a new one can be made."""
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    once = request.session.pop("suppliers.invitation_once", None)
    link = once["url"] if once and once.get("supplier") == supplier.pk else None
    return render(request, "suppliers/invitation_issued.html", {"supplier": supplier, "link": link})


@require_POST
@requires("supplier.onboard")
def invitation_reissue(request, pk: int):
    """A new link for an owner who has not set a password yet (never for an account already in use)."""
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    owner = supplier.people.filter(role=Role.SUPPLIER, password__startswith="!").order_by("id").first()
    if owner is None:
        messages.error(request, _(
            "Pemilik sudah membuat kata sandi sendiri; undangan baru tidak diperlukan. Bila lupa kata sandi, pemilik "
            "memakai “Lupa kata sandi?” di %(url)s, atau Anda buatkan tautan atur ulang dengan tombol "
            "“Buat tautan atur ulang kata sandi” di halaman ini."
        ) % {"url": request.build_absolute_uri(reverse("accounts:password_reset"))})
        return redirect("suppliers:supplier_detail", supplier.pk)
    token = services.invitation_create(user=owner, actor=request.user, base_url=_base_url(request))
    request.session["suppliers.invitation_once"] = {
        "supplier": supplier.pk, "url": request.build_absolute_uri(reverse("suppliers:invitation", args=[token])),
    }
    return redirect("suppliers:invitation_issued", supplier.pk)


def _usable_invitation(token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token_hash=services.token_hash(token)).select_related("user").first()
    return invitation if invitation and invitation.is_usable() else None


@never_cache
@require_http_methods(["GET", "POST"])
@requires("supplier.register")
def invitation(request, token: str):
    """The owner's link. The token moves into the session and out of the address bar (as Django's
    password reset does), so it does not linger in history, logs or Referer headers."""
    if token != INVITATION_URL_TOKEN:
        if _usable_invitation(token) is None:
            return render(request, "suppliers/invitation_invalid.html", status=404)
        request.session[INVITATION_SESSION_KEY] = token
        return redirect("suppliers:invitation", INVITATION_URL_TOKEN)
    invitation = _usable_invitation(request.session.get(INVITATION_SESSION_KEY, ""))
    if invitation is None:
        return render(request, "suppliers/invitation_invalid.html", status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["new_password1"])
        except services.SupplierError as error:
            messages.error(request, str(error))
            return render(request, "suppliers/invitation_invalid.html", status=404)
        request.session.pop(INVITATION_SESSION_KEY, None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Kata sandi tersimpan. Mulai sekarang masuk dengan nama pengguna %(u)s.")
                         % {"u": user.username})
        return redirect("suppliers:supplier_detail", user.supplier_id)
    return render(request, "suppliers/invitation_accept.html", {"form": form, "invited": invitation.user,
                                                                "expires_at": invitation.expires_at,
                                                                "now": timezone.now()})
