"""Forms of the catalogue pages. They only read input; the rules live in services.py and states.py."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from katalog.core.money import parse_rupiah, ppn_rule_on
from katalog.regions.selectors import home_districts

from .models import Category, Origin, Product
from .states import Action
from katalog.core.roles import Role
from .services import product_seen
from .services import category_seen
from .models import Kbki
import re

TIER_ROWS = 3
_SEEN_SALT = "katalog.catalogue.seen"


class SeenField(forms.CharField):
    """The record as the form showed it (signed), so that a save can tell what changed meanwhile
    (optimistic concurrency: services.refuse_if_changed)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    TAMPERED = object()

    def clean(self, value):
        if not value:
            return None
        try:
            return signing.loads(value, salt=_SEEN_SALT)
        except signing.BadSignature:
            return self.TAMPERED  # reported above the form by _SeenMixin.clean_seen (the field is hidden)


def seen_token(seen: dict) -> str:
    return signing.dumps(seen, salt=_SEEN_SALT, compress=True)


class _SeenMixin:
    """Forms that edit a record carry what they showed of it (`seen`); after a refused stale save,
    `show_current` keeps the person's input and takes the record as it is now."""

    def clean_seen(self):
        seen = self.cleaned_data.get("seen")
        if seen is SeenField.TAMPERED:
            self.add_error(None, _("Formulir tidak lengkap; muat ulang halaman lalu ulangi perubahan Anda."))
            return None
        return seen

    def show_current(self, seen: dict) -> None:
        self.data = self.data.copy()
        self.data["seen"] = seen_token(seen)


class RupiahField(forms.CharField):
    """A price typed the Indonesian way ("Rp 12.500", "12500"), cleaned to whole rupiah."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            amount = parse_rupiah(value)
        except (ValueError, TypeError) as error:
            raise ValidationError(str(error)) from None
        if amount <= 0:
            raise ValidationError(_("Harga harus lebih dari nol."))
        return amount


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.path_label if hasattr(obj, "path_label") else obj.name


def category_choices():
    """Categories with their path ("Makanan › Keripik"), for the product form."""
    categories = list(Category.objects.select_related("parent", "parent__parent").order_by("name"))
    for category in categories:
        names, node = [], category
        while node is not None:
            names.append(node.name)
            node = node.parent
        category.path_label = " › ".join(reversed(names))
    categories.sort(key=lambda c: c.path_label)
    return categories


class ProductForm(_SeenMixin, forms.ModelForm):
    price = RupiahField(label=_("Harga satuan (Rp, sebelum PPN)"))
    seen = SeenField()

    class Meta:
        model = Product
        fields = [
            "name", "category", "description", "unit", "price", "stock", "min_order", "lead_time_days",
            "delivery_area", "tkdn", "bmp", "origin", "production_district", "brand", "has_sni", "is_halal",
            "ppn_percent", "ppnbm", "siinas_registered",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {
            "name": _("5–250 huruf, seperti di e-Katalog nasional: jenis barang, merek/varian, ukuran."),
            "tkdn": _("Persen TKDN dari sertifikat Kemenperin atau TKDN IK (usaha kecil). Belum punya sertifikat "
                      "atau tidak tahu? Kosongkan saja: produk tetap tercatat sebagai produk dalam negeri tanpa "
                      "nilai TKDN, bukan impor, dan nilainya bisa ditambahkan nanti. Isi 0 hanya bila sertifikat "
                      "menyatakan 0%."),
            "bmp": _("Bobot manfaat perusahaan, paling tinggi 15%."),
            "production_district": _("Kecamatan tempat barang dibuat (blok PDN)."),
            "siinas_registered": _("Produk dalam negeri ini tercantum dalam SIINas (Sistem Informasi Industri "
                                   "Nasional, Kemenperin). Tanpa TKDN, hanya produk yang tercatat di SIINas yang "
                                   "masuk prioritas ke-4 Perpres 46/2025 Pasal 66."),
        }

    def __init__(self, *args, supplier=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The business whose product this is: only a PKP may charge PPN (PMK 131/2024).
        self.supplier = supplier or (self.instance.supplier if self.instance.supplier_id else None)
        self.fields["category"] = CategoryChoiceField(queryset=Category.objects.all(), label=_("Kategori"))
        self.fields["category"].choices = [("", "—")] + [(c.pk, c.path_label) for c in category_choices()]
        self.fields["production_district"].queryset = home_districts()
        rate = ppn_rule_on(timezone.localdate()).rate_percent
        choices = [(0, _("0% (bukan PKP)")), (rate, f"{rate}% (PKP)")]
        self.fields["ppn_percent"] = forms.TypedChoiceField(label=_("PPN"), coerce=int, choices=choices)
        self.fields["ppnbm"].help_text = _("Centang hanya untuk barang mewah yang dikenai PPnBM: PPN dihitung dari "
                                           "harga penuh, bukan dari DPP nilai lain 11/12 (PMK 131/2024).")
        self.fields["origin"].choices = Origin.choices
        # No maxlength in the page: the browser would cut a pasted name silently; the server says it instead.
        self.fields["name"].widget.attrs.pop("maxlength", None)
        self.fields["name"].error_messages["max_length"] = _(
            "Nama produk terlalu panjang: %(show_value)d huruf, paling banyak %(limit_value)d. Persingkat, "
            "keterangan lain bisa ditulis di deskripsi.")
        instance_tiers = []
        if self.instance.pk and not self.is_bound:
            self.initial["seen"] = seen_token(product_seen(self.instance))
        if self.instance.pk:
            instance_tiers = list(self.instance.price_tiers.values_list("min_quantity", "price"))
        # The category's own attributes (Category.attributes), once the product has a category.
        if self.instance.pk and self.instance.category.attributes:
            for attribute in self.instance.category.attributes:
                label = attribute["label"] + (f" ({attribute['unit']})" if attribute.get("unit") else "")
                self.fields[f"attr_{attribute['key']}"] = forms.CharField(
                    label=label, required=False, max_length=200,
                    initial=(self.instance.attributes or {}).get(attribute["key"], ""))
        for i in range(TIER_ROWS):
            quantity, price = instance_tiers[i] if i < len(instance_tiers) else (None, None)
            self.fields[f"tier{i}_quantity"] = forms.IntegerField(
                label=_("Grosir mulai jumlah"), required=False, min_value=2, initial=quantity)
            self.fields[f"tier{i}_price"] = RupiahField(label=_("Harga grosir per satuan"), required=False,
                                                        initial=price)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 5:
            raise ValidationError(_("Nama produk minimal 5 huruf."))
        return name

    def clean(self):
        cleaned = super().clean()
        tiers = []
        for i in range(TIER_ROWS):
            quantity, price = cleaned.get(f"tier{i}_quantity"), cleaned.get(f"tier{i}_price")
            if quantity and price:
                tiers.append((quantity, price))
            elif quantity or price:
                self.add_error(f"tier{i}_quantity", _("Isi jumlah dan harga grosir, atau kosongkan keduanya."))
        cleaned["tiers"] = tiers
        tkdn, bmp = cleaned.get("tkdn") or Decimal(0), cleaned.get("bmp") or Decimal(0)
        if cleaned.get("origin") == Origin.IMPORT and tkdn > 0:
            self.add_error("tkdn", _("Barang impor tidak memiliki TKDN; kosongkan atau ubah asal menjadi dalam "
                                     "negeri."))
        elif cleaned.get("origin") == Origin.IMPORT:
            cleaned["tkdn"] = None  # an import has no TKDN value
        if cleaned.get("origin") == Origin.IMPORT and cleaned.get("siinas_registered"):
            self.add_error("siinas_registered", _("SIINas hanya mencatat produk dalam negeri; barang impor tidak "
                                                  "dapat ditandai tercatat di SIINas."))
        if tkdn + bmp > 100:
            self.add_error("bmp", _("TKDN + BMP tidak dapat melebihi 100%."))
        if cleaned.get("ppn_percent") and self.supplier is not None and not self.supplier.is_pkp:
            self.add_error("ppn_percent", _("Penyedia bukan PKP, jadi tidak memungut PPN: pilih 0%."))
        return cleaned

    def product_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        category = self.instance.category if self.instance.pk else None
        if category is not None and category.attributes and data["category"] == category:
            data["attributes"] = {a["key"]: self.cleaned_data.get(f"attr_{a['key']}") or ""
                                  for a in category.attributes}
        return data


# Images only, in the picker too; the server still reads the bytes (photos.process_photo). `data-shrink` lets
# static/katalog/photo-shrink.js make a phone photo smaller before it is sent (without JavaScript the original
# goes, within the server's limits).
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"


def photo_widget() -> forms.ClearableFileInput:
    return forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT, "data-shrink": settings.KATALOG_RULES[
        "product_photo_max_side"]})


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Foto produk (JPEG, PNG atau WebP)"), widget=photo_widget())


class FirstProductForm(ProductForm):
    """A new product in one short screen: what a buyer must know, and a photo. The rest (wholesale prices,
    brand, certificates, delivery area) is added later on the full form; defaults are the ones a micro
    business mostly has: made locally, in the business's own kecamatan, minimum order 1, PPN only for a PKP."""

    photo = forms.FileField(label=_("Foto produk (JPEG, PNG atau WebP)"), required=False, widget=photo_widget(),
                            help_text=_("Boleh menyusul. Foto dari ponsel diperkecil dulu sebelum dikirim."))

    ASKED = ("name", "category", "price", "unit", "stock", "description", "tkdn")

    def __init__(self, *args, supplier=None, **kwargs):
        super().__init__(*args, supplier=supplier, **kwargs)
        for name in list(self.fields):
            if name not in self.ASKED and name != "photo":
                del self.fields[name]
        self.fields["unit"].help_text = _("Satuan jual, misalnya bungkus, kg, pcs, kotak.")
        self.fields["stock"].help_text = _("Jumlah yang siap dijual sekarang.")

    def product_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.ASKED}
        supplier = self.supplier
        data.update({
            "origin": Origin.LOCAL, "min_order": 1,
            "production_district": supplier.district if supplier is not None and supplier.is_local else None,
            "ppn_percent": ppn_rule_on(timezone.localdate()).rate_percent if supplier is not None and supplier.is_pkp
            else 0,
        })
        return data


class ReviewForm(forms.Form):
    action = forms.ChoiceField(label=_("Keputusan"), choices=[(a, Action(a).label) for a in (
        Action.VERIFY_AND_PUBLISH, Action.VERIFY, Action.REQUEST_REVISION, Action.REJECT)])
    note = forms.CharField(label=_("Catatan untuk penyedia"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas Excel (.xlsx) atau CSV"))
    supplier_nib = forms.CharField(label=_("NIB penyedia"), required=False, max_length=13,
                                   help_text=_("Untuk pendamping dan pengelola katalog: usaha pemilik produk."))
    valid_only = forms.BooleanField(label=_("Impor baris yang benar saja bila ada baris salah"), required=False)
    publish = forms.BooleanField(
        label=_("Tayangkan langsung (migrasi katalog lama; hanya pengelola katalog, tercatat di jejak audit)"),
        required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

        if user is not None and user.role == Role.SUPPLIER:
            del self.fields["supplier_nib"]
        if user is None or user.role != Role.CATALOGUE_MANAGER:
            del self.fields["publish"]


class ReferenceImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas SSH (.xlsx atau CSV): uraian, spesifikasi, satuan, harga"))
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = int(settings.KATALOG_RULES["import_max_bytes"])
        if upload.size > limit:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": limit // 2**20})
        return upload


class CategoryForm(_SeenMixin, forms.Form):
    """A category of the tree: name, parent (levels 1-3), KBKI code, allowed KBLI codes, attributes."""

    seen = SeenField()

    name = forms.CharField(label=_("Nama kategori"), max_length=150)
    parent = forms.ModelChoiceField(label=_("Induk"), required=False, queryset=Category.objects.filter(level__lt=3),
                                    help_text=_("Kosong untuk kategori tingkat 1."))
    kbki = forms.CharField(label=_("Kode KBKI"), required=False, max_length=10,
                           help_text=_("Kode KBKI 2012/2013 (BPS) yang paling dekat, mis. 23999."))
    kbli_codes = forms.CharField(label=_("Kode KBLI yang boleh menjual"), required=False, max_length=500,
                                 help_text=_("Dipisah koma, mis. 10794, 47211. Kosong: semua."))
    attributes = forms.CharField(
        label=_("Atribut khusus"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu per baris: kunci: Label [satuan], mis. “berat: Berat bersih [gram]”."))

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name, "parent": instance.parent_id, "kbki": instance.kbki_id or "",
                "kbli_codes": ", ".join(instance.kbli_codes or []),
                "attributes": "\n".join(f"{a['key']}: {a['label']}" + (f" [{a['unit']}]" if a.get("unit") else "")
                                        for a in instance.attributes or []),
            }
        if instance is not None and "seen" not in kwargs["initial"]:
            kwargs["initial"]["seen"] = seen_token(category_seen(instance))
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(c.pk, c.path_label) for c in category_choices() if c.level < 3
                                  and (instance is None or c.pk != instance.pk)]
        self.fields["parent"].choices = choices

    def clean_kbki(self):
        code = self.cleaned_data["kbki"].strip()
        if code and not Kbki.objects.filter(code=code).exists():
            raise ValidationError(_("Kode KBKI %(code)s tidak ada di daftar KBKI yang dimuat.") % {"code": code})
        return code

    def clean_kbli_codes(self):
        codes = [c.strip() for c in self.cleaned_data["kbli_codes"].replace(";", ",").split(",") if c.strip()]
        bad = [c for c in codes if not (c.isdigit() and len(c) == 5)]
        if bad:
            raise ValidationError(_("Kode KBLI terdiri dari 5 angka: %(bad)s.") % {"bad": ", ".join(bad)})
        return sorted(set(codes))

    def clean_attributes(self):
        out, seen = [], set()
        for number, line in enumerate(self.cleaned_data["attributes"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = re.match(r"^([a-z][a-z0-9_]{0,29})\s*:\s*([^\[\]]{1,80}?)\s*(?:\[([^\]]{1,20})\])?$", line)
            if not match:
                raise ValidationError(_("Baris %(n)s: tulis “kunci: Label [satuan]”, kunci huruf kecil tanpa spasi.")
                                      % {"n": number})
            key, label, unit = match.groups()
            if key in seen:
                raise ValidationError(_("Kunci “%(k)s” dipakai dua kali.") % {"k": key})
            seen.add(key)
            out.append({"key": key, "label": label.strip(), "unit": (unit or "").strip()})
        return out
