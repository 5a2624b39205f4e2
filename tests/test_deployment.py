"""The Binder / JupyterHub configuration installs what a trainee needs, from the lock, in a clean
virtual environment: the kernel side, JupyterLab in French with the course's JupyterLab settings (which
a JupyterLab started there applies), and nothing of the book's build stack."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import urllib.request
import venv
from pathlib import Path

import pytest
from lab_driver import COURSE_CONFIG, free_port, stop_tree, wait_http, without_course_env

from transition_numerique.course.bank import load_bank

pytestmark = pytest.mark.slow  # a pip install into a fresh virtual environment

ROOT = Path(__file__).resolve().parents[1]
#: what pip needs to build the package (a copy, so that setuptools' build/ folder stays out of the repo)
NEEDED = ("pyproject.toml", "README.md", "src", "jupyter-config", ".binder", "requirements", "notebooks/quiz")
#: the course's JupyterLab settings, and where an install puts them in the environment
SETTINGS = Path("labconfig") / "default_setting_overrides.d" / "transition-numerique.json"
KERNEL_CHECK = """
import importlib.util, sys
from transition_numerique import autoevaluation, bilan, quiz
print(quiz("05"), autoevaluation("05"), bilan.mon_profil(), sep="\\n")
# (nbclient comes with JupyterLab's server, through nbconvert: not a sign of the book's stack)
book = [name for name in ("sphinx", "jupyter_book", "myst_nb") if importlib.util.find_spec(name)]
sys.exit(f"installé sans raison : {book}" if book else 0)
"""


def test_binder_requirements_install_the_kernel_and_a_french_lab_only(tmp_path: Path) -> None:
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
    run = "\u00a0: exécutez la cellule (Maj + Entrée) pour afficher"
    count = len(load_bank("05", ROOT / "notebooks" / "quiz").questions)
    assert kernel.stdout.splitlines()[0] == f"Quiz 05 — {count} questions{run} le quiz."
    versions = subprocess.run([python, "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    locked = (ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    pinned_names = ("anywidget", "ipywidgets", "matplotlib", "pydantic", "filelock", "jupyterlab")
    for name in (*pinned_names, "jupyterlab-language-pack-fr-fr"):
        pinned = next(line for line in locked.splitlines() if line.lower().startswith(f"{name}=="))
        assert pinned in versions, f"{pinned} attendu dans l’environnement Binder"
    installed = env_dir / "etc" / "jupyter" / SETTINGS
    assert installed.read_text(encoding="utf-8") == (COURSE_CONFIG / SETTINGS).read_text(encoding="utf-8")
    assert lab_defaults(env_dir, tmp_path) == {
        "locale": "fr_FR",
        "fetchNews": "false",
        "checkForUpdates": False,
        "jupyterlab": "Exécuter toutes les cellules",
    }


def lab_defaults(env_dir: Path, tmp_path: Path) -> dict:
    """What the environment's JupyterLab serves, started with nothing of the course's but the install:
    the defaults of the locale and of the news settings, and the French of « Run All Cells »."""
    port, token = free_port(), secrets.token_hex(16)
    env = without_course_env(dict(os.environ)) | {
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    env.pop("PYTHONPATH", None)  # the environment's own package, not the working tree's
    command = [env_dir / "bin" / "jupyter-lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}"]
    command += [f"--IdentityProvider.token={token}", *(["--allow-root"] if os.geteuid() == 0 else [])]
    log = tmp_path / "jupyterlab.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=tmp_path, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"

    def get(path: str) -> dict:
        with urllib.request.urlopen(f"{url}{path}?token={token}", timeout=10) as response:
            return json.load(response)

    try:
        wait_http(f"{url}/api/status?token={token}", server, log)
        language = get("/lab/api/settings/@jupyterlab/translation-extension:plugin")["schema"]["properties"]
        news = get("/lab/api/settings/@jupyterlab/apputils-extension:notification")["schema"]["properties"]
        french = get("/lab/api/translations/fr_FR")["data"]
    finally:
        stop_tree(server)
    return {
        "locale": language["locale"]["default"],
        "fetchNews": news["fetchNews"]["default"],
        "checkForUpdates": news["checkForUpdates"]["default"],
        "jupyterlab": french["jupyterlab"]["Run All Cells"][0],
    }
