"""What the API takes and returns (django-ninja / pydantic). Money is whole rupiah (int); percentages that
carry decimals (TKDN, BMP) are strings such as "45.50", never floats."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from katalog.suppliers.states import REVISABLE_FIELDS


class ErrorDetail(Schema):
    location: list[str] = Field(..., description="Where the problem is, e.g. [\"query\", \"page\"].")
    message: str
    type: str


class ErrorBody(Schema):
    status: int = Field(..., description="The HTTP status, repeated.")
    code: str = Field(..., description="bad_request, unauthorized, forbidden, not_found, method_not_allowed, "
                                        "conflict, validation_error, rate_limited, server_error.")
    message: str = Field(..., description="What went wrong and what to do, in Indonesian.")
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


class PageMeta(Schema):
    count: int = Field(..., description="Items across all pages.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(None, description="Path of the next page, with the same filters.")
    previous: str | None = None


# --- catalogue -------------------------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    level: int
    parent_id: int | None
    kbki_code: str | None = Field(None, description="KBKI (BPS) code of the category, when set.")
    kbki_title: str | None = None


class CategoryRef(Schema):
    id: int
    name: str
    slug: str


class SupplierRef(Schema):
    id: int
    name: str
    district: str = Field(..., description="Kecamatan of the supplier.")
    scale: str = Field(..., description="mikro, kecil, menengah or besar.")
    is_local: bool = Field(..., description="Located in this kabupaten.")
    is_umk: bool = Field(..., description="Micro, small or koperasi (Perpres 12/2021 Pasal 65).")


class ProductOut(Schema):
    id: int
    name: str
    description: str
    unit: str
    price: int = Field(..., description="Rupiah per unit, whole number.")
    min_order: int
    stock: int
    lead_time_days: int
    tkdn: str | None = Field(..., description="TKDN percentage, e.g. \"45.50\"; null when the product has no "
                                              "TKDN value (not certified or not known), which is not 0%.")
    bmp: str
    origin: str = Field(..., description="lokal (domestic) or impor.")
    brand: str
    has_sni: bool
    is_halal: bool
    ppn_percent: int = Field(..., description="PPN rate the product carries; 0 when the supplier is not PKP.")
    ppnbm: bool = Field(..., description="Luxury goods subject to PPnBM: PPN on the full price (PMK 131/2024).")
    siinas_registered: bool = Field(..., description="A domestic product recorded in SIINas (Sistem Informasi "
                                                     "Industri Nasional): tier 4 of Perpres 46/2025 Pasal 66 when "
                                                     "it has no TKDN value.")
    ppn_per_unit: int = Field(..., description="PPN on one unit at today's rule, whole rupiah.")
    status: str
    category: CategoryRef
    supplier: SupplierRef
    url: str = Field(..., description="The product's page.")


class ProductHit(ProductOut):
    score: float = Field(..., description="Ranking score (text relevance and preferences).")
    why: list[str] = Field(..., description="Why it ranks where it does, in Indonesian.")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    param: str = Field(..., description="The query parameter that applies this facet.")
    values: list[FacetValueOut]


class ProductSearchOut(PageMeta):
    query: str
    notes: list[str] = Field(..., description="How the query was understood (corrections, synonyms).")
    total_approximate: bool = Field(False, description="`count` is an estimate from a random sample (very large "
                                                       "result sets); facet counts then are too.")
    facets: list[FacetOut]
    items: list[ProductHit]


class SupplierPublicOut(Schema):
    id: int
    name: str
    scale: str | None
    scale_label: str
    is_cooperative: bool
    is_local: bool
    is_umk: bool
    district_name: str
    regency_name: str
    kbli_codes: list[str]
    verified_at: datetime | None
    url: str


class SupplierPage(PageMeta):
    items: list[SupplierPublicOut]


class YearFigures(Schema):
    year: int
    orders: int = Field(..., description="Orders with a signed Surat Pesanan, not cancelled, and contracts "
                                         "ended early (pemutusan) that delivered something.")
    total: int = Field(..., description="Realised catalogue spend in rupiah (goods, PPN and shipping); a "
                                        "contract ended early counts what was received.")
    dpp: int = Field(0, description="Tax base (DPP) of the taxed goods inside `total` (PMK 131/2024).")
    ppn: int = Field(0, description="PPN inside `total`.")
    umk: int = Field(..., description="Catalogue spend on domestic goods of micro, small and koperasi suppliers "
                                      "(Perpres 12/2021 Pasal 65 ayat 2; imported goods excluded).")
    local: int
    umk_share: float | None = Field(None, description="umk / total in percent, one decimal (half up).")
    local_share: float | None = None
    outside: int = Field(0, description="Spend realised outside the catalogue (imported: tender, pengadaan "
                                        "langsung, Toko Daring).")
    outside_umk: int = 0
    budget: int | None = Field(None, description="Goods/services budget of the OPD(s) with an imported budget "
                                                 "(DPA or RUP pagu); null when none was imported.")
    budget_umk: int = Field(0, description="UMK spend of every channel of the OPD(s) that have a budget.")
    budget_share: float | None = Field(None, description="budget_umk / budget in percent, one decimal: the "
                                                         "40% measure of Perpres 12/2021 Pasal 65 ayat 3.")


class AgencyFigures(YearFigures):
    agency_code: str
    agency_name: str
    rank: int | None = None


class YearAgencyFigures(Schema):
    year: int
    target_umk_percent: int
    total: YearFigures
    agencies: list[AgencyFigures]


class StatisticsOut(Schema):
    products: int
    suppliers: int
    local_suppliers: int
    umk_suppliers: int
    years: list[YearFigures]


# --- the token's owner -------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class TokenInfo(Schema):
    name: str
    prefix: str
    scopes: list[str]
    expires_at: datetime | None


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    agency: Ref | None
    supplier: Ref | None
    token: TokenInfo


class MyProductOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    price: int
    stock: int
    unit: str
    category: CategoryRef
    updated_at: datetime
    review_note: str
    siinas_registered: bool
    version: str = Field(..., description="Send it back with PATCH /my/products/{id}: a product changed since "
                                          "you read it is refused (409), nothing is lost.")


class MyProductUpdateIn(Schema):
    version: str = Field(..., min_length=1, max_length=64, description="`version` from GET /my/products.")
    price: int | None = Field(None, ge=1, le=1_000_000_000_000, description="Unit price, whole rupiah, before PPN.")
    stock_change: int | None = Field(None, ge=-1_000_000_000, le=1_000_000_000,
                                     description="Added to the current stock (negative removes); stock is never "
                                                 "set outright, so units reserved by orders stay reserved.")
    min_order: int | None = Field(None, ge=1, le=1_000_000)
    lead_time_days: int | None = Field(None, ge=0, le=365)
    siinas_registered: bool | None = Field(None, description="The domestic product is recorded in SIINas (Perpres "
                                                             "46/2025 Pasal 66 ayat (2) huruf d). A change sends "
                                                             "the product back to verification.")


class MyProductPage(PageMeta):
    items: list[MyProductOut]


class OrderLineOut(Schema):
    id: int
    product_id: int
    name: str
    unit: str
    quantity: int
    unit_price: int
    subtotal: int
    ppn_percent: int
    dpp: int = Field(..., description="Tax base (DPP) of the line, whole rupiah.")
    ppn: int = Field(..., description="PPN of the line, whole rupiah.")
    tkdn: str | None = Field(..., description="TKDN percentage at checkout; null: no TKDN value.")
    origin: str


class OrderOut(Schema):
    number: str
    status: str
    status_label: str
    method: str
    fiscal_year: int
    agency: Ref
    supplier: Ref
    rup_code: str
    requested_date: date | None
    subtotal: int
    ppn: int
    shipping_cost: int
    total: int
    created_at: datetime
    status_changed_at: datetime
    version: int = Field(..., description="Send it back with an action (optimistic locking).")
    actions: list[str] = Field(..., description="Actions the token's owner may take now (as on the page).")
    lines: list[OrderLineOut]
    url: str


class OrderPage(PageMeta):
    items: list[OrderOut]


class OrderActionIn(Schema):
    version: int = Field(..., ge=1, le=2_147_483_647, description="The order's `version` you last read.")
    reason: str = Field("", max_length=2000, description="Required for cancel and reject.")
    note: str = Field("", max_length=2000, description="Required for return (to negotiation).")


class CartLineOut(Schema):
    id: int
    product_id: int
    name: str
    unit: str
    quantity: int
    unit_price: int
    subtotal: int


class CartOut(Schema):
    id: int
    supplier: Ref
    lines: list[CartLineOut]
    subtotal: int
    ppn: int
    total: int
    within_pp_limit: bool = Field(..., description="Whether the PP may place it without the PPK.")


class CartLineIn(Schema):
    product_id: int = Field(..., ge=1, le=2_147_483_647)
    quantity: int = Field(..., ge=1, le=1_000_000)


class CartQuantityIn(Schema):
    quantity: int = Field(..., ge=0, le=1_000_000, description="0 removes the line.")


class QueueSupplierOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    scale: str
    district: str
    waiting_since: datetime
    waiting_days: int
    reviewer_is_me: bool
    connected: bool = Field(..., description="You are connected to this business: you may not verify it.")
    missing_documents: list[str] = Field(..., description="Required documents without a valid copy (nib, npwp, "
                                                          "bank): verifying needs a `reason`.")


class QueueProductOut(Schema):
    id: int
    name: str
    supplier: Ref
    category: CategoryRef
    price: int
    unit: str
    submitted_at: datetime | None


class QueueProductPage(PageMeta):
    items: list[QueueProductOut]


class QueueSupplierPage(PageMeta):
    items: list[QueueSupplierOut]


class SupplierDecisionIn(Schema):
    """The reasons the review page's forms ask for; the same limits, checked by the same forms."""

    reason: str = Field("", max_length=2000, description=(
        "verify: required when a required document (NIB, NPWP, bank book; `missing_documents` in the queue) is "
        "missing or expired, kept on the business and in the audit trail. reject: required, at most 1000 "
        "characters; the business reads it in its notification and on its page."))
    reasons: dict[str, str] = Field(default_factory=dict, max_length=len(REVISABLE_FIELDS), description=(
        "request_revision: the part to fix → why (at most 500 characters each, at least one part); the business "
        "reads each beside its field. Parts: " + ", ".join(REVISABLE_FIELDS) + "."))


class ProductReviewIn(Schema):
    action: str = Field(..., description="verify, verify_publish, request_revision or reject.", max_length=30)
    note: str = Field("", max_length=2000, description="Required when returning or rejecting.")


class StatusOut(Schema):
    id: int
    status: str
    status_label: str
