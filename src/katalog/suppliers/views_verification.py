"""The catalogue manager's verification queue and decisions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.core.permissions import requires

from . import page_sections, selectors, services
from .queue_filters import queue_filter
from .documents import kind_labels, missing_required
from .forms import RejectForm, RevisionForm
from .states import Action


@require_GET
@requires("catalogue.verify")
def verification_queue(request):
    """Oldest first, with the submission date, days waiting, readiness and missing documents; narrowed by
    the filters; businesses the manager is connected to are marked."""
    filters = queue_filter(request)
    queue = selectors.verification_queue(**filters.selector_kwargs())
    page = Paginator(page_sections.prepared(queue), 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = []
    for supplier in page:
        since = selectors.waiting_since(supplier)
        rows.append({
            "supplier": supplier, "since": since, "days": (now - since).days,
            "readiness": page_sections.sections_for(supplier).get("readiness"), "missing": kind_labels(missing_required(supplier)),
            "connected": selectors.is_connected(request.user, supplier),
            "mine": supplier.reviewer_id == request.user.pk,
        })
    return render(request, "suppliers/verification_queue.html", {
        "rows": rows, "page": page, "count": page.paginator.count, "filters": filters,
        "total": selectors.verification_queue().count(),
    })


@require_POST
@requires("catalogue.verify")
def verification_action(request, pk: int, action: str):
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    base_url = request.build_absolute_uri("/")
    try:
        if action == Action.START_REVIEW:
            services.supplier_start_review(supplier=supplier, actor=request.user, base_url=base_url)
            messages.success(request, _("Anda mulai memeriksa usaha ini."))
        elif action == Action.VERIFY:
            services.supplier_verify(supplier=supplier, actor=request.user, base_url=base_url,
                                     reason=request.POST.get("reason", "")[:2000])
            messages.success(request, _("Usaha ini terverifikasi dan tampil di katalog."))
            return redirect("suppliers:verification_queue")
        elif action == Action.RELEASE:
            services.supplier_release(supplier=supplier, actor=request.user)
            messages.success(request, _("Dikembalikan ke antrean."))
            return redirect("suppliers:verification_queue")
        elif action == "declare_conflict":
            services.conflict_declare(supplier=supplier, actor=request.user)
            messages.success(request, _("Tercatat: Anda terhubung dengan usaha ini dan tidak akan memeriksanya."))
            return redirect("suppliers:verification_queue")
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except services.SupplierError as error:
        messages.error(request, str(error))
    return redirect("suppliers:supplier_detail", supplier.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@requires("catalogue.verify")
def verification_revision(request, pk: int):
    """Send back with a reason per part (name, NIB, NPWP, address, bank, documents…)."""
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    form = RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_request_revision(supplier=supplier, actor=request.user,
                                               reasons=form.cleaned_data["reasons"],
                                               base_url=request.build_absolute_uri("/"))
        except services.SupplierError as error:
            messages.error(request, str(error))
            return redirect("suppliers:supplier_detail", supplier.pk)
        messages.success(request, _("Permintaan perbaikan dikirim ke penyedia."))
        return redirect("suppliers:verification_queue")
    return render(request, "suppliers/verification_form.html", {
        "supplier": supplier, "form": form, "title": _("Minta perbaikan"),
        "intro": _("Tulis alasan hanya pada bagian yang perlu diperbaiki; penyedia melihatnya di samping isian itu."),
    })


@never_cache
@require_http_methods(["GET", "POST"])
@requires("catalogue.verify")
def verification_reject(request, pk: int):
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_reject(supplier=supplier, actor=request.user, reason=form.cleaned_data["reason"],
                                     base_url=request.build_absolute_uri("/"))
        except services.SupplierError as error:
            messages.error(request, str(error))
            return redirect("suppliers:supplier_detail", supplier.pk)
        messages.success(request, _("Pendaftaran ditolak; penyedia diberi tahu alasannya."))
        return redirect("suppliers:verification_queue")
    return render(request, "suppliers/verification_form.html", {
        "supplier": supplier, "form": form, "title": _("Tolak pendaftaran"),
        "intro": _("Tolak hanya bila usaha ini tidak dapat menjadi penyedia (misalnya data palsu). Untuk data yang "
                   "bisa diperbaiki, pilih “Minta perbaikan”."),
    })
