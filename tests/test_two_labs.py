"""Two trainees, one machine, one after the other: each runs the course with ``make lab`` and a progress
file of their own (``TRANSITION_NUMERIQUE_PROGRESS``, as the README advises when people share an
account), on the same port — so the same origin and the same browser localStorage. Trainee B must
not find trainee A's answers in B's progress file, and A's file must keep them all.

The labs are started with the command of the Makefile's ``lab`` target, read from the Makefile (the
course's JupyterLab settings, ``--notebook-dir=notebooks``, chapter 0 as the start page, ``--allow-root``
as root), plus the port, the address, no browser, a token and the flags that keep JupyterLab's server
offline; the notebook folder is a copy of notebooks/.
"""

from __future__ import annotations

import json
import os
import secrets
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lab_driver import (
    A_ANSWERED,
    A_RATED,
    B_RATED,
    CHAPTER,
    QUIET_LAB,
    Outside,
    act_as_a,
    act_as_b,
    chapter_progress,
    copy_course,
    course_storage,
    free_port,
    has_all_of_a,
    kernel_idle,
    leaked_from_a,
    run_all_cells,
    start_make_lab,
    stop_tree,
    wait_http,
    without_course_env,
)

pytestmark = pytest.mark.browser


@contextmanager
def make_lab(tmp_path: Path, name: str, port: int, progress: Path) -> Iterator[str]:
    """``make lab`` on ``port`` with ``progress`` as the progress file; yields the URL with the token
    query; always stopped (bounded waits)."""
    copy_course(tmp_path / name / "notebooks")
    token = secrets.token_hex(16)
    env = {
        **without_course_env(dict(os.environ)),
        "TRANSITION_NUMERIQUE_PROGRESS": str(progress),
        "JUPYTER_CONFIG_DIR": str(tmp_path / name / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / name / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / name / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / name / "workspaces"),
    }
    extra = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",  # the same port, or fail: the same origin is the point
        f"--IdentityProvider.token={token}",
        *QUIET_LAB,
    ]
    log = tmp_path / f"{name}.log"
    server = start_make_lab(tmp_path / name, env, extra, log)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", server, log)
        yield token
    finally:
        stop_tree(server)


def sessions(port: int, token: str) -> list[dict]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sessions?token={token}", timeout=5) as response:
        return json.load(response)


def open_chapter(context, port: int, token: str):
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{port}/lab/tree/{CHAPTER}?token={token}", timeout=60_000)
    run_all_cells(page, lambda: kernel_idle(sessions(port, token)))
    return page


def test_second_lab_on_the_same_port_does_not_get_the_first_trainees_answers(browser, tmp_path: Path) -> None:
    port = free_port()
    progress_a, progress_b = tmp_path / "progress-A.json", tmp_path / "progress-B.json"
    origin = f"http://127.0.0.1:{port}"
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    outside = Outside(origin)
    outside.attach(context)
    try:
        with make_lab(tmp_path, "lab-A", port, progress_a) as token:
            page = open_chapter(context, port, token)
            act_as_a(page, progress_a)
            storage_a = course_storage(page)
            page.close()
        with make_lab(tmp_path, "lab-B", port, progress_b) as token:
            page = open_chapter(context, port, token)
            act_as_b(page, progress_b)
            page.close()
    finally:
        context.close()
    saved_b = chapter_progress(progress_b)
    assert leaked_from_a(progress_b) == {"quiz": {}, "autoevaluation": {}}, (
        f"les réponses de A se retrouvent dans le fichier de B ({progress_b}) : {saved_b} ; "
        f"localStorage laissé par A : {storage_a}"
    )
    assert saved_b == {"quiz": {}, "autoevaluation": B_RATED}
    assert has_all_of_a(progress_a), (
        f"le fichier de A a changé : {chapter_progress(progress_a)} au lieu de {A_ANSWERED}, {A_RATED}"
    )
    assert outside.urls == []
