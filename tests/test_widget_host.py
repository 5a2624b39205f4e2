"""The static book's light host for anywidgets (book/static/tn/widget-host.js) and who draws each widget.

Three layers: the build-time sorting of widget views (widget_host.py, no browser); the host itself in
chromium on small pages written here, opened from file:// and over http, with the network to other
hosts blocked; the built book (its chapter pages load the host, never RequireJS nor embed-amd.js) and a
tiny book whose widgets need the full manager, which still gets it.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from transition_numerique.book import widget_host

ROOT = Path(__file__).resolve().parents[1]
HOST = widget_host.STATIC / widget_host.HOST_SCRIPT
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
MANAGER_FILES = ("require.js", "embed-amd.js")
BOOK_FLAGS = ("-W", "-n", "--keep-going")
BOOK_COMMAND = (sys.executable, "-X", "importtime", "-m", "transition_numerique.book")
NOTE = "Ce contenu interactif n’a pas pu s’afficher dans le livre\u00a0: ouvrez le notebook dans JupyterLab."
# True once every view script has a drawn (non-empty) .widget-subarea before it, as html-manager leaves.
EVERY_VIEW_DRAWN = f"""() => [...document.querySelectorAll('script[type="{VIEW}"]')].every((tag) =>
  tag.previousElementSibling?.matches('.widget-subarea') && tag.previousElementSibling.textContent)"""


# --- which views the host draws (build time) -------------------------------------------------------


def model(module: str, name: str, **state: object) -> dict[str, object]:
    return {"model_module": module, "model_name": name, "model_module_version": "*", "state": state}


EXPLORER_STATE = {
    "box": model("@jupyter-widgets/controls", "VBoxModel", children=["IPY_MODEL_row", "IPY_MODEL_out"]),
    "row": model("@jupyter-widgets/controls", "HBoxModel", children=["IPY_MODEL_menu"]),
    "menu": model("@jupyter-widgets/controls", "DropdownModel", layout="IPY_MODEL_l1"),
    "out": model("@jupyter-widgets/output", "OutputModel", outputs=[{"output_type": "stream", "text": "x"}]),
    "l1": model("@jupyter-widgets/base", "LayoutModel"),
    "quiz": model("anywidget", "AnyModel", _esm="export default {}", layout="IPY_MODEL_l2"),
    "l2": model("@jupyter-widgets/base", "LayoutModel"),
    "slider": model("@jupyter-widgets/controls", "IntSliderModel", layout="IPY_MODEL_l1"),
}


def test_each_view_goes_to_the_lightest_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(widget_host.MODE_VARIABLE, raising=False)
    kinds = {
        view: widget_host.view_kind(EXPLORER_STATE, view) for view in ("quiz", "box", "slider", "absent")
    }
    assert kinds == {"quiz": "hote", "box": "statique", "slider": "gestionnaire", "absent": "hote"}
    assert widget_host.stored_outputs(EXPLORER_STATE, "box") == [{"output_type": "stream", "text": "x"}]
    monkeypatch.setenv(widget_host.MODE_VARIABLE, "gestionnaire")
    assert {widget_host.view_kind(EXPLORER_STATE, view) for view in ("quiz", "box")} == {"gestionnaire"}
    monkeypatch.setenv(widget_host.MODE_VARIABLE, "html-manager")
    with pytest.raises(ValueError, match="hote, gestionnaire"):
        widget_host.mode()


def test_the_host_gets_only_the_models_its_views_need() -> None:
    widgets = {"version_major": 2, "version_minor": 0, "state": EXPLORER_STATE}
    assert widget_host.host_state(widgets, ["quiz"]) == {
        "version_major": 2,
        "version_minor": 0,
        "state": {"quiz": EXPLORER_STATE["quiz"], "l2": EXPLORER_STATE["l2"]},
    }
    assert list(widget_host.references({"a": ["IPY_MODEL_x", ("IPY_MODEL_y", 3)], "b": "texte"})) == [
        "x",
        "y",
    ]


# --- the host in chromium, on pages written here ---------------------------------------------------

# A widget that logs its life in window.journal and hands its model to the test (window.modeles).
PROBE = """
export default {
  initialize({ model, signal }) {
    const nom = model.get("nom");
    (window.modeles ??= {})[nom] = model;
    (window.journal ??= []).push(`initialize ${nom} ${signal instanceof AbortSignal}`);
    model.on("change:valeur", (...a) => window.journal.push(`change:valeur ${nom} ${a.length} ${a[1]}`));
    model.on("change", (...args) => window.journal.push(`change ${nom} ${args.length}`));
    return () => window.journal.push(`fin initialize ${nom}`);
  },
  render({ model, el }) {
    const paint = () => { el.textContent = `${model.get("nom")} = ${model.get("valeur")}`; };
    paint();
    model.on("change:valeur", paint);
    window.journal.push(`render ${model.get("nom")}`);
    return () => window.journal.push(`fin render ${model.get("nom")}`);
  },
};
"""
# The same widget's next version: a function returning the definition, a bare render().
PROBE_V2 = """
export default () => ({
  render({ model, el }) {
    el.textContent = `v2 ${model.get("nom")}`;
    window.journal.push(`render v2 ${model.get("nom")}`);
  },
});
"""
CSS = ".sonde { color: rgb(1, 2, 3); }"


def anywidget(esm: str | None, **state: object) -> dict[str, object]:
    traits = {"_anywidget_id": "tests.Sonde", "_css": CSS, "_dom_classes": ["sonde"], **state}
    if esm is not None:
        traits["_esm"] = esm
    return model("anywidget", "AnyModel", **traits)


def write_page(
    folder: Path, state: dict[str, object], views: list[str], codes: dict[str, str] | None = None
) -> Path:
    """A page like the book's: the embedded state, the scripts of the shared ``codes``, the host, then
    one view script per model id."""
    shutil.copy(HOST, folder / "widget-host.js")
    embedded = json.dumps({"version_major": 2, "version_minor": 0, "state": state})
    shared = ""
    for name, text in (codes or {}).items():
        (folder / f"{name}.js").write_text(widget_host.code_script(name, text), encoding="utf-8")
        shared += f'<script src="{name}.js"></script>'
    scripts = "".join(
        f'<div class="cell_output"><script type="{VIEW}">{json.dumps({"model_id": view})}</script></div>'
        for view in views
    )
    page = folder / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>'
        f'<script type="{STATE}">{embedded}</script>{shared}<script src="widget-host.js"></script></head>'
        f"<body><main>{scripts}</main></body></html>",
        encoding="utf-8",
    )
    return page


@contextlib.contextmanager
def served(folder: Path, offline) -> Iterator[str]:
    """``folder`` over http on 127.0.0.1, that origin let through the offline page's block."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_port}"
        offline.page.route(f"{origin}/**", lambda route: route.continue_())
        try:
            yield origin
        finally:
            server.shutdown()


@contextlib.contextmanager
def opened(page_file: Path, offline, scheme: str) -> Iterator[object]:
    """The page open from file:// or over http, every view drawn, warnings recorded in ``page.warnings``."""
    warnings: list[str] = []
    offline.page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    with contextlib.ExitStack() as stack:
        if scheme == "http":
            url = f"{stack.enter_context(served(page_file.parent, offline))}/{page_file.name}"
        else:
            url = page_file.as_uri()
        offline.page.goto(url)
        offline.page.wait_for_function(EVERY_VIEW_DRAWN, timeout=10_000)
        offline.page.warnings = warnings
        yield offline.page
    assert offline.blocked == [] and offline.failed == []
    assert offline.console_errors == []


def journal(page) -> list[str]:
    return page.evaluate("window.journal")


SCHEMES = pytest.mark.parametrize("scheme", ["file", "http"])


@pytest.mark.browser
@SCHEMES
def test_the_host_gives_each_anywidget_its_model(offline_page, tmp_path: Path, scheme: str) -> None:
    state = {"a": anywidget(PROBE, nom="a", valeur=1), "b": anywidget(PROBE, nom="b", valeur=10)}
    with opened(write_page(tmp_path, state, ["a", "b", "a"]), offline_page, scheme) as page:
        views = page.locator(".widget-subarea > div")
        assert views.all_inner_texts() == ["a = 1", "b = 10", "a = 1"]
        assert views.evaluate_all("els => els.every((el) => el.classList.contains('sonde'))")
        assert page.locator("style#tests\\.Sonde").count() == 1  # one style per _anywidget_id
        for name, views_of_it in (("a", 2), ("b", 1)):  # initialize once, before the views of its model
            lines = [line for line in journal(page) if line.split()[1] == name]
            assert lines == [f"initialize {name} true"] + [f"render {name}"] * views_of_it
        page.evaluate("window.journal = []; window.modeles.a.set('valeur', 2)")
        assert views.all_inner_texts() == ["a = 2", "b = 10", "a = 2"]
        assert journal(page) == [
            "change:valeur a 3 2",
            "change a 2",
        ]  # (model, value, options), (model, options)
        facts = page.evaluate(
            """async () => {
              const a = window.modeles.a;
              window.journal = [];
              a.set("valeur", 2);  // unchanged: no event
              a.set("liste", [1, {x: 2}]);
              a.set("liste", [1, {x: 2}]);  // equal, though another object: no event
              a.on("change:liste", () => a.set("valeur", 3));
              a.set("liste", []);  // a set inside a listener: still one « change »
              a.save_changes();
              a.send({rien: true});
              return {
                inconnu: a.get("inconnu") === undefined,
                journal: window.journal,
                manager: (await a.widget_manager.get_model("b")).get("nom") === "b",
              };
            }"""
        )
        assert facts == {
            "inconnu": True,
            "journal": ["change a 2", "change:valeur a 3 3", "change a 2"],
            "manager": True,
        }


@pytest.mark.browser
@SCHEMES
def test_a_new_module_cleans_up_then_renders_again(offline_page, tmp_path: Path, scheme: str) -> None:
    state = {"a": anywidget(PROBE, nom="a", valeur=1)}
    with opened(write_page(tmp_path, state, ["a", "a"]), offline_page, scheme) as page:
        page.evaluate("esm => { window.journal = []; window.modeles.a.set('_esm', esm); }", PROBE_V2)
        page.wait_for_function("() => window.journal.filter((line) => line === 'render v2 a').length === 2")
        assert sorted(journal(page)) == [
            "fin initialize a",
            "fin render a",
            "fin render a",
            "render v2 a",
            "render v2 a",
        ]
        assert page.locator(".widget-subarea > div").all_inner_texts() == ["v2 a", "v2 a"]
        page.evaluate("window.journal = []; window.modeles.a.set('valeur', 5)")
        assert journal(page) == []  # the old module's listeners, view and initialize ones, are gone
        assert page.locator(".widget-subarea > div").all_inner_texts() == ["v2 a", "v2 a"]
        page.evaluate("css => window.modeles.a.set('_css', css)", ".sonde { color: rgb(4, 5, 6); }")
        color = page.locator(".widget-subarea > div").first.evaluate("el => getComputedStyle(el).color")
        assert color == "rgb(4, 5, 6)"


# A widget big enough for its code to be shared, and the « </script> » a code may hold.
SHARED_PROBE = PROBE + "// " + "« </script> » " * (widget_host.SHARED_MIN_CHARS // 10) + "\n"
SHARED_CSS = CSS + "/* " + "x" * widget_host.SHARED_MIN_CHARS + " */"


def test_long_widget_codes_are_shared_once_and_short_ones_stay_inline() -> None:
    state = {
        "a": anywidget(SHARED_PROBE, nom="a", _css=SHARED_CSS),
        "b": anywidget(SHARED_PROBE, nom="b"),
        "court": anywidget("export default {}", nom="court"),
        "lien": anywidget("https://exemple.fr/" + "x" * widget_host.SHARED_MIN_CHARS, nom="lien"),
    }
    shared, codes = widget_host.shared_codes({"version_major": 2, "state": state})
    esm, css = widget_host.code_name(SHARED_PROBE), widget_host.code_name(SHARED_CSS)
    assert codes == {esm: SHARED_PROBE, css: SHARED_CSS}
    traits = {model_id: entry["state"] for model_id, entry in shared["state"].items()}
    assert traits["a"]["_esm"] == traits["b"]["_esm"] == widget_host.CODE_PREFIX + esm
    assert traits["a"]["_css"] == widget_host.CODE_PREFIX + css
    assert traits["b"]["_css"] == traits["court"]["_css"] == CSS  # short: inline
    assert traits["court"]["_esm"] == "export default {}"
    assert traits["lien"]["_esm"] == state["lien"]["state"]["_esm"]
    assert state["a"]["state"]["_esm"] == SHARED_PROBE  # the notebook's state is left as it was
    assert shared["version_major"] == 2


@pytest.mark.browser
@SCHEMES
def test_the_host_resolves_shared_codes(offline_page, tmp_path: Path, scheme: str) -> None:
    state = {
        "a": anywidget(SHARED_PROBE, nom="a", valeur=1, _css=SHARED_CSS),
        "b": anywidget(SHARED_PROBE, nom="b", valeur=2),
    }
    shared, codes = widget_host.shared_codes({"state": state})
    assert len(codes) == 2
    with opened(write_page(tmp_path, shared["state"], ["a", "b"], codes), offline_page, scheme) as page:
        views = page.locator(".widget-subarea > div")
        assert views.all_inner_texts() == ["a = 1", "b = 2"]
        assert views.first.evaluate("el => getComputedStyle(el).color") == "rgb(1, 2, 3)"
        assert page.evaluate("window.modeles.a.get('_esm')") == SHARED_PROBE  # the text, not the reference
        page.evaluate("window.modeles.a.set('valeur', 3)")
        assert views.all_inner_texts() == ["a = 3", "b = 2"]
        assert not [text for text in page.warnings if text.startswith("[widget-host]")]


@pytest.mark.browser
@SCHEMES
def test_a_missing_shared_code_leaves_a_note_and_a_warning(offline_page, tmp_path: Path, scheme: str) -> None:
    state = {
        "perdu": anywidget(widget_host.CODE_PREFIX + "0123456789abcdef", nom="perdu"),
        "sans-style": anywidget(PROBE, nom="sans-style", valeur=1, _css=widget_host.CODE_PREFIX + "fedcba"),
    }
    with opened(write_page(tmp_path, state, ["perdu", "sans-style"]), offline_page, scheme) as page:
        assert page.locator(".widget-subarea").all_inner_texts() == [NOTE, "sans-style = 1"]
        warned = [text for text in page.warnings if text.startswith("[widget-host]")]
        assert any(
            "perdu" in text and "code partagé introuvable (tn-code:0123456789abcdef)" in text
            for text in warned
        )
        assert any("style de tests.Sonde" in text and "tn-code:fedcba" in text for text in warned), warned


BROKEN = {
    "sans-esm": anywidget(None, nom="sans"),
    "syntaxe": anywidget("export default {", nom="syntaxe"),
    "sans-defaut": anywidget("export const x = 1;", nom="sans-defaut"),
    "render-echoue": anywidget("export default { render() { throw new Error('panne'); } }", nom="panne"),
    "curseur": model("@jupyter-widgets/controls", "IntSliderModel", value=3),
}


@pytest.mark.browser
@SCHEMES
def test_a_widget_that_cannot_render_leaves_a_note_and_a_warning(
    offline_page, tmp_path: Path, scheme: str
) -> None:
    state = {**BROKEN, "bon": anywidget(PROBE, nom="bon", valeur=1)}
    views = [*BROKEN, "absent", "bon"]
    with opened(write_page(tmp_path, state, views), offline_page, scheme) as page:
        texts = page.locator(".widget-subarea").all_inner_texts()
        assert texts == [NOTE] * (len(views) - 1) + ["bon = 1"]
        assert page.locator(".tn-widget-indisponible[role=note]").count() == len(views) - 1
        warned = [text for text in page.warnings if text.startswith("[widget-host]")]
        assert len(warned) == len(views) - 1, page.warnings
        assert any("sans-esm" in text and "_esm" in text for text in warned)
        assert any("curseur" in text and "n’est pas un anywidget" in text for text in warned)
        assert any("absent" in text and "absent de l’état" in text for text in warned)


# --- the built book --------------------------------------------------------------------------------


def chapter_pages(book_html: Path) -> list[Path]:
    return sorted((book_html / "notebooks").glob("*.html"))


@pytest.mark.build
def test_chapter_pages_load_the_host_and_only_what_their_anywidgets_need(book_html: Path) -> None:
    with_widgets = 0
    for path in chapter_pages(book_html):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        sources = [script.get("src", "") for script in soup.find_all("script")]
        assert not [src for src in sources if any(name in src for name in MANAGER_FILES)], path.name
        views = soup.find_all("script", type=VIEW)
        assert any(widget_host.HOST_SCRIPT in src for src in sources) == bool(views), path.name
        if views:
            with_widgets += 1
            state = json.loads(soup.find("script", type=STATE).string)["state"]
            kinds = {(m["model_module"], m["model_name"]) for m in state.values()}
            assert kinds <= {("anywidget", "AnyModel"), ("@jupyter-widgets/base", "LayoutModel")}, path.name
    assert with_widgets >= 9
    assert not (book_html / "_static" / "vendor" / "embed-amd.js").exists()


@pytest.mark.build
def test_chapter_pages_load_the_widget_code_once_per_book(book_html: Path) -> None:
    """No chapter page carries a widget's code: each page loads the shared file of each code its state
    refers to, and the book holds one file per distinct code, the widgets' module among them."""
    folder = book_html / "_static" / widget_host.CODE_FOLDER
    files = {path.stem: path.read_text(encoding="utf-8") for path in folder.glob("*.js")}
    module = (ROOT / "src" / "transition_numerique" / "widgets" / "widget.js").read_text(encoding="utf-8")
    used: set[str] = set()
    for path in chapter_pages(book_html):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        tag = soup.find("script", type=STATE)
        if tag is None:
            continue
        referred = {
            value.removeprefix(widget_host.CODE_PREFIX)
            for entry in json.loads(tag.string)["state"].values()
            for trait, value in entry["state"].items()
            if trait in widget_host.CODE_TRAITS
        }
        assert all(len(name) == 16 for name in referred), (path.name, referred)  # references only
        sources = [script.get("src", "").split("?")[0] for script in soup.find_all("script")]
        loaded = [src for src in sources if widget_host.CODE_FOLDER in src]
        assert sorted(loaded) == sorted(f"../_static/{widget_host.code_uri(name)}" for name in referred)
        host = next(index for index, src in enumerate(sources) if widget_host.HOST_SCRIPT in src)
        assert all(sources.index(src) < host for src in loaded), path.name  # registered before the host
        used |= referred
    assert used and set(files) == used
    assert sum(json.dumps(module, ensure_ascii=False) in text for text in files.values()) == 1


@pytest.mark.build
def test_explorers_show_their_default_chart(book_html: Path) -> None:
    for name in ("05-medias-sociaux", "07-usages-web"):
        soup = BeautifulSoup((book_html / "notebooks" / f"{name}.html").read_text("utf-8"), "html.parser")
        views = soup.select(".tn-vue-statique")
        assert len(views) == 1, name
        chart = views[0].find("img")
        assert chart["alt"].strip() and chart["alt"] in chart_alts(name), name
        assert (book_html / "notebooks" / chart["src"]).resolve().read_bytes().startswith(b"\x89PNG"), name
        assert "vue par défaut" in views[0].get_text()


def chart_alts(name: str) -> set[str]:
    """The alt texts of the charts the explorers of notebooks/``name``.ipynb hold in their widget state."""
    notebook = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    state = notebook.metadata["widgets"][STATE]["state"]
    return {
        output["metadata"].get("image/png", {}).get("alt", "")
        for model_id in state
        for output in widget_host.stored_outputs(state, model_id)
    }


@pytest.mark.build
def test_chapter_pages_carry_no_inline_image(book_html: Path) -> None:
    """Every chart, the explorers' default one included, is an image file the page links to: none is
    inlined in base64, which would weigh a third more and be loaded again by every visit."""
    for path in sorted((book_html / "notebooks").glob("*.html")):
        assert "data:image/" not in path.read_text(encoding="utf-8"), path.name


def test_an_inline_png_becomes_an_image_output() -> None:
    png = base64.b64encode(b"\x89PNG fake").decode("ascii")
    tag = f'<img src="data:image/png;base64,{png}" alt="Titre &amp; « source »" style="max-width:100%">'
    output = {
        "output_type": "display_data",
        "data": {"text/html": tag, "text/plain": "Titre"},
        "metadata": {},
    }
    assert widget_host.image_output(output) == {
        "output_type": "display_data",
        "data": {"text/plain": "Titre", "image/png": png},
        "metadata": {"image/png": {"alt": "Titre & « source »"}},
    }
    for other in (
        f"<p>Texte</p>{tag}",
        f"{tag}{tag}",
        tag.replace("image/png", "image/svg+xml"),
        f"{tag} et du texte",
        "<b>data:image/png;base64,</b>",
    ):
        kept = {**output, "data": {"text/html": other}}
        assert widget_host.image_output(kept) == kept, other


@pytest.mark.browser
@pytest.mark.build
@SCHEMES
def test_chapter_five_quiz_works_without_the_manager(book_html: Path, offline_page, scheme: str) -> None:
    requests: list[str] = []
    offline_page.page.on("request", lambda request: requests.append(request.url))
    with contextlib.ExitStack() as stack:
        if scheme == "http":
            url = f"{stack.enter_context(served(book_html, offline_page))}/notebooks/05-medias-sociaux.html"
        else:
            url = (book_html / "notebooks" / "05-medias-sociaux.html").as_uri()
        page = offline_page.page
        page.goto(url)
        form = page.locator("section.tnq form.tnq-q").first
        form.locator("input").first.check()
        form.get_by_role("button", name="Vérifier").click()
        assert form.locator(".tnq-feedback").inner_text().strip()
        assert page.locator("section.tnq").count() == 2
    assert any(
        url.endswith(widget_host.HOST_SCRIPT) or widget_host.HOST_SCRIPT + "?" in url for url in requests
    )
    assert not [url for url in requests if any(name in url for name in (*MANAGER_FILES, "require-config"))]
    assert offline_page.blocked == [] and offline_page.failed == [] and offline_page.console_errors == []


@pytest.mark.browser
@pytest.mark.build
def test_the_theme_draws_its_icons_with_its_webfont(book_html: Path, offline_page) -> None:
    """book/_templates/static/webpack-macros.html leaves out the theme's 1.4 MB icon script: its icons,
    all « solid » ones, still show, drawn by the Font Awesome webfont of the theme's stylesheet."""
    requests: list[str] = []
    offline_page.page.on("request", lambda request: requests.append(request.url))
    offline_page.page.goto((book_html / "notebooks" / "05-medias-sociaux.html").as_uri(), wait_until="load")
    icons = offline_page.page.locator("i.fa-solid, i.fas")
    assert icons.count() >= 5
    drawn = icons.evaluate_all(
        "els => els.map((el) => [getComputedStyle(el, '::before').content, getComputedStyle(el).fontFamily])"
    )
    assert all(content not in ("none", "normal", '""') and "Font Awesome" in font for content, font in drawn)
    assert not [url for url in requests if "fontawesome.js" in url]
    assert offline_page.console_errors == [] and offline_page.failed == []


# --- a page whose widgets need the full manager still gets it --------------------------------------


def widget_notebook(widgets: list[object]) -> nbformat.NotebookNode:
    """A notebook showing ``widgets``, their state stored as JupyterLab saves it."""
    from ipywidgets.embed import embed_data

    data = embed_data(views=widgets, drop_defaults=False)
    cells = [nbformat.v4.new_markdown_cell("# Essai")]
    for spec in data["view_specs"]:
        cell = nbformat.v4.new_code_cell("w")
        cell.outputs = [nbformat.v4.new_output("display_data", data={VIEW: spec, "text/plain": "widget"})]
        cells.append(cell)
    return nbformat.v4.new_notebook(cells=cells, metadata={"widgets": {STATE: data["manager_state"]}})


@pytest.fixture(scope="module")
def mixed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny book with the course's _config.yml: a page with an ipywidgets slider, one with an anywidget."""
    import anywidget as anywidget_package
    import ipywidgets
    import traitlets

    class Sonde(anywidget_package.AnyWidget):
        _esm = PROBE
        nom = traitlets.Unicode("sonde").tag(sync=True)
        valeur = traitlets.Int(1).tag(sync=True)

    book = tmp_path_factory.mktemp("mixed-book")
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copytree(ROOT / "book" / "_assets", book / "book" / "_assets")
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: curseur\nchapters:\n- file: sonde\n", encoding="utf-8"
    )
    nbformat.write(widget_notebook([ipywidgets.IntSlider(3, description="Curseur")]), book / "curseur.ipynb")
    nbformat.write(widget_notebook([Sonde()]), book / "sonde.ipynb")
    return book


def build(book: Path, output: Path, mode: str) -> Path:
    result = subprocess.run(
        [Path(sys.executable).parent / "jupyter-book", "build", book, *BOOK_FLAGS, "--path-output", output],
        capture_output=True,
        text=True,
        env=os.environ | {widget_host.MODE_VARIABLE: mode},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return output / "_build" / "html"


def scripts_of(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [script.get("src", "").split("?")[0] for script in soup.find_all("script") if script.get("src")]


@pytest.mark.build
@pytest.mark.browser
def test_a_page_with_other_ipywidgets_gets_the_full_manager(
    mixed_book: Path, tmp_path: Path, offline_page
) -> None:
    html = build(mixed_book, tmp_path, "hote")
    assert {"_static/vendor/require.js", "_static/vendor/embed-amd.js"} <= set(
        scripts_of(html / "curseur.html")
    )
    assert "_static/tn/widget-host.js" not in scripts_of(html / "curseur.html")
    assert "_static/tn/widget-host.js" in scripts_of(html / "sonde.html")
    assert not [src for src in scripts_of(html / "sonde.html") if "vendor/" in src]
    assert (html / "_static" / "vendor" / "embed-amd.js").is_file()
    offline_page.page.goto((html / "curseur.html").as_uri())
    offline_page.page.locator(".widget-slider").wait_for(timeout=15_000)
    offline_page.page.goto((html / "sonde.html").as_uri())
    offline_page.page.get_by_text("sonde = 1").wait_for(timeout=10_000)
    assert offline_page.blocked == [] and offline_page.failed == [] and offline_page.console_errors == []


@pytest.mark.build
def test_the_previous_host_on_demand(mixed_book: Path, tmp_path: Path) -> None:
    """TRANSITION_NUMERIQUE_WIDGETS=gestionnaire: every widget page loads the full manager (the bench's
    baseline)."""
    html = build(mixed_book, tmp_path, "gestionnaire")
    assert "_static/vendor/embed-amd.js" in scripts_of(html / "sonde.html")
    assert "_static/tn/widget-host.js" not in scripts_of(html / "sonde.html")


@pytest.mark.build
def test_the_book_command_builds_without_the_iri_checker(mixed_book: Path, tmp_path: Path) -> None:
    """``python -m transition_numerique.book`` (make book) builds as ``jupyter-book`` does, without
    importing rfc3987-syntax's parsers (lark), installed for JupyterLab."""
    result = subprocess.run(
        [*BOOK_COMMAND, "build", mixed_book, *BOOK_FLAGS, "--path-output", tmp_path],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert {"jsonschema", "nbformat", "sphinx"} <= imported
    assert not {"lark", "rfc3987_syntax.syntax_helpers"} & imported
    assert "_static/tn/widget-host.js" in scripts_of(tmp_path / "_build" / "html" / "sonde.html")
