"""Qt stays in ui/ and app.py: the domain, storage and services run and test without a QApplication."""

import ast
from pathlib import Path

import accomp_desktop

PACKAGE = Path(accomp_desktop.__file__).parent
QT_ALLOWED = ("ui/", "app.py")


def qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in names):
            lines.append(node.lineno)
    return lines


def test_pyside6_only_in_ui_and_app() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(QT_ALLOWED):
            continue
        offenders += [f"{relative}:{line}" for line in qt_imports(path)]
    assert offenders == []


def test_the_rule_is_checked_on_real_code() -> None:
    # Guard against a walker that finds nothing: ui/ does import PySide6.
    assert qt_imports(PACKAGE / "ui" / "main_window.py")


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


# --- Layers import downward only
# ------------------------------------------------------------------------------

# What each layer may take from the project, besides itself and the helpers below.
LAYERS: dict[str, frozenset[str]] = {
    "domain": frozenset(),
    "storage": frozenset({"domain"}),
    "reports": frozenset({"domain"}),
    "services": frozenset({"domain", "storage", "reports"}),
    "ui": frozenset({"domain", "services"}),
    "demo": frozenset({"domain", "storage", "services"}),  # fills a demonstration database; only app uses it
    "hub": frozenset({"domain"}),  # the département's server: its own storage, the domain's rules
}
# Small modules any layer may use (files, settings, logs, resources, version): they take only from the domain.
HELPERS = frozenset(
    {"__init__", "jsonfile", "resources", "licences", "logs", "settings", "crash", "display", "options"}
)
# The composition: where everything is put together. Nothing imports them.
ENTRIES = frozenset({"app", "cli", "commands", "__main__", "hub_cli", "hub_demo"})


def _module_of(name: str) -> str:
    """The project part a dotted name belongs to: a layer, a helper or an entry module."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def wrong_way_imports(relative: str, source: str) -> list[str]:
    """The imports of the project module at ``relative`` (``ui/plan_tab.py``) that go against the layers."""
    here = relative.split("/")[0].removesuffix(".py")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "accomp_desktop":
            # « from accomp_desktop import ui » names a module; « … import __version__ », the package itself.
            names = [
                f"accomp_desktop.{alias.name}" if alias.name in {*LAYERS, *HELPERS, *ENTRIES} else node.module
                for alias in node.names
            ]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            if not name.startswith("accomp_desktop"):
                continue
            target = _module_of(name)
            if target == here:
                continue
            if target in ENTRIES:
                allowed = here in ENTRIES
            elif here in ENTRIES:
                allowed = True
            elif here in HELPERS:
                allowed = target in HELPERS or target == "domain"
            else:
                allowed = target in HELPERS or target in LAYERS.get(here, frozenset())
            if not allowed:
                found.append(f"{relative}:{node.lineno} imports {name}")
    return found


def test_layers_import_downward_only() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("storage/migrations/"):
            continue  # Alembic's scripts: storage's own, loaded by file
        offenders += wrong_way_imports(relative, path.read_text(encoding="utf-8"))
    assert offenders == []


def test_the_layer_check_finds_a_wrong_way_import() -> None:
    # The test of the test: each kind of breach is reported, the right way is not.
    assert wrong_way_imports("ui/x.py", "from accomp_desktop.storage.errors import StorageError\n") == [
        "ui/x.py:1 imports accomp_desktop.storage.errors"
    ]
    assert wrong_way_imports(
        "reports/x.py", "def f():\n    from accomp_desktop.services.plan import PlanService\n"
    )
    assert wrong_way_imports("domain/x.py", "import accomp_desktop.storage.models\n")
    assert wrong_way_imports("storage/x.py", "from accomp_desktop.ui import tasks\n")
    assert wrong_way_imports("services/x.py", "from accomp_desktop.app import run\n")
    assert wrong_way_imports("jsonfile.py", "from accomp_desktop.storage.session import Store\n")
    assert (
        wrong_way_imports(
            "ui/x.py",
            "from accomp_desktop.services.plan import PlanService\n"
            "from accomp_desktop.domain.model import Action\n"
            "from accomp_desktop import __version__\n",
        )
        == []
    )
    assert wrong_way_imports("app.py", "from accomp_desktop.storage.session import Store\n") == []
