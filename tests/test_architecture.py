"""The dependency rules of DESIGN.md, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = ["models", "services", "printing", "bimer_central"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(package: str) -> list[Path]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    return files


@pytest.mark.parametrize("package", HEADLESS)
def test_headless_layers_never_import_qt(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files(package)
        for name in imported_modules(path)
        if name.split(".")[0] in {"PySide6", "shiboken6", "ui"}
    ]
    assert offenders == []


def test_central_uses_only_the_shared_domain() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files("bimer_central")
        for name in imported_modules(path)
        if name.split(".")[0] in {"services", "bimer_desktop", "printing"}
    ]
    assert offenders == []


def test_models_depend_on_nothing_above_them() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files("models")
        for name in imported_modules(path)
        if name.split(".")[0] in {"services", "bimer_desktop", "printing", "bimer_central"}
    ]
    assert offenders == []


def test_ui_reaches_storage_and_paper_only_through_services() -> None:
    forbidden = {"printing", "bimer_central", "models.entities", "models.database", "sqlalchemy"}
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files("ui")
        for name in imported_modules(path)
        if name in forbidden or name.split(".")[0] in forbidden
    ]
    assert offenders == []
