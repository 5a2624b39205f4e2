"""An exercise form in a real JupyterLab: filled in a live kernel, saved in the progress file; after a
kernel restart, running the cell again shows the answer, read back from the progress file.

The lab runs on 127.0.0.1 with a token, the course's JupyterLab settings (French menus), its own Jupyter
folders and a temporary progress file; requests to other hosts are aborted and recorded.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from lab_driver import (
    QUIET_LAB,
    Outside,
    choose,
    free_port,
    stop_tree,
    wait_for,
    wait_http,
    with_course_settings,
    without_course_env,
)

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "exercice.ipynb"
CELLS = ["from transition_numerique import exercice", 'exercice("05", "engagement")']
NBSP = "\u00a0"


@dataclass
class Lab:
    url: str
    token: str
    progress: Path

    def sessions(self) -> list[dict]:
        with urllib.request.urlopen(f"{self.url}/api/sessions?token={self.token}", timeout=5) as response:
            return json.load(response)

    def kernel_idle(self) -> bool:
        return any(
            s["path"].endswith(NOTEBOOK) and s["kernel"] and s["kernel"]["execution_state"] == "idle"
            for s in self.sessions()
        )


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    root = tmp_path / "racine"
    root.mkdir()
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in CELLS],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(notebook, root / NOTEBOOK)
    progress = tmp_path / "progress.json"
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **with_course_settings(without_course_env(dict(os.environ))),
        "TRANSITION_NUMERIQUE_PROGRESS": str(progress),
        "TRANSITION_NUMERIQUE_QUIZ_DIR": str(ROOT / "notebooks" / "quiz"),
        "TRANSITION_NUMERIQUE_EXERCISES_DIR": str(ROOT / "notebooks" / "exercices"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    command = [
        BIN / "jupyter-lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        *(["--allow-root"] if os.geteuid() == 0 else []),
        *QUIET_LAB,
    ]
    log = tmp_path / "jupyterlab.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=root, start_new_session=True
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http(f"{url}/api/status?token={token}", server, log)
        yield Lab(url, token, progress)
    finally:
        stop_tree(server)


def run_cell(page, lab: Lab, index: int) -> None:
    target = page.locator(".jp-Notebook .jp-CodeCell").nth(index)
    target.locator(".cm-content").click()
    page.locator(".jp-Notebook.jp-mod-editMode .cm-focused").wait_for(timeout=10_000)
    page.keyboard.press("Shift+Enter")
    prompt = target.locator(".jp-InputPrompt")

    def done() -> bool:
        return bool(re.fullmatch(r"\[\d+\]:", (prompt.text_content() or "").strip())) and lab.kernel_idle()

    wait_for(page, done, timeout=60, what=f"cellule {index} exécutée")


def saved(lab: Lab) -> dict:
    try:
        data = json.loads(lab.progress.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    entry = data["chapters"].get("05", {}).get("exercices", {}).get("engagement")
    return entry["reponse"] if entry else {}


def test_an_answer_comes_back_after_a_kernel_restart(browser, lab: Lab) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    outside = Outside(lab.url)
    outside.attach(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}?token={lab.token}")
        wait_for(page, lab.kernel_idle, timeout=90, what="noyau démarré")
        run_cell(page, lab, 0)
        run_cell(page, lab, 1)
        form = page.locator(".jp-OutputArea section.tnq")
        form.wait_for(timeout=60_000)
        form.get_by_label("Interactions (réactions, commentaires, partages)").click()
        page.keyboard.type("56")
        page.keyboard.press("Tab")
        page.keyboard.type("980")
        status = form.locator('[role="status"]')
        assert status.inner_text() == f"Taux d’engagement{NBSP}: 5,7{NBSP}%"
        wait_for(
            page, lambda: saved(lab) == {"interactions": "56", "portee": "980"}, 30, "réponse enregistrée"
        )

        choose(page, ("Noyau", "Redémarrer le noyau…"))
        page.locator(".jp-Dialog .jp-mod-accept", has_text="Redémarrer").click()
        wait_for(page, lab.kernel_idle, timeout=60, what="noyau redémarré")
        run_cell(page, lab, 0)
        run_cell(page, lab, 1)
        form = page.locator(".jp-OutputArea section.tnq")
        form.wait_for(timeout=60_000)
        field = form.get_by_label("Interactions (réactions, commentaires, partages)")
        wait_for(page, lambda: field.input_value() == "56", 30, "réponse retrouvée après redémarrage")
        assert form.get_by_label("Portée").input_value() == "980"
        assert form.locator('[role="status"]').inner_text() == f"Taux d’engagement{NBSP}: 5,7{NBSP}%"
        assert errors == [] and outside.urls == []
    finally:
        context.close()
