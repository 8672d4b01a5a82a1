"""Monitoring pages. Thin: read the year and filters, ask a selector, render HTML or, with ?format=xlsx,
the same table as an Excel workbook. Who sees which orders is decided in selectors.py."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.agencies.models import Agency
from katalog.catalogue.models import Category
from katalog.core.params import MAX_ID, query_int
from katalog.core.permissions import allows, requires
from katalog.regions.models import District, Village
from katalog.suppliers.models import Supplier

from katalog.jobs.web import start_job

from . import brief, demand, exports, figures, impact, selectors, services, shortfall
from .job_handlers import EXPORT_BRIEF, EXPORT_DASHBOARD, IMPORT_RUP
from .forms import BudgetImportForm, FlagReviewForm, PotentialForm, RupImportForm, TargetForm
from .models import DetectionRun, GoodsBudget, OutsidePackage, Potential, RupPackage, Target
from .rup import TEMPLATE_HEADER
from .states import MONTHS, FlagKind, FlagOutcome, FlagStatus, default_targets
from katalog.core.spreadsheets_write import csv_bytes
from .budget import BUDGET_TEMPLATE, OUTSIDE_TEMPLATE


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


def _int(request, name: str, *, maximum: int = MAX_ID) -> int | None:
    """An id or month from the query string; out of range or not a number is a page that does not exist."""
    return query_int(request, name, maximum=maximum)


def _wants_excel(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _year_context(request, year: int) -> dict:
    return {"year": year, "years": figures.fiscal_years(), "query": request.GET.urlencode()}


# --- dashboard ---------------------------------------------------------------------


@require_GET
@requires("monitoring.dashboard")
def dashboard(request):
    year = _year(request)
    board = figures.dashboard(year)
    user = request.user
    return render(request, "monitoring/dashboard.html", {
        **_year_context(request, year), "board": board, "months_names": MONTHS,
        "gaps": shortfall.section(board.rows, board.targets.umk),
        "drill_all": selectors.may_drill(user, None), "own_agency_id": selectors.own_agency_id(user),
        "may_targets": allows(user, "monitoring.targets"), "may_rup": allows(user, "monitoring.rup_import"),
        "may_brief": allows(user, "monitoring.view"),
    })


@require_POST
@requires("monitoring.dashboard")
def dashboard_export(request):
    """The dashboard's workbook (every OPD, every month), built by the worker; the job page offers it."""
    return start_job(request, kind=EXPORT_DASHBOARD, params={"year": _year(request)})


@require_GET
@requires("monitoring.dashboard")
def agency_detail(request, agency_id: int):
    year = _year(request)
    agency = get_object_or_404(Agency, pk=agency_id)
    row = figures.agency_figures(year, agency)
    months = figures.monthly_trend(year, agency_id=agency.pk)
    packages = RupPackage.objects.filter(year=year, agency=agency).order_by("-pagu", "rup_code")
    if _wants_excel(request):
        return _xlsx(exports.agency_workbook(row, months, packages), f"pemantauan-{year}-{agency.code}.xlsx")
    return render(request, "monitoring/agency_detail.html", {
        **_year_context(request, year), "row": row, "agency": agency, "months": months, "months_names": MONTHS,
        "gap": shortfall.shortfall_of(row),
        "packages": packages[:200], "package_count": packages.count(),
        "drill": selectors.may_drill(request.user, agency.pk),
    })


@require_GET
@requires("monitoring.dashboard")
def orders(request):
    """The orders behind one number of the dashboard; the sum at the foot is that number."""
    year = _year(request)
    measure = request.GET.get("ukuran", "realised")
    agency_id = _int(request, "opd")
    if measure not in figures.MEASURES or not selectors.may_drill(request.user, agency_id):
        raise Http404
    month = _int(request, "bulan", maximum=12)
    district = request.GET.get("kecamatan") or None
    village = request.GET.get("kampung") or None
    category_id = _int(request, "kategori")
    try:
        qs = figures.orders_behind(year=year, measure=measure, agency_id=agency_id, month=month,
                                   district=district, village=village, category_id=category_id)
    except KeyError:
        raise Http404 from None
    total = qs.aggregate(s=Sum("counted"))["s"] or 0
    context = {
        **_year_context(request, year), "measure": measure, "measure_label": figures.measure_label(measure),
        "agency": Agency.objects.filter(pk=agency_id).first() if agency_id else None,
        "month": month, "month_name": MONTHS.get(month, ""), "district": District.objects.filter(code=district).first() if district else None,
        "village": Village.objects.filter(code=village).first() if village else None,
        "category": Category.objects.filter(pk=category_id).first() if category_id else None,
        "total": total,
    }
    if _wants_excel(request):
        return _xlsx(exports.orders_workbook(qs, context), f"pesanan-{year}-{measure}.xlsx")
    context["page"] = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "monitoring/orders.html", context)


# --- local impact and demand ---------------------------------------------------------


@require_GET
@requires("monitoring.impact")
def impact_view(request):
    year = _year(request)
    data = impact.impact_by_district(year)
    if _wants_excel(request):
        return _xlsx(exports.impact_workbook(data, _("Kecamatan")), f"dampak-lokal-{year}.xlsx")
    return render(request, "monitoring/impact.html", {
        **_year_context(request, year), "impact": data, "area": None,
        "drill": selectors.may_drill(request.user, None)})


@require_GET
@requires("monitoring.impact")
def impact_district(request, code: str):
    year = _year(request)
    district = get_object_or_404(District, code=code, regency_id=settings.KATALOG_REGION)
    data = impact.impact_by_village(year, district)
    if _wants_excel(request):
        return _xlsx(exports.impact_workbook(data, _("Desa/kampung")), f"dampak-lokal-{year}-{code}.xlsx")
    return render(request, "monitoring/impact.html", {
        **_year_context(request, year), "impact": data, "area": district,
        "drill": selectors.may_drill(request.user, None)})


@require_GET
@requires("monitoring.impact")
def demand_view(request):
    year = _year(request)
    rows = demand.demand_without_local_supply(year)
    opportunities = demand.where_to_develop(rows)
    loose = demand.uncategorised(year)
    if _wants_excel(request):
        return _xlsx(exports.demand_workbook(rows, opportunities, loose.packages),
                     f"kebutuhan-tanpa-pemasok-lokal-{year}.xlsx")
    return render(request, "monitoring/demand.html", {
        **_year_context(request, year), "rows": rows, "opportunities": opportunities, "uncategorised": loose,
        "drill": selectors.may_drill(request.user, None), "may_tag": allows(request.user, "monitoring.potentials")})


@require_http_methods(["GET", "POST"])
@requires("monitoring.potentials")
def potentials(request):
    form = PotentialForm(request.POST or None, initial={"district": request.GET.get("kecamatan")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.potential_add(actor=request.user, district=data["district"], category=data["category"],
                                   kind=data["kind"], description=data["description"])
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Potensi kecamatan tercatat."))
            return redirect("monitoring:potentials")
    rows = Potential.objects.select_related("district", "category", "created_by")
    return render(request, "monitoring/potentials.html", {"form": form, "rows": rows})


@require_POST
@requires("monitoring.potentials")
def potential_delete(request, pk: int):
    potential = get_object_or_404(Potential, pk=pk)
    services.potential_remove(actor=request.user, potential=potential)
    messages.success(request, _("Potensi dihapus."))
    return redirect("monitoring:potentials")


# --- integrity flags ---------------------------------------------------------------------


OPEN_FILTER, ALL_FILTER = "terbuka", "semua"


@require_GET
@requires("monitoring.flags")
def flags(request):
    """The flags, filtered by outcome (open by default), type, OPD and supplier; auditors review several at once."""
    qs = selectors.flags_visible_to(request.user)
    outcome = request.GET.get("hasil", OPEN_FILTER)
    kind = request.GET.get("jenis", "")
    agency_id, supplier_id = _int(request, "opd"), _int(request, "penyedia")
    if outcome == OPEN_FILTER:
        qs = qs.filter(status=FlagStatus.OPEN)
    elif outcome in FlagOutcome.values:
        qs = qs.filter(outcome=outcome)
    if kind in FlagKind.values:
        qs = qs.filter(kind=kind)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    if _wants_excel(request):
        return _xlsx(exports.flags_workbook(qs), "tanda-integritas.xlsx")
    visible = selectors.flags_visible_to(request.user)
    return render(request, "monitoring/flags.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page")), "outcome": outcome, "kind": kind,
        "agency_id": agency_id, "supplier_id": supplier_id,
        "outcomes": [(OPEN_FILTER, _("Terbuka")), *FlagOutcome.choices, (ALL_FILTER, _("Semua"))],
        "kinds": FlagKind.choices,
        "agencies": Agency.objects.filter(pk__in=visible.values("agency_id")).order_by("name"),
        "suppliers": Supplier.objects.filter(pk__in=visible.values("supplier_id")).order_by("name"),
        "may_review": allows(request.user, "monitoring.review_flags"), "form": FlagReviewForm(),
        "last_run": DetectionRun.objects.first(), "query": request.GET.urlencode()})


@require_POST
@requires("monitoring.review_flags")
def flags_review(request):
    """Review the ticked flags together, with one outcome and one note."""
    form = FlagReviewForm(request.POST)
    chosen = selectors.flags_visible_to(request.user).filter(pk__in=[
        int(pk) for pk in request.POST.getlist("tanda") if pk.isdigit()])
    back = request.POST.get("kembali", "")
    target = f"{reverse('monitoring:flags')}?{back}" if back and "//" not in back else reverse("monitoring:flags")
    if not form.is_valid():
        messages.error(request, _("Pilih hasil penelaahan dan tuliskan catatannya."))
        return redirect(target)
    try:
        done = services.flags_review(actor=request.user, flags=list(chosen), note=form.cleaned_data["note"],
                                     outcome=form.cleaned_data["outcome"])
    except services.MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)s tanda ditelaah.") % {"n": len(done)})
    return redirect(target)


@require_http_methods(["GET", "POST"])
@requires("monitoring.flags")
def flag_detail(request, pk: int):
    flag = get_object_or_404(selectors.flags_visible_to(request.user), pk=pk)
    may_review = allows(request.user, "monitoring.review_flags") and flag.status == FlagStatus.OPEN
    form = FlagReviewForm(request.POST or None)
    if request.method == "POST":
        if not allows(request.user, "monitoring.review_flags"):
            raise Http404
        if form.is_valid():
            try:
                services.flag_review(actor=request.user, flag=flag, note=form.cleaned_data["note"],
                                     outcome=form.cleaned_data["outcome"])
            except services.MonitoringError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Tanda ditandai sudah ditelaah."))
            return redirect("monitoring:flag_detail", pk=flag.pk)
    return render(request, "monitoring/flag_detail.html", {
        "flag": flag, "form": form, "may_review": may_review, "evidence": selectors.evidence_links(flag),
        "drill": selectors.may_drill(request.user, flag.agency_id)})


# --- targets and the RUP plan --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("monitoring.targets")
def targets(request):
    year = _year(request)
    current = figures.targets_for(year)
    form = TargetForm(request.POST or None, initial={
        "year": year, "umk_percent": current.umk, "domestic_percent": current.domestic, "local_percent": current.local})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.target_set(actor=request.user, year=data["year"], umk_percent=data["umk_percent"],
                                domestic_percent=data["domestic_percent"], local_percent=data["local_percent"])
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Target tahun %(year)s disimpan.") % {"year": data["year"]})
            return redirect(f"{request.path}?tahun={data['year']}")
    return render(request, "monitoring/targets.html", {
        **_year_context(request, year), "form": form, "current": current, "defaults": default_targets(year),
        "rows": Target.objects.all()})


@require_http_methods(["GET", "POST"])
@requires("monitoring.rup_import")
def rup_import(request):
    year = _year(request)
    form = RupImportForm(request.POST or None, request.FILES or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        # Checked and loaded by the worker; the job's page shows the counts and the rejected rows.
        return start_job(request, kind=IMPORT_RUP, upload=form.cleaned_data["file"], params={
            "year": form.cleaned_data["year"], "valid_only": form.cleaned_data["valid_only"]})
    summary = (RupPackage.objects.filter(year=year).values("agency__name").annotate(n=Count("id"), pagu=Sum("pagu"))
               .order_by("-pagu"))
    return render(request, "monitoring/rup_import.html", {
        **_year_context(request, year), "form": form, "summary": summary})


@require_GET
@requires("monitoring.rup_import")
def rup_template(request):
    content = csv_bytes([TEMPLATE_HEADER, ["50112233", "Dinas Pendidikan dan Kebudayaan", "Belanja nasi kotak rapat",
                                           "12.500.000", "E-Purchasing", "Ya", "Ya", str(datetime.date.today().year),
                                           "Nasi Kotak"]], delimiter=";")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-rup.csv"'
    return response


@require_http_methods(["GET", "POST"])
@requires("monitoring.rup_import")
def budget_import(request):
    """The goods/services budget per OPD and the packages realised outside the catalogue (the 40% base)."""
    year = _year(request)
    form = BudgetImportForm(request.POST or None, request.FILES or None, initial={"year": year})
    report = None
    if request.method == "POST" and form.is_valid():
        upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
        run = (services.goods_budget_import if form.cleaned_data["kind"] == BudgetImportForm.KIND_BUDGET
               else services.outside_packages_import)
        report = run(actor=request.user, data=upload.read(), filename=upload.name, year=year)
        if report.saved:
            messages.success(request, _("%(n)s baris disimpan untuk tahun %(y)s.") % {"n": report.saved_rows, "y": year})
    budgets = {b.agency_id: b for b in GoodsBudget.objects.filter(year=year)}
    outside = dict(OutsidePackage.objects.filter(year=year).order_by().values("agency_id")
                   .annotate(v=Sum("value")).values_list("agency_id", "v"))
    summary = [{"name": a.name, "budget": budgets[a.pk].amount if a.pk in budgets else None,
                "source": budgets[a.pk].get_source_display() if a.pk in budgets else "", "outside": outside.get(a.pk, 0)}
               for a in Agency.objects.filter(pk__in=set(budgets) | set(outside)).order_by("name")]
    return render(request, "monitoring/budget_import.html", {
        **_year_context(request, year), "form": form, "report": report, "summary": summary})


@require_GET
@requires("monitoring.rup_import")
def budget_template(request, kind: str):
    path = {"anggaran": BUDGET_TEMPLATE, "luar-katalog": OUTSIDE_TEMPLATE}.get(kind)
    if path is None:
        raise Http404
    response = HttpResponse("\ufeff" + path.read_text(encoding="utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response


# --- leadership brief and the public page ----------------------------------------------------


@require_POST
@requires("monitoring.view")
def brief_pdf(request):
    """The leadership brief, drawn by the worker; the job page offers the PDF."""
    return start_job(request, kind=EXPORT_BRIEF, params={"year": _year(request)})


@require_GET
@requires("monitoring.public")
def public(request):
    """Aggregate figures for everyone: kabupaten totals, each OPD's shares, spend per kecamatan. No orders."""
    year = _year(request)
    board = figures.dashboard(year)
    places = impact.impact_by_district(year, with_funnel=False)
    if _wants_excel(request):
        return _xlsx(exports.public_workbook(board, places), f"belanja-lokal-{year}.xlsx")
    return render(request, "monitoring/public.html", {
        **_year_context(request, year), "board": board, "impact": places, "months_names": MONTHS})
