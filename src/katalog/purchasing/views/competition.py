"""Mini-kompetisi pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.catalogue.models import Category
from katalog.core.permissions import requires
from katalog.core.roles import Role

from .. import forms, selectors, services
from ..errors import PurchasingError
from ..models import Competition
from ._common import form_errors


# --- mini-kompetisi --------------------------------------------------------------------


@require_GET
@requires("competition.view")
def competition_list(request):
    page = Paginator(selectors.competitions_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "purchasing/competition_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@requires("order.create")
def competition_create(request):
    slug = request.POST.get("kategori") or request.GET.get("kategori", "")
    category = Category.objects.filter(slug=slug[:160]).first() if slug else None
    if category is None:
        return render(request, "purchasing/competition_create.html",
                      {"categories": Category.objects.order_by("level", "name"), "form": None})
    form = forms.CompetitionForm(request.POST or None, user=request.user, category=category)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            competition = services.competition_create(
                user=request.user, category=category, title=data["title"], items=form.items(),
                supplier_ids=[s.pk for s in data["suppliers"]], deadline=data["deadline"], rup_code=data["rup_code"],
                funding_source=data["funding_source"], delivery_address=data["delivery_address"],
                requested_date=data["requested_date"], ppk=data["ppk"], description=data["description"],
                idempotency_key=data["idempotency_key"], budget_year=data["budget_year"],
            )
        except PurchasingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Mini-kompetisi %(n)s dibuka.") % {"n": competition.number})
            return redirect("purchasing:competition_detail", competition.number)
    return render(request, "purchasing/competition_create.html", {"category": category, "form": form})


def _competition(request, number):
    return get_object_or_404(selectors.competitions_visible_to(request.user).distinct(), number=number)


@require_GET
@requires("competition.view")
def competition_detail(request, number: str):
    competition = _competition(request, number)
    user = request.user
    now = timezone.now()
    open_for_quotes = competition.status == Competition.Status.OPEN and now < competition.deadline
    context = {"competition": competition, "items": competition.items.all(), "open_for_quotes": open_for_quotes,
               "invitations": competition.invitations.select_related("supplier")}
    quotes = competition.quotes.select_related("supplier", "submitted_by").prefetch_related("lines__product")
    if user.role == Role.SUPPLIER:
        context["my_quotes"] = quotes.filter(supplier_id=user.supplier_id).order_by("-revision")
        if open_for_quotes:
            context["quote_form"] = forms.QuoteForm(competition=competition, supplier=user.supplier)
    elif open_for_quotes:
        # Sealed until the deadline: the OPD sees how many quoted, not what.
        context["quote_count"] = quotes.filter(is_current=True).count()
    else:
        context["quotes"] = quotes.order_by("rank", "supplier__name", "revision")
    context["can_award"] = (user.role == Role.PP and user.agency_id == competition.agency_id
                            and competition.status == Competition.Status.OPEN and now >= competition.deadline)
    return render(request, "purchasing/competition_detail.html", context)


@require_POST
@requires("competition.quote")
def competition_quote(request, number: str):
    competition = _competition(request, number)
    form = forms.QuoteForm(request.POST, competition=competition, supplier=request.user.supplier)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.competition_submit_quote(user=request.user, competition=competition, lines=form.lines(),
                                              note=form.cleaned_data["note"])
        except PurchasingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Penawaran terkirim."))
    return redirect("purchasing:competition_detail", competition.number)


@require_POST
@requires("order.create")
def competition_award(request, number: str):
    competition = _competition(request, number)
    try:
        competition = services.competition_award(user=request.user, competition=competition,
                                                 justification=request.POST.get("justification", "")[:2000])
    except PurchasingError as error:
        messages.error(request, str(error))
        return redirect("purchasing:competition_detail", competition.number)
    if competition.order_id:
        messages.success(request, _("Pemenang ditetapkan; pesanan %(n)s dibuat.") % {"n": competition.order.number})
        return redirect(reverse("purchasing:order_detail", args=[competition.order.number]))
    messages.warning(request, _("Tidak ada penawaran; mini-kompetisi gagal."))
    return redirect("purchasing:competition_detail", competition.number)
