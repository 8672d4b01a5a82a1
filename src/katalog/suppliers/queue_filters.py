"""The filters above both verification queues (suppliers and products): words, kecamatan, category, scale.

One form for both queues, so a catalogue manager narrows them the same way. Values that do not fit (an
unknown kecamatan, a category that is gone) are ignored rather than refused: the queue is still shown.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from katalog.regions.selectors import home_districts

from . import page_sections
from .models import Scale


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    kategori = forms.TypedChoiceField(label=_("Kategori"), required=False, coerce=int, empty_value=None)
    skala = forms.ChoiceField(label=_("Skala usaha"), required=False,
                              choices=[("", _("Semua"))] + list(Scale.choices))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Semua"))] + [(d.code, d.name) for d in home_districts()]
        self.fields["kategori"].choices = [("", _("Semua"))] + page_sections.choices("category")

    def selector_kwargs(self) -> dict:
        """Keyword arguments for `verification_queue` of either app, from the fields that are valid."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "", "district_code": data.get("kecamatan") or "",
            "category_id": data.get("kategori"), "scale": data.get("skala") or "",
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.selector_kwargs().values())


def queue_filter(request) -> QueueFilterForm:
    return QueueFilterForm(request.GET if request.GET else None)
