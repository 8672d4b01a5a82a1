from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiScope


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=100,
                           help_text=_("Untuk apa token ini, mis. “Skrip laporan bulanan”."))
    scopes = forms.MultipleChoiceField(label=_("Cakupan"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple,
                                       initial=[ApiScope.READ])
    expires_on = forms.DateField(label=_("Berlaku sampai (boleh kosong)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Tanggal berlaku tidak boleh sebelum hari ini."))
        return value


class SupplierImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar usaha (Excel .xlsx atau CSV)"))
    valid_only = forms.BooleanField(
        label=_("Impor baris yang benar saja, lewati yang salah"), required=False,
        help_text=_("Tanpa centang ini, berkas dengan satu baris salah tidak diimpor sama sekali."),
    )
