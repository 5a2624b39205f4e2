"""The widgets on the Python side: text repr, payload, traits started from the store, answers from the
front-end graded and saved, resets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from transition_numerique import autoevaluation, quiz
from transition_numerique.course.bank import QUIZ_DIR_ENV, QuizBankError
from transition_numerique.learner.progress import PROGRESS_ENV, ProgressStore, ProgressWarning

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "transition_numerique" / "widgets"
BANKS = Path(__file__).resolve().parent / "fixtures" / "quiz" / "banks"


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(QUIZ_DIR_ENV, str(BANKS))
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "progress.json"))
    return tmp_path / "progress.json"


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["chapters"]


def test_text_repr_is_deterministic() -> None:
    widgets = [quiz("05"), quiz("05", ids=["twitter-280"]), autoevaluation("05")]
    texts = [w._repr_mimebundle_()[0]["text/plain"] for w in widgets]
    # What JupyterLab shows in the widget's place until its cell runs (tests/test_lab_french.py).
    run = "\u00a0: exécutez la cellule (Maj + Entrée) pour afficher"
    assert texts == [
        f"Quiz 05 — 6 questions{run} le quiz.",
        f"Quiz 05 — 1 question{run} le quiz.",
        f"Autoévaluation 05 — 2 affirmations{run} l’autoévaluation.",
    ]
    assert not any(re.search("0x[0-9a-f]+", text) for text in texts)


def test_payload_markdown_is_safe_html() -> None:
    widget = quiz("05")
    first = widget.questions[0]
    assert first["question"] == (
        "Quelle phrase décrit le mieux un <strong>média social</strong> ? &lt;img src=x onerror=alert(1)&gt;"
    )
    retour = first["choix"][1]["retour"]
    assert "<a" not in retour and "javascript:" in retour  # shown as text, never a link
    assert "&lt;b onmouseover=alert(5)&gt;" in retour
    assert '<a href="https://fr.wikipedia.org/wiki/M%C3%A9dia_social" target="_blank"' in first["explication"]
    assert widget.titre == 'Banque d’essai <script>alert("titre")</script>'  # plain text: textContent
    assert (widget.kind, widget.chapitre) == ("quiz", "05")


def test_payload_numeric_and_scale() -> None:
    question = quiz("05", ids=["taux-engagement"]).questions[0]
    assert (question["reponse"], question["tolerance"], question["unite"]) == (4.5, 0.1, "%")
    widget = autoevaluation("05")
    assert widget.kind == "autoevaluation"
    assert widget.echelle == {
        "min": 1,
        "max": 5,
        "libelles": {
            "1": "Pas du tout",
            "2": "Plutôt pas",
            "3": "En partie",
            "4": "Plutôt",
            "5": "Tout à fait",
        },
    }
    assert [a["id"] for a in widget.affirmations] == ["strategie-ecrite", "rythme-regulier"]


def test_unknown_ids_and_empty_self_assessment() -> None:
    with pytest.raises(QuizBankError, match="inconnues : pas-de-question"):
        quiz("05", ids=["twitter-280", "pas-de-question"])
    with pytest.raises(QuizBankError, match="ids"):
        quiz("05", ids=["twitter-280", "twitter-280"])
    with pytest.raises(QuizBankError, match="fichier introuvable"):
        quiz("04")


def test_widgets_start_from_the_trainees_store(environment: Path) -> None:
    store = ProgressStore(environment)
    store.record_answer("05", "twitter-280", True, True)
    store.record_answer("05", "reseau-ou-media", 9, False)  # the bank changed since: no longer fits
    store.record_rating("05", "rythme-regulier", 4)
    store.record_rating("05", "strategie-ecrite", 9)  # outside the scale
    assert quiz("05").answers == {"twitter-280": True}
    assert quiz("05", ids=["taux-engagement"]).answers == {}
    assert quiz("05").score == (1, 6)
    assert autoevaluation("05").ratings == {"rythme-regulier": 4}


def test_reset_from_python_clears_the_store_and_the_views(environment: Path) -> None:
    widget = quiz("05")
    widget.set_state({"answers": {"twitter-280": True, "reseau-ou-media": 0}})
    sent: list[dict] = []
    widget._send = lambda message, buffers=None: sent.append(message)  # what the front-ends receive
    widget.reset()
    assert stored(environment)["05"]["quiz"] == {}
    assert {"method": "update", "state": {"answers": {}}, "buffer_paths": []} in sent
    ratings = autoevaluation("05")
    ratings.set_state({"ratings": {"rythme-regulier": 2}})
    ratings.reset()
    assert stored(environment)["05"]["autoevaluation"] == {}
    assert quiz("05").answers == {} and autoevaluation("05").ratings == {}


def test_answers_from_the_front_end_update_score_and_progress(environment: Path) -> None:
    widget = quiz("05")
    assert widget.score == (0, 6)
    widget.set_state({"answers": {"reseau-ou-media": 0}})
    assert widget.score == (1, 6)
    assert stored(environment)["05"]["quiz"]["reseau-ou-media"]["correct"] is True
    answers = {"reseau-ou-media": 0, "taux-engagement": "4,6", "plateformes": [0, 2]}
    widget.set_state({"answers": answers})
    assert widget.score == (2, 6)
    saved = stored(environment)["05"]["quiz"]
    assert saved["taux-engagement"]["reponse"] == "4,6" and saved["taux-engagement"]["correct"] is True
    assert saved["plateformes"]["correct"] is False
    widget.set_state({"answers": {"taux-engagement": answers["taux-engagement"]}})  # « Réessayer »
    assert sorted(stored(environment)["05"]["quiz"]) == ["taux-engagement"]
    widget.set_state({"answers": {}})  # « Réinitialiser »
    assert stored(environment)["05"]["quiz"] == {}
    assert widget.score == (0, 6)


def test_answers_that_do_not_fit_are_not_saved(environment: Path) -> None:
    widget = quiz("05", ids=["twitter-280"])
    with pytest.warns(ProgressWarning, match="twitter-280"):
        widget.set_state({"answers": {"twitter-280": "vrai"}})
    with pytest.warns(ProgressWarning, match="reseau-ou-media"):
        widget.set_state({"answers": {"reseau-ou-media": 0}})
    assert stored(environment)["05"]["quiz"] == {}


def test_ratings_are_saved(environment: Path) -> None:
    widget = autoevaluation("05")
    widget.set_state({"ratings": {"strategie-ecrite": 2, "rythme-regulier": 5}})
    saved = stored(environment)["05"]["autoevaluation"]
    assert {key: value["note"] for key, value in saved.items()} == {
        "strategie-ecrite": 2,
        "rythme-regulier": 5,
    }
    with pytest.warns(ProgressWarning, match="note 6 refusée"):
        widget.set_state({"ratings": {"strategie-ecrite": 6, "rythme-regulier": 5}})
    widget.set_state({"ratings": {}})
    assert stored(environment)["05"]["autoevaluation"] == {}


def test_unwritable_store_warns_without_breaking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fichier").write_text("", encoding="utf-8")
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "fichier" / "progress.json"))
    with pytest.warns(ProgressWarning, match="progression illisible"):
        widget = quiz("05")
    with pytest.warns(ProgressWarning, match="progression non enregistrée"):
        widget.set_state({"answers": {"twitter-280": True}})
    assert widget.score == (1, 6)


def embedded_widgets(path: Path) -> list[dict]:
    notebook = nbformat.read(path, as_version=4)
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    models = state.get("state", {}).values()
    return [m["state"] for m in models if m["state"].get("_anywidget_id", "").startswith(PACKAGE_ID)]


PACKAGE_ID = "transition_numerique.widgets.widget."
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_embed_the_current_widget_code(path: Path) -> None:
    """The book shows the widget code stored in each notebook: it must be today's (make execute)."""
    esm = (PACKAGE / "widget.js").read_text(encoding="utf-8")
    css = (PACKAGE / "widget.css").read_text(encoding="utf-8")
    for widget in embedded_widgets(path):
        assert widget["_esm"] == esm and widget["_css"] == css, f"{path.name} : relancez « make execute »"
        assert widget.get("answers", {}) == {} and widget.get("ratings", {}) == {}
