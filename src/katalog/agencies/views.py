"""Account views: login (throttled, with a second step for two-factor), logout, account security."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.core.audit import record_event
from katalog.core.permissions import requires
from katalog.core.privacy import no_store
from katalog.core.rules import rule

from . import privacy, selectors, services, totp
from .forms import CodeForm, ThrottledLoginForm, TotpCodeForm, locked_message
from .http import (
    PENDING_MAX_TRIES, SESSION_2FA, SESSION_ENROL_SECRET, client_ip, device_known, device_remember, pending_clear,
    pending_count_try, pending_get, pending_start, safe_next,
)
from .models import User


class LoginView(auth_views.LoginView):
    """Password first. With an authenticator, the person is logged in only after the code step."""

    template_name = "agencies/login.html"
    form_class = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if selectors.two_factor_enrolled(user):
            pending_start(self.request, user=user, backend=user.backend, next_url=self.get_redirect_url())
            return redirect("accounts:login_verify")
        response = super().form_valid(form)  # logs in; Django gives the session a new key here
        services.login_success_record(user=user, ip=client_ip(self.request))
        device_remember(self.request, response, user)
        if selectors.two_factor_required(user):
            return redirect("accounts:two_factor_enrol")
        return response


login = requires("site.public")(sensitive_post_parameters("password")(LoginView.as_view()))


# --- Password reset (Django's signed, expiring link) -------------------------------------------


class AuditedPasswordResetForm(PasswordResetForm):
    """Django's form: mails every active account with this address and a usable password, and tells the
    visitor the same thing whether or not one exists (no account enumeration). Each mail is audited.
    Requests are limited per visitor's address and per e-mail address (services.password_reset_refusal)."""

    def __init__(self, *args, ip: str = "unknown", **kwargs):
        super().__init__(*args, **kwargs)
        self.ip = ip

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            refusal = services.password_reset_refusal(ip=self.ip, email=cleaned["email"])
            if refusal:
                raise forms.ValidationError(refusal, code="throttled")
        return cleaned

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                          html_email_template_name)
        services.password_reset_requested(user=context["user"])


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "agencies/password_reset_form.html"
    email_template_name = "agencies/password_reset_email.txt"
    subject_template_name = "agencies/password_reset_subject.txt"
    form_class = AuditedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ip": client_ip(self.request)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "agencies/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_completed(user=form.user)
        return response


password_reset = requires("site.public")(PasswordResetView.as_view())
password_reset_done = requires("site.public")(auth_views.PasswordResetDoneView.as_view(
    template_name="agencies/password_reset_done.html", extra_context={"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}))
password_reset_confirm = requires("site.public")(PasswordResetConfirmView.as_view())
password_reset_complete = requires("site.public")(auth_views.PasswordResetCompleteView.as_view(
    template_name="agencies/password_reset_complete.html"))


@requires("account.assisted_reset")
@no_store
@require_POST
def password_reset_assisted(request, pk: int):
    """An officer makes a one-time reset link for a business owner (pendamping) or a staff member (admin).

    Shown once on this page (never stored in clear); the officer hands it over in person or by phone."""
    person = get_object_or_404(User, pk=pk)
    try:
        path = services.password_reset_assist(person=person, actor=request.user)
    except services.AccountError as error:
        messages.error(request, str(error))
        return redirect(safe_next(request, request.POST.get("next"), resolve_url("dashboard")))
    return render(request, "agencies/password_reset_assisted.html", {
        "person": person, "link": request.build_absolute_uri(path),
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600, "back": safe_next(request, request.POST.get("next"), ""),
    })
logout = requires("site.public")(require_POST(auth_views.LogoutView.as_view()))


@requires("site.public")
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_verify(request):
    """The second step: a code from the authenticator app, or a recovery code."""
    pending = pending_get(request)
    user = User.objects.filter(pk=pending["user"], is_active=True).first() if pending else None
    if user is None:
        pending_clear(request)
        messages.info(request, _("Silakan masuk dengan nama pengguna dan kata sandi."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        lock = selectors.active_lock(username=user.username, ip=ip, known_device=device_known(request, user))
        if lock is not None:
            pending_clear(request)
            messages.error(request, locked_message(lock.locked_until))
            return redirect("login")
        method = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if method:
            next_url = pending.get("next")
            pending_clear(request)
            auth_login(request, user, backend=pending["backend"])
            request.session[SESSION_2FA] = method
            services.login_success_record(user=user, ip=ip, second_factor=method)
            if method == "recovery":
                messages.warning(request, _(
                    "Anda masuk dengan kode pemulihan. Sisa kode: %(left)d. Buat kode baru di halaman Keamanan akun."
                ) % {"left": selectors.recovery_codes_left(user)})
            response = redirect(safe_next(request, next_url, resolve_url(settings.LOGIN_REDIRECT_URL)))
            device_remember(request, response, user)
            return response
        locks = services.login_failure_record(username=user.username, ip=ip, reason="second_factor", user=user)
        if locks or pending_count_try(request) >= PENDING_MAX_TRIES:
            pending_clear(request)
            messages.error(request, locked_message(max(lock.locked_until for lock in locks)) if locks else _(
                "Terlalu banyak kode yang salah. Masuk lagi dengan kata sandi Anda."
            ))
            return redirect("login")
        form.add_error("code", _("Kode tidak cocok. Masukkan kode 6 angka yang sedang tampil, atau satu kode pemulihan."))
    return render(request, "agencies/login_verify.html", {"form": form})


@requires("account.security")
@sensitive_post_parameters("code")
@no_store
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request):
    """Show a new secret (otpauth:// link and base32 text) and confirm it with one code."""
    user = request.user
    if selectors.two_factor_enrolled(user):
        messages.info(request, _("Autentikasi dua langkah Anda sudah aktif."))
        return redirect("accounts:security")
    secret = request.session.get(SESSION_ENROL_SECRET)
    if not secret:
        secret = totp.new_secret()
        request.session[SESSION_ENROL_SECRET] = secret
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_enrol(user=user, secret=secret, code=form.cleaned_data["code"])
        except services.AccountError as error:
            form.add_error("code", str(error))
        else:
            request.session.pop(SESSION_ENROL_SECRET, None)
            request.session[SESSION_2FA] = "enrolled"
            return render(request, "agencies/recovery_codes.html", {"codes": codes, "first_time": True})
    return render(request, "agencies/two_factor_enrol.html", {
        "form": form,
        "secret": totp.grouped(secret),
        "uri": totp.provisioning_uri(secret=secret, account=user.username, issuer=settings.KATALOG_2FA_ISSUER),
        "required": selectors.two_factor_required(user),
    })


@requires("account.security")
@require_GET
@never_cache
def security(request):
    """One page for a person's own account: two-factor status, recovery codes, password, personal data."""
    user = request.user
    return render(request, "agencies/security.html", {
        "enrolled": selectors.two_factor_enrolled(user),
        "required": selectors.two_factor_required(user),
        "codes_left": selectors.recovery_codes_left(user),
        "code_form": TotpCodeForm(),
    })


@requires("account.security")
@sensitive_post_parameters("code")
@no_store
@require_POST
def recovery_codes_regenerate(request):
    form = TotpCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = services.recovery_codes_regenerate(user=request.user, code=form.cleaned_data["code"])
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            return render(request, "agencies/recovery_codes.html", {"codes": codes, "first_time": False})
    return redirect("accounts:security")


@requires("account.security")
@sensitive_post_parameters("code")
@require_POST
def two_factor_disable(request):
    form = TotpCodeForm(request.POST)
    if form.is_valid():
        try:
            services.two_factor_disable(user=request.user, code=form.cleaned_data["code"])
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            request.session.pop(SESSION_2FA, None)
            messages.success(request, _("Autentikasi dua langkah dimatikan."))
    return redirect("accounts:security")


@requires("account.security")
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Change one's own password (Django's validators apply); the person's other sessions end."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # this session stays; the others no longer match the hash
        services.sessions_end(user=user, keep=request.session.session_key)
        record_event(actor=user, action="account.password_change", obj=user)
        messages.success(request, _("Kata sandi diganti. Sesi Anda di perangkat lain telah berakhir."))
        return redirect("accounts:security")
    return render(request, "agencies/password_change.html", {"form": form})


# --- Personal data: the data-subject export (UU 27/2022 Pasal 7, 32) ---------------------------


def _personal_data_download(request, person: User) -> HttpResponse:
    data = privacy.personal_data_export(person=person)
    services.personal_data_export_record(actor=request.user, person=person)
    response = HttpResponse(privacy.export_json(data), content_type="application/json; charset=utf-8")
    filename = f"data-pribadi-{person.username}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("account.security")
@no_store
@require_POST
def personal_data_download(request):
    """A person downloads everything the application holds about them (a POST: it is audited)."""
    return _personal_data_download(request, request.user)


@requires("account.export_any")
@require_GET
@never_cache
def personal_data_requests(request):
    """The administrator finds the person who asked for their data (answer within 3×24 hours)."""
    query = request.GET.get("q", "")
    return render(request, "agencies/personal_data_requests.html", {
        "query": query, "people": privacy.find_people(query),
    })


@requires("account.export_any")
@no_store
@require_POST
def personal_data_download_for(request, pk: int):
    return _personal_data_download(request, get_object_or_404(User, pk=pk))


@requires("site.public")
@require_GET
def privacy_notice(request):
    """What personal data the application processes, why, for how long, and who sees it (the processing record)."""
    return render(request, "agencies/privacy_notice.html", {
        "draft_days": rule("registration_draft_days"),
        "idle_minutes": settings.KATALOG_SESSION_IDLE_MINUTES,
        "window_minutes": settings.KATALOG_LOGIN_THROTTLE["window_minutes"],
    })
