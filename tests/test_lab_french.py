"""JupyterLab as a French trainee sees it: ``make lab`` opens chapter 0, in French, without the news
pop-up; every menu path the course names exists there; a quiz or self-assessment not yet run says what
to do.

The course names a menu path in bold, « › » between the levels (« **Exécution › Exécuter toutes les
cellules** »). The paths are read from the prose: the Markdown cells and Markdown outputs of the
notebooks, the book's pages, README and AUTHORING, and the Markdown the package writes (its Python
sources). The lab is the command of the Makefile's ``lab`` target (lab_driver.make_lab_script) on a
copy of notebooks/, with its own Jupyter folders; only the port, the address, the token and « no
browser » are added, so the French interface and the absence of pop-up come from the course's settings
alone (jupyter-config/, which a package install puts in the environment).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lab_driver import (
    NOTEBOOKS,
    ROOT,
    RUN_ALL,
    Outside,
    choose,
    close_menus,
    copy_course,
    free_port,
    menu_item,
    open_menu,
    start_make_lab,
    stop_tree,
    wait_for,
    wait_http,
    without_course_env,
)

CHAPTER_0 = "00-prise-en-main.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
#: the request after which JupyterLab shows, or not, the toast that asks about Jupyter's news
ANNOUNCEMENTS = "/api/config/jupyterlabapputilsextensionannouncements"


def prose_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every place of the course that trainees or trainers read."""
    for folder in ("notebooks", "exercises", "formateur"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            for index, cell in enumerate(notebook["cells"]):
                where = f"{path.relative_to(ROOT)}, cellule {index + 1}"
                if cell["cell_type"] == "markdown":
                    yield where, "".join(cell["source"])
                for output in cell.get("outputs", []):
                    yield where, "".join(output.get("data", {}).get("text/markdown", ""))
    for path in [*sorted((ROOT / "book").glob("*.md")), ROOT / "README.md", ROOT / "AUTHORING.md"]:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "src").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def menu_paths() -> dict[tuple[str, ...], list[str]]:
    """Every menu path the prose names, with the places that name it."""
    found: dict[tuple[str, ...], list[str]] = {}
    for where, text in prose_texts():
        for bold in BOLD.findall(text):
            if "›" in bold:
                path = tuple(" ".join(level.split()) for level in bold.split("›"))
                found.setdefault(path, []).append(where)
    return found


def saved_widget_texts(notebook: Path) -> list[str]:
    """The ``text/plain`` saved with each widget output of ``notebook``."""
    texts = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                texts.append("".join(output["data"]["text/plain"]))
    return texts


def test_the_prose_names_the_menu_paths_of_chapter_0() -> None:
    paths = menu_paths()
    chapter_0 = {path for path, places in paths.items() if any(CHAPTER_0 in p for p in places)}
    assert RUN_ALL in chapter_0, "lab_driver lance les cellules par le menu que donne le chapitre 0"
    assert len(chapter_0) >= 2, paths


def test_chapter_0_saves_what_to_do_where_its_widgets_will_be() -> None:
    texts = saved_widget_texts(NOTEBOOKS / CHAPTER_0)
    assert len(texts) == 2
    assert all("\u00a0: exécutez la cellule (Maj + Entrée) pour afficher" in text for text in texts), texts


@dataclass
class Lab:
    url: str
    token: str

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(f"{self.url}{path}?token={self.token}", timeout=10) as response:
            return json.load(response)

    def kernel_idle(self) -> bool:
        return any(
            s["path"].endswith(CHAPTER_0) and s["kernel"] and s["kernel"]["execution_state"] == "idle"
            for s in self.get("/api/sessions")
        )

    def french_menu_bar(self) -> list[str]:
        """JupyterLab's main menus (its own schema), in the order of their rank, as the French
        language pack the server offers translates them."""
        schema = self.get("/lab/api/settings/@jupyterlab/mainmenu-extension:plugin")["schema"]
        menus = sorted(schema["jupyter.lab.menus"]["main"], key=lambda menu: menu["rank"])
        french = self.get("/lab/api/translations/fr_FR")["data"]["jupyterlab"]
        return [french[f"menu\u0004{menu['label']}"][0] for menu in menus]


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    """``make lab`` on a copy of the course, its own Jupyter folders (trust database included, so the
    chapter opens untrusted as a fresh copy does); always stopped, with its kernels."""
    copy_course(tmp_path / "notebooks")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **without_course_env(dict(os.environ)),
        "TRANSITION_NUMERIQUE_PROGRESS": str(tmp_path / "progress.json"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    extra = ["--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0"]
    log = tmp_path / "make-lab.log"
    server = start_make_lab(tmp_path, env, [*extra, f"--IdentityProvider.token={token}"], log)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http(f"{url}/api/status?token={token}", server, log)
        yield Lab(url, token)
    finally:
        stop_tree(server)


@pytest.mark.browser
def test_make_lab_opens_chapter_0_in_french_with_every_menu_the_course_names(browser, lab: Lab) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    outside = Outside(lab.url)
    outside.attach(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    asked: list[str] = []
    page.on("requestfinished", lambda request: ANNOUNCEMENTS in request.url and asked.append(request.url))
    try:
        page.goto(f"{lab.url}/?token={lab.token}", timeout=60_000)
        page.wait_for_url(f"{lab.url}/lab/tree/{CHAPTER_0}**", timeout=30_000)
        current = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")
        current.wait_for(timeout=60_000)
        assert current.inner_text() == CHAPTER_0

        # Before anything runs, each widget's place tells the trainee what to do.
        waiting = saved_widget_texts(NOTEBOOKS / CHAPTER_0)
        texts = page.locator('.jp-OutputArea-output[data-mime-type="text/plain"]')
        shown = lambda: [" ".join(t.split()) for t in texts.all_text_contents()]  # noqa: E731
        wait_for(page, lambda: all(" ".join(t.split()) in shown() for t in waiting), 60, "textes d’attente")

        wait_for(page, lab.kernel_idle, 60, "noyau du chapitre 0 démarré")
        assert page.evaluate("document.documentElement.lang") == "fr-FR"
        bar = page.locator("#jp-MainMenu .lm-MenuBar-item").all_text_contents()
        assert bar == lab.french_menu_bar()

        missing = []
        for path, places in menu_paths().items():
            if path[0] not in bar:
                missing.append(f"{' › '.join(path)} ({', '.join(places)}) ; la barre de menus a : {bar}")
                continue
            item = menu_item(open_menu(page, path[:-1]), path[-1])
            if item.count() != 1 or "lm-mod-disabled" in (item.get_attribute("class") or ""):
                labels = page.locator(".lm-Menu").last.locator(".lm-Menu-itemLabel").all_text_contents()
                missing.append(f"{' › '.join(path)} ({', '.join(places)}) ; le menu a : {labels}")
            close_menus(page)
        assert missing == [], "\n".join(missing)

        # The news question is asked, if at all, once this request is answered: no toast, no notification.
        wait_for(page, lambda: bool(asked), 30, "configuration des annonces lue")
        assert page.locator(".Toastify__toast").count() == 0
        assert page.locator(".jp-Notification-Status").inner_text().strip() == "0"

        # What chapter 0 tells the trainee to do works: the widgets replace the texts.
        choose(page, RUN_ALL)
        widgets = page.locator(".jp-OutputArea .tnq")
        wait_for(page, lambda: widgets.count() == len(waiting), 90, "quiz et autoévaluation affichés")
        assert not set(waiting) & set(shown())
        assert errors == [] and outside.urls == []
    finally:
        context.close()
