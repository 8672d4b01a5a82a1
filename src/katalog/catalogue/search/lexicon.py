"""Word lists for Indonesian catalogue search, as data.

Everything the analyser (``normalize.py``) knows about the language lives
here, so that a catalogue manager's request ("treat *mebel* as *furnitur*")
is a one-line change with a test, not a code change. After editing any list,
run ``katalog reindex``: documents are stored already analysed.

All entries are written folded (lower case, ASCII).
"""

# Words Sastrawi must not stem, because the stem means something else here.
# Sastrawi turns *pengadaan* into *ada* ("exists"), *pakaian* (clothing) into
# *pakai* (use), *pengaman* into *kam* and *kerajinan* (handicraft) into *rajin*
# (diligent); tool nouns in pe- (pemanas, penggaris, ...) name products of their
# own, not their root verb or adjective. Words of five letters or fewer are
# never stemmed (normalize.stem): Sastrawi cuts *kepok* to *pok* and *bali* to *bal*.
PROTECTED_TERMS: frozenset[str] = frozenset({
    # The stem means something else.
    "pengadaan", "pakaian", "pengaman", "peternakan", "kerajinan", "penghargaan", "penggandaan",
    "bantalan", "satuan", "setelan", "perawatan", "tarikan", "pemungut", "bergaris",
    # Tools and devices named after what they do: a heater is not "hot".
    "penggaris", "pengering", "pemanas", "pendingin", "penyejuk", "pengeras", "pelindung",
    "penutup", "pembuka", "pemotong", "penjepit", "pengikat", "penahan", "penghapus", "pengiris",
    "pelubang", "pembolong", "penanak", "pemadam", "pematik", "pemantik", "pemutih",
    # Product words Sastrawi strips a false prefix from (ke-, se-, be-, te-, pe-).
    "keripik", "kerupuk", "kemplang", "kemeja", "kemiri", "kelapa", "kedelai", "ketan", "kelambu",
    "keranjang", "seragam", "selimut", "sepatu", "sekolah", "kertas", "benih", "bibit", "beras",
    "bedak", "berkas", "pensil", "perangko", "terasi", "tepung", "telur", "tenda", "terpal",
    "segel", "selena", "kurumi",
})

# Spellings, abbreviations and loanwords that mean the same single word.
# Left: what people type or sellers write; right: the one form the index keeps.
VARIANTS: dict[str, str] = {
    # Snacks and food
    "kripik": "keripik", "kripick": "keripik", "keripick": "keripik", "chips": "keripik",
    "krupuk": "kerupuk",
    "mlinjo": "melinjo", "belinjo": "melinjo",
    "cemilan": "camilan", "snack": "camilan", "snak": "camilan", "snek": "camilan",
    "sambel": "sambal", "coklat": "cokelat", "chocolate": "cokelat", "choco": "cokelat",
    "ketela": "singkong", "kasava": "singkong", "cassava": "singkong",
    "enau": "aren", "kofi": "kopi", "coffee": "kopi", "coffe": "kopi",
    "honey": "madu", "catering": "katering", "ketering": "katering",
    "pepper": "lada", "merica": "lada", "sahang": "lada",
    "box": "kotak", "boks": "kotak", "dus": "kotak", "dos": "kotak", "kardus": "kotak",
    # Office supplies
    "bolpen": "pulpen", "bolpoin": "pulpen", "ballpoint": "pulpen", "ballpen": "pulpen", "pena": "pulpen",
    "marker": "spidol", "hekter": "stapler", "stepler": "stapler", "staples": "stapler",
    "solasi": "selotip", "isolasi": "selotip", "isolatip": "selotip", "sellotape": "selotip",
    "tipex": "tipeks", "tipx": "tipeks", "tippex": "tipeks",
    "fotocopy": "fotokopi", "photocopy": "fotokopi", "potokopi": "fotokopi", "fc": "fotokopi",
    "folder": "map", "envelope": "amplop", "standard": "standar",
    # Electronics
    "batre": "baterai", "baterei": "baterai", "batrai": "baterai", "battery": "baterai", "batere": "baterai",
    "hp": "handphone", "hape": "handphone", "ponsel": "handphone", "smartphone": "handphone",
    "tv": "televisi", "refrigerator": "kulkas", "fridge": "kulkas",
    "notebook": "laptop", "computer": "komputer",
    # Clothing, furniture, building
    "kaus": "kaos", "tshirt": "kaos", "uniform": "seragam",
    "meubel": "mebel", "mebeul": "mebel", "furniture": "mebel", "furnitur": "mebel",
    "banner": "spanduk", "billboard": "baliho",
}

# Phrases that mean one thing. When the phrase occurs (in a product or a query),
# the canonical token stands for it; documents keep their own words as well, so
# "alat tulis" still finds an "alat tulis kantor" product.
SYNONYM_PHRASES: dict[tuple[str, ...], str] = {
    ("alat", "tulis", "kantor"): "atk",
    ("telepon", "genggam"): "handphone",
    ("telpon", "genggam"): "handphone",
    ("air", "minum", "dalam", "kemasan"): "amdk",
    ("alat", "pelindung", "diri"): "apd",
    ("alat", "kesehatan"): "alkes",
    ("bahan", "bakar", "minyak"): "bbm",
    ("lemari", "es"): "kulkas",
    ("pendingin", "ruangan"): "ac",
    ("air", "conditioner"): "ac",
    ("ubi", "kayu"): "singkong",
    ("oleh", "oleh"): "oleh",
    ("tip", "ex"): "tipeks",
    ("t", "shirt"): "kaos",
}

# Short forms everybody uses for a phrase, for the "why" text: atk → alat tulis kantor.
ABBREVIATIONS: dict[str, str] = {
    "atk": "alat tulis kantor", "amdk": "air minum dalam kemasan", "apd": "alat pelindung diri",
    "alkes": "alat kesehatan", "bbm": "bahan bakar minyak", "ac": "pendingin ruangan",
}

# Units of measure: never a search term by themselves (they occur in most
# product names, so matching on them is slow and says nothing). After a number
# they become one quantity token: "250 gr" → "250g", "1 kg" → "1000g".
MASS_UNITS: dict[str, int] = {  # grams per unit
    # "gsm" (paper weight, g/m²) is written and searched interchangeably with "gram": "HVS 70 gr".
    "g": 1, "gr": 1, "grm": 1, "gram": 1, "gramm": 1, "gsm": 1,
    "kg": 1000, "kilo": 1000, "kilogram": 1000, "kgs": 1000,
    "ons": 100,
}
VOLUME_UNITS: dict[str, int] = {  # millilitres per unit
    "ml": 1, "mililiter": 1, "cc": 1,
    "l": 1000, "lt": 1000, "ltr": 1000, "liter": 1000, "litre": 1000,
}
COUNT_UNITS: dict[str, str] = {  # canonical count unit
    "pcs": "pcs", "pc": "pcs", "pieces": "pcs", "piece": "pcs", "buah": "pcs", "bh": "pcs", "biji": "pcs",
    "unit": "unit", "lembar": "lembar", "lbr": "lembar", "sheet": "lembar",
    "rim": "rim", "pack": "pak", "pak": "pak", "lusin": "lusin", "kodi": "kodi", "set": "set",
    "sachet": "sachet", "saset": "sachet", "bks": "bungkus", "bungkus": "bungkus",
    "btl": "botol", "roll": "roll", "rol": "roll", "porsi": "porsi", "pax": "porsi", "orang": "orang",
    "meter": "m", "m": "m", "cm": "cm", "mm": "mm", "inch": "inci", "inci": "inci",
    "watt": "w", "w": "w", "mah": "mah", "volt": "v", "v": "v",
}
UNIT_WORDS: frozenset[str] = frozenset(MASS_UNITS) | frozenset(VOLUME_UNITS) | frozenset(COUNT_UNITS)

# Function words and marketplace noise: never required in a query.
STOPWORDS: frozenset[str] = frozenset({
    "dan", "atau", "yang", "untuk", "utk", "dengan", "dgn", "di", "ke", "dari", "dalam", "pada",
    "ini", "itu", "per", "isi", "the", "and", "of", "for", "with", "a", "an", "x",
    "murah", "termurah", "promo", "diskon", "original", "ori", "terlaris", "bestseller",
    "ready", "stock", "stok", "free", "gratis", "bonus", "new", "hot", "sale", "best", "seller",
    "khas", "aneka",
})
