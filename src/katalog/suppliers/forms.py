"""Forms for registration, editing, verification, documents and visits.

The registration steps (`AccountForm`, `BusinessForm`, `AddressForm`, `ContactForm`)
produce JSON-safe cleaned data (strings, booleans, lists, region codes) so that the
wizard can keep it in a `RegistrationDraft` between steps.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from katalog.regions.models import District, Province, Regency, Village

from . import selectors, validators
from .models import AssistanceVisit, DocumentKind, Scale
from .states import REVISABLE_FIELDS
from katalog.regions.selectors import home_districts, home_villages
from .documents import check_upload, kept_upload
from django.utils import timezone

DIGITS = {"inputmode": "numeric", "autocomplete": "off"}
# Identity numbers: a browser draft of the form (static/katalog/drafts.js) keeps these in the tab's session
# storage only, never in local storage (a phone shared by an officer with many owners keeps none of them).
PRIVATE_DIGITS = {**DIGITS, "data-draft-private": True}

# PP 7/2021 Pasal 35: modal usaha (without land and buildings) when founding, or yearly sales.
SCALE_HELP = {
    Scale.MICRO: _("Modal usaha sampai Rp1 miliar, atau omzet sampai Rp2 miliar per tahun."),
    Scale.SMALL: _("Modal usaha lebih dari Rp1 miliar sampai Rp5 miliar, atau omzet lebih dari Rp2 miliar "
                   "sampai Rp15 miliar per tahun."),
    Scale.MEDIUM: _("Modal usaha lebih dari Rp5 miliar sampai Rp10 miliar, atau omzet lebih dari Rp15 miliar "
                    "sampai Rp50 miliar per tahun."),
    Scale.LARGE: _("Modal usaha lebih dari Rp10 miliar, atau omzet lebih dari Rp50 miliar per tahun."),
}
SCALE_SOURCE = _("Kriteria PP 7/2021 Pasal 35: modal usaha tidak termasuk tanah dan bangunan tempat usaha.")


def say_when_too_long(field: forms.CharField) -> None:
    """No maxlength in the page (the browser would cut a pasted name silently): the server says it instead."""
    field.widget.attrs.pop("maxlength", None)
    field.error_messages["max_length"] = _("Terlalu panjang: %(show_value)d huruf, paling banyak %(limit_value)d. "
                                           "Persingkat.")


class NormalizedCharField(forms.CharField):
    """A CharField whose value is put through one of `validators.normalize_*`."""

    def __init__(self, *args, normalize, **kwargs):
        self.normalize = normalize
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return self.normalize(value)


class KbliField(forms.CharField):
    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return value

    def clean(self, value):
        value = super().clean(self.prepare_value(value))
        return validators.normalize_kbli_list(value)


# --- Registration steps ------------------------------------------------------


class NoticeChannelFields(forms.Form):
    """How the business hears of new orders and deadlines (katalog.notices): chosen, with consent to WhatsApp,
    at registration (the account step) and on the business's data page. Shown only when WhatsApp is offered."""

    notice_channel = forms.ChoiceField(
        label=_("Pemberitahuan pesanan lewat"), widget=forms.RadioSelect, initial="surel",
        choices=[("surel", _("Surel (dan daftar pemberitahuan di situs)")),
                 ("whatsapp", _("WhatsApp di nomor HP di atas, dan surel bila diisi"))])
    whatsapp_consent = forms.BooleanField(
        label=_("Saya setuju menerima pemberitahuan pesanan dan tenggatnya lewat WhatsApp di nomor ini."),
        required=False, help_text=_("Dapat dicabut kapan saja di halaman data usaha."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not settings.KATALOG_WHATSAPP["enabled"]:
            del self.fields["notice_channel"], self.fields["whatsapp_consent"]

    def clean(self):
        cleaned = super().clean()
        if "notice_channel" in self.fields:
            wants = cleaned.get("notice_channel") == "whatsapp"
            if wants and not cleaned.get("whatsapp_consent"):
                self.add_error("whatsapp_consent", _("Centang persetujuan ini untuk menerima pemberitahuan lewat "
                                                     "WhatsApp, atau pilih surel."))
            # Stored as the consent (UU 27/2022: processing by consent); the number is kept in E.164 form.
            cleaned["notify_whatsapp"] = wants and bool(cleaned.get("whatsapp_consent"))
        return cleaned


class AccountForm(NoticeChannelFields, forms.Form):
    """Step "akun": the person who will log in. Officers register owners without a password."""

    field_order = ["full_name", "username", "phone", "email", "notice_channel", "whatsapp_consent", "password1",
                   "password2"]

    full_name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    username = forms.CharField(
        label=_("Nama pengguna untuk masuk"), max_length=150, validators=[UnicodeUsernameValidator()],
        help_text=_("Huruf, angka dan . _ - saja; boleh nomor HP Anda."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    phone = NormalizedCharField(
        label=_("Nomor HP / WhatsApp"), max_length=25, normalize=validators.normalize_phone,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Misalnya 0812 3456 7890. Kabar verifikasi dikirim ke sini."),
    )
    email = forms.EmailField(label=_("Surel (e-mail)"), required=False,
                             help_text=_("Boleh dikosongkan: kabar tetap muncul di halaman Anda."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label=_("Kata sandi"), strip=False,
                                help_text=_("Minimal 10 karakter, jangan hanya angka."),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Ulangi kata sandi"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, with_password: bool = True, password_kept: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        say_when_too_long(self.fields["full_name"])
        self.with_password = with_password
        self.password_kept = password_kept
        if with_password and password_kept:
            # Coming back to this step: the password chosen earlier is kept unless a new one is typed.
            for name in ("password1", "password2"):
                self.fields[name].required = False
            self.fields["password1"].help_text = _("Sudah diisi sebelumnya. Kosongkan bila tidak ingin mengganti.")
        if not with_password:
            del self.fields["password1"], self.fields["password2"]
            self.fields["full_name"].label = _("Nama lengkap pemilik (sesuai KTP)")
            self.fields["username"].label = _("Nama pengguna untuk pemilik")
            self.fields["username"].help_text = _("Pemilik memakai nama ini untuk masuk setelah membuat kata sandi "
                                                  "sendiri lewat tautan undangan.")
            self.fields["phone"].label = _("Nomor HP / WhatsApp pemilik")
            self.fields["email"].help_text = _("Bila diisi, tautan undangan juga dikirim ke sini. Boleh dikosongkan.")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Nama pengguna ini sudah dipakai. Pilih nama lain."), code="username_taken")
        return username

    def clean(self):
        cleaned = super().clean()
        cleaned["email"] = (cleaned.get("email") or "").lower()
        if not self.with_password:
            return cleaned
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama. Ketik ulang."))
        elif bool(p1) != bool(p2) and not {"password1", "password2"} & set(self.errors):
            self.add_error("password2", _("Ketik kata sandi yang sama di kedua kolom."))
        elif p1:
            probe = get_user_model()(username=cleaned.get("username", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


NIB_OR_NONE = _("Isi NIB 13 digit dari OSS, atau centang “Belum punya NIB” bila usaha belum memilikinya.")


class BusinessForm(forms.Form):
    """Step "usaha": identity of the business and its owner."""

    name = forms.CharField(label=_("Nama usaha"), max_length=200,
                           help_text=_("Sesuai NIB, misalnya “UD Kopi Robusta Bukit Kemuning”."))
    owner_name = forms.CharField(label=_("Nama pemilik (sesuai KTP)"), max_length=200)
    owner_nik = NormalizedCharField(
        label=_("NIK pemilik"), max_length=40, normalize=validators.normalize_nik,
        help_text=_("16 digit di KTP. Data pribadi: hanya terlihat oleh Anda, pendamping dan pemeriksa."),
        widget=forms.TextInput(attrs=PRIVATE_DIGITS),
    )
    nib = NormalizedCharField(label=_("NIB"), max_length=40, normalize=validators.normalize_nib,
                              help_text=_("13 digit, dari OSS (oss.go.id)."), widget=forms.TextInput(attrs=DIGITS),
                              error_messages={"required": NIB_OR_NONE})
    no_nib = forms.BooleanField(
        label=_("Belum punya NIB"), required=False,
        help_text=_("Usaha tetap bisa didaftarkan dan didampingi. NIB dibuat gratis lewat OSS (oss.go.id) dan wajib "
                    "ada sebelum usaha diverifikasi dan berjualan."),
    )
    npwp = NormalizedCharField(
        label=_("NPWP"), max_length=40, required=False, normalize=validators.normalize_npwp,
        help_text=_("15 digit (format lama) atau 16 digit (format baru). Kosongkan bila belum punya."),
        widget=forms.TextInput(attrs=PRIVATE_DIGITS),
    )
    is_pkp = forms.BooleanField(label=_("Pengusaha Kena Pajak (PKP), memungut PPN"), required=False,
                                help_text=_("Hanya bila punya NPWP. Tanpa NPWP, usaha tercatat bukan PKP."))
    scale = forms.ChoiceField(label=_("Skala usaha"), choices=Scale.choices, widget=forms.RadioSelect,
                              help_text=SCALE_SOURCE)
    is_cooperative = forms.BooleanField(label=_("Usaha ini koperasi"), required=False)
    kbli_codes = KbliField(
        label=_("Kode KBLI"), max_length=200, required=False,
        help_text=_("Kode 5 digit dari lampiran NIB; pisahkan dengan koma, misalnya 10761, 47211. Boleh diisi "
                    "nanti di “Lengkapi profil”."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, supplier_pk: int | None = None, nib_on_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        say_when_too_long(self.fields["name"])
        say_when_too_long(self.fields["owner_name"])
        self.supplier_pk = supplier_pk
        # A recorded NIB can be corrected, not removed: "belum ber-NIB" is offered only while there is none.
        self.nib_on_file = nib_on_file
        if nib_on_file:
            del self.fields["no_nib"]
            self.fields["nib"].error_messages["required"] = _(
                "NIB yang sudah tercatat tidak dapat dihapus. Bila nomornya salah, ketik nomor yang benar.")
        elif self.is_bound:
            # The NIB is asked unless the explicit choice "Belum punya NIB" is ticked.
            no_nib = self.fields["no_nib"].widget.value_from_datadict(self.data, self.files, self.add_prefix("no_nib"))
            self.fields["nib"].required = not no_nib

    @property
    def scale_options(self):
        """(value, label, help) for the template, so each choice shows its PP 7/2021 criteria."""
        return [(value, label, SCALE_HELP[value]) for value, label in Scale.choices]

    def clean_nib(self):
        nib = self.cleaned_data["nib"]
        if nib and selectors.nib_taken(nib, exclude_pk=self.supplier_pk):
            raise ValidationError(_("NIB ini sudah terdaftar di Katalog Lokal. Bila ini usaha Anda, masuk dengan "
                                    "akun yang sudah ada atau hubungi pendamping UMKM."), code="nib_taken")
        return nib

    def clean_npwp(self):
        npwp = self.cleaned_data["npwp"]
        if npwp and selectors.npwp_taken(npwp, exclude_pk=self.supplier_pk):
            raise ValidationError(_("NPWP ini sudah terdaftar untuk usaha lain di Katalog Lokal. Periksa kembali "
                                    "atau hubungi pendamping UMKM."), code="npwp_taken")
        return npwp or ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("no_nib") and cleaned.get("nib"):
            self.add_error("no_nib", _("Anda mengisi NIB dan juga memilih “Belum punya NIB”. Kosongkan NIB, atau "
                                       "hapus centang “Belum punya NIB”."))
        elif cleaned.get("no_nib"):
            cleaned["nib"] = ""
        cleaned.setdefault("no_nib", False)
        if "npwp" in cleaned and not cleaned["npwp"]:
            # Only a business with an NPWP can be a Pengusaha Kena Pajak: the answer follows from the NPWP.
            cleaned["is_pkp"] = False
        return cleaned


class AddressForm(forms.Form):
    """Step "alamat": province → kabupaten/kota → kecamatan → desa/kelurahan, from the Kemendagri lists.

    The choices of each picker depend on the one above it. Without JavaScript the person presses
    "Perbarui pilihan" (the view re-renders with `dependent_initial`); with htmx the same request
    is made on change.
    """

    province = forms.ChoiceField(label=_("Provinsi"))
    regency = forms.ChoiceField(label=_("Kabupaten/kota"))
    district = forms.ChoiceField(label=_("Kecamatan"), required=False,
                                 help_text=_("Terisi sendiri dari kampung yang dipilih."))
    village = forms.ChoiceField(label=_("Desa/kelurahan (kampung)"),
                                help_text=_("Daftar dikelompokkan per kecamatan; pilih kampung, kecamatannya "
                                            "mengikuti."))
    address = forms.CharField(label=_("Alamat jalan"), max_length=300,
                              help_text=_("Nama jalan, nomor, RT/RW, dusun."),
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))

    OUTSIDE = _("Pilihan ini tidak ada di daftar wilayah Kemendagri. Pilih dari daftar.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chain = self.current_chain()
        empty = [("", _("— pilih —"))]
        self.fields["province"].choices = empty + list(Province.objects.values_list("code", "name"))
        self.fields["regency"].choices = empty + list(
            Regency.objects.filter(province_id=chain["province"]).values_list("code", "name")
        ) if chain["province"] else empty
        self.fields["district"].choices = empty + list(
            District.objects.filter(regency_id=chain["regency"]).values_list("code", "name")
        ) if chain["regency"] else empty
        if chain["district"]:
            self.fields["village"].choices = empty + list(
                Village.objects.filter(district_id=chain["district"]).values_list("code", "name"))
        elif chain["regency"]:
            # No kecamatan yet: every kampung of the kabupaten, grouped by kecamatan (the choice sets both).
            groups: dict[str, list] = {}
            for code, name, district_name in (Village.objects.filter(district__regency_id=chain["regency"])
                                              .order_by("district__name", "name")
                                              .values_list("code", "name", "district__name")):
                groups.setdefault(_("Kec. %(name)s") % {"name": district_name}, []).append((code, name))
            self.fields["village"].choices = empty + list(groups.items())
        else:
            self.fields["village"].choices = empty
        for name in ("province", "regency", "district", "village"):
            self.fields[name].error_messages["invalid_choice"] = self.OUTSIDE
            self.fields[name].error_messages["required"] = _("Pilih %(what)s.") % {
                "what": str(self.fields[name].label).lower()
            }

    def _value(self, name):
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "") or ""
        return self.initial.get(name, "") or ""

    def current_chain(self) -> dict:
        """The selected codes, with any that do not belong to the one above dropped."""
        return consistent_chain({name: self._value(name) for name in ("province", "regency", "district", "village")})

    def clean(self):
        cleaned = super().clean()
        codes = {name: cleaned.get(name) for name in ("province", "regency", "district", "village")}
        if codes["village"] and not codes["district"]:
            codes["district"] = cleaned["district"] = _district_of(codes["village"], codes["regency"])
        if all(codes.values()) and consistent_chain(codes) != codes:
            raise ValidationError(self.OUTSIDE, code="region_mismatch")
        return cleaned


def _district_of(village: str, regency: str) -> str:
    """The kecamatan of a kampung, when the kampung lies in the kabupaten/kota chosen ("" otherwise)."""
    return Village.objects.filter(code=village, district__regency_id=regency).values_list(
        "district_id", flat=True).first() or ""


def consistent_chain(codes: dict) -> dict:
    """Keep each code only if it exists and lies inside the one above it (codes are dotted prefixes)."""
    result = {"province": "", "regency": "", "district": "", "village": ""}
    province = codes.get("province") or ""
    if not Province.objects.filter(code=province).exists():
        return result
    result["province"] = province
    regency = codes.get("regency") or ""
    if not Regency.objects.filter(code=regency, province_id=province).exists():
        return result
    result["regency"] = regency
    district = codes.get("district") or (_district_of(codes.get("village") or "", regency))
    if not District.objects.filter(code=district, regency_id=regency).exists():
        return result
    result["district"] = district
    village = codes.get("village") or ""
    if Village.objects.filter(code=village, district_id=district).exists():
        result["village"] = village
    return result


def default_address_initial() -> dict:
    """Most registrations are in the home kabupaten: start the pickers there."""
    regency = settings.KATALOG_REGION
    return {"province": regency.split(".")[0], "regency": regency}


class ContactForm(NoticeChannelFields, forms.Form):
    """The business's contact and bank details (edited on its data page)."""

    field_order = ["phone", "email", "bank_name", "bank_account_number", "bank_account_holder", "notice_channel",
                   "whatsapp_consent"]

    phone = NormalizedCharField(
        label=_("Nomor HP / WhatsApp"), max_length=25, normalize=validators.normalize_phone,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Misalnya 0812 3456 7890."),
    )
    email = forms.EmailField(label=_("Surel (e-mail)"), required=False,
                             help_text=_("Untuk pemberitahuan hasil verifikasi. Boleh dikosongkan."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    bank_name = forms.CharField(label=_("Nama bank"), max_length=100, required=False,
                                help_text=_("Misalnya BRI, BNI, Mandiri, BSI, Bank Lampung."))
    bank_account_number = NormalizedCharField(
        label=_("Nomor rekening"), max_length=40, required=False, normalize=validators.normalize_bank_account,
        widget=forms.TextInput(attrs=PRIVATE_DIGITS),
        help_text=_("Data pribadi: hanya terlihat oleh Anda, pendamping dan pemeriksa."),
    )
    bank_account_holder = forms.CharField(label=_("Nama pemilik rekening"), max_length=200, required=False)
    def clean(self):
        cleaned = super().clean()
        bank = ("bank_name", "bank_account_number", "bank_account_holder")
        filled = [name for name in bank if cleaned.get(name)]
        if filled and len(filled) < len(bank) and not any(name in self.errors for name in bank):
            for name in bank:
                if not cleaned.get(name):
                    self.add_error(name, _("Lengkapi data rekening, atau kosongkan ketiganya bila belum ada."))
        cleaned["email"] = (cleaned.get("email") or "").lower()
        return cleaned


class ConfirmForm(forms.Form):
    """Step "ringkasan": the owner (or the officer for the owner) confirms and consents (UU 27/2022)."""

    confirm = forms.BooleanField(
        label=_("Data ini benar, dan saya setuju data pribadi di atas diproses untuk verifikasi penyedia."),
        error_messages={"required": _("Centang pernyataan ini untuk mengajukan.")},
    )


# --- After registration ------------------------------------------------------


class RevisionForm(forms.Form):
    """A reviewer's reasons, one per part of the application that needs fixing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in REVISABLE_FIELDS.items():
            self.fields[f"reason_{name}"] = forms.CharField(
                label=label, required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        cleaned = super().clean()
        reasons = {name: cleaned[f"reason_{name}"].strip() for name in REVISABLE_FIELDS
                   if cleaned.get(f"reason_{name}", "").strip()}
        if not reasons:
            raise ValidationError(_("Tulis alasan pada setidaknya satu bagian yang perlu diperbaiki."))
        cleaned["reasons"] = reasons
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Berkas (PDF, JPG atau PNG)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}))
    number = forms.CharField(label=_("Nomor dokumen"), max_length=100, required=False)
    tkdn_value = forms.DecimalField(label=_("Nilai TKDN (%)"), required=False, min_value=0, max_value=100,
                                    max_digits=5, decimal_places=2,
                                    help_text=_("Wajib untuk sertifikat TKDN."))
    expires_on = forms.DateField(label=_("Berlaku sampai"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Wajib untuk sertifikat TKDN; isi juga untuk sertifikat lain yang "
                                             "punya masa berlaku."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["content_type"], self.cleaned_data["extension"] = check_upload(upload)
        return kept_upload(upload, self.cleaned_data["content_type"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DocumentKind.TKDN:
            if cleaned.get("tkdn_value") is None:
                self.add_error("tkdn_value", _("Isi nilai TKDN dari sertifikat."))
            if not cleaned.get("expires_on"):
                self.add_error("expires_on", _("Isi tanggal berlaku sertifikat TKDN."))
        return cleaned


class VisitForm(forms.ModelForm):
    class Meta:
        model = AssistanceVisit
        fields = ["visited_on", "district", "village", "supplier", "notes", "next_step"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, district=None, village=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["visited_on"].initial = timezone.localdate()
        self.fields["district"].queryset = home_districts()
        self.fields["village"].queryset = home_villages()
        self.fields["village"].required = False
        self.fields["supplier"].required = False
        self.fields["supplier"].queryset = selectors.local_suppliers().order_by("name")
        # Kecamatan first, then its kampung, then the businesses there: no list of every kampung in the kabupaten.
        if district is not None:
            self.fields["district"].initial = district.pk
            self.fields["village"].queryset = self.fields["village"].queryset.filter(district=district).order_by("name")
            self.fields["supplier"].queryset = self.fields["supplier"].queryset.filter(district=district)
        if village is not None:
            self.fields["village"].initial = village.pk
            self.fields["supplier"].queryset = self.fields["supplier"].queryset.filter(village=village)

    def clean(self):
        cleaned = super().clean()
        district, village, supplier = cleaned.get("district"), cleaned.get("village"), cleaned.get("supplier")
        if district and village and village.district_id != district.pk:
            self.add_error("village", _("Desa/kampung ini tidak berada di kecamatan yang dipilih."))
        if district and supplier and supplier.district_id != district.pk:
            self.add_error("supplier", _("Usaha ini tidak berada di kecamatan yang dipilih."))
        return cleaned
