"""Shared fixtures: one book build per test session, Debian's chromium, offline pages.

The progress file of every run (tests, or notebooks alone under nbval) is set by the root conftest.py.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
REMOTE_URL = re.compile(r"^(?!file:|data:|blob:|about:)")


def build_book(output: Path, edition: str = "stagiaire") -> Path:
    """Build one edition with -W -n --keep-going into ``output``; fail with Sphinx's log on any warning."""
    extra: list[str | Path] = []
    if edition == "formateur":
        output.mkdir(parents=True, exist_ok=True)
        toc = subprocess.run(
            [BIN / "python", "-m", "transition_numerique.book.editions", ROOT],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (output / "_toc.yml").write_text(toc, encoding="utf-8")
        extra = ["--toc", output / "_toc.yml"]
    result = subprocess.run(
        [BIN / "jupyter-book", "build", ROOT, "-W", "-n", "--keep-going", "--path-output", output, *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | {"TRANSITION_NUMERIQUE_EDITION": edition},
    )
    if result.returncode != 0:
        pytest.fail(f"La construction du livre a échoué :\n{result.stdout[-6000:]}\n{result.stderr[-4000:]}")
    return output / "_build" / "html"


def shared_build(factory: pytest.TempPathFactory, worker_id: str, edition: str) -> Path:
    """One build of an edition per test session, shared by pytest-xdist workers through a file lock."""
    base = factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    output = shared / f"book-{edition}"
    with open(shared / f"book-{edition}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = output / "built"
        if not done.exists():
            shutil.rmtree(output, ignore_errors=True)
            build_book(output, edition)
            done.touch()
    return output / "_build" / "html"


@pytest.fixture(scope="session")
def book_html(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The trainee edition (the default ``make book``)."""
    return shared_build(tmp_path_factory, worker_id, "stagiaire")


@pytest.fixture(scope="session")
def trainer_html(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The trainer edition (``make book-formateur``): solutions, trainer notes and the trainer guide."""
    return shared_build(tmp_path_factory, worker_id, "formateur")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium; Playwright never downloads a browser of its own here."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium est introuvable : lancez 'make setup' (tools/system-deps.sh).")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        yield browser
        browser.close()


@dataclass
class OfflinePage:
    """A page whose requests to other hosts are aborted and recorded, with failed loads and console errors."""

    page: object
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def record_failure(offline: OfflinePage, request) -> None:
    """A local file that failed to load (not one cut short by navigating to the next page)."""
    if request.url.startswith(LOCAL_SCHEMES) and request.failure != "net::ERR_ABORTED":
        offline.failed.append(f"{request.url} ({request.failure})")


@pytest.fixture
def offline_page(browser) -> Iterator[OfflinePage]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    offline = OfflinePage(page)

    def block(route) -> None:
        offline.blocked.append(route.request.url)
        route.abort()

    # Only requests to other hosts go through Python: local files load without waiting for the test.
    context.route(REMOTE_URL, block)
    page.on("console", lambda msg: msg.type == "error" and offline.console_errors.append(msg.text))
    page.on("requestfailed", lambda req: record_failure(offline, req))
    page.on("pageerror", lambda error: offline.console_errors.append(str(error)))
    yield offline
    context.close()
