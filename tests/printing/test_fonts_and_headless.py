"""The printing package registers its fonts safely and never needs Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

import printing
from printing.fonts import BOLD, REGULAR, register_fonts

PACKAGE_DIR = Path(printing.__file__).resolve().parent


def test_registering_fonts_again_is_harmless() -> None:
    register_fonts()
    first = pdfmetrics.getFont(REGULAR)
    register_fonts()
    assert pdfmetrics.getFont(REGULAR) is first
    assert pdfmetrics.getFont(BOLD).face.name == b"DejaVuSans-Bold"
    assert all(letter in first.face.charToGlyph for letter in map(ord, "ÇĞİÖŞÜçğıöşü"))


def test_no_module_imports_qt_or_the_ui() -> None:
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in {"PySide6", "shiboken6", "ui", "bimer_desktop"}
            ]
    assert offenders == []


@pytest.mark.parametrize(
    "build",
    [
        "from printing.receipt import build_receipt\nbuild_receipt(sample_receipt())",
        "from printing.receipt import build_receipt, ReceiptLayout\n"
        "build_receipt(sample_receipt(), ReceiptLayout.A5)",
        "from printing.receipt import build_receipt, ReceiptLayout\n"
        "build_receipt(sample_receipt(), ReceiptLayout.THERMAL_80)",
        "from printing.case_report import build_case_report\nbuild_case_report(sample_report())",
    ],
    ids=["a4", "a5", "80mm", "report"],
)
def test_each_document_builds_first_thing_in_a_fresh_process_without_qt(build: str) -> None:
    """Fonts are registered by whichever document comes first; no Qt is ever loaded."""
    script = (
        "import sys\n"
        "from tests.printing.samples import sample_receipt, sample_report\n"
        f"{build}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PACKAGE_DIR.parent,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PACKAGE_DIR.parent)},
    )
    assert result.stdout.strip() == "[]"
