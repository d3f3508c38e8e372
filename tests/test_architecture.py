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
