from django.template import Context, Template


def test_templates_format_rupiah_and_terbilang():
    html = Template("{% load katalog %}{{ a|rupiah }} · {{ a|terbilang }} · {{ nik|masked }}").render(
        Context({"a": 1250000, "nik": "1803021234560001"})
    )
    assert html == "Rp1.250.000 · Satu juta dua ratus lima puluh ribu rupiah · ************0001"
