"""Every market or usage figure a chapter states matches the sourced data (tests/claims/NN.yaml).

A claim names the text as written (« 85 % », « 4,48 Md€ », « 2 h 40 », « un sur cinq »), the data row it
comes from and its value in the table's unit. The test checks that the text appears in the chapter
(notebook, exercise or quiz bank), that the row holds that value, and that the number written is that
value, rounded as written, in the table's unit or in thousands of it (Md€ for M€, milliards for
millions); a duration is read in minutes, « N sur M » as a percentage to within 2.5 points.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
import yaml

from transition_numerique.course.chapters import CHAPTERS
from transition_numerique.figures.data import lookup

ROOT = Path(__file__).resolve().parents[1]
SPACES = re.compile(r"[\s\u00a0\u202f]+")
NUMBER = re.compile(r"\d+(?:[\u00a0\u202f ]\d{3})*(?:,\d+)?")
DURATION = re.compile(r"(\d+) h (\d{2})")
WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
}
RATIO = re.compile(rf"\b({'|'.join(WORDS)}|\d+)\b.*?\bsur ({'|'.join(WORDS)}|\d+)\b")


def normalise(text: str) -> str:
    return SPACES.sub(" ", text)


def chapter_text(chapter_id: str) -> str:
    """All the prose and code a trainee reads in one chapter: notebook, exercise, quiz bank."""
    item = next(c for c in CHAPTERS if c.id == chapter_id)
    parts = []
    for folder in ("notebooks", "exercises"):
        path = ROOT / folder / f"{item.id}-{item.slug}.ipynb"
        if path.exists():
            parts += [cell.source for cell in nbformat.read(path, as_version=4).cells]
    bank = ROOT / "notebooks" / "quiz" / f"{chapter_id}.yaml"
    if bank.exists():
        parts.append(bank.read_text(encoding="utf-8"))
    return normalise("\n".join(parts))


def written_number(text: str) -> tuple[Decimal, Decimal]:
    """The number a French text states, and the rounding it allows (half a unit of its last digit)."""
    text = normalise(text)
    if duration := DURATION.search(text):
        return Decimal(int(duration[1]) * 60 + int(duration[2])), Decimal("0.5")
    if ratio := RATIO.search(text):
        part, whole = (Decimal(WORDS.get(n) or n) for n in ratio.groups())
        return part / whole * 100, Decimal("2.5")
    if "milliard" in text and not NUMBER.search(text):
        return Decimal(1), Decimal(0)
    match = NUMBER.search(text)
    assert match, f"aucun nombre dans « {text} »"
    digits = SPACES.sub("", match.group()).replace(",", ".")
    value = Decimal(digits)
    return value, Decimal(1).scaleb(value.as_tuple().exponent) / 2


def matches_as_written(text: str, value: float) -> bool:
    written, half_unit = written_number(text)
    return any(abs(written * scale - Decimal(str(abs(value)))) <= half_unit * scale for scale in (1, 1000))


CLAIMS = [
    pytest.param(path.stem, claim, id=f"{path.stem}-{index}-{claim['texte']}")
    for path in sorted((ROOT / "tests" / "claims").glob("*.yaml"))
    for index, claim in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
]


def test_every_chapter_has_a_claims_file() -> None:
    files = {path.stem for path in (ROOT / "tests" / "claims").glob("*.yaml")}
    assert {c.id for c in CHAPTERS[1:]} <= files


def test_rounding_rule() -> None:
    assert matches_as_written("4,48 Md€", 4480)
    assert matches_as_written("85 %", 85)
    assert not matches_as_written("86 %", 85)
    assert matches_as_written("4,5 Md€", 4480)
    assert not matches_as_written("4,6 Md€", 4480)
    assert matches_as_written("2 h 40", 160)
    assert matches_as_written("un internaute sur cinq", 20)
    assert not matches_as_written("un internaute sur deux", 20)
    assert matches_as_written("1 milliard", 1000)


@pytest.mark.parametrize(("chapter_id", "claim"), CLAIMS)
def test_claim_matches_the_data(chapter_id: str, claim: dict) -> None:
    assert set(claim) == {"texte", "table", "ou", "valeur"}, "clés attendues : texte, table, ou, valeur"
    assert normalise(claim["texte"]) in chapter_text(chapter_id), "texte absent du chapitre"
    assert lookup(claim["table"], **claim["ou"]) == pytest.approx(claim["valeur"])
    assert matches_as_written(claim["texte"], claim["valeur"]), "nombre écrit ≠ valeur"
