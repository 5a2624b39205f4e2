"""The course's sourced figures: CSV tables in this folder, validated on first use.

>>> from transition_numerique.figures.data import lookup
>>> lookup("ad_growth_capture", scope="États-Unis", year=2016)
85.0
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .loader import DATA_DIR, DataError, Dataset, load
from .models import TABLES, Row, Source

__all__ = [
    "DATA_DIR",
    "TABLES",
    "DataError",
    "Dataset",
    "Row",
    "Source",
    "load",
    "lookup",
    "sources",
    "table",
]


def table(name: str, data_dir: Path | str | None = None) -> tuple[Row, ...]:
    """The validated rows of table ``name`` (for instance ``"ad_spend_world"``)."""
    return load(data_dir).table(name)


def sources(data_dir: Path | str | None = None) -> Mapping[str, Source]:
    """The sources registry, by source id."""
    return load(data_dir).sources


def lookup(table: str, /, data_dir: Path | str | None = None, **where: object) -> float:
    """The value of the single row of ``table`` whose columns equal ``where``."""
    return load(data_dir).lookup(table, **where)
