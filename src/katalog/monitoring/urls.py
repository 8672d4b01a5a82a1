from django.urls import path

from . import leakage_views, plan_views, views, worklist_views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("opd/<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("pesanan/", views.orders, name="orders"),
    path("dampak/", views.impact_view, name="impact"),
    path("dampak/<str:code>/", views.impact_district, name="impact_district"),
    path("kebutuhan/", views.demand_view, name="demand"),
    path("kebocoran/", leakage_views.leakage_view, name="leakage"),
    path("kebocoran/pesanan/", leakage_views.leakage_lines, name="leakage_lines"),
    path("rencana/", plan_views.plan_view, name="plan"),
    path("rencana/paket/<int:pk>/", plan_views.plan_package, name="plan_package"),
    path("daftar-kerja/", worklist_views.worklist_view, name="worklist"),
    path("daftar-kerja/wilayah/", worklist_views.worklist_assign, name="worklist_assign"),
    path("potensi/", views.potentials, name="potentials"),
    path("potensi/<int:pk>/hapus/", views.potential_delete, name="potential_delete"),
    path("tanda/", views.flags, name="flags"),
    path("tanda/telaah/", views.flags_review, name="flags_review"),
    path("tanda/<int:pk>/", views.flag_detail, name="flag_detail"),
    path("target/", views.targets, name="targets"),
    path("rup/", views.rup_import, name="rup_import"),
    path("rup/templat.csv", views.rup_template, name="rup_template"),
    path("anggaran/", views.budget_import, name="budget_import"),
    path("anggaran/templat-anggaran.csv", views.budget_template, {"kind": "anggaran"}, name="budget_template"),
    path("anggaran/templat-luar-katalog.csv", views.budget_template, {"kind": "luar-katalog"},
         name="outside_template"),
    path("ringkasan.pdf", views.brief_pdf, name="brief"),
    path("publik/", views.public, name="public"),
]
