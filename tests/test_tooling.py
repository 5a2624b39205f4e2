"""The safety nets themselves: nbval catches a stale output; ruff passes on code and notebooks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST_NOTEBOOK = ROOT / "notebooks" / "00-prise-en-main.ipynb"


def run_nbval(notebook: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            ROOT / "tests" / "nbval_sanitize.cfg",
            "-q",
            notebook,
        ],
        capture_output=True,
        text=True,
        cwd=notebook.parent,
    )


@pytest.mark.slow  # starts pytest, nbval and a kernel
def test_nbval_fails_when_a_stored_output_is_edited(tmp_path: Path) -> None:
    notebook = json.loads(FIRST_NOTEBOOK.read_text(encoding="utf-8"))
    edited = False
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain")
            if text and not edited:
                output["data"]["text/plain"] = "Une sortie modifiée à la main"
                edited = True
    assert edited, "le notebook 00 doit stocker au moins une sortie texte"
    copy = tmp_path / "notebooks" / FIRST_NOTEBOOK.name
    copy.parent.mkdir()
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    (tmp_path / "notebooks" / "quiz").symlink_to(ROOT / "notebooks" / "quiz")

    result = run_nbval(copy)

    assert result.returncode == 1, result.stdout[-3000:]
    assert "Une sortie modifiée à la main" in result.stdout
    assert "1 failed" in result.stdout


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [Path(sys.executable).parent / "ruff", "check", "."], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout
