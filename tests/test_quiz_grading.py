"""One grading truth: the same table of cases for grading.py (here) and widget.js (in node)."""

from __future__ import annotations

import contextlib
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from node_tests import run_node_test

from transition_numerique.course.bank import Numerique, load_bank_file
from transition_numerique.widgets.grading import grade, parse_number
from transition_numerique.widgets.widget import question_payload

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "quiz"
NODE_TEST = ROOT / "tests" / "js" / "grading.test.mjs"
TABLE = yaml.safe_load((FIXTURES / "grading_cases.yaml").read_text(encoding="utf-8"))
BANK = load_bank_file(FIXTURES / TABLE["bank"])
CASES = TABLE["cases"]
NUMBERS = TABLE["numbers"]
OUTCOMES = (True, False, None, "invalide")


def case_id(index: int) -> str:
    case = CASES[index]
    return f"cas{index}-{case['question']}={case['reponse']!r}"[:80]


def outcome(question_id: str, reponse: Any) -> bool | str | None:
    """The table's outcome for Python: the verdict, or which ValueError (null or invalide)."""
    question = BANK.question(question_id)
    try:
        return grade(question, reponse)
    except ValueError as error:
        if isinstance(question, Numerique) and isinstance(reponse, str):
            assert str(error).startswith("nombre attendu"), error
            return None
        assert not str(error).startswith("nombre attendu"), error
        return "invalide"


def test_table_is_well_formed() -> None:
    assert {c["question"] for c in CASES} <= {q.id for q in BANK.questions}
    assert all(c["correct"] in OUTCOMES and type(c["correct"]) is not int for c in CASES)
    assert sum(c["correct"] == "invalide" for c in CASES) >= 12


@pytest.mark.parametrize("index", range(len(CASES)), ids=case_id)
def test_python_grading(index: int) -> None:
    case = CASES[index]
    assert outcome(case["question"], case["reponse"]) == case["correct"]


@pytest.mark.parametrize("case", NUMBERS, ids=lambda case: repr(case["texte"]))
def test_python_number_parsing(case: dict[str, Any]) -> None:
    assert parse_number(case["texte"]) == case["valeur"]


#: Values a Python caller could pass, never the front-end; 10**400 is too big for a float.
PYTHON_ONLY = [(0, 1), {0, 1}, b"4,5", bytearray(b"0"), Decimal(1), Fraction(1), 1j, 10**400, object()]


@pytest.mark.parametrize("reponse", PYTHON_ONLY, ids=lambda value: type(value).__name__)
@pytest.mark.parametrize("question", [q.id for q in BANK.questions])
def test_python_values_that_json_cannot_send(question: str, reponse: Any) -> None:
    with pytest.raises(ValueError):
        grade(BANK.question(question), reponse)
    assert parse_number(reponse) is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@given(question=st.sampled_from(BANK.questions), reponse=JSON_VALUES)
def test_python_grading_raises_only_value_error(question: Any, reponse: Any) -> None:
    with contextlib.suppress(ValueError):
        assert type(grade(question, reponse)) is bool


def _tagged(value: Any) -> Any:
    """The value with NaN and ±infinity as {"$nombre": …}, which JSON cannot hold."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"$nombre": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _tagged(item) for key, item in value.items()}
    return value


def test_javascript_grading_matches_the_table(tmp_path: Path) -> None:
    """widget.js's own grade() and parseNumber(), under node --test, on the same rows and payloads."""
    data = {
        "cases": _tagged(CASES),
        "numbers": _tagged(NUMBERS),
        "questions": {q.id: question_payload(q) for q in BANK.questions},
    }
    result = run_node_test(NODE_TEST, "TNQ_GRADING_CASES", data, tmp_path)
    failures = re.findall(r"^not ok .*$", result.stdout, flags=re.MULTILINE)
    report = "\n".join([*failures, result.stdout[-6000:], result.stderr[-2000:]])
    assert result.returncode == 0, report
    passed = re.findall(r"^ok \d+ - (cas|nombre) (\d+) ", result.stdout, flags=re.MULTILINE)
    assert sorted(int(n) for kind, n in passed if kind == "cas") == list(range(len(CASES))), report
    assert sorted(int(n) for kind, n in passed if kind == "nombre") == list(range(len(NUMBERS))), report
    assert re.search(r"^ok \d+ - robustesse ", result.stdout, flags=re.MULTILINE), report
    summary = dict(re.findall(r"^# (tests|pass|fail) (\d+)$", result.stdout, flags=re.MULTILINE))
    expected = len(CASES) + len(NUMBERS) + 1
    assert summary == {"tests": str(expected), "pass": str(expected), "fail": "0"}, report
