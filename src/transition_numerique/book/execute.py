"""Re-execute the course notebooks in place, the only way they get their committed outputs.

Run with ``python -m transition_numerique.book.execute [paths…]`` (``make execute``). Each notebook runs
top to bottom in a fresh kernel with nbclient, from its own folder, with the widget state stored so the
static book renders the widgets. Runs are deterministic: no timing metadata, a throw-away progress file
(quizzes are saved unanswered, the trainee's real progress is never touched) and a fixed hash seed.
Widget model ids (random in ipywidgets) are renamed after the notebook and their order, so a
re-execution that changes nothing leaves the file unchanged. Solutions and trainer notes are saved
collapsed, so a trainee in JupyterLab opens them on purpose.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .editions import HIDDEN_FROM_TRAINEES

KERNEL = "python3"
TIMEOUT_S = 300


def notebook_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the notebooks named, or found under the folders named, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        else:
            yield path


def execute_notebook(path: Path) -> None:
    """Execute one notebook in place; raise nbclient's error (with the failing cell) if a cell fails."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        env = os.environ | {
            "TRANSITION_NUMERIQUE_PROGRESS": str(Path(scratch) / "progress.json"),
            "PYTHONHASHSEED": "0",
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        }
        NotebookClient(
            notebook,
            kernel_name=KERNEL,
            timeout=TIMEOUT_S,
            record_timing=False,
            store_widget_state=True,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute(env=env)
    collapse_hidden_cells(notebook)
    nbformat.write(stable_widget_ids(notebook, path.name), path)


def stable_widget_ids(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Replace the random widget model ids by ids derived from the notebook's name and their order."""
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    text = json.dumps(notebook)
    for index, model_id in enumerate(state.get("state", {})):
        text = text.replace(model_id, uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{index}").hex)
    return nbformat.from_dict(json.loads(text))


def collapse_hidden_cells(notebook: nbformat.NotebookNode) -> None:
    """Collapse (JupyterLab's ``source_hidden``) the cells that the trainee edition of the book hides."""
    for cell in notebook.cells:
        if HIDDEN_FROM_TRAINEES.intersection(cell.metadata.get("tags", [])):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True


def main(argv: list[str] | None = None) -> int:
    """Execute every notebook named on the command line (default: notebooks/ and exercises/)."""
    paths = list(notebook_paths(argv or ["notebooks", "exercises"]))
    for index, path in enumerate(paths, 1):
        print(f"[{index}/{len(paths)}] {path}", flush=True)
        execute_notebook(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
