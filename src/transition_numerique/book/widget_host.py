"""The static book's widgets: a light host for anywidgets, the full widget manager only where needed.

The course's myst-nb renderer (renderer.py) sorts each widget view of a page, at build time:

- an anywidget (its model carries its ESM, ``_esm``) is drawn by ``tn/widget-host.js``, shipped here,
  14 KB in place of RequireJS and @jupyter-widgets/html-manager's 3.6 MB ``embed-amd.js``;
- ipywidgets holding ``Output`` widgets (the course's explorers) show what those outputs hold, their
  default chart, as plain HTML: their controls act through the kernel, which the book does not have; a
  chart stored as an ``<img>`` with an inline PNG (``Chart.html_output``) becomes an ``image/png``
  output, which the page loads as an image file like any other chart instead of carrying it in base64;
- any other ipywidgets view needs the full manager: its page loads myst-nb's ``nb_ipywidgets_js``
  (_config.yml) and the build copies those files from node_modules into ``_static/vendor``.

A page loads the host only with the widget state that its anywidgets need, the manager with the whole
state. The widgets' code (``_esm``, ``_css``), the same in every model of a course widget, is not in the
page: each distinct text of at least ``SHARED_MIN_CHARS`` goes once per book into
``_static/tn/widgets/<hash>.js``, a classic script (it loads from file://, where fetch and ES modules are
refused) that registers it in ``window.tnWidgetCode``; the state keeps ``"tn-code:<hash>"``, which the
host resolves, so the browser caches the code across pages. A shorter text stays inline.
``TRANSITION_NUMERIQUE_WIDGETS=gestionnaire`` builds every widget page the previous way (the full
manager, the state as saved): the benchmark compares both.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.util import logging

STATIC = Path(__file__).parent / "static"
HOST_SCRIPT = "tn/widget-host.js"  # under STATIC, served as _static/tn/widget-host.js
MODE_VARIABLE = "TRANSITION_NUMERIQUE_WIDGETS"
MODES = ("hote", "gestionnaire")
REFERENCE = "IPY_MODEL_"
ANYWIDGET = "anywidget"
OUTPUT = ("@jupyter-widgets/output", "OutputModel")
INLINE_PNG = "data:image/png;base64,"
#: what the full manager loads from _static/vendor (nb_ipywidgets_js): files of package.json's npm packages
HTML_MANAGER = "@jupyter-widgets/html-manager/dist"
VENDOR_FILES = {
    "require.js": "requirejs/require.js",
    "embed-amd.js": f"{HTML_MANAGER}/embed-amd.js",
    "anywidget/index.js": "anywidget/dist/index.js",
}
VENDOR_FONTS = ("*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg")  # next to embed-amd.js, which loads them

#: the widgets' code moved out of the state, and where: _static/tn/widgets/<name>.js
CODE_TRAITS = ("_esm", "_css")
CODE_PREFIX = "tn-code:"
CODE_FOLDER = "tn/widgets"
CODE_REGISTRY = "tnWidgetCode"
SHARED_MIN_CHARS = 1024  # below, a file would cost a request for less than it saves
CODES_KEY = "tn_widget_codes"  # in myst-nb's per-page metadata of the environment

ViewKind = Literal["hote", "statique", "gestionnaire"]
logger = logging.getLogger(__name__)


def mode() -> str:
    """``hote`` (the light host wherever it suffices) or ``gestionnaire`` (the full manager everywhere)."""
    value = os.environ.get(MODE_VARIABLE, "hote")
    if value not in MODES:
        raise ValueError(f"{MODE_VARIABLE}={value!r} : valeurs possibles {', '.join(MODES)}")
    return value


def references(value: Any) -> Iterator[str]:
    """The model ids a trait refers to (``"IPY_MODEL_<id>"``, in lists and dicts too)."""
    if isinstance(value, str) and value.startswith(REFERENCE):
        yield value.removeprefix(REFERENCE)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from references(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from references(item)


def reachable(state: Mapping[str, Any], roots: Iterator[str] | list[str]) -> list[str]:
    """The models ``roots`` need, depth first in the order of their traits (the roots included)."""
    seen: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in seen or model_id not in state:
            return
        seen.append(model_id)
        for value in state[model_id].get("state", {}).values():
            for child in references(value):
                visit(child)

    for root in roots:
        visit(root)
    return seen


def _kind(model: Mapping[str, Any]) -> tuple[str, str]:
    return model.get("model_module", ""), model.get("model_name", "")


def view_kind(state: Mapping[str, Any], model_id: str) -> ViewKind:
    """Who draws this view: the host (an anywidget, or a model the page lacks: the host says so), its
    stored outputs (ipywidgets around ``Output`` widgets, no anywidget) or the full manager."""
    if mode() == "gestionnaire":
        return "gestionnaire"
    if model_id not in state or _kind(state[model_id])[0] == ANYWIDGET:
        return "hote"
    kinds = [_kind(state[child]) for child in reachable(state, [model_id])]
    if OUTPUT in kinds and all(module != ANYWIDGET for module, _ in kinds):
        return "statique"
    return "gestionnaire"


class _Tags(HTMLParser):
    """The start tags of an HTML fragment and whether it holds any text besides them."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = False
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text = self.text or bool(data.strip())


def image_output(output: dict[str, Any]) -> dict[str, Any]:
    """An output that is only an ``<img>`` of an inline PNG, as the ``image/png`` output it shows (its
    ``alt`` in the output metadata, where the renderer reads it); any other output as it is."""
    data = output.get("data", {})
    fragment = data.get("text/html")
    if isinstance(fragment, list):
        fragment = "".join(fragment)
    if not isinstance(fragment, str) or INLINE_PNG not in fragment:
        return output
    parsed = _Tags(fragment)
    if parsed.text or len(parsed.tags) != 1 or parsed.tags[0][0] != "img":
        return output
    attributes = parsed.tags[0][1]
    source = attributes.get("src") or ""
    if not source.startswith(INLINE_PNG):
        return output
    shown = {key: value for key, value in data.items() if key != "text/html"}
    return {
        **output,
        "data": {**shown, "image/png": source.removeprefix(INLINE_PNG)},
        "metadata": {**output.get("metadata", {}), "image/png": {"alt": attributes.get("alt") or ""}},
    }


def stored_outputs(state: Mapping[str, Any], model_id: str) -> list[dict[str, Any]]:
    """The outputs the ``Output`` widgets of this view hold, in the order they are drawn, an inline PNG
    as an image output (``image_output``)."""
    return [
        image_output(output)
        for child in reachable(state, [model_id])
        if _kind(state[child]) == OUTPUT
        for output in state[child].get("state", {}).get("outputs", [])
    ]


def host_state(widgets: Mapping[str, Any], views: list[str]) -> dict[str, Any]:
    """The notebook's widget state (``metadata.widgets[…]``) cut down to what the host's views need."""
    state = widgets.get("state", {})
    return {**widgets, "state": {model_id: state[model_id] for model_id in reachable(state, views)}}


def code_name(text: str) -> str:
    """The file name (without ``.js``) of a widget code: a prefix of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def code_uri(name: str) -> str:
    """Where a page loads a shared code from, under ``_static``."""
    return f"{CODE_FOLDER}/{name}.js"


def shared_codes(widgets: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The widget state with each ``_esm``/``_css`` text worth a file replaced by ``"tn-code:<name>"``,
    and those texts by name (in the order the page meets them)."""
    codes: dict[str, str] = {}
    state: dict[str, Any] = {}
    for model_id, entry in widgets.get("state", {}).items():
        traits = dict(entry.get("state", {}))
        for trait in CODE_TRAITS:
            text = traits.get(trait)
            if isinstance(text, str) and len(text) >= SHARED_MIN_CHARS and not text.startswith("http"):
                name = code_name(text)
                codes[name] = text
                traits[trait] = CODE_PREFIX + name
        state[model_id] = {**entry, "state": traits}
    return {**widgets, "state": state}, codes


def code_script(name: str, text: str) -> str:
    """The classic script that registers ``text`` under ``name`` for the host (JSON is valid JS; UTF-8,
    the page's encoding, which a classic script without ``charset`` is read in)."""
    literal = json.dumps(text, ensure_ascii=False)
    return f"(window.{CODE_REGISTRY} ??= {{}})[{json.dumps(name)}] = {literal};\n"


def host_scripts(
    env: Any, widgets: Mapping[str, Any], views: list[str]
) -> list[tuple[str, str | None, dict[str, str]]]:
    """The page's scripts for the host, in order (key, uri, attributes, as myst-nb's ``add_js_file``):
    the state its views need, the shared codes it uses, the host. The codes are noted in the
    environment (``CODES_KEY``) for ``_write_codes``."""
    from myst_nb.core.render import WIDGET_STATE_MIMETYPE, sanitize_script_content
    from myst_nb.sphinx_ import NbMetadataCollector

    state, codes = shared_codes(host_state(widgets, views))
    if env is not None:
        NbMetadataCollector.set_doc_data(env, env.docname, CODES_KEY, codes)
    body = sanitize_script_content(json.dumps(state))
    return [
        ("ipywidgets_state", None, {"type": WIDGET_STATE_MIMETYPE, "body": body}),
        *((f"tn_code_{name}", code_uri(name), {}) for name in codes),
        ("widget_host", HOST_SCRIPT, {}),
    ]


def _write_codes(app: Sphinx, env: Any) -> None:
    """Write each shared code of the book once, before the pages (their ``?v=`` checksum reads it),
    and remove the codes no page uses any more."""
    if app.builder.format != "html":
        return
    codes = {
        name: text
        for data in getattr(env, "nb_metadata", {}).values()
        for name, text in data.get(CODES_KEY, {}).items()
    }
    folder = Path(app.outdir) / "_static" / CODE_FOLDER
    if codes:
        folder.mkdir(parents=True, exist_ok=True)
    for name, text in codes.items():
        path = folder / f"{name}.js"
        script = code_script(name, text)
        if not path.is_file() or path.read_text(encoding="utf-8") != script:
            path.write_text(script, encoding="utf-8")
    for path in folder.glob("*.js") if folder.is_dir() else ():
        if path.stem not in codes:
            path.unlink()


def _add_static_path(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def _copy_vendor_files(app: Sphinx, exception: Exception | None) -> None:
    """Give the full manager its files when a page loads it; nothing otherwise."""
    if exception is not None or app.builder.format != "html":
        return
    manager = set(app.config.nb_ipywidgets_js)
    pages = getattr(app.env, "nb_metadata", {})
    if not any(uri in manager for data in pages.values() for uri, _ in data.get("js_files", {}).values()):
        return
    node_modules = Path(app.srcdir) / "node_modules"
    sources = {target: node_modules / source for target, source in VENDOR_FILES.items()}
    for pattern in VENDOR_FONTS:
        sources |= {font.name: font for font in (node_modules / HTML_MANAGER).glob(pattern)}
    missing = [str(path) for path in sources.values() if not path.is_file()]
    if missing:
        logger.warning(
            "Des pages du livre ont besoin du gestionnaire de widgets complet, mais ses fichiers manquent "
            f"({', '.join(missing)}) : lancez « make setup »."
        )
        return
    vendor = Path(app.outdir) / "_static" / "vendor"
    for target, source in sources.items():
        destination = vendor / target
        if not destination.exists() or destination.stat().st_mtime < source.stat().st_mtime:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_static_path)
    app.connect("env-updated", _write_codes)
    app.connect("build-finished", _copy_vendor_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
