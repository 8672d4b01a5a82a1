"""Every document the code and docs refer to is in the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*ROOT.glob("src/katalog/**/*.py"), *ROOT.glob("src/katalog/**/*.md"), *ROOT.glob("docs/*.md"),
           ROOT / "README.md", *ROOT.glob("tests/**/*.py")]
OUTSIDE = ("DOMAIN.md", "STYLE.md", "../shared/")


def test_no_file_refers_to_a_document_outside_the_repository():
    this = Path(__file__).resolve()
    found = [f"{path.relative_to(ROOT)}: {word}" for path in SOURCES if path.resolve() != this
             for word in OUTSIDE if word in path.read_text(encoding="utf-8")]
    assert found == []


def test_every_docs_page_referred_to_exists():
    missing = {f"{path.relative_to(ROOT)}: {name}" for path in SOURCES
               for name in re.findall(r"\bdocs/([\w.-]+\.md)\b", path.read_text(encoding="utf-8"))
               if not (ROOT / "docs" / name).exists()}
    assert missing == set()


def test_every_picture_the_readme_shows_exists_and_stays_small():
    """The README's screenshots (scripts/readme_screenshots.py makes the buying flow's) load fast on a phone."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r'(?:src="|\]\()(docs/[\w.-]+\.png)', readme)
    assert "docs/buying-1-product.png" in pictures and "docs/screenshot-phone.png" in pictures
    for name in pictures:
        assert (ROOT / name).exists(), name
        assert (ROOT / name).stat().st_size < 150_000, f"{name} is over 150 KB"
