"""The myst-nb alt-text renderer and the « Sources » directive, each built in a tiny Sphinx project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from transition_numerique import figures
from transition_numerique.figures.chart import edition_text
from transition_numerique.figures.data import load
from transition_numerique.figures.formatting import dated
from transition_numerique.figures.registry import chart_sources

pytestmark = pytest.mark.slow  # a Sphinx build in a subprocess per test

ROOT = Path(__file__).resolve().parents[1]


def sphinx_build(source: Path, conf: str, entry_points: Path | None = None) -> tuple[int, str, Path]:
    """Build ``source`` to HTML with -W -n in a fresh process; return code, log and the output folder."""
    (source / "conf.py").write_text(conf, encoding="utf-8")
    output = source.parent / f"{source.name}-html"
    env = dict(os.environ)
    if entry_points is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(entry_points), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-E", "-b", "html", str(source), str(output)],
        capture_output=True,
        text=True,
        env=env,
    )
    return result.returncode, result.stdout + result.stderr, output


@pytest.fixture
def renderer_entry_point(tmp_path: Path) -> Path:
    """A folder whose dist-info registers the ``transition`` renderer, as the installed package does."""
    folder = tmp_path / "entry-points"
    info = folder / "tn_renderer_test-0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tn-renderer-test\nVersion: 0.0\n")
    (info / "entry_points.txt").write_text(
        "[myst_nb.renderers]\ntransition = transition_numerique.book.renderer:AltTextRenderer\n"
    )
    return folder


def notebook_with_charts(path: Path) -> figures.Chart:
    """Two chart outputs: one with alt only in its output metadata, one with an author's cell-level alt."""
    chart = figures.duopoly_growth_share()
    data, metadata = chart._repr_mimebundle_()
    output = nbformat.v4.new_output("display_data", data=data, metadata=metadata)
    cells = [
        nbformat.v4.new_markdown_cell("# Graphiques"),
        nbformat.v4.new_code_cell("figures.duopoly_growth_share()", outputs=[output]),
        nbformat.v4.new_code_cell(
            "figures.duopoly_growth_share()",
            outputs=[output],
            metadata={"mystnb": {"image": {"alt": "Texte choisi par l’auteur"}}},
        ),
    ]
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.write(notebook, path)
    return chart


def image_alts(html: Path) -> list[str]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return [image.get("alt") for image in soup.select("main img, div.body img, article img")]


NOTEBOOK_CONF = (
    'extensions = ["myst_nb"]\nnb_execution_mode = "off"\nlanguage = "fr"\nnb_render_plugin = "{}"\n'
)


def test_renderer_applies_alt_from_the_output_metadata(tmp_path: Path, renderer_entry_point: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    chart = notebook_with_charts(source / "index.ipynb")
    code, log, output = sphinx_build(source, NOTEBOOK_CONF.format("transition"), renderer_entry_point)
    assert code == 0, log
    assert image_alts(output / "index.html") == [chart.alt, "Texte choisi par l’auteur"]


def test_default_renderer_loses_the_alt_text(tmp_path: Path) -> None:
    """The control case: without the plugin, myst-nb ignores the output's alt (why the plugin exists)."""
    source = tmp_path / "site"
    source.mkdir()
    notebook_with_charts(source / "index.ipynb")
    code, log, output = sphinx_build(source, NOTEBOOK_CONF.format("default"))
    assert code == 0, log
    first, second = image_alts(output / "index.html")
    assert first.endswith(".png")  # Sphinx falls back to the file name
    assert second == "Texte choisi par l’auteur"


SOURCES_CONF = 'extensions = ["myst_parser", "transition_numerique.book.sources"]\nlanguage = "fr"\n'


def test_sources_page_lists_every_source_with_its_charts(tmp_path: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    shutil.copy(ROOT / "book" / "sources.md", source / "index.md")
    code, log, output = sphinx_build(source, SOURCES_CONF)
    assert code == 0, log
    soup = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    entries = {item["id"].removeprefix("source-"): item for item in soup.select("ul.sources-registry > li")}
    data = load()
    assert set(entries) == set(data.sources)
    charts = chart_sources(data)
    for source_id, source in data.sources.items():
        text = re.sub(r"[ \n]+", " ", entries[source_id].get_text(" ")).replace("\u2019", "'")  # smartquotes

        def straight(value: str) -> str:
            return value.replace("\u2019", "'")  # as smartquotes leave it, compared like the page

        assert straight(source.publisher) in text and straight(source.title) in text, source_id
        assert straight(edition_text(source)) in text, (source_id, edition_text(source))
        assert f"dernière vérification {dated(source.checked)}" in text, source_id
        assert f"Portée\u00a0: {source.scope}" in text and f"nature\u00a0: {source.kind}" in text
        assert entries[source_id].find("a", href=source.url) is not None
        for chart, ids in charts.items():
            assert (f"figures.{chart}()" in text) == (source_id in ids), (source_id, chart)
    intro = soup.select_one("section > p").get_text()
    assert "Perspectives Communication" in intro and "Problématique n° 5" in intro
    for section, scope in (("monde", "monde"), ("etats-unis", "États-Unis"), ("france", "France")):
        items = soup.select(f"section#{section} ul.sources-registry > li")
        assert items and all(f"Portée\u00a0: {scope}" in item.get_text() for item in items), section


def test_sources_directive_rejects_an_unknown_scope(tmp_path: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    (source / "index.md").write_text(
        "# Sources\n\n```{sources-registry}\n:scope: Europe\n```\n", encoding="utf-8"
    )
    code, log, _output = sphinx_build(source, SOURCES_CONF)
    assert code != 0
    assert "Europe" in log
