"""Session idle timeout and the two-factor gate."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import selectors
from .http import SESSION_2FA, SESSION_LAST_SEEN, SESSION_LOGIN_AT, SESSION_PENDING, pending_start

# How often (seconds) the last-seen time is written back: not on every request.
_SEEN_RESOLUTION = 60


class SessionIdleTimeoutMiddleware:
    """End a session after KATALOG_SESSION_IDLE_MINUTES without a request, and after SESSION_COOKIE_AGE in any case.

    The page then asks to log in again (the view's @requires sends the visitor to the login form).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if request.user.is_authenticated or SESSION_PENDING in session:
            now = int(time.time())
            last = session.get(SESSION_LAST_SEEN)
            login_at = session.setdefault(SESSION_LOGIN_AT, now)
            idle = settings.KATALOG_SESSION_IDLE_MINUTES * 60
            if (last is not None and now - last > idle) or now - login_at > settings.SESSION_COOKIE_AGE:
                was_logged_in = request.user.is_authenticated
                logout(request)
                if was_logged_in:
                    messages.info(request, _("Sesi Anda berakhir karena lama tidak ada aktivitas. Silakan masuk lagi."))
            elif last is None or now - last >= _SEEN_RESOLUTION:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


# Views a person may reach before the second factor is settled.
EXEMPT_VIEWS = frozenset({
    "login", "logout", "set_language", "healthz", "accounts:login_verify", "accounts:two_factor_enrol",
    "accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
})


class TwoFactorMiddleware:
    """Enrolled people pass the second factor on every session; required roles must enrol first.

    - A session that has passed the second factor (or just enrolled) goes through untouched.
    - Someone with an authenticator whose session skipped the code (logged in some other way)
      is logged out into the code step, and comes back to the page afterwards.
    - Someone whose role requires it (KATALOG_REQUIRE_2FA, KATALOG_2FA_REQUIRED_ROLES) and who
      has no authenticator yet reaches only the enrolment page (and logout).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(SESSION_2FA):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if selectors.two_factor_enrolled(user):
            backend = request.session.get(BACKEND_SESSION_KEY, settings.AUTHENTICATION_BACKENDS[0])
            next_url = request.get_full_path() if request.method == "GET" else ""
            logout(request)
            pending_start(request, user=user, backend=backend, next_url=next_url)
            return redirect("accounts:login_verify")
        if selectors.two_factor_required(user):
            messages.warning(request, _(
                "Peran Anda wajib memakai autentikasi dua langkah. Daftarkan aplikasi autentikator dahulu."
            ))
            return redirect("accounts:two_factor_enrol")
        return None
