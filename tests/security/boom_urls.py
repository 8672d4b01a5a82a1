"""The site's URLs plus one view that fails with personal data in hand, for error-report tests."""

from django.urls import path

from katalog.core.permissions import requires
from katalog.urls import urlpatterns as site_urlpatterns

NIK = "3201234567890001"


@requires("site.public")
def failing_view(request):
    owner_nik = request.POST.get("owner_nik", NIK)  # noqa: F841 (a local the error report must hide)
    note = f"pemilik {NIK}"  # noqa: F841
    raise ValueError(f"duplicate key value violates unique constraint: (owner_nik)=({NIK})")


urlpatterns = [*site_urlpatterns, path("uji/gagal/", failing_view, name="test_failing_view")]
