"""Every number a trainee reads in a chapter is accounted for (tests/claims/NN.yaml and the rules below).

What a chapter shows: the Markdown cells of ``notebooks/NN-*.ipynb`` (trainer notes included) and of
``exercises/NN-*.ipynb``, and the texts of ``notebooks/quiz/NN.yaml`` (titles, statements, questions,
choices, feedback, explanations). Code cells are left out: they hold the exercises' input values and the
one-call cells, which the book hides. ``formateur/`` holds no chapter-specific text.

Each number written with digits, and each ratio written in words (« huit personnes sur dix »), is one of:

- a **data claim** of tests/claims/NN.yaml: ``texte`` as written, ``table`` and ``ou`` naming one data row,
  ``valeur`` its value; the number written is that value, rounded as written, in the table's unit or in
  thousands of it (Md€ for M€, milliards for millions); a duration is read in minutes, « N sur M » as a
  percentage to within 2.5 points;
- a **fact** of tests/claims/NN.yaml: ``texte`` as written and ``source``, a source of
  src/transition_numerique/figures/data/sources.csv (publisher, edition, publication and check dates,
  URL), for what no data row holds: dates of laws, legal amounts and thresholds, platform figures;
- a **non-claim** recognised by one of the narrow rules of :data:`RULES` (a year alone, an article
  number, the course's own numbering, scales and timelines, a calculation whose result is checked), an
  **invented example** labelled as such where the trainee reads it (:func:`fiction_spans`), or a
  **duration** of the course that the registry holds or that adds up to it (:func:`duration_spans`,
  checked by the tests at the end of this module).

A claim covers every place where its ``texte`` appears in the chapter. Where a number cannot be sourced,
the sentence is rewritten without it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
import yaml

from transition_numerique.course.chapters import CHAPTERS, PROBLEMS, Chapter
from transition_numerique.figures.data import lookup, sources

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_DIR = ROOT / "tests" / "claims"
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
DATA_KEYS = {"texte", "table", "ou", "valeur"}
FACT_KEYS = {"texte", "source"}


def normalise(text: str) -> str:
    return SPACES.sub(" ", text)


# --- what a chapter shows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """One text a trainee reads: a Markdown cell, or one question (or statement) of a bank."""

    where: str
    text: str
    #: « cours » (chapter cell), « formateur » (trainer note), « exercice » (exercise cell), « quiz »
    kind: str
    #: for a notebook cell, its index; the exercise section of a chapter is found by its link
    cell: int = -1


def _notebook(path: Path) -> nbformat.NotebookNode | None:
    return nbformat.read(path, as_version=4) if path.exists() else None


@functools.cache
def passages(chapter_id: str) -> tuple[Passage, ...]:
    """Everything a trainee reads in a chapter, as passages."""
    item = next(c for c in CHAPTERS if c.id == chapter_id)
    found: list[Passage] = []
    for folder in ("notebooks", "exercises"):
        name = f"{folder}/{item.id}-{item.slug}.ipynb"
        notebook = _notebook(ROOT / name)
        for index, cell in enumerate(notebook.cells if notebook else []):
            if cell.cell_type != "markdown":
                continue
            tags = cell.metadata.get("tags", [])
            kind = "exercice" if folder == "exercises" else "formateur" if "formateur" in tags else "cours"
            found.append(Passage(f"{name}#{index}", cell.source, kind, index))
    bank_path = ROOT / "notebooks" / "quiz" / f"{chapter_id}.yaml"
    if bank_path.exists():
        bank = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
        name = f"notebooks/quiz/{chapter_id}.yaml"
        found.append(Passage(f"{name}:titre", str(bank.get("titre", "")), "quiz"))
        for level, label in (bank.get("echelle") or {}).get("libelles", {}).items():
            found.append(Passage(f"{name}:echelle", f"{level} : {label}", "quiz"))
        for statement in bank.get("autoevaluation") or []:
            found.append(Passage(f"{name}:{statement['id']}", statement["enonce"], "quiz"))
        for question in bank.get("questions") or []:
            texts = [question["question"]]
            for choice in question.get("choix") or []:
                texts += [choice["texte"], choice.get("retour", "")]
            texts.append(question["explication"])
            found.append(Passage(f"{name}:{question['id']}", "\n\n".join(texts), "quiz"))
    return tuple(found)


def chapter_text(chapter_id: str) -> str:
    """All the prose and code a trainee reads in one chapter: notebook, exercise, quiz bank."""
    item = next(c for c in CHAPTERS if c.id == chapter_id)
    parts = []
    for folder in ("notebooks", "exercises"):
        notebook = _notebook(ROOT / folder / f"{item.id}-{item.slug}.ipynb")
        parts += [cell.source for cell in notebook.cells] if notebook else []
    bank = ROOT / "notebooks" / "quiz" / f"{chapter_id}.yaml"
    if bank.exists():
        parts.append(bank.read_text(encoding="utf-8"))
    return normalise("\n".join(parts))


# --- the claims files --------------------------------------------------------------------------------


@functools.cache
def claims(chapter_id: str) -> tuple[dict, ...]:
    path = CLAIMS_DIR / f"{chapter_id}.yaml"
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else ()


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
    for path in sorted(CLAIMS_DIR.glob("*.yaml"))
    for index, claim in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
]


def test_every_chapter_has_a_claims_file() -> None:
    files = {path.stem for path in CLAIMS_DIR.glob("*.yaml")}
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
def test_claim_matches_its_source(chapter_id: str, claim: dict) -> None:
    assert normalise(claim["texte"]) in chapter_text(chapter_id), "texte absent du chapitre"
    if set(claim) == FACT_KEYS:
        source = sources().get(claim["source"])
        assert source is not None, f"source inconnue de sources.csv : {claim['source']}"
        assert mentions(claim["texte"]), "un fait cite au moins un nombre"
        return
    assert set(claim) == DATA_KEYS, "clés attendues : texte, table, ou, valeur (ou texte, source)"
    assert lookup(claim["table"], **claim["ou"]) == pytest.approx(claim["valeur"])
    assert matches_as_written(claim["texte"], claim["valeur"]), "nombre écrit ≠ valeur"


# --- the numbers a passage states ---------------------------------------------------------------------

#: a ratio written in words, « huit personnes sur dix »
WORD_RATIO = re.compile(
    rf"\b(?:{'|'.join(WORDS)})\b(?:\s[\w’-]+){{0,2}}\ssur\s(?:{'|'.join(list(WORDS)[2:])})\b", re.IGNORECASE
)
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
#: a date with its month: « 21 juin 2004 », « 1er janvier 2023 », « juin 2025 »; a fact, never an example
DATE = re.compile(rf"\b(?:(?:\d{{1,2}}|1er)\s)?(?:{MONTHS})\s(?:19|20)\d\d\b", re.IGNORECASE)


def mentions(text: str) -> list[tuple[int, int]]:
    """The spans of the numbers a text states: digits (« 1 200 », « 4,5 ») and ratios in words."""
    spans = [match.span() for match in NUMBER.finditer(text)]
    spans += [match.span() for match in WORD_RATIO.finditer(text)]
    return sorted(spans)


# --- non-claims: the rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A narrow kind of number that is not a claim: a name, why, and the pattern that finds it."""

    name: str
    why: str
    pattern: re.Pattern[str]


def _rule(name: str, why: str, pattern: str, flags: int = 0) -> Rule:
    return Rule(name, why, re.compile(pattern, flags | re.MULTILINE))


YEAR = r"(?:19[89]\d|20[0-3]\d)"
#: a range of the course's 1-to-5 scale, « 1 à 2 », « 1 (« pas du tout ») à 5 », or one note of it (« 4 »)
SCALE_RANGE = r"[1-5]\s(?:\(«[^»]*»\)\s)?(?:à|ou)\s[1-5]"
SCALE = rf"(?:{SCALE_RANGE}|[1-5])"
NOT_A_QUANTITY = r"(?!\s?(?:%|€|,\d|h\b|min|ans|jours|semaines|mois|heures))"
#: the non-claims, each as narrow as its name (a match covers the numbers inside it)
RULES = (
    _rule(
        "lien",
        "an address (a URL, a link target, a domain name such as « 17cyber.gouv.fr ») or a code span",
        r"https?://[^\s>)]+|\]\([^)]*\)|`[^`\n]*`|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|com|org|net|eu)\b",
    ),
    _rule(
        "année",
        "a year standing alone (« en 2025 », « édition 2026 »), not part of a dated day or month",
        rf"(?<![\d,])\b{YEAR}\b(?![\u00a0\u202f ]?(?:%|€|\$)|[\u00a0\u202f ]\d{{3}}\b)",
    ),
    _rule(
        "référence",
        "the number of an article, a law, a regulation, a standard or a version (« article L122-5 », "
        "« n° 2004-575 », « (UE) 2024/1689 », « ISO 20488 », « WCAG 2.2 », « iOS 15 », « 10-K », "
        "« S-1 », « 4G », « W3C », « NIS 2 », « X:1 »)",
        r"\barticles?\s(?:[LRD]\.?\s?)?\d+(?:-\d+)*(?:,\s\d+°)?|\b[LRD]\.?\s?\d{2,4}(?:-\d+)+\b"
        r"|\b[LR]\d{4}-\d+\b|n°\s?\d+(?:-\d+)*|\(UE\)\s\d{4}/\d+|\b(?:NF\s)?ISO\s\d+|\bNF\sZ\d+-\d+"
        r"|\bWCAG\s\d(?:\.\d)?|\b(?:iOS|Web)\s\d+(?:\.\d)?|\b\d+\.\d+\b|\b10-K\b|\bS-1\b|\b[2-6]G\b|\bW3C\b|\bNIS\s2\b|X:1\b",
    ),
    _rule(
        "numérotation",
        "the course's own numbering: headings, chapters, sections, steps, exercises, list items, rows",
        r"^#{1,6}\s(?:(?:Exercices?|Étape|Partie)\s(?:—\s)?)?\d+(?:\.\d+)*\.?(?=\s)"
        r"|\b(?:chapitres?|sections?|parties?|étapes?|exercices?|questions?|problèmes?|objectifs?"
        r"|Problématique|Exercice|Étape|Partie|Chapitre|Section|Groupe|Contenu|Valeur)\s\d+(?:\s?(?:,|à|et|ou)\s\d+)*\b"
        r"|\bchapitre\s\[\d+\]"
        r"|\[\d+\.\s|^\s*\d+\.\s|^\|\s?\d+\.?\s(?=\|)|^\|\s?\d+\.\s|\*\*\d+\.\s",
        re.IGNORECASE,
    ),
    _rule(
        "jalon",
        "the timeline of an event plan, counted in days before and after it (« J-30 », « J+7 », « J0 »)",
        r"\bJ\s?[-+−]?\s?\d+\b",
    ),
    _rule(
        "échelle",
        "the course's own scales and ratings: the diagnostic's notes from 1 to 5, the audit's weights and "
        "score, a review's stars",
        rf"\b(?:de\s)?{SCALE_RANGE}\b{NOT_A_QUANTITY}"
        rf"|\b(?:not\w*|obtien\w*|réponse|score)\s(?:\w+\s){{0,3}}?(?:de\s|plus\sde\s)?{SCALE}\b{NOT_A_QUANTITY}"
        r"|\bpoids\s(?:de\s)?\d(?:\sà\s\d)?\b|\bsur\s(?:100|5)\b|\b[1-5]\sétoiles?\b",
        re.IGNORECASE,
    ),
    _rule(
        "tolérance",
        "the tolerance a numeric question accepts, part of the question's mechanics",
        r"tolérance\s?:\s?\d+(?:,\d+)?",
    ),
    _rule(
        "formule",
        "the arithmetic of a formula: a percentage is multiplied by 100, a share of 100 %, 1 − a rate",
        r"×\s?100\b|multipli\w*\s(?:le\srésultat\s)?par\s100\b|\b100\s%|\b1\s?[−-]\s?taux",
    ),
)


def rule_spans(text: str) -> list[tuple[int, int]]:
    """The spans the rules cover; a year inside a dated day or month is no longer a year alone."""
    dates = [match.span() for match in DATE.finditer(text)]
    spans = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            inside = any(a <= match.start() and match.end() <= b for a, b in dates)
            if not (rule.name == "année" and inside):
                spans.append(match.span())
    return spans


# --- non-claims: calculations, checked -----------------------------------------------------------------

OPERAND = r"\(?\d+(?:[\u00a0\u202f ]\d{3})*(?:,\d+)?(?:[\u00a0\u202f ]?(?:€|%))?\)?"
OPERATOR = r"[\u00a0\u202f ]?[÷×/+−-][\u00a0\u202f ]?\(?"
#: « 63 ÷ 84 = 0,75, soit 75 % », « (960 € − 600 €) ÷ 600 € × 100 = 60 % », « 4,18 / 12,44 × 100 ≈ 33,6 % »
CALCULATION = re.compile(
    rf"\(?{OPERAND}(?:{OPERATOR}{OPERAND})+[\u00a0\u202f ]?([=≈])[\u00a0\u202f ]?\**({OPERAND})\**"
    rf"(?:,\s(?:soit|c’est-à-dire)\s({OPERAND}))?"
)


def _value(operand: str) -> Decimal:
    digits = SPACES.sub("", operand).strip("()€%").replace(",", ".")
    return Decimal(digits) / (100 if operand.strip("()").endswith("%") else 1)


def _evaluate(expression: str) -> Decimal:
    """The value of a French arithmetic expression (÷ × / + −, %, €), by Python's own parser: the
    expression holds only what CALCULATION matched, numbers become Decimal literals, no builtins."""
    number = OPERAND.removeprefix(r"\(?").removesuffix(r"\)?")
    python = re.sub(number, lambda m: f"({_value(m[0])!r})", expression)
    python = python.replace("÷", "/").replace("×", "*").replace("−", "-")
    return Decimal(str(eval(python, {"Decimal": Decimal, "__builtins__": {}})))


def calculation_spans(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of the calculations a text shows, and those whose result is wrong."""
    spans, wrong = [], []
    for match in CALCULATION.finditer(text):
        left = text[match.start() : match.start(1)]
        if left.count("(") != left.count(")"):
            left = left.strip().removeprefix("(")
        results = [r for r in (match[2], match[3]) if r]
        value = _evaluate(left.strip())
        for result in results:
            written, half = written_number(result)
            percent = result.strip().endswith("%")
            tolerance = half * (4 if match[1] == "≈" else 1) + Decimal("0.0005")
            candidates = [value, value * 100] if percent else [value]
            if not any(abs(candidate - written) <= tolerance for candidate in candidates):
                wrong.append(match[0])
        spans.append(match.span())
    return spans, wrong


# --- non-claims: invented examples, labelled -----------------------------------------------------------

#: how a passage tells the trainee that its figures are invented
FICTION = re.compile(
    r"\bfictif|\bfictive|valeurs d’exemple|exemple (?:corrigé|fourni|chiffré|calculé)|suite de l’exemple",
    re.IGNORECASE,
)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs, tables and lists (blank lines separate them); a heading is a block of its own."""
    found = []
    for match in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
        start = match.start()
        for line in re.finditer(r"^#{1,6}\s.*$", match[0], re.MULTILINE):
            if line.start() > 0:
                found.append((start, match.start() + line.start()))
            found.append((match.start() + line.start(), match.start() + line.end()))
            start = match.start() + line.end()
        if start < match.end():
            found.append((start, match.end()))
    return [(a, b) for a, b in found if text[a:b].strip()]


def _listing(block: str) -> bool:
    """Whether a block is a table or a list (what a labelled paragraph introduces or comments)."""
    block = block.lstrip()
    return block.startswith(("|", "- ", "* ")) or re.match(r"\d+\.\s", block) is not None


def fiction_spans(passage: Passage) -> list[tuple[int, int]]:
    """Where a passage's figures are labelled as invented, dates with a month excepted.

    A quiz question is one unit: a label in it covers it all. In a notebook cell, a label covers its own
    paragraph, the tables and lists right before it (« Les chiffres de ce tableau sont fictifs. ») and
    after it, and, in an exercise cell, the rest of the cell up to the next heading (an exercise's
    « Solution (exemple fictif) » and what follows it).
    """
    text = passage.text
    if passage.kind == "quiz":
        return [(0, len(text))] if FICTION.search(text) else []
    blocks = _blocks(text)
    spans = []
    for index, (start, end) in enumerate(blocks):
        if not FICTION.search(text[start:end]):
            continue
        for previous_start, _previous_end in reversed(blocks[:index]):
            if not _listing(text[previous_start:_previous_end]):
                break
            start = previous_start
        stop = end
        for following_start, following_end in blocks[index + 1 :]:
            block = text[following_start:following_end].lstrip()
            if block.startswith("#"):
                break
            if passage.kind == "exercice" or _listing(block):
                stop = following_end
            else:
                break
        spans.append((start, stop))
    return spans


# --- non-claims: the course's durations, from the registry or adding up to it ---------------------------

MINUTES = re.compile(r"\b(\d+)\s(?:min\b|minutes?\b)|\b(\d+)\sh\b(?:\s(\d{2})\b)?|\b(\d+)\ssecondes\b")


def _minutes(match: re.Match[str]) -> int:
    if match[1]:
        return int(match[1])
    if match[2]:
        return int(match[2]) * 60 + int(match[3] or 0)
    return 0  # seconds: a pause for thought, not counted in a plan


def _exercise_cell(passage: Passage) -> bool:
    return passage.kind == "cours" and "../exercises/" in passage.text


def duration_spans(passage: Passage) -> list[tuple[int, int]]:
    """The course's own durations: where the registry's minutes are retyped or divided, checked below.

    The chapter header's duration line (derived from the registry, tests/test_registry.py); the exercise
    notebook's header and step headings and the chapter's exercise section (test_exercise_durations_add_up);
    the trainer note's timings (test_trainer_plan_fills_the_room_time).
    """
    text = passage.text
    lines = []
    if passage.cell == 0 and passage.kind in ("cours", "exercice"):
        lines += [m.span() for m in re.finditer(r"^\*\*Durée\*\*.*$", text, re.MULTILINE)]
    if passage.kind == "exercice":
        lines += [m.span() for m in re.finditer(r"^#{1,6}\s.*$", text, re.MULTILINE)]
    if _exercise_cell(passage) or passage.kind == "formateur":
        lines.append((0, len(text)))
    return [
        m.span() for m in MINUTES.finditer(text) if any(a <= m.start() and m.end() <= b for a, b in lines)
    ]


# --- coverage -----------------------------------------------------------------------------------------


def _claim_spans(text: str, chapter_id: str) -> list[tuple[int, int]]:
    spans = []
    for claim in claims(chapter_id):
        pattern = r"\s+".join(re.escape(word) for word in normalise(claim["texte"]).split(" "))
        spans += [match.span() for match in re.finditer(pattern, text)]
    return spans


def unaccounted(chapter_id: str) -> Iterator[str]:
    """Each number of the chapter that no claim, rule, label or duration accounts for, in context."""
    for passage in passages(chapter_id):
        text = passage.text
        dates = [match.span() for match in DATE.finditer(text)]
        fiction = fiction_spans(passage)
        covered = _claim_spans(text, chapter_id) + rule_spans(text) + calculation_spans(text)[0]
        covered += duration_spans(passage)
        for start, end in mentions(text):
            if any(a <= start and end <= b for a, b in covered):
                continue
            in_date = any(a <= start and end <= b for a, b in dates)
            if not in_date and any(a <= start and end <= b for a, b in fiction):
                continue
            context = normalise(text[max(0, start - 60) : end + 40])
            yield f"{passage.where} : « {text[start:end]} » dans « …{context}… »"


@pytest.mark.parametrize("item", PROBLEMS, ids=lambda item: item.id)
def test_every_number_is_accounted_for(item: Chapter) -> None:
    missing = list(unaccounted(item.id))
    assert not missing, (
        f"{len(missing)} nombre(s) sans claim dans tests/claims/{item.id}.yaml ni règle :\n"
        + "\n".join(missing)
    )


@pytest.mark.parametrize("item", PROBLEMS, ids=lambda item: item.id)
def test_calculations_are_right(item: Chapter) -> None:
    wrong = [
        f"{passage.where} : {expression}"
        for passage in passages(item.id)
        for expression in calculation_spans(passage.text)[1]
    ]
    assert not wrong, "calcul faux :\n" + "\n".join(wrong)


# --- the course's durations: the registry's minutes, retyped only where a test checks them -------------

PLAN_ROW = re.compile(r"^\|\s*(\d+)\smin\s*\|", re.MULTILINE)
FACULTATIF = re.compile(r"facultati", re.IGNORECASE)


def _durations(text: str) -> list[int]:
    return [_minutes(match) for match in MINUTES.finditer(text) if match[1] or match[2]]


def _exercise_passages(item: Chapter) -> list[Passage]:
    return [p for p in passages(item.id) if p.kind == "exercice"]


@pytest.mark.parametrize("item", PROBLEMS, ids=lambda item: item.id)
def test_exercise_durations_add_up(item: Chapter) -> None:
    """The exercise's header states the registry's exercise minutes, its steps add up to them, and the
    chapter's exercise section says the same (an optional exercise is counted apart)."""
    total = item.minutes.exercices
    exercise = _exercise_passages(item)
    header = next(line for line in exercise[0].text.split("\n") if line.startswith("**Durée**"))
    stated, *parts = _durations(FACULTATIF.split(header)[0])
    assert stated == total, f"en-tête de l’exercice : {stated} min, registre : {total} min"
    assert not parts or sum(parts) == total, f"en-tête : {parts} ne font pas {total} min"
    steps = [
        minutes
        for passage in exercise
        for line in passage.text.split("\n")
        if line.startswith("#") and not FACULTATIF.search(line)
        for minutes in _durations(line)
    ]
    assert steps and sum(steps) == total, f"étapes de l’exercice : {steps}, registre : {total} min"
    section = next(p for p in passages(item.id) if _exercise_cell(p))
    listed = [
        m
        for line in section.text.split("\n")
        if re.match(r"\s*(?:\d+\.|-)\s", line)
        for m in _durations(line)
    ]
    alone = [
        m
        for line in section.text.split("\n")
        if not re.match(r"\s*(?:\d+\.|-)\s", line)
        for m in _durations(line)
    ]
    assert not listed or sum(listed) == total, (
        f"section Exercice du chapitre : {listed}, registre : {total} min"
    )
    assert all(minutes == total for minutes in alone), (
        f"section Exercice du chapitre : {alone} min ≠ {total} min"
    )


@pytest.mark.parametrize("item", PROBLEMS, ids=lambda item: item.id)
def test_trainer_plan_fills_the_room_time(item: Chapter) -> None:
    """The trainer note's plan fills the chapter's room minutes (course.yaml, ``salle``), the time the
    trainer guide's programmes give it; a total typed elsewhere in the note is that time too."""
    note = next(p for p in passages(item.id) if p.kind == "formateur")
    plan = [int(minutes) for minutes in PLAN_ROW.findall(note.text)]
    assert sum(plan) == item.minutes.salle, (
        f"déroulé : {plan} = {sum(plan)} min, registre : {item.minutes.salle} min"
    )
    others = (
        _claim_spans(note.text, item.id)
        + fiction_spans(note)
        + [m.span() for m in PLAN_ROW.finditer(note.text)]
    )
    totals = [
        _minutes(match)
        for match in MINUTES.finditer(note.text)
        if _minutes(match) >= 60 and not any(a <= match.start() and match.end() <= b for a, b in others)
    ]
    assert all(minutes == item.minutes.salle for minutes in totals), f"durée totale retapée : {totals} min"


def _covered(text: str) -> list[str]:
    return [text[a:b] for a, b in mentions(text) if any(s <= a and b <= e for s, e in rule_spans(text))]


def test_the_rules_are_narrow() -> None:
    """Each rule covers what its name says and nothing next to it."""
    assert _covered("en 2025, contre 2024") == ["2025", "2024"]
    assert _covered("le 21 juin 2004") == []  # a date is a fact, its year too
    assert _covered("l’article L122-5 et l’article 9 du Code civil") == ["122", "5", "9"]
    assert _covered("## 2. Le référencement\nvoir la section 5 et les sections 5 à 7") == ["2", "5", "5", "7"]
    assert _covered("du J-30 au J+7") == ["30", "7"]
    assert _covered("notez de 1 (« pas du tout ») à 5 ; une note de 4 ou 5") == ["1", "5", "4", "5"]
    assert _covered("une note de 4 %") == []
    assert _covered("(tolérance : 0,5 point)") == ["0,5"]
    assert _covered("12 ans et plus, 150 caractères, 35ᵉ édition") == []
    spans, wrong = calculation_spans("63 ÷ 84 = 0,75, soit 75 % ; 36 ÷ 1 200 × 100 = 3 % ; 4 ÷ 16 = 30 %")
    assert len(spans) == 3 and wrong == ["4 ÷ 16 = 30 %"]


def test_a_label_covers_its_example_only() -> None:
    text = "Exemple fictif : 40 demandes.\n\n| a | 25 |\n\nSelon l’étude, 91 % le font, depuis le 2 mai 2024."
    passage = Passage("x", text, "cours")
    covered = [
        text[a:b] for a, b in mentions(text) if any(s <= a and b <= e for s, e in fiction_spans(passage))
    ]
    assert covered == ["40", "25"]
    after = "| a | 25 |\n\nLes chiffres de ce tableau sont fictifs.\n\nSelon l’étude, 91 %."
    passage = Passage("x", after, "cours")
    assert next(after[a:b] for a, b in fiction_spans(passage)).startswith("| a | 25 |")
