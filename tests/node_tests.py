"""Running a front-end test file (tests/js/*.mjs) under ``node --test`` on data Python prepared."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_node_test(
    script: Path, variable: str, data: object, folder: Path
) -> subprocess.CompletedProcess[str]:
    """Write ``data`` as JSON in ``folder``, name it in ``$variable`` and run ``script`` with node's
    test runner (TAP output); the caller asserts on the result."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node est introuvable : lancez 'make setup' (Node >= 20).")
    path = folder / f"{script.stem}.json"
    path.write_text(json.dumps(data, allow_nan=False, ensure_ascii=False), encoding="utf-8")
    return subprocess.run(
        [node, "--test", "--test-reporter=tap", script.relative_to(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | {variable: str(path)},
        timeout=120,
    )
