"""Which data each chart function uses, declared next to the function, read by the « Sources » page.

A chart function draws the rows of the very :class:`Uses` it declares (``use.rows(data)``), so each
filter is written once: the Sources page cannot list data the chart does not show, nor miss any.

A chart also declares how it uses the editions of a study (a series of documents sharing publisher
and title, such as the yearly Baromètre du numérique): see :data:`EDITION_RULES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from .data import Dataset, Row

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Uses:
    """The rows of ``table`` whose columns equal ``where`` (a tuple value: any of its items)."""

    table: str
    where: dict[str, object] = field(default_factory=dict)
    #: a further test on each row, for what column equality cannot say (a row's year and its edition)
    keep: Callable[[Row], bool] | None = None

    def rows(self, data: Dataset) -> list[Row]:
        """The selected rows, in the table's order."""
        found = data.select(self.table, **self.where)
        return found if self.keep is None else [row for row in found if self.keep(row)]


EditionRule = Literal["une", "par point", "par courbe"]
#: How a chart may use the editions of one study; the tests check each chart against its rule.
EDITION_RULES: dict[EditionRule, str] = {
    "une": "chaque étude montrée vient d’une seule édition",
    "par point": (
        "chaque point (une année, une catégorie) vient d’une seule édition, celle qui en fait le bilan, "
        "et le graphique le dit"
    ),
    "par courbe": "une courbe par édition, jamais deux éditions sur un même trait",
}

#: chart function name → the data it draws
CHARTS: dict[str, tuple[Uses, ...]] = {}
#: chart function name → its edition rule
EDITIONS: dict[str, EditionRule] = {}


def declare(*uses: Uses, editions: EditionRule = "une") -> Callable[[F], F]:
    """Decorator: record the tables (and filters) a chart function draws with its default arguments,
    and how it uses the editions of a study (default: one edition per study)."""

    def register(function: F) -> F:
        CHARTS[function.__name__] = uses
        EDITIONS[function.__name__] = editions
        return function

    return register


def chart_sources(data: Dataset) -> dict[str, tuple[str, ...]]:
    """Source ids each declared chart function relies on, in order of first use."""
    return {
        name: tuple(dict.fromkeys(row.source for use in uses for row in use.rows(data)))
        for name, uses in CHARTS.items()
    }
