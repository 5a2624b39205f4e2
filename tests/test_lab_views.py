"""One widget model, several views, in a real JupyterLab: the model's traits are the truth.

A scratch notebook displays the same quiz twice and the same self-assessment twice (two views of one
model each). An answer given in one view must show in the other; ``Quiz.reset()`` and
``Autoevaluation.reset()`` run from the kernel must bring every view back to unanswered and empty the
progress store; and a widget created afterwards must start from what the store holds.

The lab runs on 127.0.0.1 with a token, the course's JupyterLab settings, its own Jupyter folders, the
test banks and a temporary progress file; every request of the page to another host is aborted and
recorded. ``PYTHONPATH`` is passed on to the lab, hence to its kernel (that is how the test was shown to
fail with a broken copy of the package).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from lab_driver import (
    QUIET_LAB,
    Outside,
    chapter_progress,
    free_port,
    stop_tree,
    wait_for,
    wait_http,
    with_course_settings,
    without_course_env,
)

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
BANKS = Path(__file__).resolve().parent / "fixtures" / "quiz" / "banks"
NOTEBOOK = "vues.ipynb"
CELLS = [
    'from transition_numerique import quiz, autoevaluation\nq = quiz("05")\na = autoevaluation("05")',
    "display(q)\ndisplay(q)",
    "display(a)\ndisplay(a)",
    "q.reset()\na.reset()",
    'display(quiz("05"))\ndisplay(autoevaluation("05"))',
]
SETUP, QUIZ_VIEWS, RATING_VIEWS, RESET, FRESH = range(len(CELLS))
QUESTIONS = 6  # bank 05 of tests/fixtures/quiz/banks
STATEMENTS = 2
NOTHING = {"quiz": {}, "autoevaluation": {}}

# What one view shows: each question's verdict (None while open), the inputs checked (« question-option »
# or « statement-note », from the ids widget.js gives them) and the score line.
QUIZ_STATE = """(el) => ({
  verdicts: [...el.querySelectorAll('form.tnq-q')]
    .map((f) => f.querySelector('.tnq-verdict')?.textContent ?? null),
  checked: [...el.querySelectorAll('input:checked')].map((i) => i.id.split('-').slice(2).join('-')),
  score: el.querySelector('.tnq-score').textContent,
})"""
RATING_STATE = """(el) => ({
  checked: [...el.querySelectorAll('input:checked')].map((i) => i.id.split('-').slice(2).join('-')),
  score: el.querySelector('.tnq-score').textContent,
})"""


def quiz_view(answered: dict[int, str], checked: list[str], right: int) -> dict[str, Any]:
    verdicts = [answered.get(n) for n in range(QUESTIONS)]
    return {"verdicts": verdicts, "checked": checked, "score": f"Score\u00a0: {right}/{QUESTIONS}"}


def rating_view(checked: list[str]) -> dict[str, Any]:
    return {"checked": checked, "score": f"Affirmations notées\u00a0: {len(checked)}/{STATEMENTS}"}


OPEN_QUIZ = quiz_view({}, [], 0)
OPEN_RATINGS = rating_view([])


@dataclass
class Lab:
    url: str
    token: str
    progress: Path

    def kernel_idle(self) -> bool:
        """Whether the scratch notebook's kernel has started and is idle."""
        with urllib.request.urlopen(f"{self.url}/api/sessions?token={self.token}", timeout=5) as response:
            sessions = json.load(response)
        return any(
            s["path"].endswith(NOTEBOOK) and s["kernel"] and s["kernel"]["execution_state"] == "idle"
            for s in sessions
        )


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    """JupyterLab on the scratch notebook, with the test banks and a temporary progress file; always
    stopped, with its kernel (bounded waits)."""
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
        **with_course_settings(without_course_env(dict(os.environ))),  # PYTHONPATH kept for the kernel
        "TRANSITION_NUMERIQUE_PROGRESS": str(progress),
        "TRANSITION_NUMERIQUE_QUIZ_DIR": str(BANKS),
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


def settle(page, read: Callable[[], Any], expected: Any, what: str, timeout: float = 20) -> None:
    """Poll ``read()`` until it equals ``expected``; on time out, fail with what was seen last."""
    deadline = time.monotonic() + timeout
    while (seen := read()) != expected:
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{what} (après {timeout:.0f} s) :\n  attendu {expected!r}\n  vu      {seen!r}"
            )
        page.wait_for_timeout(200)


def cell(page, index: int):
    return page.locator(".jp-Notebook .jp-CodeCell").nth(index)


def run_cell(page, lab: Lab, index: int, widgets: int) -> None:
    """Run one cell (Shift+Enter in its editor) until its prompt has a number, the kernel is idle, no
    error or warning was printed and ``widgets`` views of the course are drawn in its output."""
    target = cell(page, index)
    target.locator(".cm-content").click()
    page.locator(".jp-Notebook.jp-mod-editMode .cm-focused").wait_for(timeout=10_000)
    page.keyboard.press("Shift+Enter")
    prompt = target.locator(".jp-InputPrompt")

    def done() -> bool:
        # textContent: the prompt of a cell scrolled out of view has no inner text.
        return bool(re.fullmatch(r"\[\d+\]:", (prompt.text_content() or "").strip())) and lab.kernel_idle()

    wait_for(page, done, timeout=60, what=f"cellule {index} exécutée : {CELLS[index]!r}")
    printed = target.locator(
        '[data-mime-type="application/vnd.jupyter.stderr"], [data-mime-type="application/vnd.jupyter.error"]'
    )
    assert printed.count() == 0, f"la cellule {index} a écrit : {printed.all_text_contents()}"
    views = target.locator(".jp-OutputArea .tnq")
    wait_for(
        page, lambda: views.count() == widgets, timeout=60, what=f"{widgets} vues dans la cellule {index}"
    )


def states(views, script: str) -> list[dict[str, Any]]:
    return [views.nth(n).evaluate(script) for n in range(views.count())]


def test_views_of_one_widget_follow_its_model_and_reset(browser, lab: Lab) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    outside = Outside(lab.url)
    outside.attach(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    progress = lambda: chapter_progress(lab.progress)  # noqa: E731
    try:
        page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}?token={lab.token}", timeout=60_000)
        wait_for(page, lab.kernel_idle, timeout=60, what="noyau du carnet démarré")
        run_cell(page, lab, SETUP, widgets=0)
        run_cell(page, lab, QUIZ_VIEWS, widgets=2)
        run_cell(page, lab, RATING_VIEWS, widgets=2)
        quizzes = cell(page, QUIZ_VIEWS).locator(".jp-OutputArea .tnq")
        ratings = cell(page, RATING_VIEWS).locator(".jp-OutputArea .tnq")
        quiz_states = lambda: states(quizzes, QUIZ_STATE)  # noqa: E731
        rating_states = lambda: states(ratings, RATING_STATE)  # noqa: E731
        assert quiz_states() == [OPEN_QUIZ, OPEN_QUIZ] and rating_states() == [OPEN_RATINGS, OPEN_RATINGS]
        assert progress() == NOTHING

        # Answer question 1 in the FIRST view of q: the kernel saves it, BOTH views show it.
        first = quizzes.nth(0).locator("form.tnq-q").nth(0)
        first.locator(".tnq-option", has_text="Un site où l’on publie").locator("input").check()
        first.get_by_role("button", name="Vérifier").click()
        settle(page, lambda: progress()["quiz"], {"reseau-ou-media": 0}, "réponse enregistrée par le noyau")
        answered = quiz_view({0: "✓Correct"}, ["0-0"], 1)
        settle(page, quiz_states, [answered, answered], "les deux vues de q après « Vérifier » dans la 1re")

        # Rate statement 2 in the SECOND view of a: the FIRST view shows it checked.
        ratings.nth(1).locator("fieldset.tnq-q").nth(1).locator('input[value="4"]').check()
        rated = rating_view(["1-4"])
        settle(page, rating_states, [rated, rated], "les deux vues de a après une note dans la 2e")
        settle(
            page,
            progress,
            {"quiz": {"reseau-ou-media": 0}, "autoevaluation": {"rythme-regulier": 4}},
            "store",
        )

        # Reset from the kernel: every view back to unanswered, nothing left in the store for 05.
        run_cell(page, lab, RESET, widgets=0)
        settle(page, quiz_states, [OPEN_QUIZ, OPEN_QUIZ], "les deux vues de q après q.reset()")
        settle(page, rating_states, [OPEN_RATINGS, OPEN_RATINGS], "les deux vues de a après a.reset()")
        settle(page, progress, NOTHING, f"chapitre 05 de {lab.progress} après les reset()")

        # Answer again (second view of q, first view of a), then new widgets start from the store.
        again = quizzes.nth(1).locator("form.tnq-q").nth(2)
        again.locator(".tnq-option", has_text="Vrai").locator("input").check()
        again.get_by_role("button", name="Vérifier").click()
        ratings.nth(0).locator("fieldset.tnq-q").nth(0).locator('input[value="2"]').check()
        saved = {"quiz": {"twitter-280": True}, "autoevaluation": {"strategie-ecrite": 2}}
        settle(page, progress, saved, "nouvelles réponses enregistrées après les reset()")
        answered = quiz_view({2: "✓Correct"}, ["2-0"], 1)
        rated = rating_view(["0-2"])
        settle(page, quiz_states, [answered, answered], "les deux vues de q après une réponse dans la 2e")
        settle(page, rating_states, [rated, rated], "les deux vues de a après une note dans la 1re")
        run_cell(page, lab, FRESH, widgets=2)
        fresh = cell(page, FRESH).locator(".jp-OutputArea .tnq")
        settle(page, lambda: fresh.nth(0).evaluate(QUIZ_STATE), answered, 'quiz("05") créé après coup')
        settle(page, lambda: fresh.nth(1).evaluate(RATING_STATE), rated, 'autoevaluation("05") après coup')
        assert errors == [] and outside.urls == []
    finally:
        context.close()
