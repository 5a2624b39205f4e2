"""One grading truth: the same table of cases for grading.py (here) and quiz.js (in chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from transition_numerique.quiz.bank import load_bank_file
from transition_numerique.quiz.grading import grade, parse_number
from transition_numerique.quiz.widget import question_payload

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quiz"
TABLE = yaml.safe_load((FIXTURES / "grading_cases.yaml").read_text(encoding="utf-8"))
BANK = load_bank_file(FIXTURES / TABLE["bank"])
CASES = TABLE["cases"]
NUMBERS = TABLE["numbers"]
QUIZ_JS = Path(__file__).resolve().parents[1] / "src" / "transition_numerique" / "quiz" / "quiz.js"


def case_id(case: dict[str, Any]) -> str:
    return f"{case['question']}={case['reponse']!r}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_python_grading(case: dict[str, Any]) -> None:
    question = BANK.question(case["question"])
    if case["correct"] is None:
        with pytest.raises(ValueError, match="nombre attendu"):
            grade(question, case["reponse"])
    else:
        assert grade(question, case["reponse"]) is case["correct"]


@pytest.mark.parametrize("case", NUMBERS, ids=lambda case: repr(case["texte"]))
def test_python_number_parsing(case: dict[str, Any]) -> None:
    assert parse_number(case["texte"]) == case["valeur"]


@pytest.mark.parametrize(
    ("question", "reponse"),
    [
        ("reseau-ou-media", 3),
        ("reseau-ou-media", -1),
        ("reseau-ou-media", True),
        ("reseau-ou-media", "0"),
        ("plateformes", 0),
        ("plateformes", [0, 5]),
        ("twitter-280", "vrai"),
        ("twitter-280", 1),
        ("taux-engagement", 4.5),
        ("taux-engagement", None),
    ],
)
def test_answers_that_do_not_fit_the_question(question: str, reponse: Any) -> None:
    with pytest.raises(ValueError):
        grade(BANK.question(question), reponse)


@pytest.mark.browser
def test_javascript_grading_matches_the_table(offline_page) -> None:
    """quiz.js's own grade() and parseNumber(), imported as the widget's ESM, on the same table."""
    payloads = {q.id: question_payload(q) for q in BANK.questions}
    results = offline_page.page.evaluate(
        """async ([source, payloads, cases, numbers]) => {
            const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
            const js = await import(url);
            return {
              // As the widget does: a numeric answer that is not a number is not graded (null).
              cases: cases.map((c) => {
                const q = payloads[c.question];
                const notANumber = q.type === "numerique" && js.parseNumber(c.reponse) === null;
                return notANumber ? null : js.grade(q, c.reponse);
              }),
              numbers: numbers.map((n) => js.parseNumber(n.texte)),
            };
        }""",
        [QUIZ_JS.read_text(encoding="utf-8"), payloads, CASES, NUMBERS],
    )
    assert results["cases"] == [case["correct"] for case in CASES]
    assert results["numbers"] == [case["valeur"] for case in NUMBERS]
    assert offline_page.console_errors == []
