"""The Binder / JupyterHub configuration installs what a trainee's kernel needs, from the lock, in a
clean virtual environment, and nothing of the book's build stack."""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a pip install into a fresh virtual environment

ROOT = Path(__file__).resolve().parents[1]
#: what pip needs to build the package (a copy, so that setuptools' build/ folder stays out of the repo)
NEEDED = ("pyproject.toml", "README.md", "src", ".binder", "requirements", "notebooks/quiz")
KERNEL_CHECK = """
import importlib.util, sys
from transition_numerique import autoevaluation, bilan, quiz
print(quiz("05"), autoevaluation("05"), bilan.mon_profil(), sep="\\n")
book = [name for name in ("sphinx", "jupyter_book", "myst_nb", "nbclient") if importlib.util.find_spec(name)]
sys.exit(f"installé sans raison : {book}" if book else 0)
"""


def test_binder_requirements_install_the_kernel_side_only(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    for name in NEEDED:
        source = ROOT / name
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, repo / name)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "-r", ".binder/requirements.txt"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    check = subprocess.run(
        [python, "-m", "transition_numerique", "check"], cwd=repo, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    env = {"TRANSITION_NUMERIQUE_PROGRESS": str(tmp_path / "progress.json"), "MPLBACKEND": "Agg"}
    kernel = subprocess.run(
        [python, "-c", KERNEL_CHECK], cwd=repo / "notebooks", capture_output=True, text=True, env=env
    )
    assert kernel.returncode == 0, kernel.stdout + kernel.stderr
    assert kernel.stdout.splitlines()[0] == "Quiz 05 — 13 questions"
    versions = subprocess.run([python, "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    locked = (ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    for name in ("anywidget", "ipywidgets", "matplotlib", "pydantic", "filelock"):
        pinned = next(line for line in locked.splitlines() if line.lower().startswith(f"{name}=="))
        assert pinned in versions, f"{pinned} attendu dans l’environnement Binder"
