from django.urls import include, path
from django.views.i18n import set_language

from katalog.agencies import views as account_views
from katalog.core import health
from katalog.core import views as core_views
from katalog.core.permissions import requires
from katalog.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("beranda/", home_views.dashboard, name="dashboard"),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("masuk/", account_views.login, name="login"),
    path("keluar/", account_views.logout, name="logout"),
    path("akun/", include("katalog.agencies.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("bahasa/", requires("site.public")(set_language), name="set_language"),
    path("katalog/", include("katalog.catalogue.urls")),
    path("penyedia/", include("katalog.suppliers.urls")),
    path("pesanan/", include("katalog.purchasing.urls")),
    path("pemantauan/", include("katalog.monitoring.urls")),
    path("opendata/", include("katalog.opendata.urls")),
    path("api/v1/", include("katalog.opendata.api_urls")),
    path("pekerjaan/", include("katalog.jobs.urls")),
    path("kotak-keluar/", include("katalog.notices.urls")),
]
