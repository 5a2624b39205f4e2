"""Driving the course in a real JupyterLab (alone or behind JupyterHub): start it as ``make lab`` does,
with the course's JupyterLab settings (French interface, no news pop-up), copy the course, choose menu
items by their French labels, run every cell of chapter 5, rate, answer, read a trainee's progress
file, stop servers.

Used by the lab tests (test_lab_french, test_lab_views, test_jupyterlab, test_two_labs,
test_jupyterhub); not a test module itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ROOT / "notebooks"
CHAPTER = "05-medias-sociaux.ipynb"
#: The course's JupyterLab settings: what a package install puts in {sys.prefix}/etc/jupyter (the
#: data files of pyproject.toml) and what `make lab` adds to JUPYTER_CONFIG_PATH, since the editable
#: install of the shared virtual environment leaves data files out. The labs of the tests use it the
#: same way.
COURSE_CONFIG = ROOT / "jupyter-config"
#: The menu path chapter 0 gives for running a whole notebook (test_lab_french.py checks that the prose
#: names it and that the lab has it).
RUN_ALL = ("Exécution", "Exécuter toutes les cellules")
# Server flags for the labs of the older tests: the server fetches nothing from the internet either.
QUIET_LAB = [
    "--LabApp.news_url=",
    "--LabApp.extension_manager=readonly",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
# What trainee A does in chapter 5: two ratings (statement index, note) and two checked answers
# (question index, label of the option) — and the entries they must leave in A's progress file.
A_RATINGS = [(0, 4), (1, 2)]
A_ANSWERS = [(0, "Un espace en ligne où les utilisateurs publient"), (2, "Faux")]
A_RATED = {"strategie-ecrite": 4, "choix-par-cible": 2}
A_ANSWERED = {"reseau-ou-media": 0, "croissance-meeker": False}
# Trainee B touches one other statement only, so that B's store is written by B's own kernel.
B_RATING = (3, 3)
B_RATED = {"regularite": 3}
SENTINEL = "transition-numerique-test/meme-navigateur"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def without_course_env(env: dict[str, str]) -> dict[str, str]:
    """The environment minus the course's and the test process's own settings (pytest's conftest and
    ``make test`` set TRANSITION_NUMERIQUE_PROGRESS), Jupyter's folders and XDG's data folder."""
    dropped = ("TRANSITION_NUMERIQUE_", "JUPYTER", "XDG_DATA_HOME", "PYTEST_", "IPYTHONDIR")
    return {key: value for key, value in env.items() if not key.startswith(dropped)}


def copy_course(target: Path) -> Path:
    """The chapters and their quiz banks in ``target`` (what nbgitpuller or a clone puts there)."""
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return target


def with_course_settings(env: dict[str, str]) -> dict[str, str]:
    """``env`` plus the course's JupyterLab settings, found where `make lab` points JupyterLab."""
    return env | {"JUPYTER_CONFIG_PATH": str(COURSE_CONFIG)}


def make_lab_script() -> str:
    """The shell command of the Makefile's ``lab`` target, as ``make lab`` runs it with this venv."""
    printed = subprocess.run(
        ["make", "--silent", "--dry-run", "--old-file=.venv/.installed", "lab", f"BIN={BIN}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return printed.stdout.strip()


def start_make_lab(cwd: Path, env: dict[str, str], extra: Sequence[str], log: Path) -> subprocess.Popen:
    """``make lab``'s command run in ``cwd`` (its ``notebooks/`` is the course), with ``extra`` flags
    appended (port, token, no browser); stop it with :func:`stop_tree`."""
    with open(log, "w") as output:
        return subprocess.Popen(
            ["sh", "-c", f'{make_lab_script()} "$@"', "make-lab", *extra],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )


def label_pattern(label: str) -> re.Pattern[str]:
    """A menu label as the page writes it (JupyterLab's labels sometimes double a space)."""
    return re.compile(r"^\s*" + r"\s+".join(map(re.escape, label.split())) + r"\s*$")


def open_menu(page, path: Sequence[str]):
    """Open the menu bar's menu ``path[0]`` and the submenus ``path[1:]``; return the last one opened."""
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=label_pattern(path[0])).click()
    menu = page.locator(".lm-Menu").last
    for depth, label in enumerate(path[1:], 2):
        menu_item(menu, label).click()  # a submenu opens on click, without the hover delay
        wait_for(
            page, lambda depth=depth: page.locator(".lm-Menu").count() == depth, 10, f"sous-menu {label}"
        )
        menu = page.locator(".lm-Menu").last
    return menu


def menu_item(menu, label: str):
    """The item of an open menu whose label is ``label``."""
    return menu.locator(".lm-Menu-item").filter(
        has=menu.page.locator(".lm-Menu-itemLabel", has_text=label_pattern(label))
    )


def close_menus(page) -> None:
    """Escape out of every open menu (Lumino closes one level a key press)."""
    for _ in range(5):
        if page.locator(".lm-Menu").count() == 0:
            return
        page.keyboard.press("Escape")
    raise AssertionError("les menus ne se ferment pas avec Échap")


def choose(page, path: Sequence[str]) -> None:
    """Click the menu item at ``path`` (menu bar label, submenus, item), as a trainee does."""
    menu_item(open_menu(page, path[:-1]), path[-1]).click()


def chapter_progress(path: Path) -> dict:
    """Chapter 5 in one progress file: ``{"quiz": {id: reponse}, "autoevaluation": {id: note}}``."""
    if not path.exists():
        return {"quiz": {}, "autoevaluation": {}}
    chapter = json.loads(path.read_text(encoding="utf-8"))["chapters"].get("05", {})
    return {
        "quiz": {key: entry["reponse"] for key, entry in chapter.get("quiz", {}).items()},
        "autoevaluation": {key: entry["note"] for key, entry in chapter.get("autoevaluation", {}).items()},
    }


def has_all_of_a(path: Path) -> bool:
    saved = chapter_progress(path)
    return saved["quiz"] == A_ANSWERED and saved["autoevaluation"] == A_RATED


def leaked_from_a(path: Path) -> dict:
    """A's answers and ratings found in another trainee's file (empty when none leaked)."""
    saved = chapter_progress(path)
    return {
        "quiz": {key: value for key, value in saved["quiz"].items() if key in A_ANSWERED},
        "autoevaluation": {key: value for key, value in saved["autoevaluation"].items() if key in A_RATED},
    }


def wait_for(page, condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` while Playwright keeps serving the page's events (no bare sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"délai dépassé ({timeout:.0f} s) : {what}")
        page.wait_for_timeout(200)


def wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60, headers=None) -> None:
    """Until ``url`` answers 200; fail with the end of ``log`` if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            end = log.read_text()[-4000:]
            raise AssertionError(f"le serveur s’est arrêté ({process.returncode}) :\n{end}")
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} ne répond pas :\n{log.read_text()[-4000:]}")
        time.sleep(0.3)


def kernel_idle(sessions: list[dict]) -> bool:
    """Whether chapter 5's kernel has started and is idle (the page may show « idle » before)."""
    return any(
        s["path"].endswith(CHAPTER) and s["kernel"] and s["kernel"]["execution_state"] == "idle"
        for s in sessions
    )


def stop_tree(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop ``process`` (started with ``start_new_session=True``) and every process it started, even
    those in sessions of their own (the hub's proxy, single-user servers, kernels): SIGTERM, a bounded
    wait, then SIGKILL by process id."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with_group_kill(process.pid)
        process.wait(timeout=10)
    with_group_kill(process.pid)
    for child in family:
        try:
            if child.is_running():
                child.terminate()
        except psutil.NoSuchProcess:
            continue
    _, alive = psutil.wait_procs(family, timeout=10)
    for child in alive:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(alive, timeout=5)


def with_group_kill(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


@dataclass
class Outside:
    """Requests of the pages to any other place than ``base`` (aborted and recorded)."""

    base: str
    urls: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        def block(route) -> None:
            self.urls.append(route.request.url)
            route.abort()

        # Only other hosts reach this Python handler: the server's own requests never wait for it.
        context.route(re.compile(rf"^(?!{re.escape(self.base)}/|data:|blob:|about:)"), block)


def run_all_cells(page, idle: Callable[[], bool], timeout: float = 120) -> None:
    """« Exécution › Exécuter toutes les cellules » in the open notebook, and wait until every cell has
    run and the kernel is idle again. The outputs saved in the notebook (widgets included) are marked
    first, so that only the widgets of this run count as rendered."""
    wait_for(page, idle, timeout=60, what="noyau du chapitre 5 démarré")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=30_000)
    page.evaluate("document.querySelectorAll('.tnq').forEach((el) => el.setAttribute('data-avant', ''))")
    choose(page, RUN_ALL)
    deadline = time.monotonic() + timeout
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt")

    def finished() -> bool:
        # textContent: JupyterLab does not lay out the cells scrolled out of view (no inner text).
        texts = prompts.evaluate_all("(els) => els.map((el) => el.textContent)")
        return bool(texts) and all(re.fullmatch(r"\[\d+\]:", t.strip()) for t in texts) and idle()

    left = max(1.0, deadline - time.monotonic())
    wait_for(page, finished, timeout=left, what="toutes les cellules exécutées")
    live = page.locator(".jp-OutputArea .tnq:not([data-avant])")
    wait_for(page, lambda: live.count() == 2, timeout=30, what="autoévaluation et quiz de cette exécution")


def self_assessment(page):
    return page.locator(".jp-OutputArea .tnq:not([data-avant])", has_text="Autoévaluation —")


def quiz_widget(page):
    return page.locator(".jp-OutputArea .tnq:not([data-avant])", has_text="Quiz —")


def rate(page, statement: int, note: int) -> None:
    group = self_assessment(page).locator("fieldset.tnq-q").nth(statement)
    group.locator(f'input[type="radio"][value="{note}"]').check()


def answer(page, question: int, label: str) -> None:
    form = quiz_widget(page).locator("form.tnq-q").nth(question)
    form.locator(".tnq-option", has_text=label).locator("input").check()
    form.get_by_role("button", name="Vérifier").click()
    form.locator(".tnq-verdict").wait_for(timeout=10_000)


def act_as_a(page, progress: Path) -> None:
    """Trainee A rates two statements and answers two questions, until A's file holds all four."""
    for statement, note in A_RATINGS:
        rate(page, statement, note)
    for question, label in A_ANSWERS:
        answer(page, question, label)
    wait_for(page, lambda: has_all_of_a(progress), timeout=30, what=f"réponses de A dans {progress}")
    page.evaluate(f"localStorage.setItem({json.dumps(SENTINEL)}, 'A')")


def act_as_b(page, progress: Path) -> None:
    """Trainee B, same browser profile: the page sees what A's pages left in localStorage (the
    precondition of the leak), then B rates one other statement, until B's own file holds it."""
    assert page.evaluate(f"localStorage.getItem({json.dumps(SENTINEL)})") == "A", (
        "le navigateur de B ne voit pas le localStorage de A : pas le même profil, le test ne prouve rien"
    )
    statement, note = B_RATING
    rate(page, statement, note)
    wait_for(
        page,
        lambda: chapter_progress(progress)["autoevaluation"].get("regularite") == note,
        timeout=30,
        what=f"note de B dans {progress}",
    )


def course_storage(page) -> dict[str, str]:
    """The course's entries in the page's localStorage (for failure messages)."""
    return page.evaluate(
        "Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('transition-numerique'))"
        ".map((k) => [k, localStorage.getItem(k)]))"
    )
