"""Sphinx extension: the ``sources-registry`` directive lists every source of the course's figures.

Each entry gives publisher, title, edition and date, scope, kind, how and when it was checked and a
link, then the chart functions and data tables that use it. The optional ``:scope:`` option keeps one scope
(``monde``, ``États-Unis`` or ``France``). Add ``transition_numerique.book.sources`` to the extensions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..figures.chart import edition_text
from ..figures.data import Source, load
from ..figures.formatting import NBSP, dated
from ..figures.registry import chart_sources

SCOPES = ("monde", "États-Unis", "France")
_VERIFICATION = {
    "primaire": "chiffres lus dans le document de l’éditeur",
    "secondaire": "chiffres lus dans une page qui cite l’éditeur, à revérifier à la source",
}


def _scope(argument: str | None) -> str:
    """The ``:scope:`` value, exactly one of SCOPES (docutils' ``choice`` would lowercase it)."""
    value = (argument or "").strip()
    if value not in SCOPES:
        raise ValueError(f"{value!r} inconnu, valeurs possibles : {', '.join(SCOPES)}")
    return value


class SourcesRegistry(SphinxDirective):
    """``{sources-registry}`` with an optional ``:scope:``: a bullet list of the registry's sources."""

    has_content = False
    option_spec = {"scope": _scope}  # noqa: RUF012 (docutils reads this class attribute)

    def run(self) -> list[nodes.Node]:
        data = load()
        for path in data.files():
            self.env.note_dependency(str(path))
        charts: dict[str, list[str]] = defaultdict(list)
        for chart, ids in chart_sources(data).items():
            for source_id in ids:
                charts[source_id].append(chart)
        tables: dict[str, list[str]] = defaultdict(list)
        for name, rows in data.tables.items():
            for source_id in dict.fromkeys(row.source for row in rows):
                tables[source_id].append(name)
        scope = self.options.get("scope")
        chosen = sorted(
            (source for source in data.sources.values() if scope in (None, source.scope)),
            key=lambda source: (SCOPES.index(source.scope), source.publisher, source.date, source.id),
        )
        listing = nodes.bullet_list(classes=["sources-registry"])
        for source in chosen:
            listing += _entry(source, sorted(charts[source.id]), tables[source.id])
        return [listing]


def _entry(source: Source, charts: list[str], tables: list[str]) -> nodes.list_item:
    """One source: who, what, which edition and when, where, how and when checked, the link, then where
    the course uses it."""
    item = nodes.list_item(ids=[f"source-{source.id}"])
    head = nodes.paragraph()
    head += nodes.strong(text=source.publisher)
    head += nodes.Text(f", «{NBSP}{source.title}{NBSP}», {edition_text(source)}. ")
    head += nodes.Text(
        f"Portée{NBSP}: {source.scope}{NBSP}; nature{NBSP}: {source.kind}{NBSP}; "
        f"{_VERIFICATION[source.verification]}{NBSP}; dernière vérification {dated(source.checked)}. "
    )
    host = urlparse(source.url).netloc.removeprefix("www.")
    head += nodes.reference(text=f"Consulter ({host})", refuri=source.url)
    item += head
    if source.note:
        item += nodes.paragraph(text=source.note)
    uses = nodes.paragraph()
    if charts:
        uses += nodes.Text(f"Graphiques{NBSP}: ")
        for index, chart in enumerate(charts):
            uses += nodes.Text(", " if index else "")
            uses += nodes.literal(text=f"figures.{chart}()")
        uses += nodes.Text(". ")
    if tables:
        uses += nodes.Text(f"Tableaux{NBSP}: ")
        for index, table in enumerate(tables):
            uses += nodes.Text(", " if index else "")
            uses += nodes.literal(text=table)
        uses += nodes.Text(".")
    else:  # a fact a chapter cites without a data row (tests/claims)
        uses += nodes.Text("Chiffre cité dans le texte d’un chapitre, sans tableau de données.")
    item += uses
    return item


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("sources-registry", SourcesRegistry)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
