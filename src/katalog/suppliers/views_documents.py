"""A supplier's documents: listed to those who may see the record, uploaded by its people or an officer,
downloaded only through a permission-checked view as an attachment (never from a public media URL)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from katalog.core.permissions import allows, requires

from . import selectors, services
from .documents import max_document_bytes
from .forms import DocumentForm


def _page(request, supplier, form=None, status=200):
    can_edit = allows(request.user, "supplier.edit") and selectors.suppliers_editable_by(request.user).filter(
        pk=supplier.pk).exists()
    return render(request, "suppliers/documents.html", {
        "supplier": supplier, "documents": selectors.documents_of(supplier), "can_edit": can_edit,
        "form": form or (DocumentForm() if can_edit else None), "max_bytes": max_document_bytes(),
    }, status=status)


@never_cache
@require_GET
@requires("supplier.detail")
def document_list(request, pk: int):
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    return _page(request, supplier)


@never_cache
@require_POST
@requires("supplier.edit")
def document_upload(request, pk: int):
    supplier = get_object_or_404(selectors.suppliers_editable_by(request.user), pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, supplier, form=form, status=400)
    data = form.cleaned_data
    try:
        services.document_add(
            supplier=supplier, actor=request.user, kind=data["kind"], upload=data["file"],
            content_type=data["content_type"], extension=data["extension"], number=data["number"],
            tkdn_value=data["tkdn_value"], expires_on=data["expires_on"],
        )
    except services.SupplierError as error:
        form.add_error(None, str(error))
        return _page(request, supplier, form=form, status=400)
    messages.success(request, _("Dokumen tersimpan."))
    return redirect("suppliers:document_list", supplier.pk)


@never_cache
@require_GET
@requires("supplier.detail")
def document_download(request, pk: int):
    document = selectors.document_visible_to(request.user, pk)
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"{document.kind}-{document.supplier_id}-{document.pk}.{document.extension}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires("supplier.edit")
def document_delete(request, pk: int):
    document = selectors.document_visible_to(request.user, pk)
    if document is None or not selectors.suppliers_editable_by(request.user).filter(pk=document.supplier_id).exists():
        raise Http404
    try:
        services.document_remove(document=document, actor=request.user)
    except services.SupplierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dokumen dihapus."))
    return redirect("suppliers:document_list", document.supplier_id)
