"""Which data each chart function uses, declared next to the function, read by the « Sources » page.

A chart function draws the rows of the very :class:`Uses` it declares (``use.rows(data)``), so each
filter is written once: the Sources page cannot list data the chart does not show, nor miss any.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from .data import Dataset, Row

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Uses:
    """The rows of ``table`` whose columns equal ``where`` (a tuple value: any of its items)."""

    table: str
    where: dict[str, object] = field(default_factory=dict)

    def rows(self, data: Dataset) -> list[Row]:
        """The selected rows, in the table's order."""
        return data.select(self.table, **self.where)


#: chart function name → the data it draws
CHARTS: dict[str, tuple[Uses, ...]] = {}


def declare(*uses: Uses) -> Callable[[F], F]:
    """Decorator: record the tables (and filters) a chart function draws with its default arguments."""

    def register(function: F) -> F:
        CHARTS[function.__name__] = uses
        return function

    return register


def chart_sources(data: Dataset) -> dict[str, tuple[str, ...]]:
    """Source ids each declared chart function relies on, in order of first use."""
    return {
        name: tuple(dict.fromkeys(row.source for use in uses for row in use.rows(data)))
        for name, uses in CHARTS.items()
    }
