from django.contrib.auth import views as auth_views
from django.views.decorators.http import require_POST

from katalog.core.permissions import requires

login = requires("site.public")(
    auth_views.LoginView.as_view(template_name="agencies/login.html", redirect_authenticated_user=True)
)
logout = requires("site.public")(require_POST(auth_views.LogoutView.as_view()))
