"""The quiz in a live JupyterLab: run the cell, answer, see the feedback, find the answer saved."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from lab_driver import QUIET_LAB, with_course_settings

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quiz"
BANKS = FIXTURES / "banks"
CONTRAST = (FIXTURES / "contrast.js").read_text(encoding="utf-8")
CELL = 'from transition_numerique import quiz\nquiz("05", ids=["reseau-ou-media", "taux-engagement"])'


@dataclass
class Lab:
    url: str
    token: str
    progress: Path
    theme: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["JupyterLab Light", "JupyterLab Dark"])
def lab(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1, a free port, a token, the course's JupyterLab settings, a temporary root
    and progress file, the theme given; always stopped."""
    root = tmp_path / "racine"
    root.mkdir()
    themes = tmp_path / "settings" / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    themes.parent.mkdir(parents=True)
    themes.write_text(json.dumps({"theme": request.param}), encoding="utf-8")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(CELL)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(notebook, root / "quiz.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    env = with_course_settings(dict(os.environ)) | {
        "TRANSITION_NUMERIQUE_QUIZ_DIR": str(BANKS),
        "TRANSITION_NUMERIQUE_PROGRESS": str(tmp_path / "progress.json"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    command = [
        Path(sys.executable).parent / "jupyter-lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",  # CI runs as root
        *QUIET_LAB,
    ]
    log = tmp_path / "jupyterlab.log"
    with open(log, "w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab s’est arrêté :\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab ne répond pas :\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield Lab(url, token, tmp_path / "progress.json", request.param)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def saved_answers(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["chapters"].get("05", {}).get("quiz", {})


def kernel_idle(lab: Lab) -> bool:
    """Whether the notebook's kernel has started and is idle (the page may show « idle » before)."""
    with urllib.request.urlopen(f"{lab.url}/api/sessions?token={lab.token}", timeout=5) as response:
        sessions = json.load(response)
    return any(s["kernel"]["execution_state"] == "idle" for s in sessions)


def wait_for(page, condition, timeout: float = 20) -> None:
    """Poll ``condition`` while Playwright keeps serving the page's events (no bare sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("délai dépassé")
        page.wait_for_timeout(200)


def test_quiz_in_jupyterlab_saves_progress(browser, lab: Lab) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def block(route) -> None:
        outside.append(route.request.url)
        route.abort()

    # Only other hosts reach this Python handler: the lab's own requests never wait for it.
    context.route(re.compile(rf"^(?!{re.escape(lab.url)}/|data:|blob:|about:)"), block)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{lab.url}/lab/tree/quiz.ipynb?token={lab.token}")
        wait_for(page, lambda: kernel_idle(lab), timeout=60)
        page.locator(".jp-Notebook .jp-Cell .cm-content").first.click()
        page.locator(".jp-Notebook.jp-mod-editMode .cm-focused").wait_for()
        page.keyboard.press("Shift+Enter")
        quiz = page.locator(".jp-OutputArea .tnq")
        quiz.wait_for(timeout=60_000)
        first = quiz.locator("form.tnq-q").nth(0)
        first.locator("input").first.focus()
        page.keyboard.press("ArrowDown")  # arrows move within the options, not between cells
        page.keyboard.press("ArrowUp")
        assert first.get_by_label("Un site où l’on publie").is_checked()
        first.get_by_role("button", name="Vérifier").click()
        assert first.locator(".tnq-verdict").inner_text() == "✓Correct"
        assert "Un média social sert d’abord à publier." in first.get_by_role("status").inner_text()
        wait_for(page, lambda: "reseau-ou-media" in saved_answers(lab.progress))
        numeric = quiz.locator("form.tnq-q").nth(1)
        numeric.get_by_label("Votre réponse").fill("4,7")
        numeric.get_by_label("Votre réponse").press("Enter")  # Enter reaches the form, not JupyterLab
        assert numeric.locator(".tnq-verdict").inner_text() == "✗Incorrect"
        assert quiz.locator(".tnq-score").inner_text() == "Score\u00a0: 1/2"
        wait_for(page, lambda: "taux-engagement" in saved_answers(lab.progress))
        saved = saved_answers(lab.progress)
        assert saved["reseau-ou-media"]["reponse"] == 0 and saved["reseau-ou-media"]["correct"] is True
        assert saved["taux-engagement"]["reponse"] == "4,7" and saved["taux-engagement"]["correct"] is False
        numeric.get_by_role("button", name="Réessayer").click()  # the kernel forgets the retried answer
        wait_for(page, lambda: "taux-engagement" not in saved_answers(lab.progress))
        dark = page.locator("[data-jp-theme-light]").first.get_attribute("data-jp-theme-light") == "false"
        assert dark == (lab.theme == "JupyterLab Dark")
        low = [(text, round(ratio, 2)) for text, ratio in quiz.evaluate(CONTRAST) if ratio < 4.5]
        assert low == []
        assert errors == [] and outside == []
    finally:
        context.close()
