"""Read and validate the CSV tables and the sources registry, once per data folder.

The standard ``csv`` module reads the files and pydantic validates each row; this module only adds
what neither does: the file, line and column in every error, the closed set of columns, unique keys,
and a cache so that the files are read on first use, never at import time.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ...reporting import NBSP, InputError, Issue, french, location
from .models import TABLES, Row, Source

#: The folder that ships with the package.
DATA_DIR = Path(__file__).resolve().parent
SOURCES_FILE = "sources.csv"

M = TypeVar("M", bound=BaseModel)


class DataError(InputError):
    """Bad data: each issue names the file, the line and the column."""


def _fail(path: Path, message: str, line: int | None = None, column: str | None = None) -> DataError:
    return DataError([Issue(path.name, message, line=line, field=column)])


def _matches(value: object, wanted: object) -> bool:
    return value in wanted if isinstance(wanted, tuple) else value == wanted


@dataclass(frozen=True)
class Dataset:
    """Every validated table and the sources registry of one data folder."""

    folder: Path
    sources: Mapping[str, Source]
    tables: Mapping[str, tuple[Row, ...]]

    def table(self, name: str) -> tuple[Row, ...]:
        """The validated rows of one table."""
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"tableau inconnu : {name!r} (connus : {', '.join(self.tables)})") from None

    def select(self, name: str, **where: object) -> list[Row]:
        """The rows of a table whose columns equal every ``where`` value (a tuple: any of its values)."""
        rows = self.table(name)
        columns = type(rows[0]).model_fields if rows else {}
        unknown = [key for key in where if key not in columns]
        if unknown:
            raise KeyError(f"{name} : colonne(s) inconnue(s) {unknown} (colonnes : {', '.join(columns)})")
        return [
            row for row in rows if all(_matches(getattr(row, key), value) for key, value in where.items())
        ]

    def lookup(self, name: str, **where: object) -> float:
        """The value of the single row matching ``where``; LookupError if none or several match."""
        found = self.select(name, **where)
        if len(found) != 1:
            criteria = ", ".join(f"{key}={value!r}" for key, value in where.items())
            raise LookupError(
                f"{name} : {len(found)} lignes correspondent à {criteria} (il en faut une seule)"
            )
        return found[0].value

    def files(self) -> list[Path]:
        """The CSV files this dataset was read from."""
        return [self.folder / SOURCES_FILE, *(self.folder / f"{name}.csv" for name in self.tables)]


def load(data_dir: Path | str | None = None) -> Dataset:
    """The dataset of ``data_dir`` (default: the package's own data), read and validated once."""
    return _load(Path(data_dir).resolve() if data_dir is not None else DATA_DIR)


@lru_cache(maxsize=8)
def _load(folder: Path) -> Dataset:
    sources = {item.id: item for item in _read(folder / SOURCES_FILE, Source, keys=("id",))}
    tables = {
        name: tuple(_read(folder / f"{name}.csv", model, keys=model.keys, sources=sources))
        for name, model in TABLES.items()
    }
    return Dataset(folder=folder, sources=sources, tables=tables)


def _read(
    path: Path, model: type[M], *, keys: tuple[str, ...], sources: Mapping[str, Source] | None = None
) -> list[M]:
    """Validate every line of ``path`` with ``model``; raise DataError naming file, line and column."""
    if not path.is_file():
        raise _fail(path, f"fichier introuvable dans {path.parent}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        _check_header(path, reader.fieldnames or [], model)
        rows: list[M] = []
        seen: dict[tuple[object, ...], int] = {}
        for record in reader:
            line = reader.line_num
            if None in record or None in record.values():
                raise _fail(path, "nombre de cellules différent de l’en-tête", line)
            try:
                row = model.model_validate(record, context={"sources": sources})
            except ValidationError as error:
                raise DataError(_issues(path, line, error)) from None
            key = tuple(getattr(row, column) for column in keys)
            if key in seen:
                message = f"même clé ({', '.join(keys)}) qu’à la ligne {seen[key]}"
                raise _fail(path, message, line)
            seen[key] = line
            rows.append(row)
    if not rows:
        raise _fail(path, "aucune ligne de données")
    return rows


def _check_header(path: Path, header: list[str], model: type[BaseModel]) -> None:
    fields = model.model_fields
    missing = [name for name, field in fields.items() if field.is_required() and name not in header]
    unknown = [name for name in header if name not in fields]
    if missing:
        raise _fail(path, "colonne manquante dans l’en-tête", 1, missing[0])
    if unknown:
        raise _fail(path, "colonne inconnue dans l’en-tête", 1, unknown[0])


def _issues(path: Path, line: int, error: ValidationError) -> list[Issue]:
    """One issue per problem of a row, with the value read."""
    return [
        Issue(
            path.name,
            f"{french(d)} (valeur lue{NBSP}: {d['input']!r})",
            line=line,
            field=location(d["loc"]) or "?",
        )
        for d in error.errors()
    ]
