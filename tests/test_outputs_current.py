"""The committed notebooks show what today's code produces: charts, widgets, explorers, text.

The book renders the outputs stored in the notebooks and nbval compares their text only: a new CSV value
or a rewritten question would leave the book showing the old chart and the old question. Here every code
cell runs in-process the way the kernel of ``make execute`` runs it (from the notebook's folder, with a
fresh progress store, the same IPython display formatter) and every output is compared with the stored
one: each MIME type of each output (the PNG byte for byte, the alt text of its metadata, text/plain…),
the streams, and each widget with the models it refers to, trait by trait (except the front-end files
``_esm``/``_css`` of the course's widgets, compared by tests/test_quiz_widget.py, and the model ids).

A chart's PNG comes from ``Chart._repr_mimebundle_`` (never matplotlib_inline), saved without a software
stamp: the same call gives the same bytes here and in the kernel. An explorer keeps its default chart in
the ``outputs`` of its ``Output`` widget, compared the same way.
"""

from __future__ import annotations

import ast
import base64
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib.image
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb"), *ROOT.glob("formateur/*.ipynb")]
)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
COURSE_WIDGET = "transition_numerique."
#: the course widgets' front-end files: compared by tests/test_quiz_widget.py
FRONT_END = {"_esm", "_css"}
PNG_IN_HTML = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
RERUN = "relancez « make execute »"
#: differences listed per output before « … N différences en tout »
MAX_PER_OUTPUT = 6


@cache
def _formatter() -> Any:
    """IPython's display formatter, as the kernel's displayhook uses it (imported once per worker)."""
    from IPython.core.formatters import DisplayFormatter

    return DisplayFormatter()


@contextmanager
def kernel_like(folder: Path) -> Iterator[None]:
    """What execute.py gives the kernel: the notebook's folder, an empty scratch progress store, Agg."""
    from transition_numerique.learner.progress import PROGRESS_ENV

    saved = {name: os.environ.get(name) for name in (PROGRESS_ENV, "MPLBACKEND")}
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ[PROGRESS_ENV] = str(Path(scratch) / "progress.json")  # not created: no answer saved
        os.environ["MPLBACKEND"] = "Agg"
        os.chdir(folder)
        try:
            yield
        finally:
            os.chdir(cwd)
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def run_cell(source: str, namespace: dict[str, Any], label: str) -> tuple[dict[str, str], list[dict]]:
    """Run one cell as IPython does: the streams, and the execute_result of a last expression."""
    tree = ast.parse(source, label)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
        last = ast.Expression(tree.body.pop().value)
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        exec(compile(tree, label, "exec"), namespace)
        value = eval(compile(last, label, "eval"), namespace) if last is not None else None
    results = []
    if value is not None:
        data, metadata = _formatter().format(value)
        results.append({"output_type": "execute_result", "data": data, "metadata": metadata, "value": value})
    return {"stdout": stdout.getvalue(), "stderr": stderr.getvalue()}, results


# --- describing a difference -------------------------------------------------------------------------


def _short(text: str, limit: int = 90) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _common_length(first: str, second: str) -> int:
    """How many leading characters two strings share."""
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return index
    return min(len(first), len(second))


def excerpt(stored: str, current: str) -> str:
    """« stocké « …205 Md$… », actuel « …999 Md$… » »: the differing part with a little context."""
    prefix = _common_length(stored, current)
    suffix = _common_length(stored[prefix:][::-1], current[prefix:][::-1])
    start = max(0, prefix - 25)

    def part(text: str) -> str:
        end = min(len(text), len(text) - suffix + 25)
        body = _short(text[start:end], 160)
        return f"«{'…' if start else ''}{body}{'…' if end < len(text) else ''}»"

    return f"stocké {part(stored)}, actuel {part(current)}"


def _png_size(payload: str) -> str:
    image = matplotlib.image.imread(io.BytesIO(base64.b64decode(payload)), format="png")
    return f"{image.shape[1]}×{image.shape[0]}"


def png_difference(stored: str, current: str) -> str:
    size_stored, size_current = _png_size(stored), _png_size(current)
    sizes = f"{size_stored} px" if size_stored == size_current else f"{size_stored} px → {size_current} px"
    return (
        f"image PNG différente ({len(base64.b64decode(stored))} octets stockés, "
        f"{len(base64.b64decode(current))} actuels, {sizes})"
    )


def text_difference(path: str, stored: str, current: str) -> list[str]:
    """Strings compared with their embedded PNG images (an explorer's ``<img>``) set apart."""
    stored_pngs, current_pngs = PNG_IN_HTML.findall(stored), PNG_IN_HTML.findall(current)
    stored_text = PNG_IN_HTML.sub("data:image/png;base64,…", stored)
    current_text = PNG_IN_HTML.sub("data:image/png;base64,…", current)
    found = []
    if stored_text != current_text:
        found.append(f"{path} : {excerpt(stored_text, current_text)}")
    for index, (old, new) in enumerate(zip(stored_pngs, current_pngs, strict=False)):
        if old != new:
            found.append(f"{path} : {png_difference(old, new)} (image n° {index + 1} du HTML)")
    return found


def value_differences(path: str, stored: Any, current: Any) -> list[str]:
    """Where two JSON values differ: the path of each differing leaf and both values."""
    if stored == current:
        return []
    if isinstance(stored, dict) and isinstance(current, dict):
        found = []
        for key in [*stored, *(key for key in current if key not in stored)]:
            if key not in current:
                found.append(f"{path}.{key} : stocké mais plus produit")
            elif key not in stored:
                found.append(f"{path}.{key} : produit mais absent du notebook ({_short(repr(current[key]))})")
            else:
                found += value_differences(f"{path}.{key}", stored[key], current[key])
        return found
    if isinstance(stored, list) and isinstance(current, list):
        found = []
        for index, (old, new) in enumerate(zip(stored, current, strict=False)):
            found += value_differences(f"{path}[{index}]", old, new)
        if len(stored) != len(current):
            found.append(f"{path} : {len(stored)} éléments stockés, {len(current)} produits")
        return found
    if isinstance(stored, str) and isinstance(current, str):
        return text_difference(path, stored, current)
    return [f"{path} : stocké {_short(repr(stored))}, actuel {_short(repr(current))}"]


# --- widgets -----------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    """A trait state as the notebook stores it (tuples become lists)."""
    return json.loads(json.dumps(value))


def _model_id(reference: Any) -> str | None:
    if isinstance(reference, str) and reference.startswith("IPY_MODEL_"):
        return reference.removeprefix("IPY_MODEL_")
    return None


def widget_differences(
    model_id: str, widget: Any, path: str, models: dict[str, Any], seen: set[str]
) -> list[str]:
    """The stored model ``model_id`` against the live ``widget``, and the models it refers to, in turn."""
    from ipywidgets import Widget

    seen.add(model_id)
    if model_id not in models:
        return [f"{path} : modèle {model_id} absent de l’état des widgets stocké"]
    stored = dict(models[model_id]["state"])
    current = _json(widget.get_state())
    if str(current.get("_anywidget_id", "")).startswith(COURSE_WIDGET):
        for name in FRONT_END:
            stored.pop(name, None)
            current.pop(name, None)
    found: list[str] = []
    for key in sorted(stored.keys() | current.keys()):
        trait = getattr(widget, key, None)
        children = trait if isinstance(trait, list | tuple) else [trait]
        if children and all(isinstance(child, Widget) for child in children) and key in stored:
            references = stored[key] if isinstance(stored[key], list) else [stored[key]]
            if len(references) != len(children):
                found.append(f"{path}.{key} : {len(references)} widgets stockés, {len(children)} produits")
                continue
            for index, (reference, child) in enumerate(zip(references, children, strict=True)):
                where = f"{path}.{key}" + (f"[{index}]" if isinstance(trait, list | tuple) else "")
                child_id = _model_id(reference)
                if child_id is None:
                    found.append(f"{where} : stocké {_short(repr(reference))}, un widget produit")
                else:
                    found += widget_differences(
                        child_id, child, f"{where}({type(child).__name__})", models, seen
                    )
        elif key not in current:
            found.append(f"{path}.{key} : trait stocké mais plus produit")
        elif key not in stored:
            found.append(f"{path}.{key} : trait produit mais absent du notebook")
        else:
            found += value_differences(f"{path}.{key}", stored[key], current[key])
    return found


def close_widgets(widget: Any) -> None:
    """Close a produced widget and its children: nothing stays registered once compared."""
    from ipywidgets import Widget

    for key in widget.keys:
        trait = getattr(widget, key, None)
        for child in trait if isinstance(trait, list | tuple) else [trait]:
            if isinstance(child, Widget) and child is not widget:
                close_widgets(child)
    widget.close()


# --- outputs -----------------------------------------------------------------------------------------


def _joined(value: Any) -> Any:
    return "".join(value) if isinstance(value, list) else value


def bundle_differences(
    where: str, stored: dict, produced: dict, models: dict[str, Any], seen: set[str]
) -> list[str]:
    """One display output: every MIME type, the output metadata, the widget behind a widget view."""
    found = []
    data = produced["data"]
    stored_data = {key: _joined(value) for key, value in stored.get("data", {}).items()}
    for mime in [*stored_data, *(mime for mime in data if mime not in stored_data)]:
        if mime not in data:
            found.append(f"{where} : {mime} stocké mais plus produit")
        elif mime not in stored_data:
            found.append(f"{where} : {mime} produit mais absent du notebook")
        elif mime == "image/png":
            old, new = "".join(stored_data[mime].split()), "".join(data[mime].split())
            if old != new:
                found.append(f"{where} : {png_difference(old, new)}")
        elif mime == WIDGET_VIEW:
            old, new = dict(stored_data[mime]), dict(data[mime])
            stored_id = old.pop("model_id")
            new.pop("model_id")
            found += value_differences(f"{where} : vue de widget", old, new)
            widget = produced["value"]
            found += widget_differences(
                stored_id, widget, f"{where} : widget {type(widget).__name__}", models, seen
            )
        else:
            found += value_differences(f"{where} : {mime}", stored_data[mime], _json(data[mime]))
    metadata = _json(produced["metadata"])
    stored_metadata = dict(stored.get("metadata", {}))
    for mime, values in stored_metadata.items():
        if isinstance(values, dict) and "alt" in values and isinstance(metadata.get(mime), dict):
            if values["alt"] != metadata[mime].get("alt"):
                found.append(
                    f"{where} : texte alternatif ({mime}) : "
                    + excerpt(values["alt"], str(metadata[mime].get("alt")))
                )
            continue
        found += value_differences(f"{where} : métadonnées {mime}", values, metadata.get(mime))
    for mime in metadata.keys() - stored_metadata.keys():
        found.append(f"{where} : métadonnées {mime} produites mais absentes du notebook")
    return found


def check_notebook(path: Path) -> list[str]:
    """Every difference between the outputs stored in ``path`` and what its cells produce today.

    Each line names the notebook, the cell (its position in the notebook, from 1) and what differs.
    """
    from ipywidgets import Widget

    notebook = nbformat.read(path, as_version=4)
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    models = dict(notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))
    seen: set[str] = set()
    found: list[str] = []
    namespace: dict[str, Any] = {"__name__": "__main__"}
    with kernel_like(path.parent):
        for index, cell in enumerate(notebook.cells, 1):
            if cell.cell_type != "code":
                continue
            where = f"{name}, cellule {index} ({_short((cell.source.strip().splitlines() or [''])[0], 50)})"
            try:
                streams, results = run_cell(cell.source, namespace, f"<{name} cellule {index}>")
            except Exception as error:  # reported with the cell, as the kernel would
                found.append(f"{where} : la cellule lève {type(error).__name__} : {_short(str(error))}")
                continue
            stored_streams = {"stdout": "", "stderr": ""}
            stored_results = []
            for output in cell.outputs:
                if output.output_type == "stream":
                    stored_streams[output.name] += _joined(output.text)
                else:
                    stored_results.append(output)
            for stream in ("stdout", "stderr"):
                if stored_streams[stream] != streams[stream]:
                    found.append(
                        f"{where} : sortie {stream} : {excerpt(stored_streams[stream], streams[stream])}"
                    )
            if len(stored_results) != len(results):
                kinds = [output.output_type for output in stored_results]
                found.append(
                    f"{where} : sorties stockées {kinds}, produites {[r['output_type'] for r in results]}"
                )
            for stored, produced in zip(stored_results, results, strict=False):
                if stored.output_type == "error":
                    found.append(f"{where} : erreur stockée {stored.ename}")
                    continue
                problems = bundle_differences(where, stored, produced, models, seen)
                if len(problems) > MAX_PER_OUTPUT:
                    problems = [
                        *problems[:MAX_PER_OUTPUT],
                        f"{where} : … {len(problems)} différences en tout",
                    ]
                found += problems
            for produced in results:
                if isinstance(produced["value"], Widget):
                    close_widgets(produced["value"])
    orphans = [f"{models[key]['model_name']} {key}" for key in models if key not in seen]
    if orphans:
        found.append(
            f"{name} : modèles de widgets stockés qu’aucune cellule ne produit plus : {', '.join(orphans)}"
        )
    return found


def report(problems: list[str]) -> str:
    return "\n".join([*problems, f"Le livre montre les sorties stockées, périmées : {RERUN}."])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_stored_outputs_are_what_the_code_produces_today(path: Path) -> None:
    problems = check_notebook(path)
    assert not problems, report(problems)


def test_the_check_reads_every_kind_of_output() -> None:
    """The check is not vacuous: the notebooks hold charts, course widgets and an explorer's chart."""
    kinds = set()
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                kinds.update(output.get("data", {}))
                kinds.update(
                    f"alt:{mime}" for mime, meta in output.get("metadata", {}).items() if "alt" in meta
                )
        models = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}).values()
        kinds.update(model["state"].get("_anywidget_id", model["model_name"]) for model in models)
    assert {"image/png", "alt:image/png", WIDGET_VIEW, "OutputModel"} <= kinds
    assert {f"{COURSE_WIDGET}widgets.widget.{name}" for name in ("Quiz", "Autoevaluation", "Profil")} <= kinds


# --- the check fails when the data or a bank changed --------------------------------------------------


def test_a_new_csv_value_or_question_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from transition_numerique.course.bank import QUIZ_DIR_ENV, load_bank
    from transition_numerique.figures.data import loader

    data = tmp_path / "data"
    shutil.copytree(
        loader.DATA_DIR, data, ignore=lambda _dir, names: [n for n in names if not n.endswith(".csv")]
    )
    spend = data / "ad_spend_world.csv"
    old_row = "Zenith,2017-03,2017,internet,montant,205,"
    text = spend.read_text(encoding="utf-8")
    assert text.count(old_row) == 1
    spend.write_text(text.replace(old_row, old_row.replace(",205,", ",999,")), encoding="utf-8")

    banks = tmp_path / "quiz"
    shutil.copytree(ROOT / "notebooks" / "quiz", banks)
    question = load_bank("00", ROOT / "notebooks" / "quiz").questions[0].question
    rewritten = "À quoi sert, selon vous, l’autoévaluation du début de chapitre ?"
    bank = (banks / "00.yaml").read_text(encoding="utf-8")
    assert bank.count(question) == 1
    (banks / "00.yaml").write_text(bank.replace(question, rewritten), encoding="utf-8")

    monkeypatch.setattr(loader, "DATA_DIR", data)
    monkeypatch.setenv(QUIZ_DIR_ENV, str(banks))
    first = ROOT / "notebooks" / "00-prise-en-main.ipynb"
    chapter = ROOT / "notebooks" / "05-medias-sociaux.ipynb"  # ad_spend_world and its explorer
    problems = check_notebook(first) + check_notebook(chapter)
    text = report(problems)

    def cells(path: Path) -> set[str]:
        prefix = f"{path.relative_to(ROOT)}, cellule "
        return {p.removeprefix(prefix).split(" ")[0] for p in problems if p.startswith(prefix)}

    def lines(path: Path, cell: int) -> str:
        return "\n".join(p for p in problems if p.startswith(f"{path.relative_to(ROOT)}, cellule {cell} "))

    def position(path: Path, source: str) -> int:
        """The cell's number as the report gives it (counting from 1)."""
        notebook = nbformat.read(path, as_version=4)
        return next(n for n, cell in enumerate(notebook.cells, 1) if cell.source.strip() == source)

    chart_cell, quiz_cell = position(first, "figures.internet_vs_tv_2017()"), position(first, 'quiz("00")')
    spend_cell = position(chapter, "figures.ad_spend_world()")
    explorer_cell = position(chapter, "figures.explore_ad_spend()")
    assert cells(first) == {str(chart_cell), str(quiz_cell)}, text
    assert cells(chapter) == {str(spend_cell), str(explorer_cell)}, text
    chart = lines(first, chart_cell)
    assert "image PNG différente" in chart and "texte alternatif" in chart and "999" in chart, text
    quiz_change = lines(first, quiz_cell)
    assert "widget Quiz.questions[0].question" in quiz_change and "selon vous" in quiz_change, text
    assert "999" in lines(chapter, spend_cell) and "image PNG différente" in lines(chapter, spend_cell), text
    explorer = lines(chapter, explorer_cell)
    assert "Output" in explorer and "outputs[0].data.text/html" in explorer and "999" in explorer, text
    assert text.endswith(f"{RERUN}."), text
