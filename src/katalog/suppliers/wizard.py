"""The registration wizard: a few short steps, each saved server-side in a `RegistrationDraft`.

Two flows share the machinery:
- self-registration (`/penyedia/daftar/…`): akun (with phone and e-mail) → usaha → alamat → ringkasan,
  then straight on to the first product;
  the draft is found through the session, so a dropped connection or a closed tab loses nothing;
- assisted onboarding by a UMKM officer (`/penyedia/pendampingan/draf/<key>/…`):
  usaha → alamat → akun pemilik (with phone and e-mail) → ringkasan; the officer may keep several drafts.

Every POST keeps what was typed (`raw`) even when it does not validate yet; a valid step moves
its cleaned values to `data`. The summary re-checks everything and registers in one transaction.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.hashers import make_password
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from katalog.core.permissions import requires
from katalog.core.privacy import mask
from katalog.regions.models import District, Province, Regency, Village

from . import selectors, services
from .forms import AccountForm, AddressForm, BusinessForm, ConfirmForm, consistent_chain, default_address_initial
from .models import RegistrationDraft, Scale

SESSION_KEY = "suppliers.registration_draft"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    template: str


# Only what verification needs now; the bank account, KBLI and documents come later ("Lengkapi profil" on the
# supplier's page), so that an owner on a phone registers and lists a first product in six screens.
STEP_INFO = {
    "akun": (gettext_lazy("Akun & kontak"), "suppliers/steps/_fields.html"),
    "usaha": (gettext_lazy("Usaha"), "suppliers/steps/_usaha.html"),
    "alamat": (gettext_lazy("Alamat"), "suppliers/steps/_alamat.html"),
    "ringkasan": (gettext_lazy("Ringkasan & ajukan"), "suppliers/steps/_ringkasan.html"),
}
SELF_STEPS = tuple(Step(s, *STEP_INFO[s]) for s in ("akun", "usaha", "alamat", "ringkasan"))
ASSISTED_STEPS = tuple(Step(s, *STEP_INFO[s]) for s in ("usaha", "alamat", "akun", "ringkasan"))
# Never kept in a draft's raw input.
NOT_KEPT = {"csrfmiddlewaretoken", "password1", "password2", "back", "refresh", "next"}


class Flow:
    """One way through the steps; subclasses say where the draft lives and what finishing does."""

    steps: tuple[Step, ...]
    assisted: bool

    def __init__(self, request, draft: RegistrationDraft | None):
        self.request = request
        self.draft = draft

    # -- navigation
    def slugs(self) -> list[str]:
        return [s.slug for s in self.steps]

    def step(self, slug: str) -> Step:
        for step in self.steps:
            if step.slug == slug:
                return step
        raise Http404

    def first_open(self) -> str:
        data = self.draft.data if self.draft else {}
        for step in self.steps[:-1]:
            if step.slug not in data:
                return step.slug
        return self.steps[-1].slug

    def neighbour(self, slug: str, offset: int) -> str | None:
        slugs = self.slugs()
        index = slugs.index(slug) + offset
        return slugs[index] if 0 <= index < len(slugs) else None

    def url(self, slug: str) -> str:
        raise NotImplementedError

    def ensure_draft(self) -> RegistrationDraft:
        raise NotImplementedError

    def finish(self, confirmed_data: dict):
        raise NotImplementedError

    # -- forms
    def form(self, slug: str, data=None, initial=None):
        draft_data = self.draft.data if self.draft else {}
        if slug == "akun":
            kept = bool((draft_data.get("akun") or {}).get("password_hash"))
            return AccountForm(data, initial=initial, with_password=not self.assisted, password_kept=kept)
        if slug == "usaha":
            return BusinessForm(data, initial=initial)
        if slug == "alamat":
            form = AddressForm(data, initial=initial)
            for name in ("province", "regency", "district", "village"):
                form.fields[name].widget.attrs.update({
                    "hx-post": self.url("alamat"), "hx-trigger": "change", "hx-target": "#wilayah",
                    "hx-swap": "outerHTML", "hx-vals": '{"refresh": "1"}',
                })
            return form
        return ConfirmForm(data)

    def initial_for(self, slug: str) -> dict:
        draft = self.draft
        if draft and slug in draft.raw:
            initial = dict(draft.raw[slug])
        elif draft and slug in draft.data:
            initial = {k: v for k, v in draft.data[slug].items() if k != "password_hash"}
        else:
            initial = default_address_initial() if slug == "alamat" else {}
        if slug == "usaha" and not self.assisted and not initial.get("owner_name") and draft:
            # The owner registering is the person of the account step: their name is already known.
            initial["owner_name"] = (draft.data.get("akun") or {}).get("full_name", "")
        if slug == "alamat":
            initial.update({k: v for k, v in consistent_chain(initial).items()})
        return initial

    def cleaned_for_draft(self, slug: str, form) -> dict:
        cleaned = dict(form.cleaned_data)
        if slug == "akun":
            password = cleaned.pop("password1", None)
            cleaned.pop("password2", None)
            if password:
                cleaned["password_hash"] = make_password(password)
            elif not self.assisted:
                cleaned["password_hash"] = self.draft.data["akun"]["password_hash"]  # kept (form allowed blank)
        return cleaned

    # -- the request
    def handle(self, slug: str):
        step = self.step(slug)
        open_slug = self.first_open()
        if self.slugs().index(slug) > self.slugs().index(open_slug):
            return redirect(self.url(open_slug))
        if self.request.method == "POST":
            return self.post(step)
        if self.draft and self.draft.data.get("_check") == slug:
            # The summary found a problem here (e.g. the NIB was registered meanwhile): show it on the field.
            form = self.form(slug, data=self.draft.data.get(slug))
            form.is_valid()
            for field, message in (self.draft.data.get("_errors") or {}).items():
                form.add_error(field if field in form.fields else None, message)
            self.draft.data.pop("_check", None)
            self.draft.data.pop("_errors", None)
            self.draft.save(update_fields=["data"])
        else:
            form = self.form(slug, initial=self.initial_for(slug))
        return self.render(step, form)

    def post(self, step: Step):
        post = self.request.POST
        raw = {k: (post.getlist(k) if len(post.getlist(k)) > 1 else post.get(k)) for k in post if k not in NOT_KEPT}
        if step.slug == "ringkasan":
            return self.post_summary(step)
        draft = self.ensure_draft()
        if "back" in post:
            services.draft_save_raw(draft=draft, step=step.slug, raw=raw)
            return redirect(self.url(self.neighbour(step.slug, -1) or step.slug))
        if "refresh" in post and step.slug == "alamat":
            services.draft_save_raw(draft=draft, step=step.slug, raw=raw)
            form = self.form("alamat", initial={**raw, **consistent_chain(raw)})
            if self.request.headers.get("HX-Request"):
                return render(self.request, "suppliers/steps/_wilayah.html", {"form": form})
            return self.render(step, form)
        form = self.form(step.slug, data=post)
        if not form.is_valid():
            services.draft_save_raw(draft=draft, step=step.slug, raw=raw)
            return self.render(step, form)
        services.draft_save_step(draft=draft, step=step.slug, cleaned=self.cleaned_for_draft(step.slug, form))
        return redirect(self.url(self.neighbour(step.slug, +1)))

    def post_summary(self, step: Step):
        if "back" in self.request.POST:
            return redirect(self.url(self.neighbour(step.slug, -1)))
        form = ConfirmForm(self.request.POST)
        if not form.is_valid():
            return self.render(step, form)
        # Re-check every step: data can have become invalid (a duplicate NIB registered meanwhile).
        for slug in self.slugs()[:-1]:
            stored = {k: v for k, v in self.draft.data[slug].items() if k != "password_hash"}
            check = self.form(slug, data=stored)
            if not check.is_valid():
                return self.send_back(slug, {})
        try:
            return self.finish(self.draft.data)
        except services.Conflict as conflict:
            return self.send_back(conflict.step, {conflict.field: conflict.message})

    def send_back(self, slug: str, errors: dict):
        self.draft.data["_check"] = slug
        self.draft.data["_errors"] = errors
        if not RegistrationDraft.objects.filter(pk=self.draft.pk).update(data=self.draft.data):
            # Submitted meanwhile from another tab: the draft is gone and the business registered.
            messages.info(self.request, _("Pendaftaran ini sudah diajukan. Silakan masuk."))
            return redirect("login")
        messages.error(self.request, _("Ada data yang perlu diperiksa lagi sebelum diajukan."))
        return redirect(self.url(slug))

    def render(self, step: Step, form):
        index = self.slugs().index(step.slug)
        context = {
            "flow": self, "step": step, "form": form, "steps": self.steps, "index": index + 1,
            "count": len(self.steps), "previous": self.neighbour(step.slug, -1),
            "summary": summary(self.draft) if step.slug == "ringkasan" and self.draft else None,
            "form_url": self.url(step.slug),
        }
        return render(self.request, "suppliers/register_step.html", context)


class SelfFlow(Flow):
    steps = SELF_STEPS
    assisted = False

    def url(self, slug: str) -> str:
        return reverse("suppliers:register_step", args=[slug])

    def ensure_draft(self) -> RegistrationDraft:
        if self.draft is None:
            self.draft = services.draft_start()
            self.request.session[SESSION_KEY] = str(self.draft.key)
        return self.draft

    def finish(self, data: dict):
        registered = services.register_supplier(
            account=data["akun"], business=data["usaha"], address=data["alamat"], contact=contact_of(data),
            base_url=self.request.build_absolute_uri("/"),
        )
        services.draft_delete(draft=self.draft)
        self.request.session.pop(SESSION_KEY, None)
        login(self.request, registered.user, backend="django.contrib.auth.backends.ModelBackend")
        if registered.supplier.email:
            told = _("Pendaftaran terkirim. Pengelola Katalog akan memeriksanya; kabar hasilnya muncul di halaman "
                     "Anda dan dikirim ke surel Anda.")
        else:
            told = _("Pendaftaran terkirim. Pengelola Katalog akan memeriksanya; kabar hasilnya muncul di halaman "
                     "Anda.")
        messages.success(self.request, told + " " + _("Sambil menunggu, siapkan produk pertama Anda: produk akan "
                                                      "diajukan otomatis begitu usaha terverifikasi."))
        # Straight on to the first product: preparing it while verification runs is the point of waiting.
        return redirect("catalogue:my_product_create")


class AssistedFlow(Flow):
    steps = ASSISTED_STEPS
    assisted = True

    def url(self, slug: str) -> str:
        return reverse("suppliers:assisted_step", args=[self.draft.key, slug])

    def ensure_draft(self) -> RegistrationDraft:
        return self.draft

    def finish(self, data: dict):
        registered = services.register_supplier(
            account=data["akun"], business=data["usaha"], address=data["alamat"], contact=contact_of(data),
            officer=self.request.user, base_url=self.request.build_absolute_uri("/"),
        )
        services.draft_delete(draft=self.draft)
        # Shown once on the next page, then forgotten: only the hash is stored.
        self.request.session["suppliers.invitation_once"] = {
            "supplier": registered.supplier.pk,
            "url": self.request.build_absolute_uri(reverse("suppliers:invitation", args=[registered.invitation_token])),
        }
        return redirect("suppliers:invitation_issued", registered.supplier.pk)


def contact_of(data: dict) -> dict:
    """The contact details, asked with the account (phone, e-mail); the bank account is added later."""
    akun = data.get("akun") or {}
    return {"phone": akun.get("phone", ""), "email": akun.get("email", ""),
            "notify_whatsapp": bool(akun.get("notify_whatsapp"))}


def summary(draft: RegistrationDraft) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(step, title, [(label, value)]) for the last step; NIK and NPWP masked."""
    d = draft.data
    usaha, alamat, akun = (d.get(k) or {} for k in ("usaha", "alamat", "akun"))

    def name_of(model, code):
        return model.objects.filter(pk=code).values_list("name", flat=True).first() or "—" if code else "—"

    scale = Scale(usaha["scale"]).label if usaha.get("scale") in Scale.values else "—"
    return [
        ("akun", _("Akun & kontak"), [
            (_("Nama lengkap"), akun.get("full_name", "")), (_("Nama pengguna"), akun.get("username", "")),
            (_("Telepon"), akun.get("phone", "")), (_("Surel"), akun.get("email") or "—"),
            (_("Pemberitahuan"), _("WhatsApp dan surel") if akun.get("notify_whatsapp") else _("Surel")),
        ]),
        ("usaha", _("Usaha"), [
            (_("Nama usaha"), usaha.get("name", "")), (_("Pemilik"), usaha.get("owner_name", "")),
            ("NIK", mask(usaha.get("owner_nik"))), ("NIB", usaha.get("nib") or _("Belum punya NIB")),
            ("NPWP", mask(usaha.get("npwp")) or "—"), (_("PKP"), _("Ya") if usaha.get("is_pkp") else _("Tidak")),
            (_("Skala"), scale), (_("Koperasi"), _("Ya") if usaha.get("is_cooperative") else _("Tidak")),
            (_("KBLI"), ", ".join(usaha.get("kbli_codes") or [])),
        ]),
        ("alamat", _("Alamat"), [
            (_("Alamat jalan"), alamat.get("address", "")),
            (_("Desa/kelurahan"), name_of(Village, alamat.get("village"))),
            (_("Kecamatan"), name_of(District, alamat.get("district"))),
            (_("Kabupaten/kota"), name_of(Regency, alamat.get("regency"))),
            (_("Provinsi"), name_of(Province, alamat.get("province"))),
        ]),
    ]


# --- Views ---------------------------------------------------------------------


def _self_draft(request) -> RegistrationDraft | None:
    key = request.session.get(SESSION_KEY)
    if not key:
        return None
    draft = RegistrationDraft.objects.filter(key=key, created_by__isnull=True).first()
    if draft is None:
        request.session.pop(SESSION_KEY, None)
    return draft


@never_cache
@require_http_methods(["GET", "POST"])
@requires("supplier.register")
def register(request, step: str | None = None):
    """Self-registration of a business by its owner (no login needed)."""
    if request.user.is_authenticated:
        messages.info(request, _("Anda sudah masuk. Untuk mendaftarkan usaha baru, keluar dulu; pendamping UMKM "
                                 "memakai menu “Daftarkan UMKM”."))
        return redirect("dashboard")
    flow = SelfFlow(request, _self_draft(request))
    if step is None:
        return redirect(flow.url(flow.first_open()))
    return flow.handle(step)


@never_cache
@require_http_methods(["GET", "POST"])
@requires("supplier.onboard")
def assisted_drafts(request):
    """An officer's registrations in progress; POST starts a new one."""
    if request.method == "POST":
        draft = services.draft_start(officer=request.user)
        return redirect("suppliers:assisted_step", draft.key, ASSISTED_STEPS[0].slug)
    return render(request, "suppliers/assisted_drafts.html", {"drafts": selectors.drafts_of_officer(request.user)})


@never_cache
@require_http_methods(["GET", "POST"])
@requires("supplier.onboard")
def assisted_step(request, key, step: str):
    draft = get_object_or_404(selectors.drafts_of_officer(request.user), key=key)
    return AssistedFlow(request, draft).handle(step)


@require_POST
@requires("supplier.onboard")
def assisted_draft_delete(request, key):
    draft = get_object_or_404(selectors.drafts_of_officer(request.user), key=key)
    services.draft_delete(draft=draft)
    messages.success(request, _("Draf pendaftaran dihapus."))
    return redirect("suppliers:assisted_drafts")
