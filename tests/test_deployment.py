"""The Binder / JupyterHub configuration installs the course in a clean virtual environment."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a pip install into a fresh virtual environment

ROOT = Path(__file__).resolve().parents[1]


def test_binder_requirements_install_the_course(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "-r", ".binder/requirements.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    check = subprocess.run(
        [python, "-m", "transition_numerique", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    versions = subprocess.run([python, "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    locked = (ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    for name in ("anywidget", "ipywidgets", "matplotlib", "pydantic"):
        pinned = next(line for line in locked.splitlines() if line.lower().startswith(f"{name}=="))
        assert pinned in versions, f"{pinned} attendu dans l'environnement Binder"
