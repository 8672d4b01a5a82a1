"""Forms for the purchasing pages: they only read and check input; the services apply the rules."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from katalog.catalogue.models import Product
from katalog.core import rules as core_rules
from katalog.core.money import parse_rupiah
from katalog.core.templatetags.katalog import tkdn as tkdn_label

from . import offers, rules, selectors
from django.apps import apps


class RupiahField(forms.CharField):
    """A price typed the Indonesian way ("Rp12.500", "12.500", "12500") read as whole rupiah."""

    def __init__(self, *, min_value: int = 0, **kwargs):
        self.min_value = min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                           "maxlength": "30"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 30:
            raise forms.ValidationError(_("Nilai terlalu panjang."))
        try:
            amount = parse_rupiah(value)
        except (ValueError, TypeError) as error:
            raise forms.ValidationError(str(error)) from error
        if amount < self.min_value:
            raise forms.ValidationError(_("Nilai paling kecil %(n)s.") % {"n": self.min_value})
        return amount


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(label, *, required=True, rows=3, max_length=2000):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


class VersionForm(forms.Form):
    """Every action carries the order version the person saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReasonForm(VersionForm):
    reason = _text(_("Alasan"))


class NoteForm(VersionForm):
    note = _text(_("Catatan"), required=False)


class RequiredNoteForm(VersionForm):
    note = _text(_("Catatan"))


class CartAddForm(forms.Form):
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=1_000_000, initial=1)


class CartLineForm(forms.Form):
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=0, max_value=1_000_000)


def budget_year_field() -> forms.TypedChoiceField:
    """The budget year (tahun anggaran) the order is charged to: this year, and in December next year too
    (core.rules.budget_years). Where the RUP line is imported its year must match (services.charged_year)."""
    years = core_rules.budget_years(timezone.localdate())
    return forms.TypedChoiceField(
        label=_("Tahun anggaran"), coerce=int, choices=[(y, str(y)) for y in years], initial=years[0],
        required=False, empty_value=None,  # not sent: the RUP line's year, else the current year
        help_text=_("Tahun anggaran paket RUP yang dibebani pesanan ini; pada bulan Desember dapat dipilih "
                    "tahun berikutnya."))


def rup_lines_for(agency, years) -> list:
    """The imported RUP lines of the OPD in the years that may be charged, offered as suggestions for the
    kode RUP field (a datalist: the buyer may still type a code of a plan not imported)."""
    if agency is None or not apps.is_installed("katalog.monitoring"):
        return []
    model = apps.get_model("monitoring", "RupPackage")
    return list(model.objects.filter(agency=agency, year__in=years).order_by("-year", "rup_code")[:200])


class CheckoutForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    rup_code = forms.CharField(label=_("Kode RUP"), max_length=20,
                               help_text=_("Kode paket di SiRUP, 5–20 angka."),
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    funding_source = forms.CharField(label=_("Sumber dana / kode rekening belanja"), max_length=100,
                                     help_text=_("Contoh: 5.1.02.01.01.0024 Belanja Alat Tulis Kantor (APBD)."))
    delivery_address = forms.CharField(label=_("Alamat pengiriman"), max_length=300)
    requested_date = forms.DateField(label=_("Tanggal diminta tiba"), widget=DateInput())
    ppk = forms.ModelChoiceField(label=_("PPK yang menyetujui dan menandatangani"), queryset=None,
                                 empty_label=_("— pilih PPK —"))
    alasan_umk = _text(_("Alasan memilih penyedia non-UMK"), required=False)

    def __init__(self, *args, user, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_year"] = budget_year_field()
        self.rup_lines = rup_lines_for(user.agency, core_rules.budget_years(timezone.localdate()))
        self.fields["rup_code"].widget.attrs["list"] = "rup-lines"
        self.fields["ppk"].queryset = selectors.ppks_for(user.agency).exclude(pk=user.pk)
        self.fields["ppk"].label_from_instance = lambda u: f"{u.full_name} ({u.nip})" if u.nip else u.full_name
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("delivery_address", user.agency.address)
        self.justified = []
        for line in review.lines:
            if line.needs_justification:
                name = f"alasan_{line.line.product_id}"
                self.fields[name] = _text(
                    _("Alasan memilih “%(name)s”") % {"name": line.line.product.name}, required=False)
                self.justified.append((line, name))
        if not review.umk_alternatives:
            del self.fields["alasan_umk"]

    def justification_fields(self):
        return [(line, self[name]) for line, name in self.justified]

    def justifications(self) -> dict[int, str]:
        return {line.line.product_id: self.cleaned_data.get(name, "") for line, name in self.justified}


def _line_fields(form, lines, *, price: bool):
    for line in lines:
        form.fields[f"qty_{line.pk}"] = forms.IntegerField(
            label=_("Jumlah %(name)s") % {"name": line.name}, min_value=1, initial=line.quantity)
        if price:
            form.fields[f"price_{line.pk}"] = RupiahField(
                label=_("Harga satuan %(name)s") % {"name": line.name}, min_value=1, initial=line.unit_price)


class OfferForm(VersionForm):
    shipping_cost = RupiahField(label=_("Ongkos kirim"), required=False, min_value=0)
    payment_terms = forms.CharField(label=_("Syarat pembayaran"), max_length=300, required=False)
    note = _text(_("Catatan"), required=False)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(order.lines.all())
        _line_fields(self, self.lines, price=True)
        self.initial.setdefault("shipping_cost", order.shipping_cost)
        self.initial.setdefault("payment_terms", order.payment_terms)
        self.order_fields([f for l in self.lines for f in (f"qty_{l.pk}", f"price_{l.pk}")])

    def terms(self) -> dict[int, tuple[int, int]]:
        return {l.pk: (self.cleaned_data[f"qty_{l.pk}"], self.cleaned_data[f"price_{l.pk}"]) for l in self.lines}


class RespondForm(VersionForm):
    offer = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[("accept", _("Terima")), ("reject", _("Tolak"))])
    note = _text(_("Catatan"), required=False)


class ShipForm(VersionForm):
    shipped_on = forms.DateField(label=_("Tanggal kirim"), widget=DateInput())
    note = _text(_("Catatan pengiriman (kurir, nomor resi, dll.)"), required=False)

    def __init__(self, *args, progress, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("shipped_on", timezone.localdate())
        self.lines = [row for row in progress if row["outstanding"] > 0]
        for row in self.lines:
            line = row["line"]
            self.fields[f"qty_{line.pk}"] = forms.IntegerField(
                label=_("Dikirim: %(name)s (sisa %(n)s %(unit)s)") % {"name": line.name, "n": row["outstanding"],
                                                                     "unit": line.unit},
                min_value=0, max_value=row["outstanding"], initial=row["outstanding"])
        self.order_fields([f"qty_{row['line'].pk}" for row in self.lines])

    def quantities(self) -> dict[int, int]:
        return {row["line"].pk: self.cleaned_data[f"qty_{row['line'].pk}"] or 0 for row in self.lines}


class ReceiveForm(VersionForm):
    delivery = forms.IntegerField(widget=forms.HiddenInput)
    received_on = forms.DateField(label=_("Tanggal terima"), widget=DateInput())
    note = _text(_("Catatan penerimaan"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_on", timezone.localdate())


class PaymentForm(VersionForm):
    sp2d_number = forms.CharField(label=_("Nomor SP2D"), max_length=60)
    sp2d_date = forms.DateField(label=_("Tanggal SP2D"), widget=DateInput())
    amount = RupiahField(label=_("Jumlah dibayar"), min_value=1)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Nilai"), coerce=int,
                                   choices=[(n, "★" * n) for n in range(5, 0, -1)], widget=forms.RadioSelect)
    comment = _text(_("Komentar"), required=False, rows=2)


class AmendmentForm(VersionForm):
    requested_date = forms.DateField(label=_("Tanggal diminta tiba (baru)"), required=False, widget=DateInput())
    reason = _text(_("Alasan adendum"))

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(order.lines.all())
        _line_fields(self, self.lines, price=True)
        self.order_fields([f for l in self.lines for f in (f"qty_{l.pk}", f"price_{l.pk}")])

    def terms(self) -> dict[int, tuple[int, int]]:
        return {l.pk: (self.cleaned_data[f"qty_{l.pk}"], self.cleaned_data[f"price_{l.pk}"]) for l in self.lines}


class DecideAmendmentForm(VersionForm):
    amendment = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[("agree", _("Setujui")), ("reject", _("Tolak"))])
    note = _text(_("Catatan"), required=False, rows=2)


# --- mini-kompetisi -------------------------------------------------------------------

ITEM_ROWS = 5


class CompetitionForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    title = forms.CharField(label=_("Nama paket"), max_length=200)
    description = _text(_("Uraian kebutuhan"), required=False)
    rup_code = forms.CharField(label=_("Kode RUP"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    funding_source = forms.CharField(label=_("Sumber dana / kode rekening belanja"), max_length=100)
    delivery_address = forms.CharField(label=_("Alamat pengiriman"), max_length=300)
    requested_date = forms.DateField(label=_("Tanggal diminta tiba"), widget=DateInput())
    deadline = forms.DateTimeField(label=_("Batas akhir penawaran"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ppk = forms.ModelChoiceField(label=_("PPK"), queryset=None, empty_label=_("— pilih PPK —"))
    suppliers = forms.ModelMultipleChoiceField(label=_("Penyedia yang diundang"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, category, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_year"] = budget_year_field()
        self.rup_lines = rup_lines_for(user.agency, core_rules.budget_years(timezone.localdate()))
        self.fields["rup_code"].widget.attrs["list"] = "rup-lines"
        self.fields["ppk"].queryset = selectors.ppks_for(user.agency).exclude(pk=user.pk)
        self.fields["suppliers"].queryset = offers.suppliers_offering(category)
        self.fields["suppliers"].label = _("Penyedia yang diundang (paling sedikit %(n)s)") % {
            "n": rules.rule("mini_competition_min_suppliers")}
        self.fields["suppliers"].label_from_instance = lambda s: (
            f"{s.name} ({s.get_scale_display()}, {s.district.name})")
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("delivery_address", user.agency.address)
        for i in range(1, ITEM_ROWS + 1):
            self.fields[f"item_name_{i}"] = forms.CharField(label=_("Barang %(i)s") % {"i": i}, max_length=250,
                                                            required=i == 1)
            self.fields[f"item_unit_{i}"] = forms.CharField(label=_("Satuan"), max_length=30, required=False)
            self.fields[f"item_qty_{i}"] = forms.IntegerField(label=_("Jumlah"), min_value=1, required=False)
            self.fields[f"item_spec_{i}"] = forms.CharField(label=_("Spesifikasi"), max_length=1000, required=False)

    def item_rows(self):
        return [[self[f"item_{part}_{i}"] for part in ("name", "unit", "qty", "spec")] for i in range(1, ITEM_ROWS + 1)]

    def items(self) -> list[dict]:
        d = self.cleaned_data
        return [{"name": d.get(f"item_name_{i}") or "", "unit": d.get(f"item_unit_{i}") or "",
                 "quantity": d.get(f"item_qty_{i}"), "specification": d.get(f"item_spec_{i}") or ""}
                for i in range(1, ITEM_ROWS + 1) if d.get(f"item_name_{i}")]


class QuoteForm(forms.Form):
    note = _text(_("Catatan penawaran"), required=False, rows=2)

    def __init__(self, *args, competition, supplier, **kwargs):
        super().__init__(*args, **kwargs)
        products = Product.objects.active().filter(
            supplier=supplier, category_id__in=offers.category_and_descendants(competition.category)
        ).order_by("name")
        self.items = list(competition.items.all())
        for item in self.items:
            field = forms.ModelChoiceField(label=_("Produk untuk “%(name)s”") % {"name": item.name},
                                           queryset=products, empty_label=_("— pilih produk —"))
            field.label_from_instance = lambda p: f"{p.name} (TKDN {tkdn_label(p.tkdn)}, {p.unit})"
            self.fields[f"product_{item.pk}"] = field
            self.fields[f"price_{item.pk}"] = RupiahField(
                label=_("Harga satuan untuk %(n)s %(unit)s") % {"n": item.quantity, "unit": item.unit}, min_value=1)

    def lines(self) -> dict[int, tuple[int, int]]:
        return {i.pk: (self.cleaned_data[f"product_{i.pk}"].pk, self.cleaned_data[f"price_{i.pk}"]) for i in self.items}
