"""The floor plan: which app may import which, checked by reading every module's imports.

An app may import itself and the apps on a lower floor, never one on its own floor or above. `core` is the
ground floor and imports no app of the project. The same list is in docs/architecture.md ("Allowed import
directions"); change both together.

Every `import` and `from ... import` counts, at the top of a module or inside a function, so a loop cannot
hide in a function body. A project module outside any app (settings, urls, cli, wsgi) stands on the roof.
"""

import ast
from pathlib import Path

import pytest

import katalog

# Lowest first. An app may import the apps of the floors below its own.
FLOORS: tuple[frozenset[str], ...] = (
    frozenset({"core", "formats"}),  # formats: number formats per language, data for Django
    frozenset({"regions", "jobs", "notices"}),
    frozenset({"agencies"}),
    frozenset({"suppliers"}),
    frozenset({"catalogue"}),  # catalogue.search is part of the catalogue
    frozenset({"purchasing"}),
    frozenset({"monitoring"}),
    frozenset({"opendata"}),
    frozenset({"home", "demo"}),  # the site's shared pages, and the demo generator that fills every app
)
ROOF = "katalog"  # settings, urls, cli, wsgi: may import every app

PACKAGE = Path(katalog.__file__).resolve().parent


def floor_of(app: str) -> int:
    for number, apps in enumerate(FLOORS):
        if app in apps:
            return number
    if app == ROOF:
        return len(FLOORS)
    raise KeyError(f"app {app!r} is on no floor: add it to FLOORS (and docs/architecture.md)")


def allowed(importer: str, imported: str) -> bool:
    return importer == imported or floor_of(imported) < floor_of(importer)


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool):
    """(line, absolute module name) of every import in `source`, relative ones resolved, function bodies included."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            # `from katalog import jobs` imports katalog.jobs: the name imported may be a module.
            for alias in node.names:
                yield node.lineno, f"{name}.{alias.name}"


def app_of(module: str, root: Path = PACKAGE) -> str | None:
    parts = module.split(".")
    if parts[0] != "katalog":
        return None
    if len(parts) == 1 or not (root / parts[1]).is_dir():
        return ROOF
    return parts[1]


def violations(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        importer = app_of(module, root)
        for line, name in imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            imported = app_of(name, root)
            if imported is not None and not allowed(importer, imported):
                found.append(f"{path.relative_to(root.parent)}:{line}: {importer} imports {name}")
    return found


def test_every_app_is_on_a_floor():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for app in apps:
        floor_of(app)


def test_no_module_imports_against_the_floor_plan():
    assert violations() == []


def test_core_imports_no_app():
    assert all(not allowed("core", app) for apps in FLOORS[1:] for app in apps)


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        ("core/dashboards.py", "from katalog.purchasing.models import Order\n", "core imports katalog.purchasing.models"),
        ("core/views.py", "def home():\n    from katalog.catalogue import selectors\n",
         "core imports katalog.catalogue"),
        ("suppliers/views.py", "from ..monitoring.readiness import readiness_of\n",
         "suppliers imports katalog.monitoring.readiness"),
        ("purchasing/x.py", "import katalog.monitoring.detectors\n", "purchasing imports katalog.monitoring.detectors"),
        ("regions/x.py", "from katalog import jobs\n", "regions imports katalog.jobs"),
    ],
)
def test_an_import_against_the_plan_is_found(tmp_path, relative, text, expected):
    root = tmp_path / "katalog"
    for app in {app for apps in FLOORS for app in apps}:
        _write(root, f"{app}/__init__.py", "")
    _write(root, "__init__.py", "")
    _write(root, relative, text)
    found = violations(root)
    assert len(found) == 1 and expected in found[0], found


def test_imports_down_the_plan_and_within_an_app_pass(tmp_path):
    root = tmp_path / "katalog"
    for app in {app for apps in FLOORS for app in apps}:
        _write(root, f"{app}/__init__.py", "")
    _write(root, "__init__.py", "")
    _write(root, "purchasing/services/orders.py",
           "from katalog.core.rules import umk\nfrom ..models import Order\nfrom . import _engine\n"
           "def f():\n    from katalog.catalogue.models import Product\n")
    _write(root, "urls.py", "from katalog.home import views\n")
    assert violations(root) == []


def test_the_architecture_page_states_the_same_floors():
    """docs/architecture.md, "Allowed import directions": one row per floor, its apps in backticks."""
    text = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Allowed import directions", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    documented = tuple(frozenset(name for name in cells[2].replace(",", " ").replace("`", " ").split()
                                 if name.isidentifier() and name != "with" and name != "catalogue.search")
                       for cells in rows)
    assert documented == FLOORS


def _has_reason(lines: list[str], lineno: int) -> bool:
    """A comment on the import's line, or above it or above the run of imports it belongs to."""
    index = lineno - 1
    if "#" in lines[index]:
        return True
    while index > 0:
        above = lines[index - 1].strip()
        if above.startswith("#"):
            return True
        if not above.startswith(("from ", "import ")) or "#" in above:
            return False
        index -= 1
    return False


def imports_inside_functions_without_a_reason(root: Path = PACKAGE) -> list[str]:
    """Imports inside a function body with no reason written beside them.

    An import belongs at the top of its module, where a reader sees what the module depends on; inside a
    function it is where a loop between apps used to hide. One that must stay (an AppConfig.ready that imports
    models, a heavy library only some requests need, a migration's own model) says why beside it."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for function in ast.walk(ast.parse(source)):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and not _has_reason(lines, node.lineno):
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return sorted(set(found))


def test_an_import_inside_a_function_says_why():
    assert imports_inside_functions_without_a_reason() == []


def test_an_import_inside_a_function_without_a_reason_is_found(tmp_path):
    root = tmp_path / "katalog"
    _write(root, "__init__.py", "")
    _write(root, "core/__init__.py", "")
    _write(root, "core/x.py", "def f():\n    # reportlab is heavy\n    import reportlab\n    import json\n\n"
                              "    import re\n")
    assert imports_inside_functions_without_a_reason(root) == ["katalog/core/x.py:6: import re"]
