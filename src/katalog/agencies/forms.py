"""Account forms: the throttled login form and the second-factor code forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors, services
from .http import client_ip, device_known


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, counting failures and refusing an attempt that comes before its wait is over.

    A refused attempt is refused before the password is checked, so guessing on during a wait
    learns nothing (services.login_failure_record: delays that grow, no hard lock).
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("Nama pengguna atau kata sandi salah. Periksa lalu coba lagi."),
        "inactive": gettext_lazy("Nama pengguna atau kata sandi salah. Periksa lalu coba lagi."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        known = device_known(self.request, services.known_user(username))
        lock = selectors.active_lock(username=username, ip=ip, known_device=known)
        if lock is not None:
            raise forms.ValidationError(locked_message(lock.locked_until), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                locks = services.login_failure_record(username=username, ip=ip, reason="password")
                if locks:
                    raise forms.ValidationError(
                        locked_message(max(lock.locked_until for lock in locks)), code="locked"
                    ) from None
            raise


def locked_message(until) -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, tunggu sampai pukul %(time)s lalu coba lagi. "
        "Bila lupa kata sandi, pakai tautan “Lupa kata sandi?”."
    ) % {"time": time_format(timezone.localtime(until), "H:i:s")}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}),
    )


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode 6 angka dari aplikasi autentikator"), max_length=10, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )
