from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from katalog.catalogue.models import Category
from katalog.regions.models import District
from katalog.core.rules import rule

from .models import Potential
from .states import FlagOutcome


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    umk_percent = forms.IntegerField(label=_("Usaha mikro, kecil dan koperasi (%)"), min_value=0, max_value=100)
    domestic_percent = forms.IntegerField(label=_("Produk dalam negeri (%)"), min_value=0, max_value=100)
    local_percent = forms.IntegerField(label=_("Penyedia lokal (%)"), min_value=0, max_value=100)


class RupImportForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Berkas RUP dari SiRUP (Excel .xlsx atau CSV)"))
    valid_only = forms.BooleanField(
        label=_("Muat baris yang benar saja (baris yang salah dilaporkan dan dilewati)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > rule("import_max_bytes"):
            raise forms.ValidationError(_("Berkas terlalu besar."))
        return upload


class BudgetImportForm(forms.Form):
    KIND_BUDGET, KIND_OUTSIDE = "anggaran", "luar_katalog"

    kind = forms.ChoiceField(label=_("Isi berkas"), choices=[
        (KIND_BUDGET, _("Anggaran belanja barang/jasa per OPD (DPA atau pagu RUP)")),
        (KIND_OUTSIDE, _("Paket yang direalisasikan di luar katalog (tender, pengadaan langsung, Toko Daring)")),
    ])
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Berkas (Excel .xlsx atau CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > rule("import_max_bytes"):
            raise forms.ValidationError(_("Berkas terlalu besar."))
        return upload


class PotentialForm(forms.Form):
    district = forms.ModelChoiceField(label=_("Kecamatan"), queryset=District.objects.none())
    category = forms.ModelChoiceField(label=_("Kategori yang dapat dipasok"), queryset=Category.objects.none())
    kind = forms.ChoiceField(label=_("Jenis potensi"), choices=Potential.Kind.choices)
    description = forms.CharField(label=_("Uraian"), max_length=300,
                                  help_text=_("Misalnya: kebun aren rakyat, kelompok penjahit, perajin kayu."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(regency_id=settings.KATALOG_REGION).order_by("name")
        self.fields["category"].queryset = Category.objects.order_by("level", "name")


class FlagReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Hasil penelaahan"), choices=FlagOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Catatan hasil penelaahan"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=4000, help_text=_("Bila tidak terbukti, tuliskan alasannya."))
