"""Monitoring work that runs in the background (`katalog worker`): the SiRUP import, the dashboard's Excel
workbook and the leadership brief (PDF), on the shared runners of katalog.jobs.kinds."""

from django.utils.translation import gettext_lazy as _

from katalog.jobs.kinds import ExportFile, register_export, register_import

from . import brief, exports, figures, services

IMPORT_RUP = "monitoring.import_rup"
EXPORT_DASHBOARD = "monitoring.export_dashboard"
EXPORT_BRIEF = "monitoring.export_brief"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rup(*, actor, data, filename, params):
    return services.rup_import(actor=actor, data=data, filename=filename, year=int(params["year"]),
                               valid_only=bool(params.get("valid_only")))


register_import(IMPORT_RUP, title=_("Impor RUP (SiRUP)"), permission="monitoring.rup_import", run=_rup)


def _dashboard(*, actor, params, ctx) -> ExportFile:
    year = int(params["year"])
    return ExportFile(exports.dashboard_workbook(figures.dashboard(year)), f"pemantauan-{year}.xlsx", XLSX)


register_export(EXPORT_DASHBOARD, title=_("Pemantauan (Excel)"), permission="monitoring.dashboard",
                build=_dashboard)


def _brief(*, actor, params, ctx) -> ExportFile:
    year = int(params["year"])
    return ExportFile(brief.render(figures.dashboard(year)), f"ringkasan-pimpinan-{year}.pdf", "application/pdf")


register_export(EXPORT_BRIEF, title=_("Ringkasan pimpinan (PDF)"), permission="monitoring.view", build=_brief)
